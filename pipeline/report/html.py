"""The evaluators' report: one self-contained HTML file, in Swedish, that opens offline.

Everything is inline (CSS, SVG charts, a few lines of JS; a Content-Security-Policy forbids
any fetch). Every number comes from `compare_with_evidence` or `evaluator_view` and opens
(<details>) onto the sentences and documents behind it; values an analyst corrected are
marked. All text from the documents is escaped with html.escape, so a document cannot inject
markup. The page never scrolls sideways from 1 024 to 1 920 px (wide tables scroll inside
their box, charts fit or shrink), and prints to A4 (print stylesheet).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.dataset import view
from pipeline.dataset.compare import (
    FOCUS_THRESHOLD,
    REGIONAL,
    codebook,
    compare_with_evidence,
    evaluator_view,
    format_value,
    kpi_source,
)
from pipeline.dataset.generations import tables_dir
from pipeline.dataset.io import atomic_write
from pipeline.dataset.load import Dataset, date_or_none, document_span, load_dataset
from pipeline.dataset.names import fold
from pipeline.report import charts
from pipeline.resources import load_json, resource_path
from pipeline.review.corrections import (
    CORRECTIONS_FILE,
    Correction,
    added_row_id,
    read_corrections,
)

REPORT_FILE = "report.html"
MAX_EVIDENCE = 25
STATUS_COLOURS = {"completed": "#2b8a3e", "ongoing": "#1971c2", "planned": "#f08c00"}
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
NO_MUNICIPALITY = "(regional / ingen kommun)"
MAX_LIST = 200  # rows of a municipality's list of initiatives, money or outcomes
MAX_TIMELINE_YEARS = 25  # a longer span shows only the years that have initiatives


def esc(value: object) -> str:
    """Text for HTML (element content and quoted attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


@cache
def _asset(name: str) -> str:
    return resource_path("report", name).read_text(encoding="utf-8")


@cache
def _labels(section: str) -> dict[str, str]:
    return {item["code"]: item.get("name_sv", item["code"]) for item in codebook()[section]}


def _label(section: str, code: object) -> str:
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return "–"
    return _labels(section).get(str(code), str(code))


def _word(group: str, code: object) -> str:
    """Swedish label of a money role, baseline scope, direction or gender."""
    if code is None:
        return "–"
    return load_json("report/labels_sv.json")[group].get(str(code), str(code))


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


# ---------------------------------------------------------------- numbers in Swedish


def num(value: object) -> str:
    """A number as Swedish text: decimal comma, narrow spaces between thousands."""
    text = format_value(value)
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return text
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = f"{int(digits):,}".replace(",", "\u202f") if len(digits) > 4 else digits
    return sign + grouped + ("," + frac if frac else "")


def kronor(value: object) -> str:
    try:
        return num(round(float(value))) + " kr"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return format_value(value)


def share(value: object) -> str:
    return f"{round(float(value) * 100):d} %"  # type: ignore[arg-type]


Evidence = list[tuple[object, str | None, object]]  # (sentence, doc_id, sent_idx) per piece


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
    """The comparison rows, their evidence, the evaluator's view and lookups for one report.

    Everything a cell needs is grouped once here, so rendering a cell is a dict lookup
    rather than a filter over the whole comparison.
    """

    def __init__(self, ds: Dataset, municipalities: Iterable[str] | None):
        self.ds = ds
        self.rows, evidence = compare_with_evidence(
            ds, municipalities, regional=True, max_evidence=MAX_EVIDENCE
        )
        self.names = [n for n in dict.fromkeys(self.rows["municipality"]) if n != REGIONAL]
        self.view = evaluator_view(ds, self.names, frame=self.rows)
        self.cells = _cells(self.rows)
        self.values: dict[tuple[str, str, str], tuple[object, int]] = {}
        for (name, measure), cells in self.cells.items():
            for key, value, n in cells:
                self.values.setdefault((name, measure, key), (value, n))
        self.evidence = _evidence_by_cell(evidence)
        self.docs = {row["doc_id"]: row for row in ds.documents.to_dict("records")}
        self.codes = _first_by_municipality(ds.documents, "municipality_code")
        self.counties = _first_by_municipality(ds.documents, "county")
        self.corrections: list[Correction] = []
        if ds.path is not None:
            self.corrections, _ = read_corrections(Path(ds.path) / CORRECTIONS_FILE)

    def section(self, name: str) -> dict[str, Any]:
        if name == REGIONAL:
            return self.view["regional_and_national"]
        return self.view["municipalities"][name]

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
        value, n_evidence = found
        text = shown if shown is not None else num(value)
        return self.details(text, self.evidence.get((name, measure, key)), total=n_evidence)

    def doc_cite(self, doc_id: str | None, sent_idx: object = None) -> str:
        if not doc_id:
            return ""
        doc = self.docs.get(doc_id, {})
        title = doc.get("title") or "(utan titel)"
        parts = [esc(title), esc(doc.get("source_path") or doc_id)]
        published = date_or_none(doc.get("published"))
        if published:
            parts.append(esc(published.isoformat()))
        if sent_idx is not None and not pd.isna(sent_idx):
            parts.append(
                "tillagd av analytiker" if int(sent_idx) < 0 else f"mening {int(sent_idx)}"
            )
        return " · ".join(parts)

    def details(
        self, text: str, evidence: Evidence | None, extra: str = "", total: int | None = None
    ) -> str:
        """The text, expandable to its first MAX_EVIDENCE pieces of evidence and how many
        more there are (`total`: all of them, when `evidence` holds only the first)."""
        if not evidence:
            return f"<span>{esc(text)}</span>{extra}"
        items = []
        for sentence, doc_id, sent_idx in evidence[:MAX_EVIDENCE]:
            quote = f"<q>{esc(sentence)}</q>" if isinstance(sentence, str) and sentence else ""
            cite = self.doc_cite(doc_id, sent_idx)
            items.append(f"<li>{quote}{f'<cite>{cite}</cite>' if cite else ''}</li>")
        more = (len(evidence) if total is None else total) - MAX_EVIDENCE
        if more > 0:
            items.append(f'<li class="muted">… och {more} till</li>')
        return (
            f'<details class="ev"><summary>{esc(text)}</summary><ul>{"".join(items)}</ul>'
            f"</details>{extra}"
        )

    def mark(self, item: dict) -> str:
        """The 'rättad' mark of a corrected row, with the analysts' notes as its tooltip."""
        if not item.get("corrected"):
            return ""
        notes = [
            " ".join(
                x
                for x in (
                    c.action,
                    c.column,
                    c.value if c.action == "set" else "",
                    c.note,
                    c.who and f"({c.who})",
                )
                if x
            )
            for c in self.corrections
            if item.get("row_id") and item["row_id"] in (c.row_id, _added_id(c))
        ]
        tip = "; ".join(notes) or "ändrad av en analytiker (corrections.csv)"
        return f' <mark class="corrected" title="{esc(tip)}">rättad</mark>'


def _added_id(c: Correction) -> str:
    return added_row_id(c) if c.action == "add" else ""


def _scroll(inner: str) -> str:
    """A wide table in a box that scrolls by itself, so the page never does."""
    return f'<div class="scroll">{inner}</div>'


def _stat(label: str, value_html: str) -> str:
    return (
        f'<div class="stat"><span class="label">{esc(label)}</span>'
        f'<span class="num">{value_html}</span></div>'
    )


# ---------------------------------------------------------------- corpus


def _doc_year(row: dict) -> int | None:
    when = date_or_none(row.get("published")) or document_span(row)[0]
    return when.year if when else None


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
            _stat("dokument", str(len(docs))),
            _stat("kommuner", str(docs["municipality"].nunique())),
            _stat("regionala / utan kommun", str(n_regional)),
            _stat("insatser", str(len(ds.initiatives))),
            _stat("utfall", str(len(ds.outcomes))),
            _stat("entiteter", str(len(ds.entities))),
            _stat("fel", err_html),
        ]
    )
    by_muni = docs["municipality"].fillna(NO_MUNICIPALITY).value_counts()
    by_muni_items = sorted(by_muni.items(), key=lambda kv: (-kv[1], kv[0]))
    years = [y for y in (_doc_year(r) for r in docs.to_dict("records")) if y]
    year_counts = sorted(Counter(years).items())
    by_type = docs["doc_type"].fillna("other").value_counts()
    charts_html = (
        '<div class="charts">'
        + charts.bar_chart(
            "chart-docs-municipality", "Dokument per kommun", by_muni_items, True, "inga data"
        )
        + charts.bar_chart(
            "chart-docs-type",
            "Dokument per typ",
            sorted(((_label("doc_types", k), v) for k, v in by_type.items()), key=lambda kv: kv[0]),
            True,
            "inga data",
        )
        + charts.bar_chart(
            "chart-docs-year",
            "Dokument per år",
            [(str(y), int(n)) for y, n in year_counts],
            False,
            "inga data",
        )
        + "</div>"
    )
    return (
        '<section id="overview" class="overview"><h2>Korpus</h2>'
        f'<div class="stats">{stats}</div>{charts_html}'
        f"<h3>Dokument per kommun och typ</h3>{_docs_table(docs)}</section>"
    )


