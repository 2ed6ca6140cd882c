"""Municipalities side by side: one tidy long table of measures, each with its evidence.

`compare` gives (municipality, measure, key, value, n_evidence) rows; `compare_with_evidence`
also gives the sentences behind every number, so the report can show them; `evaluator_view`
gives, per municipality, the lists an evaluator quotes (initiatives by year, money by role,
funder and year, outcomes with year and baseline, organisations worked with, official
indicators) and the same for the regional and national documents. The definitions live here
and in pipeline/dataset/view.py only: the summary table and the HTML report are built from
these rows.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.dataset import view
from pipeline.dataset.load import Dataset, date_or_none, document_span, load_dataset
from pipeline.dataset.names import NameMatcher
from pipeline.dataset.render import (  # noqa: F401  (format_value is re-exported)
    FORMATS,
    _jsonable,
    format_value,
    render_comparison,
    render_view,
)
from pipeline.dataset.view import missing as _missing
from pipeline.dataset.view import own_organisation  # noqa: F401  (re-exported)
from pipeline.resources import codebook, codes

COLUMNS = ["municipality", "measure", "key", "value", "n_evidence"]
EVIDENCE_COLUMNS = ["municipality", "measure", "key", "doc_id", "sent_idx", "sentence"]
MEASURES = (
    "documents",
    "period",
    "focus_area",
    "initiatives_by_type",
    "initiatives_by_status",
    "initiatives_by_year",
    "money_total_sek",
    "money_by_funder",
    "money_by_role_and_funder",
    "organisations",
    "outcomes",
    "outcomes_by_year",
    "outcome_latest",
    "scores",
    "kpi",
)
# Measures whose keys are filled with 0 for a municipality that has none of them.
ZERO_FILLED = (
    "documents",
    "initiatives_by_type",
    "initiatives_by_status",
    "initiatives_by_year",
    "outcomes",
)
FOCUS_THRESHOLD = codebook()["focus_area_threshold"]
TOP_ORGANISATIONS = 10
PART_DOCUMENTS = 1_000  # documents whose rows are Python records at once (see _slice_parts)
UNKNOWN_FUNDER = view.UNKNOWN
OTHER_OUTCOME = "other"
KEY_SEP = " | "  # joins the parts of a compound key: 'funding_received | Tillväxtverket | 2019'
REGIONAL = "(regional and national)"  # the section of documents without a municipality
MONEY_NOTE = (
    "money_total_sek and money_by_funder add up only funding (received or granted) and "
    "investment, over the period each amount states (a per-year amount counts in every year of "
    "it); an amount repeated in the same document counts once. money_by_role_and_funder lists "
    "every amount by role (unknown when the role was not found), funder and year; a lump sum "
    "over several years is not split over them (year null, with its period)."
)
INITIATIVE_NOTE = (
    "An initiative counts in every year of its own dates (a 2018–2024 programme in each of "
    "2018 to 2024), else in its document's year (year_source 'document')."
)


class UnknownMunicipalityError(ValueError):
    """A requested municipality has no documents; the message lists those that do."""

    def __init__(self, unknown: list[str], available: list[str], hints: dict | None = None):
        self.unknown = unknown
        self.available = available
        names = ", ".join(
            repr(n) + (f" (did you mean {' or '.join(hints[n])}?)" if hints and n in hints else "")
            for n in unknown
        )
        have = ", ".join(available) if available else "(none: no document has a municipality)"
        super().__init__(f"unknown municipality {names}; the data has: {have}")


def codebook_codes(section: str) -> list[str]:
    """Codes of a codebook section (focus_areas, statuses, ...) in codebook order."""
    return list(codes(section))


def name_matcher(ds: Dataset) -> NameMatcher:
    """Matches names as typed ('Ostersund', 'Kalix kommun', '2514') to the dataset's."""
    docs = ds.documents.dropna(subset=["municipality", "municipality_code"])
    code_map = dict(zip(docs["municipality_code"], docs["municipality"], strict=True))
    return NameMatcher(ds.municipalities(), code_map)


