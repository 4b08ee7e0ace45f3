"""Stories: streaming clustering of articles into events, its repair pass, and related
coverage."""

from newsdesk.stories.clusterer import StoryClusterer
from newsdesk.stories.memory import MemoryStoryStore
from newsdesk.stories.model import (
    SAME_STORY,
    SAME_SUBJECT,
    ArticleState,
    Assignment,
    ClusterParams,
    Related,
    RepairReport,
    StoryDoc,
    StoryMerge,
    StoryState,
)
from newsdesk.stories.repairer import StoryRepairer
from newsdesk.stories.replay import ReplayError, replay
from newsdesk.stories.store import StoryStore

__all__ = [
    "SAME_STORY",
    "SAME_SUBJECT",
    "ArticleState",
    "Assignment",
    "ClusterParams",
    "MemoryStoryStore",
    "Related",
    "RepairReport",
    "ReplayError",
    "StoryClusterer",
    "StoryDoc",
    "StoryMerge",
    "StoryRepairer",
    "StoryState",
    "StoryStore",
    "replay",
]
