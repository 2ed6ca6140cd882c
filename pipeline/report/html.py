"""The evaluators' report: one self-contained HTML file that opens offline.

Everything is inline (CSS, SVG charts, a few lines of JS; a Content-Security-Policy
forbids any fetch). Every number comes from `compare_with_evidence` and opens
(<details>) onto the sentences and documents behind it. All text from the documents
is escaped with html.escape, so a document cannot inject markup.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pandas as pd

from pipeline.dataset.compare import (
    FOCUS_THRESHOLD,
    codebook,
    compare_with_evidence,
    format_value,
)
from pipeline.dataset.io import atomic_write
from pipeline.dataset.load import Dataset, date_or_none, document_span, fold, load_dataset
from pipeline.resources import resource_path

REPORT_FILE = "report.html"
MAX_EVIDENCE = 25
STATUS_COLOURS = {"completed": "#2b8a3e", "ongoing": "#1971c2", "planned": "#f08c00"}
OTHER_COLOUR = "#868e96"
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def esc(value: object) -> str:
    """Text for HTML (element content and quoted attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


@cache
def _asset(name: str) -> str:
    return resource_path("report", name).read_text(encoding="utf-8")


@cache
def _labels(section: str) -> dict[str, str]:
    return {item["code"]: item.get("name_sv", item["code"]) for item in codebook()[section]}


def _label(section: str, code: str) -> str:
    return _labels(section).get(code, code)


def section_id(municipality: str, code: str | None, taken: set[str]) -> str:
    """m-<kommunkod>, or m-<slug of the name> when the code is missing; unique."""
    base = re.sub(r"[^0-9A-Za-z_-]", "", code or "")
    if not base:
        base = re.sub(r"[^0-9a-z]+", "-", fold(municipality).encode("ascii", "ignore").decode())
        base = base.strip("-") or "unknown"
    ident, n = f"m-{base}", 2
    while ident in taken:
        ident, n = f"m-{base}-{n}", n + 1
    taken.add(ident)
    return ident


Evidence = list[tuple[object, str, object]]  # (sentence, doc_id, sent_idx) per piece


def _cells(rows: pd.DataFrame) -> dict[tuple[str, str], list[tuple[str, object, int]]]:
    """(municipality, measure) -> [(key, value, n_evidence)] in row order, in one pass."""
    cells: dict[tuple[str, str], list[tuple[str, object, int]]] = {}
    for name, measure, key, value, n in zip(
        rows["municipality"],
        rows["measure"],
        rows["key"],
        rows["value"],
        rows["n_evidence"],
        strict=True,
    ):
        cells.setdefault((name, measure), []).append((key, value, int(n)))
    return cells


def _evidence_by_cell(evidence: pd.DataFrame) -> dict[tuple[str, str, str], Evidence]:
    """(municipality, measure, key) -> its evidence in row order, in one pass."""
    out: dict[tuple[str, str, str], Evidence] = {}
    for name, measure, key, doc_id, sent_idx, sentence in zip(
        evidence["municipality"],
        evidence["measure"],
        evidence["key"],
        evidence["doc_id"],
        evidence["sent_idx"],
        evidence["sentence"],
        strict=True,
    ):
        out.setdefault((name, measure, key), []).append((sentence, doc_id, sent_idx))
    return out


def _first_by_municipality(docs: pd.DataFrame, column: str) -> dict[str, object]:
    """Each municipality's first non-null value of a documents column."""
    out: dict[str, object] = {}
    for name, value in zip(docs["municipality"], docs[column], strict=True):
        if not pd.isna(value):
            out.setdefault(name, value)
    return out


class _Context:
    """The comparison rows, their evidence and document lookups for one report.

    Everything a cell needs is grouped once here, so rendering a cell is a dict
    lookup rather than a filter over the whole comparison (which made the report
    quadratic in municipalities x rows).
    """

    def __init__(self, ds: Dataset, municipalities: Iterable[str] | None):
        self.ds = ds
        self.rows, evidence = compare_with_evidence(ds, municipalities)
        self.names = list(dict.fromkeys(self.rows["municipality"]))
        self.cells = _cells(self.rows)
        self.values: dict[tuple[str, str, str], tuple[object, int]] = {}
        for (name, measure), cells in self.cells.items():
            for key, value, n in cells:
                self.values.setdefault((name, measure, key), (value, n))
        self.evidence = _evidence_by_cell(evidence)
        self.docs = {row["doc_id"]: row for row in ds.documents.to_dict("records")}
        self.codes = _first_by_municipality(ds.documents, "municipality_code")
        self.counties = _first_by_municipality(ds.documents, "county")

    def measure(self, name: str, measure: str) -> list[tuple[str, object]]:
        """(key, value) of one municipality's measure, in comparison order."""
        return [(key, value) for key, value, _ in self.cells.get((name, measure), [])]

    def value(self, name: str, measure: str, key: str) -> tuple[object, int] | None:
        return self.values.get((name, measure, key))

    def number(self, name: str, measure: str, key: str, shown: str | None = None) -> str:
        """The number as HTML, expandable to its evidence when there is any."""
        found = self.value(name, measure, key)
        if found is None:
            return '<span class="muted">–</span>'
        value, _ = found
        text = shown if shown is not None else format_value(value)
        return self.details(text, self.evidence.get((name, measure, key)))

    def doc_cite(self, doc_id: str, sent_idx: object = None) -> str:
        doc = self.docs.get(doc_id, {})
        title = doc.get("title") or "(untitled)"
        parts = [esc(title), esc(doc.get("source_path") or doc_id)]
        published = date_or_none(doc.get("published"))
        if published:
            parts.append(esc(published.isoformat()))
        if sent_idx is not None and not pd.isna(sent_idx):
            parts.append(f"sentence {int(sent_idx)}")
        return " · ".join(parts)

    def details(self, text: str, evidence: Evidence | None) -> str:
        if not evidence:
            return f"<span>{esc(text)}</span>"
        items = []
        for sentence, doc_id, sent_idx in evidence[:MAX_EVIDENCE]:
            quote = f"<q>{esc(sentence)}</q>" if isinstance(sentence, str) and sentence else ""
            items.append(f"<li>{quote}<cite>{self.doc_cite(doc_id, sent_idx)}</cite></li>")
        more = len(evidence) - MAX_EVIDENCE
        if more > 0:
            items.append(f'<li class="muted">… and {more} more</li>')
        return (
            f'<details class="ev"><summary>{esc(text)}</summary><ul>{"".join(items)}</ul></details>'
        )


def _money(value: object) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return format_value(value)
    return f"{round(number):,}".replace(",", "\u202f") + " SEK"


def _share(value: object) -> str:
    return f"{round(float(value) * 100):d} %"  # type: ignore[arg-type]


def _year(value: object) -> int | None:
    text = str(value) if value is not None else ""
    return int(text[:4]) if re.match(r"^\d{4}", text) else None


# ---------------------------------------------------------------- SVG charts


def _bar_chart(chart_id: str, title: str, items: list[tuple[str, int]], horizontal: bool) -> str:
    """A small bar chart as inline SVG (labels escaped)."""
    if not items:
        return f'<p class="empty">{esc(title)}: no data.</p>'
    top = max(v for _, v in items) or 1
    if horizontal:
        label_w, bar_w, row_h = 150, 260, 22
        width, height = label_w + bar_w + 50, row_h * len(items) + 10
        parts = []
        for i, (label, v) in enumerate(items):
            y = 5 + i * row_h
            w = max(2, round(bar_w * v / top)) if v else 0
            parts.append(
                f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{esc(label)}</text>'
                f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 8}" fill="#1c5d99">'
                f"<title>{esc(label)}: {v}</title></rect>"
                f'<text x="{label_w + w + 5}" y="{y + 14}">{v}</text>'
            )
    else:
        col_w, plot_h = 38, 140
        width, height = max(160, col_w * len(items) + 20), plot_h + 40
        parts = [
            f'<line x1="10" y1="{plot_h + 10}" x2="{width - 10}" y2="{plot_h + 10}" stroke="#adb5bd"/>'
        ]
        for i, (label, v) in enumerate(items):
            x = 14 + i * col_w
            h = max(2, round(plot_h * v / top)) if v else 0
            parts.append(
                f'<rect x="{x}" y="{plot_h + 10 - h}" width="{col_w - 10}" height="{h}" fill="#1c5d99">'
                f"<title>{esc(label)}: {v}</title></rect>"
                f'<text x="{x + (col_w - 10) / 2}" y="{plot_h + 6 - h}" text-anchor="middle">{v}</text>'
                f'<text x="{x + (col_w - 10) / 2}" y="{plot_h + 26}" text-anchor="middle">{esc(label)}</text>'
            )
    return (
        f"<figure><figcaption>{esc(title)}</figcaption>"
        f'<svg class="chart" id="{esc(chart_id)}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{esc(title)}">{"".join(parts)}</svg></figure>'
    )


