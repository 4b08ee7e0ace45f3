"""Charts drawn on the server as inline SVG: no script, no CDN, nothing from another origin.

Every label is escaped (a source's name is whatever its feed said).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from newsdesk.metrics.samples import Bar, Point

WIDTH = 640
HEIGHT = 160
PAD = 28


def _nice_max(values: Sequence[float]) -> float:
    top = max(values, default=0.0)
    return 1.0 if top <= 0 else top


def column_chart(points: Sequence[Point], title: str, time_format: str = "%H:%M") -> str:
    """One column per bucket, oldest left; the first, middle and last buckets labelled."""
    top = _nice_max([p.value for p in points])
    n = max(1, len(points))
    slot = (WIDTH - 2 * PAD) / n
    bars = []
    for i, p in enumerate(points):
        h = (HEIGHT - 2 * PAD) * p.value / top
        x = PAD + i * slot
        y = HEIGHT - PAD - h
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(1.0, slot - 2):.1f}" height="{h:.1f}">'
            f"<title>{escape(p.at.strftime('%Y-%m-%d %H:%M'))}: {p.value:g}</title></rect>"
        )
    labels = []
    for i in sorted({0, n // 2, n - 1}):
        if i < len(points):
            x = PAD + i * slot
            labels.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="10">'
                f"{escape(points[i].at.strftime(time_format))}</text>"
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" class="chart"><title>{escape(title)}</title>'
        f'<text x="{PAD}" y="14" font-size="11">max {top:g}</text>'
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        f'stroke="currentColor"/>'
        f'<g fill="#3b6ea8">{"".join(bars)}</g>{"".join(labels)}</svg>'
    )


def bar_chart(bars: Sequence[Bar], title: str) -> str:
    """Horizontal bars, largest first; an empty list says so instead of drawing nothing."""
    if not bars:
        return f'<p class="chart-empty">{escape(title)}: none.</p>'
    top = _nice_max([b.value for b in bars])
    row = 18
    label_w = 260
    height = row * len(bars) + 8
    parts = []
    for i, b in enumerate(bars):
        y = 4 + i * row
        w = (WIDTH - label_w - 60) * b.value / top
        label = b.label if len(b.label) <= 40 else b.label[:39] + "…"
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="11">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{max(1.0, w):.1f}" height="{row - 6}" '
            f'fill="#a8503b"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 12}" font-size="11">{b.value:g}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" class="chart"><title>{escape(title)}</title>'
        f"{''.join(parts)}</svg>"
    )
