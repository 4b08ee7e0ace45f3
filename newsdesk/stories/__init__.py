"""Stories: streaming clustering of articles into events, and related articles."""

from newsdesk.stories.clusterer import StoryClusterer
from newsdesk.stories.memory import MemoryStoryStore
from newsdesk.stories.model import (
    ArticleState,
    Assignment,
    ClusterParams,
    Related,
    StoryDoc,
    StoryState,
)
from newsdesk.stories.replay import ReplayError, replay
from newsdesk.stories.store import StoryStore

__all__ = [
    "ArticleState",
    "Assignment",
    "ClusterParams",
    "MemoryStoryStore",
    "Related",
    "ReplayError",
    "StoryClusterer",
    "StoryDoc",
    "StoryState",
    "StoryStore",
    "replay",
]