def resolve_municipalities(ds: Dataset, names: Iterable[str] | None) -> list[str]:
    """Canonical names for the requested ones; None = all.

    A name matches case-insensitively, without diacritics ('Ostersund'), with 'kommun'
    ('Kalix kommun', 'Östersunds kommun'), or as its kommunkod.
    """
    available = ds.municipalities()
    if names is None:
        return available
    matcher = name_matcher(ds)
    found: list[str] = []
    unknown: list[str] = []
    hints: dict[str, list[str]] = {}
    for name in names:
        hit = matcher.match(str(name))
        if hit is None:
            unknown.append(str(name))
            if matcher.ambiguous(str(name)):
                hints[str(name)] = matcher.ambiguous(str(name))
        elif hit not in found:
            found.append(hit)
    if unknown:
        raise UnknownMunicipalityError(unknown, available, hints)
    return found


Row = dict[str, Any]

# Columns each measure reads; rows are kept as plain dicts of just these.
COLUMNS_USED = {
    "entities": (
        "row_id",
        "doc_id",
        "sent_idx",
        "start_char",
        "sentence",
        "text",
        "label",
        "value",
        "kb_id",
    ),
    "amounts": (
        "row_id",
        "doc_id",
        "sent_idx",
        "start_char",
        "sentence",
        "kind",
        "value",
        "unit",
        "per",
        "role",
        "funder",
        "period_start",
        "period_end",
        "total_sek",
        "corrected",
    ),
    "initiatives": (
        "row_id",
        "doc_id",
        "initiative_id",
        "sent_idx",
        "start_char",
        "sentence",
        "text",
        "initiative_type",
        "status",
        "actors",
        "dates",
        "confidence",
        "corrected",
    ),
    "outcomes": (
        "row_id",
        "doc_id",
        "sent_idx",
        "start_char",
        "sentence",
        "text",
        "indicator",
        "value",
        "unit",
        "year",
        "baseline",
        "baseline_scope",
        "direction",
        "confidence",
        "corrected",
    ),
    "focus_areas": ("doc_id", "focus_area", "score", "evidence"),
}


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
    kpi: pd.DataFrame
    regional: bool = False

    @property
    def code(self) -> str | None:
        return next(
            (str(d["municipality_code"]) for d in self.docs if d["municipality_code"]), None
        )

    @property
    def owner(self) -> str | None:
        """The municipality whose own organisation is not a partner; None for regional."""
        return None if self.regional else self.name

    def doc_index(self) -> dict[str, Row]:
        return {d["doc_id"]: d for d in self.docs}


class _Collector:
    """Accumulates result rows and evidence rows for one municipality."""

    def __init__(self, municipality: str, max_evidence: int | None = None):
        self.municipality = municipality
        self.max_evidence = max_evidence  # per row; None: all
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
        if self.max_evidence is not None:
            evidence = evidence[: self.max_evidence]
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
            for i in view.items(r["evidence"])
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
    for year, items in view.initiatives_by_year(m.initiatives, m.doc_index()).items():
        evidence = [(i["document"]["doc_id"], i["sent_idx"], i["sentence"]) for i in items]
        c.add("initiatives_by_year", year, len(items), evidence)


def _money_key(cell: dict) -> str:
    if cell["year"] is not None:
        when = str(cell["year"])
    elif cell["period_start"] is not None:
        when = f"{cell['period_start']}–{cell['period_end']}"
    else:
        when = view.UNDATED
    return KEY_SEP.join([cell["role"], cell["funder"], when])


