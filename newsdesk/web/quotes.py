"""Links that scroll an article page to a quoted sentence."""

from __future__ import annotations

from urllib.parse import quote


def quote_link(text: str) -> str:
    """A text-fragment link (``#article-body:~:text=start,end``) that scrolls to a quote.

    Browsers that support text fragments scroll to and highlight the sentence; others
    fall back to the ``#article-body`` anchor. Long sentences are matched by their
    first and last words, which survive small differences between text and HTML.
    """
    words = text.split()
    if not words:
        return "#article-body"

    def enc(part: list[str]) -> str:
        # "-" and "," are syntax inside a text directive, so they are escaped too.
        return quote(" ".join(part), safe="").replace("-", "%2D")

    if len(words) <= 8:
        return f"#article-body:~:text={enc(words)}"
    return f"#article-body:~:text={enc(words[:4])},{enc(words[-4:])}"
