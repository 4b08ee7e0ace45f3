"""How much of an article readers see here: the operator's policy, narrowed by the publisher.

The operator chooses per source (``Source.display_policy``) or for the whole site
(``NEWSDESK_DISPLAY_POLICY``): the full clean text, an excerpt with a link, or the
headline only. A publisher's own robots directives (robots meta, ``X-Robots-Tag``) can
only narrow that choice: ``nosnippet`` leaves the headline, ``max-snippet:N`` caps any
text at N characters, ``noarchive`` keeps the stored copy from being shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk import config
from newsdesk.plaintext import one_line
from newsdesk.storage.models import Article

MODES = ("headline", "excerpt", "full")  # narrowest first
SNIPPET_CHARS = 220
EXCERPT_CHARS = 700
OPERATOR_REASONS = {
    "excerpt": "This site shows the beginning of this publisher's articles",
    "headline": "This site shows only the headlines of this publisher's articles",
}
_MAX_SNIPPET = re.compile(r"^max-snippet:(-?\d+)$")
_TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class Display:
    mode: str  # one of MODES
    text_cap: int | None  # the publisher's cap on any quoted text; None: no cap
    reason: str  # why less than the full text is shown ("" when nothing is held back)

    @property
    def full(self) -> bool:
        return self.mode == "full"

    @property
    def excerpt(self) -> bool:
        return self.mode == "excerpt"

    @property
    def text_allowed(self) -> bool:
        return self.mode != "headline"


def site_policy() -> str:
    value = config.get("NEWSDESK_DISPLAY_POLICY").strip().lower()
    return value if value in MODES else "full"


def _narrower(a: str, b: str) -> str:
    return a if MODES.index(a) <= MODES.index(b) else b


def display_of(article: Article) -> Display:
    chosen = article.source.display_policy or site_policy()
    mode = chosen if chosen in MODES else "full"
    reason = OPERATOR_REASONS.get(mode, "")
    cap: int | None = None
    for directive in filter(None, (article.robots or "").split(",")):
        match = _MAX_SNIPPET.match(directive)
        if directive in ("nosnippet", "none") or (match and int(match.group(1)) == 0):
            mode, reason = "headline", "The publisher asks for no snippet of this page"
        elif match and int(match.group(1)) > 0:
            cap = int(match.group(1)) if cap is None else min(cap, int(match.group(1)))
            if mode == "full":
                mode = "excerpt"
                reason = f"The publisher allows at most {cap} characters of this page"
        elif directive == "noarchive" and mode == "full":
            mode, reason = "excerpt", "The publisher asks that no stored copy be shown"
    mode = _narrower(mode, chosen if chosen in MODES else "full")
    return Display(mode, cap, reason)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def snippet(article: Article, limit: int = SNIPPET_CHARS) -> str:
    """A line or two for a card: the summary, else the feed's own description.

    Lists load articles without their feed text (``for_lists``); then only the summary
    is used, so a list never costs a query per item.
    """
    shown = display_of(article)
    if not shown.text_allowed:
        return ""
    text = article.summary
    if not text and "feed_summary_html" not in article.get_deferred_fields():
        text = _TAGS.sub(" ", article.feed_summary_html)
    text = one_line(text or "", 2000)
    if shown.text_cap is not None:
        limit = min(limit, shown.text_cap)
    return _cut(text, limit)


def excerpt(article: Article, display: Display) -> list[str]:
    """The first paragraphs of the article, as much as the policy and the publisher allow."""
    if not display.text_allowed:
        return []
    # The beginning, never most of it: at most half the text, and the publisher's cap.
    limit = min(EXCERPT_CHARS, max(len(article.body_text) // 2, SNIPPET_CHARS))
    if display.text_cap is not None:
        limit = min(limit, display.text_cap)
    shown: list[str] = []
    used = 0
    for paragraph in article.body_text.split("\n\n"):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        room = limit - used
        if room <= 0:
            break
        shown.append(_cut(paragraph, room))
        used += len(paragraph) + 1
    return shown