def _docs_table(docs: pd.DataFrame) -> str:
    if docs.empty:
        return '<p class="empty">Inga dokument.</p>'
    frame = docs.assign(municipality=docs["municipality"].fillna(NO_MUNICIPALITY))
    pivot = pd.crosstab(frame["municipality"], frame["doc_type"])
    head = "".join(f'<th class="n">{esc(_label("doc_types", c))}</th>' for c in pivot.columns)
    body = "".join(
        f"<tr><td>{esc(m)}</td>"
        + "".join(f'<td class="n">{int(v)}</td>' for v in row)
        + f'<td class="n">{int(sum(row))}</td></tr>'
        for m, row in zip(pivot.index, pivot.to_numpy().tolist(), strict=True)
    )
    return _scroll(f'<table><tr><th>kommun</th>{head}<th class="n">totalt</th></tr>{body}</table>')


# ---------------------------------------------------------------- across municipalities


def _focus_columns(ctx: _Context) -> list[str]:
    return list(dict.fromkeys(ctx.rows.loc[ctx.rows["measure"] == "focus_area", "key"]))


def _heatmap(ctx: _Context) -> str:
    if not ctx.names:
        return ""
    areas = _focus_columns(ctx)

    def cell(name: str, area: str) -> tuple[float, int]:
        found = ctx.value(name, "focus_area", area)
        return (float(found[0]), found[1]) if found else (0.0, 0)  # type: ignore[arg-type]

    svg = charts.heatmap(
        "Fokusområden per kommun",
        ctx.names,
        [(a, _label("focus_areas", a)) for a in areas],
        cell,
        share,
    )
    head = "".join(f'<th class="n">{esc(n)}</th>' for n in ctx.names)
    body = []
    for area in areas:
        cells = []
        for name in ctx.names:
            value = cell(name, area)[0]
            style = f"background:{charts.heat_colour(value * 0.6)}"
            cells.append(
                f'<td class="cell" style="{style}">'
                f"{ctx.number(name, 'focus_area', area, share(value))}</td>"
            )
        body.append(f"<tr><th>{esc(_label('focus_areas', area))}</th>{''.join(cells)}</tr>")
    table = f'<table class="heat"><tr><th>fokusområde</th>{head}</tr>{"".join(body)}</table>'
    return (
        '<section id="focus-areas"><h2>Fokusområden i kommunerna</h2>'
        '<p class="muted">Andel av kommunens dokument som har området '
        f"(poäng ≥ {num(FOCUS_THRESHOLD)}), i procent. Tabellen under öppnar varje cell "
        "till meningarna bakom den.</p>"
        f'<figure class="wide">{svg}</figure>{_scroll(table)}</section>'
    )