def _money(c: _Collector, m: _Muni) -> None:
    groups = view.money_groups(m.amounts, m.initiatives, m.entities, m.owner or "")
    funding = [g for g in groups if g["role"] in view.FUNDING_ROLES]
    c.add(
        "money_total_sek",
        "funding_and_investment",
        view.funding_total(groups),
        [e for g in funding for e in g["evidence"]],
    )
    per_year = [g for g in funding if g["per"] == "year"]
    c.add(
        "money_total_sek",
        "per_year",
        float(sum(g["value"] for g in per_year)),
        [e for g in per_year for e in g["evidence"]],
    )
    by_funder: dict[str, list] = {}
    for g in funding:
        entry = by_funder.setdefault(g["funder"], [0.0, []])
        entry[0] += g["total"]
        entry[1].extend(g["evidence"])
    for funder, (value, evidence) in sorted(by_funder.items(), key=lambda kv: (-kv[1][0], kv[0])):
        c.add("money_by_funder", funder, float(value), evidence)
    for cell in view.money_by_role_and_funder(groups):
        c.add("money_by_role_and_funder", _money_key(cell), cell["amount_sek"], cell["evidence"])


def _organisations(c: _Collector, m: _Muni, top: int) -> None:
    orgs = view.organisations_worked_with(m.entities, m.initiatives, m.amounts, m.owner)
    for org in orgs[:top]:
        c.add("organisations", org["organisation"], int(org["n_sentences"]), org["evidence"])


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
    return view.text(row["indicator"]) or OTHER_OUTCOME


def _outcomes(c: _Collector, m: _Muni) -> None:
    groups = _group(m.outcomes, _indicator)
    keys = sorted(set(groups) - {OTHER_OUTCOME})
    if OTHER_OUTCOME in groups:
        keys.append(OTHER_OUTCOME)
    for key in keys:
        c.add("outcomes", key, len(groups[key]), _rows_evidence(groups[key]))
    valued = [r for r in m.outcomes if not _missing(r["value"]) and _indicator(r) != OTHER_OUTCOME]
    latest_rows = _latest_first(valued, m.docs)
    docs = m.doc_index()
    by_year: dict[tuple, list[Row]] = {}
    for row in latest_rows:
        item = view.outcome_item(row, docs.get(row["doc_id"]))
        if item["year"] is not None:
            by_year.setdefault((item["indicator"], item["year"]), []).append(row)
    for indicator, year in sorted(by_year):
        rows = by_year[(indicator, year)]
        key = KEY_SEP.join([indicator, str(year)])
        c.add("outcomes_by_year", key, float(rows[0]["value"]), _rows_evidence(rows))
    latest = _group(latest_rows, _indicator)
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
            parsed = parse_score(view.text(r["value"]))
            if parsed is not None:
                scored.append({**r, "_ind": parsed[0], "_val": parsed[1]})
    if not scored:  # fall back to score amounts, the indicator in `unit`
        scored = [
            {**r, "_ind": str(r["unit"]), "_val": float(r["value"])}
            for r in m.amounts
            if r["kind"] == "score" and not _missing(r["unit"]) and not _missing(r["value"])
        ]
    latest = _group(_latest_first(scored, m.docs), lambda r: r["_ind"])
    for key in sorted(latest):
        rows = latest[key]
        c.add("scores", key, float(rows[0]["_val"]), _rows_evidence(rows))


def kpi_key(series: dict, year: str) -> str:
    """'N00914 | 2022', with the gender when it is not the total ('N00914 | 2022 | K')."""
    parts = [series["kpi_id"], year]
    if series["gender"] not in (None, "T"):
        parts.append(series["gender"])
    return KEY_SEP.join(parts)


def kpi_source(series: dict) -> str:
    """The evidence line of an official value: Kolada, the KPI and the imported file."""
    title = f" {series['kpi_title']}" if series["kpi_title"] else ""
    return f"Kolada {series['kpi_id']}{title} (imported from {series['source_file']})"


def _kpi(c: _Collector, m: _Muni) -> None:
    for series in view.kpi_series(m.kpi, m.code if not m.regional else None):
        for year, value in series["values"].items():
            c.add("kpi", kpi_key(series, year), value, [(None, None, kpi_source(series))])


