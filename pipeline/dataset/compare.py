"""Municipalities side by side: one tidy long table of measures, each with its evidence.

`compare` gives (municipality, measure, key, value, n_evidence) rows; `compare_with_evidence`
also gives the sentences behind every number, so the report can show them. The
definitions (share of documents with a focus area at score >= 0.5, distinct money
amounts per document, funder = organisation named with the amount, ...) live here and
only here: the summary table and the HTML report are built from these rows.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.dataset.load import Dataset, date_or_none, document_span, fold, load_dataset
from pipeline.resources import codebook, codes

COLUMNS = ["municipality", "measure", "key", "value", "n_evidence"]
EVIDENCE_COLUMNS = ["municipality", "measure", "key", "doc_id", "sent_idx", "sentence"]
MEASURES = (
    "documents",
    "period",
    "focus_area",
    "initiatives_by_type",
    "initiatives_by_status",
    "money_total_sek",
    "money_by_funder",
    "organisations",
    "outcomes",
    "outcome_latest",
    "scores",
)
# Measures whose keys are filled with 0 for a municipality that has none of them.
ZERO_FILLED = ("documents", "initiatives_by_type", "initiatives_by_status", "outcomes")
FORMATS = ("table", "csv", "json", "markdown")
FOCUS_THRESHOLD = codebook()["focus_area_threshold"]
TOP_ORGANISATIONS = 10
UNKNOWN_FUNDER = "unknown"
OTHER_OUTCOME = "other"


class UnknownMunicipalityError(ValueError):
    """A requested municipality has no documents; the message lists those that do."""

    def __init__(self, unknown: list[str], available: list[str]):
        self.unknown = unknown
        self.available = available
        names = ", ".join(repr(n) for n in unknown)
        have = ", ".join(available) if available else "(none: no document has a municipality)"
        super().__init__(f"unknown municipality {names}; the data has: {have}")


def codebook_codes(section: str) -> list[str]:
    """Codes of a codebook section (focus_areas, statuses, ...) in codebook order."""
    return list(codes(section))


def resolve_municipalities(ds: Dataset, names: Iterable[str] | None) -> list[str]:
    """Canonical names for the requested ones (case-insensitive, or kommunkod); None = all."""
    available = ds.municipalities()
    if names is None:
        return available
    by_key = {fold(m): m for m in available}
    codes = ds.documents.dropna(subset=["municipality", "municipality_code"])
    by_key.update(
        {fold(c): m for c, m in zip(codes["municipality_code"], codes["municipality"], strict=True)}
    )
    found, unknown = [], []
    for name in names:
        hit = by_key.get(fold(name))
        if hit is None:
            unknown.append(str(name))
        elif hit not in found:
            found.append(hit)
    if unknown:
        raise UnknownMunicipalityError(unknown, available)
    return found


def _text(value: object) -> str | None:
    """A table cell as str, None for null/NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA:
        return None
    return str(value)


def _items(value: object) -> list:
    """A list cell (numpy array from Parquet, list, or null) as a list."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return list(value)


Row = dict[str, Any]

# Columns each measure reads; rows are kept as plain dicts of just these.
_COLUMNS_USED = {
    "entities": ("doc_id", "sent_idx", "start_char", "sentence", "text", "label", "value"),
    "amounts": ("doc_id", "sent_idx", "start_char", "sentence", "kind", "value", "unit", "per"),
    "initiatives": ("doc_id", "sent_idx", "sentence", "initiative_type", "status", "actors"),
    "outcomes": ("doc_id", "sent_idx", "start_char", "sentence", "indicator", "value"),
    "focus_areas": ("doc_id", "focus_area", "score", "evidence"),
}


def _missing(value: object) -> bool:
    """True for null cells (None, NaN, NA), as pandas' dropna/notna see them."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


@dataclass
class _Muni:
    """One municipality's rows of the tables, as plain dicts.

    The slices are small (a few documents each), where pandas' per-call overhead
    dominates; plain Python over records keeps compare linear in the rows.
    """

    name: str
    docs: list[Row]
    entities: list[Row]
    amounts: list[Row]
    initiatives: list[Row]
    outcomes: list[Row]
    focus_areas: list[Row]