def _timeline(ctx: _Context) -> str:
    if not ctx.names:
        return ""
    cells: dict[tuple[str, int | None], Counter] = {}
    for name in ctx.names:
        for year, items in ctx.section(name)["initiatives_by_year"].items():
            key = None if year == view.UNDATED else int(year)
            for item in items:
                counts = cells.setdefault((name, key), Counter())
                if item["status"] is not None:  # a null status draws no bar
                    counts[item["status"]] += 1
    if not cells:
        return (
            '<section id="timeline"><h2>Insatser över tid</h2>'
            '<p class="empty">Inga insatser i data.</p></section>'
        )
    years = sorted({y for _, y in cells if y is not None})
    columns: list[int | None] = list(years)
    if years and years[-1] - years[0] < MAX_TIMELINE_YEARS:
        columns = list(range(years[0], years[-1] + 1))  # a continuous axis when it fits
    if any(y is None for _, y in cells):
        columns.append(None)
    svg = charts.timeline(
        "Insatser per år och status", ctx.names, columns, cells, STATUS_COLOURS, "odaterad"
    )
    legend = "".join(
        f'<span><i style="background:{c}"></i>{esc(_label("statuses", s))}</span>'
        for s, c in STATUS_COLOURS.items()
    )
    return (
        '<section id="timeline"><h2>Insatser över tid</h2>'
        '<p class="muted">Insatser per år och status. En insats räknas i varje år av sin period '
        "(ett program 2018–2024 i vart och ett av åren); utan egna årtal i dokumentets år. "
        "Över en lång tid visas bara de år som har insatser.</p>"
        f'<p class="legend">{legend}</p><figure class="wide">{svg}</figure></section>'
    )


