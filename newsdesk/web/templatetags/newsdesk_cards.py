"""``{% snippet_of article as text %}``: a card's line or two, within the display policy."""

from __future__ import annotations

from django import template

from newsdesk.reading.display import snippet
from newsdesk.storage.models import Article

register = template.Library()


@register.simple_tag
def snippet_of(article: Article) -> str:
    return snippet(article)
