"""A hashtag page's stories come from the tag's own uses, and are exactly the stories
several publishers covered with a ready article under the tag, newest first."""

from __future__ import annotations

import pytest

from newsdesk.reading.hashtags import tagged_stories
from newsdesk.storage.models import Article, ArticleStatus, Hashtag, Story

pytestmark = pytest.mark.django_db


def _expected(tag: Hashtag) -> list[int]:
    # The definition, read the long way: every covered story, newest first, kept when
    # one of its ready articles carries the tag.
    out = []
    for story in Story.objects.filter(publisher_count__gte=2).order_by("-last_seen", "-id"):
        ready = story.articles.filter(status=ArticleStatus.READY, tags__hashtag=tag)
        if ready.exists():
            out.append(story.pk)
    return out


def test_the_tags_stories_are_the_covered_ones_with_a_ready_article_under_it(newsroom):
    tags = [t for t in Hashtag.objects.all() if _expected(t)]
    assert tags  # the newsroom has stories several publishers covered, tagged
    for tag in tags:
        assert [s.pk for s in tagged_stories(tag)] == _expected(tag)[:10]
    # A story whose only article under the tag is no longer ready leaves the tag's list.
    tag = tags[0]
    story_id = tagged_stories(tag)[0].pk
    Article.objects.filter(story_id=story_id, tags__hashtag=tag).update(status=ArticleStatus.FAILED)
    assert story_id not in [s.pk for s in tagged_stories(tag)]
    assert [s.pk for s in tagged_stories(tag)] == _expected(tag)[:10]