# ---------------------------------------------------------------- one municipality


def _measure_table(
    ctx: _Context, name: str, measure: str, header: str, shown=None, label=None
) -> str:
    sub = ctx.measure(name, measure)
    if measure in ("initiatives_by_type", "initiatives_by_status", "documents", "outcomes"):
        sub = [(k, v) for k, v in sub if v != 0]
    if not sub:
        return '<p class="empty">Inga.</p>'
    rows = "".join(
        f"<tr><td>{esc(label(k) if label else k)}</td>"
        f'<td class="n">{ctx.number(name, measure, k, shown(v) if shown else None)}</td></tr>'
        for k, v in sub
    )
    return f'<table><tr><th>{esc(header)}</th><th class="n">värde</th></tr>{rows}</table>'


def _more_row(n: int, columns: int) -> str:
    """The last row of a list cut at MAX_LIST: how many more, and where to find them."""
    if n <= 0:
        return ""
    return (
        f'<tr><td colspan="{columns}" class="muted">… och {n} till: alla finns i '
        "<code>kommunlens compare --format json</code> och <code>kommunlens export</code>."
        "</td></tr>"
    )


def _item_evidence(item: dict) -> Evidence:
    return [(item.get("sentence"), item["document"]["doc_id"], item.get("sent_idx"))]


def _years_text(item: dict) -> str:
    first, last = item.get("first_year"), item.get("last_year")
    if first is None:
        return "odaterad"
    span = str(first) if first == last else f"{first}–{last}"
    return span + (" (dokumentets år)" if item.get("year_source") == "document" else "")


