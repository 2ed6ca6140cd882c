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
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.dataset.load import Dataset, date_or_none, document_span, fold, load_dataset
from pipeline.resources import resource_path

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
FOCUS_THRESHOLD = 0.5
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


@cache
def codebook() -> dict[str, Any]:
    """The parsed codebook.json (document types, focus areas, initiative types, statuses)."""
    with open(resource_path("codebook.json"), encoding="utf-8") as fh:
        return json.load(fh)


def codebook_codes(section: str) -> list[str]:
    """Codes of a codebook section (focus_areas, statuses, ...) in codebook order."""
    return [item["code"] for item in codebook()[section]]


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


@dataclass
class _Muni:
    """One municipality's slice of the tables."""

    name: str
    docs: pd.DataFrame
    entities: pd.DataFrame
    amounts: pd.DataFrame
    initiatives: pd.DataFrame
    outcomes: pd.DataFrame
    focus_areas: pd.DataFrame


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


def _rows_evidence(frame: pd.DataFrame) -> list[tuple]:
    return [
        (d, int(s), t)
        for d, s, t in zip(frame["doc_id"], frame["sent_idx"], frame["sentence"], strict=True)
    ]


def _doc_date(doc: dict) -> Any:
    """The date a document speaks from: published, else the end of its period."""
    return date_or_none(doc.get("published")) or document_span(doc)[1]


def _documents(c: _Collector, m: _Muni) -> None:
    docs = m.docs
    for doc_type in sorted(docs["doc_type"].dropna().unique()):
        ids = docs.loc[docs["doc_type"] == doc_type, "doc_id"]
        c.add("documents", str(doc_type), len(ids), [(d, None, None) for d in ids])
    c.add("documents", "total", len(docs), [(d, None, None) for d in docs["doc_id"]])


def _period(c: _Collector, m: _Muni) -> None:
    spans = [(row["doc_id"], *document_span(row)) for row in m.docs.to_dict("records")]
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
    fa = m.focus_areas
    areas = codebook_codes("focus_areas")
    areas += sorted(set(fa["focus_area"].dropna()) - set(areas))
    n_docs = len(m.docs)
    for area in areas:
        rows = fa[(fa["focus_area"] == area) & (fa["score"] >= FOCUS_THRESHOLD)]
        evidence = [
            (doc_id, int(i), sentences.get((doc_id, int(i))))
            for doc_id, ev in zip(rows["doc_id"], rows["evidence"], strict=True)
            for i in _items(ev)
        ]
        share = rows["doc_id"].nunique() / n_docs if n_docs else 0.0
        c.add("focus_area", area, float(share), evidence)


def _initiatives(c: _Collector, m: _Muni) -> None:
    ini = m.initiatives
    for measure, column in (
        ("initiatives_by_type", "initiative_type"),
        ("initiatives_by_status", "status"),
    ):
        keys = codebook_codes("statuses") if column == "status" else []
        keys += sorted(set(ini[column].dropna()) - set(keys))
        for key in keys:
            rows = ini[ini[column] == key]
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


def _money(c: _Collector, m: _Muni) -> None:
    money = m.amounts[m.amounts["kind"] == "money"].sort_values(
        ["doc_id", "sent_idx", "start_char"], kind="stable"
    )
    actors: dict[tuple, list[str]] = {}
    for d, s, a in zip(
        m.initiatives["doc_id"], m.initiatives["sent_idx"], m.initiatives["actors"], strict=True
    ):
        actors.setdefault((d, int(s)), []).extend(_items(a))
    orgs = m.entities[m.entities["label"] == "ORG"].sort_values(["doc_id", "start_char"])
    sentence_orgs: dict[tuple, list[str]] = {}
    for d, s, v, t in zip(
        orgs["doc_id"], orgs["sent_idx"], orgs["value"], orgs["text"], strict=True
    ):
        sentence_orgs.setdefault((d, int(s)), []).append(_text(v) or t)

    groups: dict[tuple, dict] = {}
    for row in money.to_dict("records"):
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
    orgs = m.entities[m.entities["label"] == "ORG"]
    if orgs.empty:
        return
    names = [_text(v) or t for v, t in zip(orgs["value"], orgs["text"], strict=True)]
    orgs = orgs.assign(_org=names)
    counts = orgs.groupby("_org").size().reset_index(name="n")
    counts = counts.sort_values(["n", "_org"], ascending=[False, True]).head(top)
    for org, n in zip(counts["_org"], counts["n"], strict=True):
        rows = orgs[orgs["_org"] == org].drop_duplicates(["doc_id", "sent_idx"])
        c.add("organisations", org, int(n), _rows_evidence(rows))


