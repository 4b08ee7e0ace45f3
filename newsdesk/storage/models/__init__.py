from newsdesk.storage.models.ai import AIRecord
from newsdesk.storage.models.articles import Article, ArticleStatus, listed_rule, ready_rule
from newsdesk.storage.models.copies import ArticleBand
from newsdesk.storage.models.fetches import FetchLog
from newsdesk.storage.models.live import LiveEntry
from newsdesk.storage.models.sources import Source, SourceKind
from newsdesk.storage.models.stories import (
    ArticlePosting,
    PipelineLock,
    Story,
    StoryMember,
    StoryPosting,
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
    "FetchLog",
    "Hashtag",
    "LiveEntry",
    "PipelineLock",
    "Source",
    "SourceKind",
    "Story",
    "StoryMember",
    "StoryPosting",
    "TermStat",
    "WorkerBeat",
    "listed_rule",
    "ready_rule",
]
