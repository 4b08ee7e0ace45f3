"""Article extraction: fetched page bytes -> clean article text, safe HTML and metadata.

The cascade, one module per stage, is laid out in :func:`newsdesk.extract.pipeline.extract`.
"""

from newsdesk.extract.article import Extraction
from newsdesk.extract.liveblog import LiveBlog, LiveEntry
from newsdesk.extract.pipeline import extract, extract_live_blog
from newsdesk.extract.sanitize import sanitize_html

__all__ = [
    "Extraction",
    "LiveBlog",
    "LiveEntry",
    "extract",
    "extract_live_blog",
    "sanitize_html",
]