def _initiatives_list(ctx: _Context, section: dict) -> str:
    by_year = section["initiatives_by_year"]
    if not by_year:
        return '<p class="empty">Inga insatser.</p>'
    counts = "".join(
        f"<tr><td>{esc(year if year != view.UNDATED else 'odaterad')}</td>"
        f'<td class="n">{len(items)}</td></tr>'
        for year, items in by_year.items()
    )
    unique: dict[str, dict] = {}
    for items in by_year.values():
        for item in items:
            unique.setdefault(item["row_id"], item)
    shown = list(unique.values())[-MAX_LIST:]  # the latest, when there are very many
    rows = "".join(
        f"<tr><td>{esc(_years_text(i))}</td><td>{esc(_label('initiative_types', i['initiative_type']))}</td>"
        f"<td>{esc(_label('statuses', i['status']))}</td>"
        f"<td>{ctx.details(i['text'], _item_evidence(i), ctx.mark(i))}</td>"
        f"<td>{esc(i['document']['title'] or i['document']['source_path'])}</td></tr>"
        for i in shown
    ) + _more_row(len(unique) - len(shown), 5)
    return (
        '<div class="charts"><div><h4>Antal per år</h4>'
        f'<table><tr><th>år</th><th class="n">insatser</th></tr>{counts}</table></div>'
        '<div class="grow"><h4>Insatserna</h4>'
        + _scroll(
            "<table><tr><th>år</th><th>typ</th><th>status</th><th>insats</th>"
            f"<th>dokument</th></tr>{rows}</table>"
        )
        + "</div></div>"
    )


def _money_evidence(cell: dict) -> Evidence:
    return [(e.get("sentence"), e.get("doc_id"), e.get("sent_idx")) for e in cell["evidence"]]


def _money_block(ctx: _Context, section: dict) -> str:
    cells = section["money_by_role_and_funder"]
    total = section["money_totals"]["funding_and_investment_sek"]
    note = (
        '<p class="muted">Summan räknar bara bidrag (till eller från kommunen) och '
        "investeringar, över den period beloppet gäller (ett belopp per år i varje år av "
        "perioden); budget, kostnader och skatteintäkter räknas inte. Ett belopp som "
        "nämns flera gånger i samma dokument räknas en gång.</p>"
    )
    if not cells:
        return note + '<p class="empty">Inga belopp.</p>'
    rows = []
    for cell in cells[:MAX_LIST]:
        if cell["year"] is not None:
            when = str(cell["year"])
        elif cell["period_start"] is not None:
            when = f"{cell['period_start']}–{cell['period_end']} (hela perioden)"
        else:
            when = "år okänt"
        rows.append(
            f"<tr><td>{esc(_word('money_roles', cell['role']))}</td>"
            f"<td>{esc(cell['funder'] if cell['funder'] != view.UNKNOWN else 'okänd')}</td>"
            f"<td>{esc(when)}</td>"
            f'<td class="n">{ctx.details(kronor(cell["amount_sek"]), _money_evidence(cell), ctx.mark(cell))}</td>'
            f"<td>{'ja' if cell['counts_in_total'] else 'nej'}</td></tr>"
        )
    return (
        note
        + f"<p><strong>Bidrag och investeringar: {esc(kronor(total))}</strong></p>"
        + _scroll(
            '<table><tr><th>roll</th><th>finansiär</th><th>år</th><th class="n">belopp</th>'
            f"<th>i summan</th></tr>{''.join(rows)}{_more_row(len(cells) - MAX_LIST, 5)}</table>"
        )
    )


def _outcomes_block(ctx: _Context, section: dict) -> str:
    outcomes = section["outcomes"]
    if outcomes:
        rows = []
        for o in outcomes[:MAX_LIST]:
            baseline = "–"
            if o["baseline"] is not None:
                baseline = num(o["baseline"])
                if o["baseline_scope"]:
                    baseline += f" ({_word('baseline_scopes', o['baseline_scope'])})"
            year = "–" if o["year"] is None else str(o["year"])
            if o["year_source"] == "document":
                year += " (dokumentets år)"
            value = "–" if o["value"] is None else num(o["value"])
            if o["unit"] and o["value"] is not None:
                value += f" {o['unit']}"
            rows.append(
                f'<tr><td>{esc(o["indicator"])}</td><td>{esc(year)}</td><td class="n">{esc(value)}</td>'
                f"<td>{esc(baseline)}</td><td>{esc(_word('directions', o['direction']))}</td>"
                f"<td>{ctx.details(o['text'], _item_evidence(o), ctx.mark(o))}</td></tr>"
            )
        found = _scroll(
            '<table><tr><th>indikator</th><th>år</th><th class="n">värde</th>'
            "<th>jämförelse</th><th>riktning</th><th>i texten</th></tr>"
            + "".join(rows)
            + _more_row(len(outcomes) - MAX_LIST, 6)
            + "</table>"
        )
    else:
        found = '<p class="empty">Inga utfall i dokumenten.</p>'
    return (
        '<div class="charts"><div class="grow"><h4>Utfall i dokumenten</h4>'
        f'{found}</div><div class="grow"><h4>Officiell statistik (Kolada)</h4>'
        f"{_kpi_table(ctx, section)}</div></div>"
    )