def _heat_colour(share: float) -> str:
    """White (0) to dark blue (1)."""
    share = min(max(share, 0.0), 1.0)
    lo, hi = (255, 255, 255), (28, 93, 153)
    r, g, b = (round(a + (c - a) * share) for a, c in zip(lo, hi, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _heatmap_svg(ctx: _Context, areas: list[str]) -> str:
    label_w, cell_w, cell_h, head_h = 320, 110, 22, 26
    width = label_w + cell_w * len(ctx.names) + 10
    height = head_h + cell_h * len(areas) + 6
    parts = []
    for j, name in enumerate(ctx.names):
        x = label_w + j * cell_w + cell_w / 2
        parts.append(f'<text x="{x}" y="16" text-anchor="middle">{esc(name)}</text>')
    for i, area in enumerate(areas):
        y = head_h + i * cell_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">'
            f"{esc(_label('focus_areas', area))}</text>"
        )
        for j, name in enumerate(ctx.names):
            found = ctx.value(name, "focus_area", area)
            share = float(found[0]) if found else 0.0  # type: ignore[arg-type]
            n = found[1] if found else 0
            x = label_w + j * cell_w
            ink = "#ffffff" if share > 0.55 else "#1d2733"
            parts.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="{_heat_colour(share)}" stroke="#d8dee4">'
                f"<title>{esc(name)} · {esc(area)}: {_share(share)} ({n} sentences)</title></rect>"
                f'<text x="{x + cell_w / 2}" y="{y + 15}" text-anchor="middle" '
                f'style="fill:{ink}">{_share(share)}</text>'
            )
    return (
        '<svg class="chart" id="chart-focus-heatmap" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Focus areas by municipality">{"".join(parts)}</svg>'
    )


