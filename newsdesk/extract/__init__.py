"""Article extraction: fetched page bytes -> clean article text, safe HTML and metadata.

The cascade, one module per stage, is laid out in :func:`newsdesk.extract.pipeline.extract`.
"""

from newsdesk.extract.article import Extraction
from newsdesk.extract.pipeline import extract
from newsdesk.extract.sanitize import sanitize_html

__all__ = ["Extraction", "extract", "sanitize_html"]