def _kpi_table(ctx: _Context, section: dict) -> str:
    series = section["kpi"]
    if not series:
        return (
            '<p class="empty">Ingen officiell statistik importerad '
            "(<code>kommunlens kpi import FIL</code>).</p>"
        )
    years = sorted({y for s in series for y in s["values"]})
    head = "".join(f'<th class="n">{esc(y)}</th>' for y in years)
    rows = []
    for s in series:
        gender = f" ({_word('genders', s['gender'])})" if s["gender"] not in (None, "T") else ""
        source = [(kpi_source(s), None, None)]
        cells = "".join(
            f'<td class="n">{ctx.details(num(s["values"][y]), source) if y in s["values"] and s["values"][y] is not None else "–"}</td>'
            for y in years
        )
        rows.append(
            f'<tr><td><span class="kpi">{esc(s["kpi_id"])}</span>{esc(gender)} '
            f"{esc(s['kpi_title'] or '')}</td>{cells}</tr>"
        )
    return _scroll(f"<table><tr><th>nyckeltal</th>{head}</tr>{''.join(rows)}</table>")


def _organisations_block(ctx: _Context, section: dict) -> str:
    orgs = section["organisations"]
    if not orgs:
        return '<p class="empty">Inga.</p>'
    rows = "".join(
        f'<tr><td>{esc(o["organisation"])}</td><td class="n">'
        f"{ctx.details(str(o['n_sentences']), _money_evidence(o))}</td></tr>"
        for o in orgs
    )
    return f'<table><tr><th>organisation</th><th class="n">meningar</th></tr>{rows}</table>'