class _Collector:
    """Accumulates result rows and evidence rows for one municipality."""

    def __init__(self, municipality: str):
        self.municipality = municipality
        self.rows: list[dict] = []
        self.evidence: list[dict] = []

    def add(self, measure: str, key: str, value: Any, evidence: list[tuple]) -> None:
        """evidence: (doc_id, sent_idx or None, sentence or None) per piece of evidence."""
        self.rows.append(
            {
                "municipality": self.municipality,
                "measure": measure,
                "key": key,
                "value": value,
                "n_evidence": len(evidence),
            }
        )
        for doc_id, sent_idx, sentence in evidence:
            self.evidence.append(
                {
                    "municipality": self.municipality,
                    "measure": measure,
                    "key": key,
                    "doc_id": doc_id,
                    "sent_idx": sent_idx,
                    "sentence": sentence,
                }
            )


def _sentence_index(ds: Dataset) -> dict[tuple[str, int], str]:
    """(doc_id, sent_idx) -> sentence text, from every table that carries provenance."""
    index: dict[tuple[str, int], str] = {}
    for name in ("entities", "dates", "amounts", "initiatives", "outcomes"):
        frame = getattr(ds, name)
        for doc_id, sent_idx, sentence in zip(
            frame["doc_id"], frame["sent_idx"], frame["sentence"], strict=True
        ):
            index.setdefault((doc_id, int(sent_idx)), sentence)
    return index


def _rows_evidence(rows: list[Row]) -> list[tuple]:
    return [(r["doc_id"], int(r["sent_idx"]), r["sentence"]) for r in rows]


