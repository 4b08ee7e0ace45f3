from newsdesk.storage.models.ai import AIRecord
from newsdesk.storage.models.articles import (
    Article,
    ArticleStatus,
    feed_tag_keys,
    feed_tag_rule,
    listed_rule,
    ready_rule,
)
from newsdesk.storage.models.copies import ArticleBand
from newsdesk.storage.models.fetches import FetchLog
from newsdesk.storage.models.live import LiveEntry
from newsdesk.storage.models.related import PageVersion, RelatedArticle
from newsdesk.storage.models.sources import DisplayPolicy, Source, SourceKind
from newsdesk.storage.models.stories import (
    ArticlePosting,
    PipelineLock,
    Story,
    StoryMember,
    StoryPosting,
    StoryRedirect,
    TermStat,
)
from newsdesk.storage.models.tags import ArticleTag, Hashtag
from newsdesk.storage.models.workers import WorkerBeat

__all__ = [
    "AIRecord",
    "Article",
    "ArticleBand",
    "ArticlePosting",
    "ArticleStatus",
    "ArticleTag",
    "DisplayPolicy",
    "FetchLog",
    "Hashtag",
    "LiveEntry",
    "PageVersion",
    "PipelineLock",
    "RelatedArticle",
    "Source",
    "SourceKind",
    "Story",
    "StoryMember",
    "StoryPosting",
    "StoryRedirect",
    "TermStat",
    "WorkerBeat",
    "feed_tag_keys",
    "feed_tag_rule",
    "listed_rule",
    "ready_rule",
]