def _municipality(ctx: _Context, name: str, ident: str) -> str:
    section = ctx.section(name)
    sub = " · ".join(esc(x) for x in [ctx.codes.get(name), ctx.counties.get(name)] if x)
    first = ctx.value(name, "period", "first")
    last = ctx.value(name, "period", "last")
    period = (
        f"{ctx.number(name, 'period', 'first')} – {ctx.number(name, 'period', 'last')}"
        if first and last
        else '<span class="muted">odaterad</span>'
    )
    n_ini = int(sum(v for _, v in ctx.measure(name, "initiatives_by_type")))  # type: ignore[misc]
    n_out = int(sum(v for _, v in ctx.measure(name, "outcomes")))  # type: ignore[misc]
    stats = "".join(
        [
            _stat("dokument", ctx.number(name, "documents", "total")),
            _stat("period", period),
            _stat("insatser", str(n_ini)),
            _stat("utfall", str(n_out)),
            _stat(
                "bidrag och investeringar",
                ctx.number(
                    name,
                    "money_total_sek",
                    "funding_and_investment",
                    kronor(section["money_totals"]["funding_and_investment_sek"]),
                ),
            ),
        ]
    )
    fa = [(k, v) for k, v in ctx.measure(name, "focus_area") if v > 0]  # type: ignore[operator]
    fa.sort(key=lambda kv: kv[1], reverse=True)  # type: ignore[arg-type,return-value]
    if not fa:
        focus = (
            '<p class="empty">Inget fokusområde når poäng '
            f"{num(FOCUS_THRESHOLD)} i kommunens dokument.</p>"
        )
    else:
        focus = (
            "<table>"
            + "".join(
                f"<tr><td>{esc(_label('focus_areas', k))}</td><td>"
                f'<span class="bar" style="width:{round(float(v) * 160)}px"></span>'  # type: ignore[arg-type]
                f"{ctx.number(name, 'focus_area', k, share(v))}</td></tr>"
                for k, v in fa
            )
            + "</table>"
        )
    return (
        f'<section class="municipality" id="{esc(ident)}"><h2>{esc(name)} '
        f'<span class="muted">{sub}</span></h2><div class="stats">{stats}</div>'
        '<div class="charts"><div><h3>Dokument per typ</h3>'
        f"{_measure_table(ctx, name, 'documents', 'typ', label=lambda k: _label('doc_types', k) if k != 'total' else 'totalt')}"
        f"</div><div><h3>Fokusområden</h3>{focus}</div></div>"
        "<h3>Insatser</h3>"
        '<div class="charts"><div><h4>Per typ</h4>'
        f"{_measure_table(ctx, name, 'initiatives_by_type', 'typ', label=lambda k: _label('initiative_types', k))}"
        "</div><div><h4>Per status</h4>"
        f"{_measure_table(ctx, name, 'initiatives_by_status', 'status', label=lambda k: _label('statuses', k))}"
        "</div></div>"
        f"{_initiatives_list(ctx, section)}"
        "<h3>Pengar per roll, finansiär och år</h3>"
        f"{_money_block(ctx, section)}"
        "<h3>Utfall och officiell statistik</h3>"
        f"{_outcomes_block(ctx, section)}"
        '<div class="charts"><div><h4>Senaste utfallsvärden</h4>'
        f"{_measure_table(ctx, name, 'outcome_latest', 'indikator')}"
        "</div><div><h4>Poäng och rankningar (NKI, ranking …)</h4>"
        f"{_measure_table(ctx, name, 'scores', 'indikator')}"
        "</div><div><h4>Organisationer som kommunen samarbetar med</h4>"
        f"{_organisations_block(ctx, section)}"
        "</div></div></section>"
    )


def _regional(ctx: _Context) -> str:
    section = ctx.view["regional_and_national"]
    if not section["documents"]:
        return ""
    docs = "".join(
        f"<tr><td>{esc(d['title'] or d['source_path'])}</td>"
        f"<td>{esc(_label('doc_types', d['doc_type']))}</td>"
        f"<td>{esc(d['published'] or '–')}</td><td>{esc(d['county'] or 'riket')}</td></tr>"
        for d in section["documents"]
    )
    return (
        '<section id="regional" class="regional"><h2>Regionala och nationella dokument</h2>'
        '<p class="muted">Dokument som inte gäller en enskild kommun (regioner, län, riket)'
        + (
            " i de jämförda kommunernas län"
            if len(ctx.names) < len(ctx.ds.municipalities())
            else ""
        )
        + ". De räknas inte in i någon kommun ovan.</p>"
        + _scroll(
            "<table><tr><th>dokument</th><th>typ</th><th>publicerad</th><th>län</th></tr>"
            f"{docs}</table>"
        )
        + "<h3>Insatser</h3>"
        + _initiatives_list(ctx, section)
        + "<h3>Pengar per roll, finansiär och år</h3>"
        + _money_block(ctx, section)
        + "<h3>Utfall</h3>"
        + _outcomes_block(ctx, section)
        + "<h3>Organisationer</h3>"
        + _organisations_block(ctx, section)
        + "</section>"
    )


