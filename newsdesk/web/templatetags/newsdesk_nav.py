"""``{% section_tabs %}``: the section tabs every page's header shows, error pages included."""

from __future__ import annotations

from typing import Any

from django import template

from newsdesk.reading.sections import sections

register = template.Library()


@register.inclusion_tag("newsdesk/_sections.html")
def section_tabs(current: str = "") -> dict[str, Any]:
    return {"sections": sections(), "current": current}