def initiative_years(ds: Dataset) -> pd.DataFrame:
    """Initiatives with a year: their first date, else the document's date (None if neither)."""
    ini = ds.initiatives
    doc_year = {}
    for row in ds.documents.to_dict("records"):
        when = date_or_none(row.get("published")) or document_span(row)[0]
        doc_year[row["doc_id"]] = when.year if when else None
    years = []
    for doc_id, dates in zip(ini["doc_id"], ini["dates"], strict=True):
        own = [y for y in (_year(d) for d in (list(dates) if dates is not None else [])) if y]
        years.append(own[0] if own else doc_year.get(doc_id))
    return ini.assign(year=pd.array(years, dtype="Int64"))


def _statuses_by_cell(ini: pd.DataFrame) -> dict[tuple[object, int | None], list]:
    """(municipality, year or None) -> the statuses of its initiatives, in one pass."""
    cells: dict[tuple[object, int | None], list] = {}
    for name, year, status in zip(ini["municipality"], ini["year"], ini["status"], strict=True):
        cells.setdefault((name, None if pd.isna(year) else int(year)), []).append(status)
    return cells


def _timeline_svg(ctx: _Context) -> str:
    ini = initiative_years(ctx.ds)
    ini = ini[ini["municipality"].isin(ctx.names)]
    if ini.empty:
        return '<p class="empty">No initiatives in the data.</p>'
    dated = ini[ini["year"].notna()]
    years = (
        list(range(int(dated["year"].min()), int(dated["year"].max()) + 1)) if len(dated) else []
    )
    columns: list[int | None] = [*years]
    if len(dated) < len(ini):
        columns.append(None)
    statuses = list(STATUS_COLOURS)
    counts = ini.assign(year=ini["year"].astype(object).where(ini["year"].notna(), None))
    stack_max = (
        counts.groupby(["municipality", counts["year"].astype(str)]).size().max()
        if len(counts)
        else 1
    )
    cells = _statuses_by_cell(ini)
    label_w, col_w, row_h, unit = 130, 44, 70, 56 / max(int(stack_max), 1)
    width = label_w + col_w * len(columns) + 10
    height = 24 + row_h * len(ctx.names) + 24
    parts = []
    for j, year in enumerate(columns):
        x = label_w + j * col_w + col_w / 2
        parts.append(
            f'<text x="{x}" y="{height - 8}" text-anchor="middle">'
            f"{year if year is not None else 'undated'}</text>"
        )
    for i, name in enumerate(ctx.names):
        base = 24 + (i + 1) * row_h - 6
        parts.append(f'<text x="{label_w - 8}" y="{base - 4}" text-anchor="end">{esc(name)}</text>')
        parts.append(
            f'<line x1="{label_w}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#d8dee4"/>'
        )
        for j, year in enumerate(columns):
            cell = cells.get((name, year), [])
            counts = Counter(s for s in cell if not pd.isna(s))  # == never matches a null
            y = base
            for status in [*statuses, *sorted(set(cell) - set(statuses))]:
                n = counts.get(status, 0)
                if not n:
                    continue
                h = n * unit
                y -= h
                colour = STATUS_COLOURS.get(status, OTHER_COLOUR)
                parts.append(
                    f'<rect x="{label_w + j * col_w + 8}" y="{y:.1f}" width="{col_w - 16}" '
                    f'height="{h:.1f}" fill="{colour}"><title>{esc(name)} '
                    f"{year if year is not None else 'undated'}: {n} {esc(status)}</title></rect>"
                )
    legend = "".join(
        f'<span><i style="background:{c}"></i>{esc(_label("statuses", s))} ({esc(s)})</span>'
        for s, c in STATUS_COLOURS.items()
    )
    return (
        f'<p class="legend">{legend}</p>'
        '<svg class="chart" id="chart-initiative-timeline" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Initiatives by year and status">{"".join(parts)}</svg>'
    )


