"""warta: an Indonesian-first multi-source news story analyser.

The public API: read and clean articles, run the ingest pipeline into a store,
and query stories. See the README for the command line.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .config import Settings, load_settings
from .errors import WartaError
from .records import Article, RawArticle, Story, SummarySentence

__all__ = [
    "Article",
    "RawArticle",
    "Settings",
    "Story",
    "SummarySentence",
    "WartaError",
    "__version__",
    "load_settings",
]