def _corrections(ctx: _Context) -> str:
    problems = ctx.ds.errors[ctx.ds.errors["stage"] == "correction"]
    if not ctx.corrections and problems.empty:
        return ""
    flagged = {r.source_path: r for r in problems.itertuples(index=False)}
    rows = []
    for c in ctx.corrections:
        problem = flagged.get(f"{CORRECTIONS_FILE}:{c.line}")
        state = (
            f'<span class="stale">{esc("inaktuell" if problem.error_type == "stale_correction" else "kunde inte tillämpas")}</span>'
            if problem is not None
            else "tillämpad"
        )
        what = (
            f"{c.column} = {c.value}"
            if c.action == "set"
            else (c.value if c.action == "add" else "")
        )
        rows.append(
            f"<tr><td>{esc(c.table)}</td><td><code>{esc(c.row_id or '(ny)')}</code></td>"
            f"<td>{esc(c.action)}</td><td>{esc(what)}</td><td>{esc(c.note)}</td>"
            f"<td>{esc(c.who)}</td><td>{esc(c.when)}</td><td>{state}</td></tr>"
        )
    return (
        '<section id="corrections"><h2>Rättelser</h2>'
        '<p class="muted">Analytikernas rättelser i corrections.csv; varje körning tillämpar dem '
        'och markerar de rättade värdena med <mark class="corrected">rättad</mark>. En '
        "inaktuell rättelse gäller en rad som inte längre finns (dokumentet har ändrats eller "
        "tagits bort); den ligger kvar i filen.</p>"
        + _scroll(
            "<table><tr><th>tabell</th><th>rad</th><th>åtgärd</th><th>ändring</th>"
            "<th>anteckning</th><th>vem</th><th>när</th><th>läge</th></tr>"
            f"{''.join(rows)}</table>"
        )
        + "</section>"
    )


def render_report(dataset: Dataset, municipalities: Iterable[str] | None = None) -> str:
    """The whole report as one HTML string (all municipalities unless named)."""
    return "".join(report_parts(dataset, municipalities))


def report_parts(dataset: Dataset, municipalities: Iterable[str] | None = None) -> Iterator[str]:
    """The report in pieces (the head, one per municipality, the end), so that a large one
    is written as it is rendered and never held whole: for 10 000 documents the report is
    about 100 MB of HTML."""
    ctx = _Context(dataset, municipalities)
    taken: set[str] = set()
    toc = ['<a href="#overview">Korpus</a>']
    if ctx.names:
        toc += ['<a href="#focus-areas">Fokusområden</a>', '<a href="#timeline">Tidslinje</a>']
    idents = []
    for name in ctx.names:
        code = ctx.codes.get(name)
        ident = section_id(name, str(code) if code is not None else None, taken)
        idents.append((name, ident))
        toc.append(f'<a href="#{esc(ident)}">{esc(name)}</a>')
    regional = _regional(ctx)
    if regional:
        toc.append('<a href="#regional">Regionala och nationella</a>')
    corrections = _corrections(ctx)
    if corrections:
        toc.append('<a href="#corrections">Rättelser</a>')
    source = esc(Path(dataset.path).name) if dataset.path else "ett dataset i minnet"
    yield (
        "<!DOCTYPE html>\n"
        '<html lang="sv"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>kommunlens – kommuner jämförda</title>"
        f"<style>{_asset('report.css')}</style></head><body>"
        '<header class="top"><h1>kommunlens – kommuner jämförda</h1>'
        f"<p>{len(dataset.documents)} dokument från {source}. "
        "Klicka på en siffra för att se meningarna och dokumenten bakom den.</p>"
        f'<nav class="toc">{"".join(toc)}</nav>'
        '<div class="tools"><button type="button" id="expand-all">Visa alla belägg</button> '
        '<button type="button" id="collapse-all">Dölj alla</button></div></header>'
        f"<main>{_overview(ctx)}{_heatmap(ctx)}{_timeline(ctx)}"
    )
    for name, ident in idents:
        yield _municipality(ctx, name, ident)
    yield f"{regional}{corrections}</main><script>{_asset('report.js')}</script></body></html>\n"


def write_report(data_dir: str | Path, generation: Path | None = None) -> Path:
    """Render the dataset in data_dir into report.html (atomically) beside its tables: in
    `generation` when given (a run, before it switches over), else in the current one."""
    data_dir = Path(data_dir)
    parts = report_parts(load_dataset(data_dir, generation=generation))
    path = (generation or tables_dir(data_dir)) / REPORT_FILE

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8") as f:
            for part in parts:
                f.write(part)

    atomic_write(path, write)
    return path