def _records(frame: pd.DataFrame, columns: Iterable[str]) -> list[Row]:
    """The frame's rows as dicts of the given columns (one pass, no per-row pandas).

    A column the frame lacks (a dataset written before it existed) reads as null.
    """
    columns = list(columns)
    n = len(frame)
    cells = [frame[c] if c in frame.columns else [None] * n for c in columns]
    return [dict(zip(columns, values, strict=True)) for values in zip(*cells, strict=True)]


def _regional_counties(ds: Dataset, names: list[str]) -> set | None:
    """Counties whose regional documents go with these municipalities (None = all)."""
    if set(names) == set(ds.municipalities()):
        return None
    docs = ds.documents
    return set(docs.loc[docs["municipality"].isin(names), "county"].dropna())


def _owners(ds: Dataset, names: list[str], regional: bool = False) -> dict[str, str]:
    """doc_id -> the slice it belongs to: its municipality when among `names`, and with
    `regional`, REGIONAL for the documents without a municipality of the counties of
    `names` and those with no county (national)."""
    wanted = set(names)
    docs = ds.documents
    owner = {d: m for d, m in zip(docs["doc_id"], docs["municipality"], strict=True) if m in wanted}
    if regional:
        counties = _regional_counties(ds, names)
        for doc_id, name, county in zip(
            docs["doc_id"], docs["municipality"], docs["county"], strict=True
        ):
            if _missing(name) and (counties is None or _missing(county) or county in counties):
                owner[doc_id] = REGIONAL
    return owner


def _slices(ds: Dataset, names: list[str], regional: bool = False) -> dict[str, _Muni]:
    """Each municipality's rows of every table (with `regional`, one more slice, REGIONAL:
    see _owners)."""
    keys = [*names, REGIONAL] if regional else list(names)
    return _slices_of(ds, _owners(ds, names, regional), keys)


def _slices_of(ds: Dataset, owner: dict[str, str], keys: list[str]) -> dict[str, _Muni]:
    """The slices `keys` of the documents in `owner`, split in one pass per table; only
    those documents' rows become Python records."""

    def rows_of(frame: pd.DataFrame) -> pd.DataFrame:
        if len(owner) == len(ds.documents):
            return frame
        return frame[frame["doc_id"].isin(list(owner))]

    def split(rows: list[Row]) -> dict[str, list[Row]]:
        parts: dict[str, list[Row]] = {n: [] for n in keys}
        for row in rows:
            name = owner.get(row["doc_id"])
            if name is not None and name in parts:
                parts[name].append(row)
        return parts

    parts = {"documents": split(rows_of(ds.documents).to_dict("records"))}
    for table, columns in COLUMNS_USED.items():
        parts[table] = split(_records(rows_of(getattr(ds, table)), columns))
    return {
        n: _Muni(n, *(parts[t][n] for t in parts), kpi=ds.kpi, regional=n == REGIONAL) for n in keys
    }


def parts_by_documents(counts: Mapping[str, int], keys: list[str], size: int) -> list[list[str]]:
    """`keys` cut into consecutive parts of about `size` documents (`counts`: documents per
    key); a key is never split, so a part may hold more when one key does."""
    parts: list[list[str]] = [[]]
    held = 0
    for key in keys:
        if parts[-1] and held + counts.get(key, 0) > size:
            parts.append([])
            held = 0
        parts[-1].append(key)
        held += counts.get(key, 0)
    return [p for p in parts if p]


def _slice_parts(
    ds: Dataset, names: list[str], regional: bool = False, size: int | None = None
) -> Iterator[dict[str, _Muni]]:
    """The slices of _slices, a part of about `size` documents at a time: a large dataset's
    rows are never all Python records at once (the memory of a 10 000-document report)."""
    owner = _owners(ds, names, regional)
    keys = [*names, REGIONAL] if regional else list(names)
    counts = Counter(owner.values())
    for part in parts_by_documents(counts, keys, size or PART_DOCUMENTS):
        wanted = set(part)
        yield _slices_of(ds, {d: k for d, k in owner.items() if k in wanted}, part)


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
    if measure == "initiatives_by_year":
        return (int(key == view.UNDATED), 0, key)
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


