"""The story store's repair-pass queries (``StoryStore.recent_articles``,
``retire_story``, ``survivor_of``) for ``DatabaseStoryStore``, which mixes them in.

Kept apart from the hot per-article queries: the repair runs once per batch of
articles. Each call is one or two indexed queries.
"""

from __future__ import annotations

from newsdesk.storage.models import Story, StoryMember, StoryRedirect
from newsdesk.stories.model import ArticleState

from .unit import UnitOfWork


class StoryRepairQueries:
    # What the store that mixes these in provides (the store imports this module).
    _work: UnitOfWork

    def flush(self) -> None:
        raise NotImplementedError

    def recent_articles(self, *, limit: int) -> list[ArticleState]:
        """The ``limit`` non-copy members stored last, newest first (``member_recent``)."""
        if limit <= 0:
            return []
        self.flush()
        rows = StoryMember.objects.filter(copy_of__isnull=True).order_by("-seq", "doc_id")
        return [self._work.load_member(row) for row in rows[:limit].values()]

    def retire_story(self, story_id: str, survivor_id: str | None) -> None:
        """Delete an empty story; record its survivor and move redirects that pointed
        at it on to the survivor (chains stay one hop long)."""
        self.flush()
        pk = int(story_id)
        if StoryMember.objects.filter(story_id=pk).exists():
            raise ValueError(f"story {story_id} still has members")
        survivor = int(survivor_id) if survivor_id is not None and survivor_id != story_id else None
        if survivor is not None:
            StoryRedirect.objects.filter(survivor_id=pk).update(survivor_id=survivor)
            StoryRedirect.objects.update_or_create(story_id=pk, defaults={"survivor_id": survivor})
        Story.objects.filter(pk=pk).delete()
        work = self._work
        work.stories.pop(pk, None)
        work.stored_stories.pop(pk, None)
        work.dirty_stories.pop(pk, None)
        work.posted.pop(pk, None)

    def survivor_of(self, story_id: str) -> str | None:
        if not story_id.isdigit():
            return None
        row = (
            StoryRedirect.objects.filter(story_id=int(story_id))
            .values_list("survivor_id", flat=True)
            .first()
        )
        return str(row) if row is not None else None
