"""Pagination, one rule for pages and the API: numbered pages of a fixed size, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from newsdesk.reading.memo import counted

PAGE_SIZE = 30


class CountedPaginator(Paginator):
    """Counts through the cache: every reader of a list shares one count a minute."""

    @cached_property
    def count(self) -> int:
        return counted(self.object_list)


def page_of(rows: QuerySet, number: Any, size: int = PAGE_SIZE) -> Page:
    """A page for people: a bad or out-of-range number shows the nearest page."""
    return CountedPaginator(rows, size).get_page(number)


@dataclass(frozen=True, slots=True)
class Slice:
    """A page for programs: exactly the page asked for, empty past the end."""

    items: list[Any]
    count: int
    number: int
    size: int

    @property
    def has_next(self) -> bool:
        return self.number * self.size < self.count

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def slice_of(rows: QuerySet, number: int, size: int) -> Slice:
    start = (number - 1) * size
    return Slice(list(rows[start : start + size]), counted(rows), number, size)