# ---------------------------------------------------------------- sections


def _stat(label: str, value_html: str) -> str:
    return f'<div class="stat"><span class="label">{esc(label)}</span><span class="num">{value_html}</span></div>'


def _overview(ctx: _Context) -> str:
    ds = ctx.ds
    docs = ds.documents
    n_regional = int(docs["municipality"].isna().sum())
    errors = ds.errors
    if len(errors):
        items = "".join(
            f"<li><q>{esc(r.message)}</q><cite>{esc(r.source_path)} · {esc(r.stage)} · "
            f"{esc(r.error_type)}</cite></li>"
            for r in errors.itertuples(index=False)
        )
        err_html = f'<details class="ev"><summary>{len(errors)}</summary><ul>{items}</ul></details>'
    else:
        err_html = "0"
    stats = "".join(
        [
            _stat("documents", str(len(docs))),
            _stat("municipalities", str(docs["municipality"].nunique())),
            _stat("regional / no municipality", str(n_regional)),
            _stat("initiatives", str(len(ds.initiatives))),
            _stat("outcomes", str(len(ds.outcomes))),
            _stat("entities", str(len(ds.entities))),
            _stat("errors", err_html),
        ]
    )
    by_muni = docs["municipality"].fillna("(regional / none)").value_counts()
    by_muni_items = sorted(by_muni.items(), key=lambda kv: (-kv[1], kv[0]))
    years = []
    for row in docs.to_dict("records"):
        when = date_or_none(row.get("published")) or document_span(row)[0]
        years.append(when.year if when else None)
    year_counts = pd.Series([y for y in years if y], dtype="int64").value_counts().sort_index()
    by_type = docs["doc_type"].fillna("other").value_counts()
    charts = (
        '<div class="charts">'
        + _bar_chart("chart-docs-municipality", "Documents by municipality", by_muni_items, True)
        + _bar_chart(
            "chart-docs-type",
            "Documents by type",
            sorted(by_type.items(), key=lambda kv: kv[0]),
            True,
        )
        + _bar_chart(
            "chart-docs-year",
            "Documents by year",
            [(str(y), int(n)) for y, n in year_counts.items()],
            False,
        )
        + "</div>"
    )
    table = _docs_table(docs)
    return (
        '<section id="overview" class="overview"><h2>Corpus</h2>'
        f'<div class="stats">{stats}</div>{charts}<h3>Documents by municipality and type</h3>{table}</section>'
    )