def _latest_first(frame: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered from the latest document (and latest position in it) to the earliest."""
    dates = {row["doc_id"]: _doc_date(row) for row in docs.to_dict("records")}
    keyed = frame.assign(
        _date=[dates.get(d) or pd.NaT for d in frame["doc_id"]],
    )
    keyed["_date"] = pd.to_datetime(keyed["_date"])
    return keyed.sort_values(
        ["_date", "doc_id", "start_char"], ascending=[False, True, False], na_position="last"
    )


def _outcomes(c: _Collector, m: _Muni) -> None:
    out = m.outcomes.assign(
        _ind=[_text(i) or OTHER_OUTCOME for i in m.outcomes["indicator"]],
    )
    keys = sorted(set(out["_ind"]) - {OTHER_OUTCOME})
    if OTHER_OUTCOME in set(out["_ind"]):
        keys.append(OTHER_OUTCOME)
    for key in keys:
        c.add(
            "outcomes", key, len(out[out["_ind"] == key]), _rows_evidence(out[out["_ind"] == key])
        )
    valued = _latest_first(out[out["value"].notna() & (out["_ind"] != OTHER_OUTCOME)], m.docs)
    for key in sorted(set(valued["_ind"])):
        rows = valued[valued["_ind"] == key]
        c.add("outcome_latest", key, float(rows["value"].iloc[0]), _rows_evidence(rows))


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
    ent = m.entities[m.entities["label"] == "SCORE"]
    parsed = [parse_score(_text(v)) for v in ent["value"]]
    keep = [p is not None for p in parsed]
    ent = ent[keep].assign(_ind=[p[0] for p in parsed if p], _val=[p[1] for p in parsed if p])
    if ent.empty:  # fall back to score amounts, the indicator in `unit`
        am = m.amounts[(m.amounts["kind"] == "score") & m.amounts["unit"].notna()]
        ent = am.assign(_ind=am["unit"].astype(str), _val=am["value"].astype(float))
    ent = _latest_first(ent, m.docs)
    for key in sorted(set(ent["_ind"])):
        rows = ent[ent["_ind"] == key]
        c.add("scores", key, float(rows["_val"].iloc[0]), _rows_evidence(rows))


def _slices(ds: Dataset, names: list[str]) -> dict[str, _Muni]:
    """Each municipality's rows of every table, split in one pass per table."""
    docs = ds.documents[ds.documents["municipality"].isin(names)]
    owner = dict(zip(docs["doc_id"], docs["municipality"], strict=True))

    def split(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
        keyed = frame["doc_id"].map(owner)
        groups = {k: g for k, g in frame.groupby(keyed, sort=False)} if len(frame) else {}
        return {n: groups.get(n, frame.iloc[0:0]) for n in names}

    parts = {
        name: split(getattr(ds, name))
        for name in ("documents", "entities", "amounts", "initiatives", "outcomes", "focus_areas")
    }
    return {n: _Muni(n, *(parts[t][n] for t in parts)) for n in names}


def _zero_fill(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Add 0-rows so count measures have the same keys for every municipality."""
    extra = []
    for measure in ZERO_FILLED:
        sub = frame[frame["measure"] == measure]
        keys = list(dict.fromkeys(sub["key"]))
        for name in names:
            have = set(sub.loc[sub["municipality"] == name, "key"])
            extra += [
                {"municipality": name, "measure": measure, "key": k, "value": 0, "n_evidence": 0}
                for k in keys
                if k not in have
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