def _measure(
    m: _Muni, sentences: dict, top_organisations: int, max_evidence: int | None = None
) -> _Collector:
    c = _Collector(m.name, max_evidence)
    _documents(c, m)
    _period(c, m)
    _focus_areas(c, m, sentences)
    _initiatives(c, m)
    _money(c, m)
    _organisations(c, m, top_organisations)
    _outcomes(c, m)
    _scores(c, m)
    _kpi(c, m)
    return c


def compare_with_evidence(
    dataset: Dataset,
    municipalities: Iterable[str] | None = None,
    top_organisations: int = TOP_ORGANISATIONS,
    regional: bool = False,
    max_evidence: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(measures, evidence): the compare table and the sentences behind each row (at most
    `max_evidence` per row when given; `n_evidence` counts them all).

    With `regional`, the rows end with REGIONAL: the documents without a municipality (of the
    compared municipalities' counties, and national ones).
    """
    names = resolve_municipalities(dataset, municipalities)
    sentences = _sentence_index(dataset)
    rows: list[dict] = []
    evidence: list[dict] = []
    keys = [*names, REGIONAL] if regional else list(names)
    for slices in _slice_parts(dataset, names, regional):
        for m in slices.values():
            c = _measure(m, sentences, top_organisations, max_evidence=max_evidence)
            rows += c.rows
            evidence += c.evidence
    ev = pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS)
    ev["sent_idx"] = ev["sent_idx"].astype("Int64")
    return measures_frame(rows, keys), ev


def measure_rows(
    dataset: Dataset, names: list[str], top_organisations: int = TOP_ORGANISATIONS
) -> list[dict]:
    """The compare rows of these municipalities, before zero-filling and ordering, without
    evidence: what `measures_frame` turns into the compare table.

    Each municipality's rows depend only on its own documents, so a caller may measure a
    large dataset part by part (consecutive municipalities at a time) and finish once.
    """
    slices = _slices(dataset, names)
    return [row for name in names for row in _measure(slices[name], {}, top_organisations, 0).rows]


def measures_frame(rows: list[dict], names: list[str]) -> pd.DataFrame:
    """The compare table from measured rows: count measures zero-filled so every
    municipality has the same keys, then municipalities, measures and keys in order."""
    frame = pd.DataFrame(rows, columns=COLUMNS).astype({"value": object})
    frame = _order(_zero_fill(frame, names), names)
    frame["n_evidence"] = frame["n_evidence"].astype("int64")
    return frame


def compare(
    dataset: Dataset,
    municipalities: Iterable[str] | None = None,
    top_organisations: int = TOP_ORGANISATIONS,
    regional: bool = False,
) -> pd.DataFrame:
    """Tidy long table (municipality, measure, key, value, n_evidence); None = all.

    Raises UnknownMunicipalityError when a name matches no municipality of the data (see
    resolve_municipalities for the forms accepted).
    """
    return compare_with_evidence(dataset, municipalities, top_organisations, regional)[0]


# ---------------------------------------------------------------- the evaluator's view


def _evidence_json(evidence: Iterable[tuple], docs: dict[str, Row]) -> list[dict]:
    out = []
    for doc_id, sent_idx, sentence in evidence:
        ref = view.document_ref(docs.get(doc_id), doc_id) if doc_id else {}
        out.append({**ref, "sent_idx": sent_idx, "sentence": sentence})
    return out


def _section(m: _Muni, measures: pd.DataFrame) -> dict[str, Any]:
    """One municipality's (or the regional documents') part of the view."""
    docs = m.doc_index()
    groups = view.money_groups(m.amounts, m.initiatives, m.entities, m.owner or "")
    money = view.money_by_role_and_funder(groups)
    for cell in money:
        cell["evidence"] = _evidence_json(cell["evidence"], docs)
    orgs = view.organisations_worked_with(m.entities, m.initiatives, m.amounts, m.owner)
    for org in orgs:
        org["evidence"] = _evidence_json(org["evidence"], docs)
    ordered_docs = sorted(
        m.docs, key=lambda d: (view.document_year(d) or 9999, str(d.get("title") or ""))
    )
    counties = [d["county"] for d in m.docs if not _missing(d.get("county"))]
    return {
        "municipality": None if m.regional else m.name,
        "municipality_code": None if m.regional else m.code,
        "county": None if m.regional or not counties else counties[0],
        "documents": [
            {**view.document_ref(d, d["doc_id"]), "county": view.text(d.get("county"))}
            for d in ordered_docs
        ],
        "initiatives_by_year": view.initiatives_by_year(m.initiatives, docs),
        "money_totals": {
            "funding_and_investment_sek": view.funding_total(groups),
            "by_funder_sek": {
                k: v
                for k, v in zip(
                    measures.loc[measures["measure"] == "money_by_funder", "key"],
                    measures.loc[measures["measure"] == "money_by_funder", "value"],
                    strict=True,
                )
            },
        },
        "money_by_role_and_funder": money,
        "outcomes": view.outcome_items(m.outcomes, docs),
        "organisations": orgs,
        "kpi": view.kpi_series(m.kpi, None if m.regional else m.code),
        "measures": [
            {k: _jsonable(v) for k, v in row.items() if k != "municipality"}
            for row in measures.to_dict("records")
        ],
    }


def evaluator_view(
    dataset: Dataset,
    municipalities: Iterable[str] | None = None,
    top_organisations: int = TOP_ORGANISATIONS,
    frame: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Per municipality (and for the regional and national documents) what an evaluator quotes.

    {"municipalities": {name: section}, "regional_and_national": section, "notes": {...}};
    a section has documents, initiatives_by_year, money_totals, money_by_role_and_funder,
    outcomes, organisations, kpi and the tidy measures (README: "compare --format json").
    `frame`: compare(..., regional=True) of the same names when the caller has it already.
    """
    names = resolve_municipalities(dataset, municipalities)
    if frame is None:
        frame = compare(dataset, names, top_organisations, regional=True)
    by_name = {name: part for name, part in frame.groupby("municipality", sort=False)}
    empty = frame.iloc[0:0]
    sections = {
        n: _section(m, by_name.get(n, empty))
        for slices in _slice_parts(dataset, names, regional=True)
        for n, m in slices.items()
    }
    regional = sections.pop(REGIONAL)
    return {
        "municipalities": sections,
        "regional_and_national": regional,
        "notes": {
            "money": MONEY_NOTE,
            "initiatives": INITIATIVE_NOTE,
            "outcomes": "An outcome's year is the year it refers to when the text states it, "
            "else its document's year (year_source); baseline is the comparison value stated "
            "with it (baseline_scope: county, country, previous_year).",
            "organisations": "Organisations named where the municipality does something or "
            "money moves; the municipality itself, political parties and projects are left out.",
            "corrected": "corrected is true for rows an analyst changed or added "
            "(corrections.csv).",
        },
    }


def clean_json(value: Any) -> Any:
    """Numpy scalars as Python, NaN as null, whole floats as ints, throughout a structure."""
    if isinstance(value, dict):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    return _jsonable(value)


def compare_command(data_dir: str | Path, names: Iterable[str], fmt: str = "table") -> str:
    """What `kommunlens compare` prints: load the dataset, compare, render.

    csv: the tidy rows (the regional and national documents last, as REGIONAL); json: the
    evaluator's view; table and markdown: the side-by-side measures, then per municipality
    the lists of the view.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    dataset = load_dataset(data_dir)
    names = list(names)
    if fmt == "csv":
        return render_comparison(compare(dataset, names, regional=True), fmt)
    full = evaluator_view(dataset, names)
    if fmt == "json":
        return json.dumps(clean_json(full), ensure_ascii=False, indent=2, allow_nan=False)
    frame = compare(dataset, names)
    return render_view(full, frame, fmt)