def _docs_table(docs: pd.DataFrame) -> str:
    if docs.empty:
        return '<p class="empty">No documents.</p>'
    frame = docs.assign(municipality=docs["municipality"].fillna("(regional / none)"))
    pivot = pd.crosstab(frame["municipality"], frame["doc_type"])
    head = "".join(f'<th class="n">{esc(c)}</th>' for c in pivot.columns)
    body = "".join(
        f"<tr><td>{esc(m)}</td>"
        + "".join(f'<td class="n">{int(v)}</td>' for v in row)
        + f'<td class="n">{int(sum(row))}</td></tr>'
        for m, row in zip(pivot.index, pivot.to_numpy().tolist(), strict=True)
    )
    return f'<table><tr><th>municipality</th>{head}<th class="n">total</th></tr>{body}</table>'


def _heatmap(ctx: _Context) -> str:
    if not ctx.names:
        return ""
    areas = list(dict.fromkeys(ctx.rows.loc[ctx.rows["measure"] == "focus_area", "key"]))
    head = "".join(f'<th class="n">{esc(n)}</th>' for n in ctx.names)
    body = []
    for area in areas:
        cells = []
        for name in ctx.names:
            found = ctx.value(name, "focus_area", area)
            share = float(found[0]) if found else 0.0  # type: ignore[arg-type]
            style = f"background:{_heat_colour(share * 0.6)}"
            cells.append(
                f'<td class="cell" style="{style}">{ctx.number(name, "focus_area", area, _share(share))}</td>'
            )
        body.append(
            f'<tr><td>{esc(_label("focus_areas", area))} <span class="muted">{esc(area)}</span></td>'
            f"{''.join(cells)}</tr>"
        )
    return (
        '<section id="focus-areas"><h2>Focus areas across municipalities</h2>'
        '<p class="muted">Share of each municipality\'s documents that have the area '
        f"(score ≥ {FOCUS_THRESHOLD:g}); open a cell for the evidence sentences.</p>"
        f"{_heatmap_svg(ctx, areas)}"
        f'<table class="heat"><tr><th>focus area</th>{head}</tr>{"".join(body)}</table></section>'
    )


def _timeline(ctx: _Context) -> str:
    if not ctx.names:
        return ""
    return (
        '<section id="timeline"><h2>Initiatives over time</h2>'
        '<p class="muted">Initiatives per year (their first date, else the document\'s date) '
        "and status.</p>"
        f"{_timeline_svg(ctx)}</section>"
    )


def _measure_table(
    ctx: _Context, name: str, measure: str, header: str, shown=None, label=None
) -> str:
    sub = ctx.measure(name, measure)
    if measure in ("initiatives_by_type", "initiatives_by_status", "documents", "outcomes"):
        sub = [(k, v) for k, v in sub if v != 0]
    if not sub:
        return f'<p class="empty">No {esc(header.lower())}.</p>'
    rows = "".join(
        f"<tr><td>{esc(label(k) if label else k)}</td>"
        f'<td class="n">{ctx.number(name, measure, k, shown(v) if shown else None)}</td></tr>'
        for k, v in sub
    )
    return f'<table><tr><th>{esc(header)}</th><th class="n">value</th></tr>{rows}</table>'


