"""The report's charts as inline SVG, sized to fit a 1 024 px page with 3 or 30 municipalities.

Every chart is at most FIT pixels wide: columns narrow (and their labels turn) as years or
focus areas grow, and municipalities go down the page, not across it. The stylesheet also
lets an SVG shrink to its container (max-width: 100%), so nothing ever scrolls sideways.
All labels are escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Sequence

FIT = 900  # widest chart in px: the content width of a section on a 1 024 px screen
INK = "#1d2733"
BAR = "#1c5d99"
GRID = "#d8dee4"
OTHER_COLOUR = "#868e96"
LABEL_CHARS = 28  # longer labels are cut (the full text is in the tooltip)


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _short(label: str, chars: int = LABEL_CHARS) -> str:
    return label if len(label) <= chars else label[: chars - 1] + "…"


def _svg(chart_id: str, title: str, width: float, height: float, parts: Sequence[str]) -> str:
    width, height = round(width), round(height)
    return (
        f'<svg class="chart" id="{esc(chart_id)}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{esc(title)}">{"".join(parts)}</svg>'
    )


def empty(title: str, text: str) -> str:
    return f'<p class="empty">{esc(title)}: {esc(text)}</p>'


def bar_chart(
    chart_id: str, title: str, items: list[tuple[str, int]], horizontal: bool, none: str
) -> str:
    """Bars with their value: one row per item (horizontal) or one column (vertical)."""
    if not items:
        return empty(title, none)
    top = max(v for _, v in items) or 1
    parts = []
    if horizontal:
        label_w, bar_w, row_h = 190, 300, 22
        width, height = label_w + bar_w + 60, row_h * len(items) + 10
        for i, (label, v) in enumerate(items):
            y = 5 + i * row_h
            w = max(2, round(bar_w * v / top)) if v else 0
            parts.append(
                f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
                f"{esc(_short(label))}</text>"
                f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 8}" fill="{BAR}">'
                f"<title>{esc(label)}: {v}</title></rect>"
                f'<text x="{label_w + w + 5}" y="{y + 14}">{v}</text>'
            )
    else:
        col_w = min(40.0, max(14.0, (FIT - 30) / len(items)))
        turn = col_w < 34  # labels of narrow columns turn, so they never overlap
        plot_h, foot = 140, 44 if turn else 26
        width, height = max(160, col_w * len(items) + 24), plot_h + 20 + foot
        base = plot_h + 14
        parts.append(f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#adb5bd"/>')
        for i, (label, v) in enumerate(items):
            x = 14 + i * col_w
            mid = x + (col_w - 4) / 2
            h = max(2, round(plot_h * v / top)) if v else 0
            label_svg = (
                f'<text x="{mid:.1f}" y="{base + 12}" text-anchor="end" '
                f'transform="rotate(-50 {mid:.1f} {base + 12})">{esc(label)}</text>'
                if turn
                else f'<text x="{mid:.1f}" y="{base + 16}" text-anchor="middle">{esc(label)}</text>'
            )
            parts.append(
                f'<rect x="{x:.1f}" y="{base - h}" width="{col_w - 4:.1f}" height="{h}" '
                f'fill="{BAR}"><title>{esc(label)}: {v}</title></rect>'
                f'<text x="{mid:.1f}" y="{base - h - 4}" text-anchor="middle">{v}</text>'
                + label_svg
            )
    return (
        f"<figure><figcaption>{esc(title)}</figcaption>"
        f"{_svg(chart_id, title, width, height, parts)}</figure>"
    )


def heat_colour(share: float) -> str:
    """White (0) to dark blue (1)."""
    share = min(max(share, 0.0), 1.0)
    lo, hi = (255, 255, 255), (28, 93, 153)
    r, g, b = (round(a + (c - a) * share) for a, c in zip(lo, hi, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap(
    title: str,
    rows: list[str],
    columns: list[tuple[str, str]],
    cell: Callable[[str, str], tuple[float, int]],
    share_text: Callable[[float], str],
) -> str:
    """Municipalities down, focus areas across (their names turned), share in each cell.

    `columns` are (code, label); `cell(row, code)` gives (share 0..1, evidence sentences).
    Thirty municipalities make the chart taller, never wider.
    """
    label_w, right = 170, 110  # room on the right for the last turned column label
    cell_w = min(56.0, max(30.0, (FIT - label_w - right) / max(len(columns), 1)))
    cell_h, head_h = 22, 150
    width = label_w + cell_w * len(columns) + right
    height = head_h + cell_h * len(rows) + 6
    parts = []
    for j, (code, label) in enumerate(columns):
        x = label_w + j * cell_w + cell_w / 2
        y = head_h - 6
        parts.append(
            f'<text x="{x:.1f}" y="{y}" transform="rotate(-45 {x:.1f} {y})">'
            f"{esc(_short(label, 24))}<title>{esc(label)} ({esc(code)})</title></text>"
        )
    for i, name in enumerate(rows):
        y = head_h + i * cell_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{esc(_short(name, 24))}</text>'
        )
        for j, (code, label) in enumerate(columns):
            share, n = cell(name, code)
            x = label_w + j * cell_w
            ink = "#ffffff" if share > 0.55 else INK
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y + 1}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" '
                f'fill="{heat_colour(share)}" stroke="{GRID}">'
                f"<title>{esc(name)} · {esc(label)}: {share_text(share)} ({n} meningar)</title>"
                f'</rect><text x="{x + cell_w / 2:.1f}" y="{y + 15}" text-anchor="middle" '
                f'style="fill:{ink}">{round(share * 100)}</text>'
            )
    return _svg("chart-focus-heatmap", title, width, height, parts)


def timeline(
    title: str,
    rows: list[str],
    columns: list[int | None],
    cells: dict[tuple[str, int | None], Counter],
    colours: dict[str, str],
    undated: str,
) -> str:
    """Stacked bars of initiatives per municipality (down) and year (across), by status."""
    label_w = 150
    col_w = min(44.0, max(16.0, (FIT - label_w - 10) / max(len(columns), 1)))
    row_h = 70 if len(rows) <= 8 else 44
    stack_max = max((sum(c.values()) for c in cells.values()), default=1) or 1
    unit = (row_h - 24) / stack_max
    turn = col_w < 34
    foot = 44 if turn else 24
    width = label_w + col_w * len(columns) + 10
    height = 10 + row_h * len(rows) + foot
    parts = []
    axis = 10 + row_h * len(rows) + 4
    for j, year in enumerate(columns):
        x = label_w + j * col_w + col_w / 2
        text = str(year) if year is not None else undated
        if turn:
            parts.append(
                f'<text x="{x:.1f}" y="{axis + 10}" text-anchor="end" '
                f'transform="rotate(-50 {x:.1f} {axis + 10})">{esc(text)}</text>'
            )
        else:
            parts.append(
                f'<text x="{x:.1f}" y="{axis + 14}" text-anchor="middle">{esc(text)}</text>'
            )
    statuses = list(colours)
    for i, name in enumerate(rows):
        base = 10 + (i + 1) * row_h - 4
        parts.append(
            f'<text x="{label_w - 8}" y="{base - 4}" text-anchor="end">{esc(_short(name, 22))}</text>'
            f'<line x1="{label_w}" y1="{base}" x2="{width - 10:.1f}" y2="{base}" stroke="{GRID}"/>'
        )
        for j, year in enumerate(columns):
            counts = cells.get((name, year), Counter())
            y = float(base)
            total = sum(counts.values())
            for status in [*statuses, *sorted(set(counts) - set(statuses))]:
                n = counts.get(status, 0)
                if not n:
                    continue
                h = max(n * unit, 2.0)  # one initiative stays visible beside forty
                y -= h
                colour = colours.get(status, OTHER_COLOUR)
                when = str(year) if year is not None else undated
                parts.append(
                    f'<rect x="{label_w + j * col_w + 3:.1f}" y="{y:.1f}" '
                    f'width="{max(col_w - 6, 4):.1f}" height="{h:.1f}" fill="{colour}">'
                    f"<title>{esc(name)} {esc(when)}: {n} {esc(status)}</title></rect>"
                )
            if total:
                x = label_w + j * col_w + col_w / 2
                parts.append(
                    f'<text class="count" x="{x:.1f}" y="{y - 2:.1f}" text-anchor="middle">'
                    f"{total}</text>"
                )
    return _svg("chart-initiative-timeline", title, width, height, parts)
