"""Indonesian language data and rules: boilerplate patterns, datelines, dates,
sentence splitting, stop words. Word lists live beside the code as ``.txt``
files so they can be read and reviewed without Python."""