def _municipality(ctx: _Context, name: str, ident: str) -> str:
    sub = " · ".join(esc(x) for x in [ctx.codes.get(name), ctx.counties.get(name)] if x)
    first = ctx.value(name, "period", "first")
    last = ctx.value(name, "period", "last")
    period = (
        f"{ctx.number(name, 'period', 'first')} – {ctx.number(name, 'period', 'last')}"
        if first and last
        else '<span class="muted">undated</span>'
    )
    n_ini = int(sum(v for _, v in ctx.measure(name, "initiatives_by_type")))
    n_out = int(sum(v for _, v in ctx.measure(name, "outcomes")))
    money = ctx.value(name, "money_total_sek", "all")
    stats = "".join(
        [
            _stat("documents", ctx.number(name, "documents", "total")),
            _stat("period", period),
            _stat("initiatives", str(n_ini)),
            _stat("outcomes", str(n_out)),
            _stat(
                "money (SEK, distinct)",
                ctx.number(name, "money_total_sek", "all", _money(money[0])) if money else "–",
            ),
        ]
    )
    fa = [(k, v) for k, v in ctx.measure(name, "focus_area") if v > 0]
    fa.sort(key=lambda kv: kv[1], reverse=True)  # stable: ties keep codebook order
    if not fa:
        focus = f'<p class="empty">No focus area reaches score {FOCUS_THRESHOLD:g} in its documents.</p>'
    else:
        focus = (
            "<table>"
            + "".join(
                f"<tr><td>{esc(_label('focus_areas', k))}</td><td>"
                f'<span class="bar" style="width:{round(float(v) * 160)}px"></span>'
                f"{ctx.number(name, 'focus_area', k, _share(v))}</td></tr>"
                for k, v in fa
            )
            + "</table>"
        )
    return (
        f'<section class="municipality" id="{esc(ident)}"><h2>{esc(name)} '
        f'<span class="muted">{sub}</span></h2><div class="stats">{stats}</div>'
        f"<h3>Documents by type</h3>"
        f"{_measure_table(ctx, name, 'documents', 'Type')}"
        f"<h3>Focus areas</h3>{focus}"
        '<div class="charts"><div><h3>Initiatives by type</h3>'
        f"{_measure_table(ctx, name, 'initiatives_by_type', 'Type', label=lambda k: _label('initiative_types', k))}"
        "</div><div><h3>Initiatives by status</h3>"
        f"{_measure_table(ctx, name, 'initiatives_by_status', 'Status', label=lambda k: _label('statuses', k))}"
        "</div></div>"
        '<div class="charts"><div><h3>Money</h3>'
        f"{_measure_table(ctx, name, 'money_total_sek', 'Total', shown=_money)}"
        "</div><div><h3>Money by funder</h3>"
        f"{_measure_table(ctx, name, 'money_by_funder', 'Funder', shown=_money)}"
        "</div><div><h3>Organisations (mentions)</h3>"
        f"{_measure_table(ctx, name, 'organisations', 'Organisation')}"
        "</div></div>"
        '<div class="charts"><div><h3>Outcomes</h3>'
        f"{_measure_table(ctx, name, 'outcomes', 'Indicator')}"
        "</div><div><h3>Latest outcome values</h3>"
        f"{_measure_table(ctx, name, 'outcome_latest', 'Indicator')}"
        "</div><div><h3>Scores (NKI, ranking, ...)</h3>"
        f"{_measure_table(ctx, name, 'scores', 'Indicator')}"
        "</div></div></section>"
    )


def render_report(dataset: Dataset, municipalities: Iterable[str] | None = None) -> str:
    """The whole report as one HTML string (all municipalities unless named)."""
    ctx = _Context(dataset, municipalities)
    taken: set[str] = set()
    sections, toc = [], ['<a href="#overview">Corpus</a>']
    if ctx.names:
        toc += ['<a href="#focus-areas">Focus areas</a>', '<a href="#timeline">Timeline</a>']
    for name in ctx.names:
        code = ctx.codes.get(name)
        ident = section_id(name, str(code) if code is not None else None, taken)
        sections.append(_municipality(ctx, name, ident))
        toc.append(f'<a href="#{esc(ident)}">{esc(name)}</a>')
    source = esc(Path(dataset.path).name) if dataset.path else "an in-memory dataset"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>kommunlens – municipalities compared</title>"
        f"<style>{_asset('report.css')}</style></head><body>"
        '<header class="top"><h1>kommunlens – municipalities compared</h1>'
        f"<p>{len(dataset.documents)} documents from {source}. "
        "Click a number to see the sentences and documents behind it.</p>"
        f'<nav class="toc">{"".join(toc)}</nav>'
        '<div class="tools"><button type="button" id="expand-all">Expand all</button> '
        '<button type="button" id="collapse-all">Collapse all</button></div></header>'
        f"<main>{_overview(ctx)}{_heatmap(ctx)}{_timeline(ctx)}{''.join(sections)}</main>"
        f"<script>{_asset('report.js')}</script></body></html>\n"
    )


def write_report(data_dir: str | Path) -> Path:
    """Render the dataset in data_dir into data_dir/report.html (atomically)."""
    data_dir = Path(data_dir)
    text = render_report(load_dataset(data_dir))
    path = data_dir / REPORT_FILE
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path
