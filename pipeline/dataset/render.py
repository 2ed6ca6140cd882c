"""Text forms of the comparison: the tidy table (table, csv, json, markdown) and the evaluator's
view in plain text or Markdown (what `kommunlens compare` prints).

Document text goes into cells as it is; Markdown pipes are escaped and newlines flattened,
so a sentence cannot break a table.
"""

from __future__ import annotations

import io
import json
import math
from typing import Any

import pandas as pd

FORMATS = ("table", "csv", "json", "markdown")
CORRECTED_MARK = "*"
MAX_TEXT = 90  # characters of an initiative or outcome shown in a text table


def format_value(value: Any) -> str:
    """Numbers without thousands separators; whole numbers without decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, str):
        return value
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _cell(value: Any, width: int | None = None) -> str:
    text = " ".join(format_value(value).split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def plain_table(header: list[str], body: list[list[str]], numeric_from: int = 2) -> str:
    """Columns padded to their widest cell; columns from `numeric_from` on right-aligned."""
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(r: list[str]) -> str:
        parts = [
            r[i].ljust(widths[i]) if i < numeric_from else r[i].rjust(widths[i])
            for i in range(len(r))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in body)])


def markdown_table(header: list[str], body: list[list[str]], numeric_from: int = 2) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(esc(h) for h in header) + " |"]
    align = ["---" if i < numeric_from else "---:" for i in range(len(header))]
    lines.append("|" + "|".join(align) + "|")
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in body]
    return "\n".join(lines)


def _table(fmt: str, header: list[str], body: list[list[str]], numeric_from: int) -> str:
    if not body:
        return "(none)"
    if fmt == "markdown":
        return markdown_table(header, body, numeric_from)
    return plain_table(header, body, numeric_from)


def wide(frame: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the side-by-side view: measure, key, one 'value (n)' per municipality."""
    from pipeline.dataset.compare import MEASURES, _key_rank

    names = list(dict.fromkeys(frame["municipality"]))
    cells: dict[tuple, dict[str, str]] = {}
    for row in frame.itertuples(index=False):
        cells.setdefault((row.measure, row.key), {})[row.municipality] = (
            f"{format_value(row.value)} ({row.n_evidence})"
        )
    seen = list(cells)
    ordered = sorted(
        seen,
        key=lambda mk: (MEASURES.index(mk[0]) if mk[0] in MEASURES else 99, _key_rank(*mk)),
    )
    body = [[mk[0], mk[1], *(cells[mk].get(n, "–") for n in names)] for mk in ordered]
    return ["measure", "key", *names], body


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def render_comparison(frame: pd.DataFrame, fmt: str = "table") -> str:
    """The tidy compare table as table | csv | json | markdown text."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "csv":
        buf = io.StringIO()
        frame.to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue().rstrip("\n")
    if fmt == "json":
        records = [{k: _jsonable(v) for k, v in row.items()} for row in frame.to_dict("records")]
        return json.dumps(records, ensure_ascii=False, indent=2)
    header, body = wide(frame)
    return plain_table(header, body) if fmt == "table" else markdown_table(header, body)


# ---------------------------------------------------------------- the evaluator's view


def _mark(item: dict) -> str:
    return CORRECTED_MARK if item.get("corrected") else ""


def _doc_label(doc: dict) -> str:
    title = doc.get("title") or doc.get("source_path") or doc.get("doc_id")
    return f"{title} ({doc['published']})" if doc.get("published") else str(title)


def _years(item: dict) -> str:
    first, last = item.get("first_year"), item.get("last_year")
    if first is None:
        return "undated"
    span = str(first) if first == last else f"{first}–{last}"
    return span + (" (document)" if item.get("year_source") == "document" else "")


def _initiatives(section: dict, fmt: str) -> str:
    seen: dict[str, tuple[str, dict]] = {}
    for year, items in section["initiatives_by_year"].items():
        for item in items:
            seen.setdefault(item["row_id"] or id(item), (year, item))
    counts = [[year, str(len(items))] for year, items in section["initiatives_by_year"].items()]
    body = [
        [
            _years(item),
            item["initiative_type"] or "–",
            item["status"] or "–",
            _cell(item["text"], MAX_TEXT) + _mark(item),
            _cell(_doc_label(item["document"]), 60),
        ]
        for _, item in seen.values()
    ]
    return (
        "Initiatives per year (a programme counts in every year of its period):\n"
        + _table(fmt, ["year", "initiatives"], counts, 1)
        + "\n\n"
        + _table(fmt, ["years", "type", "status", "initiative", "document"], body, 5)
    )


def _money(section: dict, fmt: str) -> str:
    body = []
    for cell in section["money_by_role_and_funder"]:
        if cell["year"] is not None:
            when = str(cell["year"])
        elif cell["period_start"] is not None:
            when = f"{cell['period_start']}–{cell['period_end']}"
        else:
            when = "undated"
        body.append(
            [
                cell["role"],
                cell["funder"] + _mark(cell),
                when,
                format_value(round(cell["amount_sek"])),
                str(cell["n_amounts"]),
                "yes" if cell["counts_in_total"] else "no",
            ]
        )
    total = format_value(round(section["money_totals"]["funding_and_investment_sek"]))
    return (
        f"Money by role, funder and year (SEK; the total adds only funding and investment: "
        f"{total}):\n"
        + _table(fmt, ["role", "funder", "year", "SEK", "amounts", "in total"], body, 3)
    )


def _outcomes(section: dict, fmt: str) -> str:
    body = []
    for o in section["outcomes"]:
        baseline = format_value(o["baseline"]) if o["baseline"] is not None else "–"
        if o["baseline_scope"]:
            baseline += f" ({o['baseline_scope']})"
        year = "–" if o["year"] is None else str(o["year"])
        if o["year_source"] == "document":
            year += " (document)"
        body.append(
            [
                o["indicator"],
                year,
                format_value(o["value"]) + (f" {o['unit']}" if o["unit"] else ""),
                baseline,
                o["direction"] or "–",
                _cell(o["text"], MAX_TEXT) + _mark(o),
                _cell(_doc_label(o["document"]), 60),
            ]
        )
    return "Outcomes with year and baseline:\n" + _table(
        fmt,
        ["indicator", "year", "value", "baseline", "direction", "text", "document"],
        body,
        7,
    )


def _kpi(section: dict, fmt: str) -> str:
    years = sorted({y for s in section["kpi"] for y in s["values"]})
    body = [
        [
            s["kpi_id"] + (f" ({s['gender']})" if s["gender"] not in (None, "T") else ""),
            _cell(s["kpi_title"] or "", 50),
            *(format_value(s["values"].get(y)) for y in years),
        ]
        for s in section["kpi"]
    ]
    return "Official indicators (Kolada):\n" + _table(fmt, ["kpi", "title", *years], body, 2)


def _organisations(section: dict, fmt: str) -> str:
    body = [[o["organisation"], str(o["n_sentences"])] for o in section["organisations"]]
    return "Organisations worked with (sentences):\n" + _table(
        fmt, ["organisation", "sentences"], body, 1
    )


def _documents(section: dict, fmt: str) -> str:
    body = [
        [
            d["published"] or "–",
            d["doc_type"] or "–",
            _cell(d["title"] or "", 70),
            d["county"] or "–",
        ]
        for d in section["documents"]
    ]
    return "Documents:\n" + _table(fmt, ["published", "type", "title", "county"], body, 4)


def _section_text(title: str, section: dict, fmt: str, with_documents: bool) -> str:
    heading = f"## {title}" if fmt == "markdown" else f"{title}\n{'=' * len(title)}"
    parts = [heading]
    if with_documents:
        parts.append(_documents(section, fmt))
    parts += [
        _initiatives(section, fmt),
        _money(section, fmt),
        _outcomes(section, fmt),
        _kpi(section, fmt),
        _organisations(section, fmt),
    ]
    return "\n\n".join(parts)


def render_view(full: dict, frame: pd.DataFrame, fmt: str) -> str:
    """The side-by-side measures, then each municipality's lists, then the regional section."""
    header, body = wide(frame)
    parts = [plain_table(header, body) if fmt == "table" else markdown_table(header, body)]
    for name, section in full["municipalities"].items():
        code = f" ({section['municipality_code']})" if section["municipality_code"] else ""
        parts.append(_section_text(f"{name}{code}", section, fmt, with_documents=False))
    regional = full["regional_and_national"]
    if regional["documents"]:
        parts.append(
            _section_text("Regional and national documents (no municipality)", regional, fmt, True)
        )
    parts.append(
        f"{CORRECTED_MARK} corrected by an analyst (corrections.csv). "
        + full["notes"]["money"]
        + " "
        + full["notes"]["initiatives"]
    )
    return "\n\n".join(parts)
