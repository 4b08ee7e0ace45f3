from newsdesk.storage.models.articles import Article, ArticleStatus
from newsdesk.storage.models.fetches import FetchLog
from newsdesk.storage.models.sources import Source, SourceKind

__all__ = ["Article", "ArticleStatus", "FetchLog", "Source", "SourceKind"]