def _group(rows: Iterable[Row], key: Any) -> dict[Any, list[Row]]:
    """Rows by key(row), groups and rows within them in first-seen order."""
    groups: dict[Any, list[Row]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups


def _present_keys(groups: dict[Any, list[Row]]) -> set:
    """The non-null keys of a grouping (what set(column.dropna()) gives)."""
    return {k for k in groups if not _missing(k)}


def _doc_date(doc: dict) -> Any:
    """The date a document speaks from: published, else the end of its period."""
    return date_or_none(doc.get("published")) or document_span(doc)[1]


def _documents(c: _Collector, m: _Muni) -> None:
    by_type = _group(m.docs, lambda d: d["doc_type"])
    for doc_type in sorted(_present_keys(by_type)):
        ids = [d["doc_id"] for d in by_type[doc_type]]
        c.add("documents", str(doc_type), len(ids), [(d, None, None) for d in ids])
    c.add("documents", "total", len(m.docs), [(d["doc_id"], None, None) for d in m.docs])


def _period(c: _Collector, m: _Muni) -> None:
    spans = [(row["doc_id"], *document_span(row)) for row in m.docs]
    spans = [s for s in spans if s[1] is not None]
    if not spans:
        return
    first = min(s[1] for s in spans)
    last = max(s[2] for s in spans)
    c.add(
        "period", "first", first.isoformat(), [(d, None, None) for d, a, _ in spans if a == first]
    )
    c.add("period", "last", last.isoformat(), [(d, None, None) for d, _, b in spans if b == last])


def _focus_areas(c: _Collector, m: _Muni, sentences: dict) -> None:
    areas = codebook_codes("focus_areas")
    areas += sorted(_present_keys(_group(m.focus_areas, lambda r: r["focus_area"])) - set(areas))
    strong = _group(
        (r for r in m.focus_areas if not _missing(r["score"]) and r["score"] >= FOCUS_THRESHOLD),
        lambda r: r["focus_area"],
    )
    n_docs = len(m.docs)
    for area in areas:
        rows = strong.get(area, [])
        evidence = [
            (r["doc_id"], int(i), sentences.get((r["doc_id"], int(i))))
            for r in rows
            for i in _items(r["evidence"])
        ]
        share = len({r["doc_id"] for r in rows}) / n_docs if n_docs else 0.0
        c.add("focus_area", area, float(share), evidence)


def _initiatives(c: _Collector, m: _Muni) -> None:
    for measure, column in (
        ("initiatives_by_type", "initiative_type"),
        ("initiatives_by_status", "status"),
    ):
        groups = _group(m.initiatives, lambda r, col=column: r[col])
        keys = codebook_codes("statuses") if column == "status" else []
        keys += sorted(_present_keys(groups) - set(keys))
        for key in keys:
            rows = groups.get(key, [])
            c.add(measure, key, len(rows), _rows_evidence(rows))


def own_organisation(value: str, municipality: str) -> bool:
    """True for the municipality itself ('Kalix', 'Östersunds kommun', 'Kalix kommun')."""
    v, m = fold(value), fold(municipality)
    return v == m or (v.startswith(m) and "kommun" in v)


def _funder(candidates: list[str], municipality: str) -> str | None:
    """Another organisation before the municipality itself; None when there is none.

    The bare municipality name is what initiatives fall back to when no ORG is named,
    so it is not evidence of who pays; 'Kalix kommun' written in the sentence is.
    """
    candidates = [o for o in candidates if fold(o) != fold(municipality)]
    others = [o for o in candidates if not own_organisation(o, municipality)]
    if others:
        return others[0]
    return candidates[0] if candidates else None


def _org_name(row: Row) -> str:
    """An ORG entity's name: its normalised value, else its text."""
    return _text(row["value"]) or row["text"]


def _money(c: _Collector, m: _Muni) -> None:
    money = sorted(
        (r for r in m.amounts if r["kind"] == "money"),
        key=lambda r: (r["doc_id"], r["sent_idx"], r["start_char"]),
    )
    actors: dict[tuple, list[str]] = {}
    for r in m.initiatives:
        actors.setdefault((r["doc_id"], int(r["sent_idx"])), []).extend(_items(r["actors"]))
    orgs = sorted(
        (r for r in m.entities if r["label"] == "ORG"), key=lambda r: (r["doc_id"], r["start_char"])
    )
    sentence_orgs: dict[tuple, list[str]] = {}
    for r in orgs:
        sentence_orgs.setdefault((r["doc_id"], int(r["sent_idx"])), []).append(_org_name(r))

    groups: dict[tuple, dict] = {}
    for row in money:
        where = (row["doc_id"], int(row["sent_idx"]))
        funder = _funder(actors.get(where, []) + sentence_orgs.get(where, []), m.name)
        key = (row["doc_id"], float(row["value"]), _text(row["per"]))
        group = groups.setdefault(key, {"funder": None, "evidence": []})
        group["funder"] = group["funder"] or funder
        group["evidence"].append((row["doc_id"], int(row["sent_idx"]), row["sentence"]))

    total = sum(k[1] for k in groups)
    per_year = [(k, g) for k, g in groups.items() if k[2] == "year"]
    c.add(
        "money_total_sek", "all", float(total), [e for g in groups.values() for e in g["evidence"]]
    )
    c.add(
        "money_total_sek",
        "per_year",
        float(sum(k[1] for k, _ in per_year)),
        [e for _, g in per_year for e in g["evidence"]],
    )
    by_funder: dict[str, list] = {}
    for k, g in groups.items():
        entry = by_funder.setdefault(g["funder"] or UNKNOWN_FUNDER, [0.0, []])
        entry[0] += k[1]
        entry[1].extend(g["evidence"])
    for funder, (value, evidence) in sorted(by_funder.items(), key=lambda kv: (-kv[1][0], kv[0])):
        c.add("money_by_funder", funder, float(value), evidence)


def _organisations(c: _Collector, m: _Muni, top: int) -> None:
    by_org = _group((r for r in m.entities if r["label"] == "ORG"), _org_name)
    counts = sorted(
        ((len(rows), org) for org, rows in by_org.items() if not _missing(org)),
        key=lambda no: (-no[0], no[1]),
    )
    for n, org in counts[:top]:
        seen: set[tuple] = set()
        rows = []
        for r in by_org[org]:
            if (r["doc_id"], r["sent_idx"]) not in seen:
                seen.add((r["doc_id"], r["sent_idx"]))
                rows.append(r)
        c.add("organisations", org, int(n), _rows_evidence(rows))


def _latest_first(rows: list[Row], docs: list[Row]) -> list[Row]:
    """Rows ordered from the latest document (and latest position in it) to the earliest.

    Undated documents come last; ties keep doc_id order, then the latest position.
    """
    dates = {doc["doc_id"]: _doc_date(doc) for doc in docs}
    ordered = sorted(rows, key=lambda r: (r["doc_id"], -r["start_char"]))
    dated = [r for r in ordered if dates.get(r["doc_id"]) is not None]
    undated = [r for r in ordered if dates.get(r["doc_id"]) is None]
    return sorted(dated, key=lambda r: dates[r["doc_id"]], reverse=True) + undated


def _indicator(row: Row) -> str:
    return _text(row["indicator"]) or OTHER_OUTCOME


def _outcomes(c: _Collector, m: _Muni) -> None:
    groups = _group(m.outcomes, _indicator)
    keys = sorted(set(groups) - {OTHER_OUTCOME})
    if OTHER_OUTCOME in groups:
        keys.append(OTHER_OUTCOME)
    for key in keys:
        c.add("outcomes", key, len(groups[key]), _rows_evidence(groups[key]))
    valued = [r for r in m.outcomes if not _missing(r["value"]) and _indicator(r) != OTHER_OUTCOME]
    latest = _group(_latest_first(valued, m.docs), _indicator)
    for key in sorted(latest):
        rows = latest[key]
        c.add("outcome_latest", key, float(rows[0]["value"]), _rows_evidence(rows))


def parse_score(value: str | None) -> tuple[str, float] | None:
    """'NKI 87.9' -> ('NKI', 87.9); None when the value has no trailing number."""
    if not value or " " not in value.strip():
        return None
    indicator, number = value.strip().rsplit(" ", 1)
    try:
        return indicator, float(number)
    except ValueError:
        return None


def _scores(c: _Collector, m: _Muni) -> None:
    scored = []
    for r in m.entities:
        if r["label"] == "SCORE":
            parsed = parse_score(_text(r["value"]))
            if parsed is not None:
                scored.append({**r, "_ind": parsed[0], "_val": parsed[1]})
    if not scored:  # fall back to score amounts, the indicator in `unit`
        scored = [
            {**r, "_ind": str(r["unit"]), "_val": float(r["value"])}
            for r in m.amounts
            if r["kind"] == "score" and not _missing(r["unit"])
        ]
    latest = _group(_latest_first(scored, m.docs), lambda r: r["_ind"])
    for key in sorted(latest):
        rows = latest[key]
        c.add("scores", key, float(rows[0]["_val"]), _rows_evidence(rows))


def _records(frame: pd.DataFrame, columns: Iterable[str]) -> list[Row]:
    """The frame's rows as dicts of the given columns (one pass, no per-row pandas)."""
    columns = list(columns)
    return [
        dict(zip(columns, values, strict=True))
        for values in zip(*(frame[c] for c in columns), strict=True)
    ]


def _slices(ds: Dataset, names: list[str]) -> dict[str, _Muni]:
    """Each municipality's rows of every table, split in one pass per table."""
    wanted = set(names)
    docs = ds.documents
    owner = {d: m for d, m in zip(docs["doc_id"], docs["municipality"], strict=True) if m in wanted}

    def split(rows: list[Row]) -> dict[str, list[Row]]:
        parts: dict[str, list[Row]] = {n: [] for n in names}
        for row in rows:
            name = owner.get(row["doc_id"])
            if name is not None:
                parts[name].append(row)
        return parts

    parts = {"documents": split(docs.to_dict("records"))}
    for table, columns in _COLUMNS_USED.items():
        parts[table] = split(_records(getattr(ds, table), columns))
    return {n: _Muni(n, *(parts[t][n] for t in parts)) for n in names}


def _zero_fill(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Add 0-rows so count measures have the same keys for every municipality.

    One pass over the rows collects each measure's keys and the (municipality,
    measure, key) triples present, so the cost is rows + municipalities x keys.
    """
    keys: dict[str, dict[str, None]] = {measure: {} for measure in ZERO_FILLED}
    have: set[tuple] = set()
    for name, measure, key in zip(
        frame["municipality"], frame["measure"], frame["key"], strict=True
    ):
        if measure in keys:
            keys[measure].setdefault(key)
            have.add((name, measure, key))
    extra = [
        {"municipality": name, "measure": measure, "key": k, "value": 0, "n_evidence": 0}
        for measure in ZERO_FILLED
        for name in names
        for k in keys[measure]
        if (name, measure, k) not in have
    ]
    if not extra:
        return frame
    return pd.concat([frame, pd.DataFrame(extra, columns=COLUMNS)], ignore_index=True)


def _key_rank(measure: str, key: str) -> tuple[int, int, str]:
    """Sort key for the count measures; others keep their computed order."""
    if measure == "documents":
        return (int(key == "total"), 0, key)
    if measure == "initiatives_by_status":
        statuses = codebook_codes("statuses")
        return (int(key not in statuses), statuses.index(key) if key in statuses else 0, key)
    if measure == "outcomes":
        return (int(key == OTHER_OUTCOME), 0, key)
    return (0, 0, "")


def _order(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Municipalities as requested, measures in MEASURES order, keys in a stable order."""
    pairs = list(zip(frame["measure"], frame["key"], strict=True))
    first_seen = {mk: i for i, mk in enumerate(dict.fromkeys(pairs))}
    ranked = sorted(first_seen, key=lambda mk: (_key_rank(*mk), first_seen[mk]))
    rank = {mk: i for i, mk in enumerate(ranked)}
    ordered = frame.assign(
        _m=frame["municipality"].map({n: i for i, n in enumerate(names)}),
        _ms=frame["measure"].map({n: i for i, n in enumerate(MEASURES)}),
        _k=[rank[mk] for mk in pairs],
    )
    ordered = ordered.sort_values(["_m", "_ms", "_k"], kind="stable")
    return ordered.drop(columns=["_m", "_ms", "_k"]).reset_index(drop=True)


def compare_with_evidence(
    dataset: Dataset,
    municipalities: Iterable[str] | None = None,
    top_organisations: int = TOP_ORGANISATIONS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(measures, evidence): the compare table and the sentences behind each row."""
    names = resolve_municipalities(dataset, municipalities)
    sentences = _sentence_index(dataset)
    rows: list[dict] = []
    evidence: list[dict] = []
    slices = _slices(dataset, names)
    for name in names:
        m = slices[name]
        c = _Collector(name)
        _documents(c, m)
        _period(c, m)
        _focus_areas(c, m, sentences)
        _initiatives(c, m)
        _money(c, m)
        _organisations(c, m, top_organisations)
        _outcomes(c, m)
        _scores(c, m)
        rows += c.rows
        evidence += c.evidence
    frame = pd.DataFrame(rows, columns=COLUMNS).astype({"value": object})
    frame = _order(_zero_fill(frame, names), names)
    frame["n_evidence"] = frame["n_evidence"].astype("int64")
    ev = pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS)
    ev["sent_idx"] = ev["sent_idx"].astype("Int64")
    return frame, ev


def compare(
    dataset: Dataset,
    municipalities: Iterable[str] | None = None,
    top_organisations: int = TOP_ORGANISATIONS,
) -> pd.DataFrame:
    """Tidy long table (municipality, measure, key, value, n_evidence); None = all.

    Raises UnknownMunicipalityError when a name matches no documents.municipality
    (case-insensitively) nor a kommunkod.
    """
    return compare_with_evidence(dataset, municipalities, top_organisations)[0]


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


def _wide(frame: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the side-by-side view: measure, key, one 'value (n)' per municipality."""
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


def _plain(header: list[str], body: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(r: list[str]) -> str:
        parts = [r[i].ljust(widths[i]) if i < 2 else r[i].rjust(widths[i]) for i in range(len(r))]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in body)])


def _markdown(header: list[str], body: list[list[str]]) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(esc(h) for h in header) + " |"]
    lines.append("|" + "|".join(["---", "---"] + ["---:"] * (len(header) - 2)) + "|")
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in body]
    return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def render_comparison(frame: pd.DataFrame, fmt: str = "table") -> str:
    """The compare table as table | csv | json | markdown text."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "csv":
        buf = io.StringIO()
        frame.to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue().rstrip("\n")
    if fmt == "json":
        records = [{k: _jsonable(v) for k, v in row.items()} for row in frame.to_dict("records")]
        return json.dumps(records, ensure_ascii=False, indent=2)
    header, body = _wide(frame)
    return _plain(header, body) if fmt == "table" else _markdown(header, body)


def compare_command(data_dir: str | Path, names: Iterable[str], fmt: str = "table") -> str:
    """What `kommunlens compare` prints: load the dataset, compare, render."""
    dataset = load_dataset(data_dir)
    return render_comparison(compare(dataset, list(names)), fmt)
