"""Language data. One folder per language; Indonesian (``id``) comes first."""
