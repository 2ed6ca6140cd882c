"""The evaluator's view of one municipality's rows: what `compare` and the report list.

Pure functions over plain row dicts (one municipality's slice of the tables, see
pipeline/dataset/compare.py), each with the definition an evaluator needs to quote it:

- initiatives by year: an initiative counts in every year of its own dates ("2018–2024" counts
  in 2018, 2019, ..., 2024), else in its document's year (`year_source` says which);
- money by role, funder and year: a per-year amount counts in each year of its stated period;
  a lump sum over several years is not split (its `year` is null, its period given); totals add
  only funding (received or granted) and investment;
- outcomes with their year (stated, else the document's) and baseline;
- organisations worked with: organisations named where the municipality does something or
  money moves, other than the municipality itself, political parties and projects;
- official indicators (Kolada) per year.

Every item carries its evidence: (doc_id, sent_idx, sentence) per sentence behind it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

import pandas as pd

from pipeline.dataset.names import fold
from pipeline.resources import load_json, load_jsonl

Row = dict[str, Any]
Evidence = tuple[str | None, int | None, str | None]  # (doc_id, sent_idx, sentence)

FUNDING_ROLES = ("funding_received", "funding_granted", "investment")
UNKNOWN = "unknown"
UNDATED = "undated"
MAX_SPAN_YEARS = 30  # a longer range of years is not an initiative's period
YEARS = (1900, 2100)
GAZETTEER = "nlp/kommunlens_gazetteer/organisations.jsonl"


# ---------------------------------------------------------------- cells


def missing(value: object) -> bool:
    """True for null cells (None, NaN, NA, NaT)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def text(value: object) -> str | None:
    """A cell as str, None for null."""
    return None if missing(value) else str(value)


def items(value: object) -> list:
    """A list cell (numpy array from Parquet, list, or null) as a list."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return list(value)


def number(value: object) -> float | None:
    return None if missing(value) else float(value)  # type: ignore[arg-type]


def integer(value: object) -> int | None:
    return None if missing(value) else int(value)  # type: ignore[call-overload]


def evidence_of(rows: Iterable[Row]) -> list[Evidence]:
    """One evidence tuple per row, from its doc_id, sent_idx and sentence."""
    return [(r["doc_id"], integer(r.get("sent_idx")), r.get("sentence")) for r in rows]


# ---------------------------------------------------------------- documents


def document_year(doc: Row | None) -> int | None:
    """The year a document speaks from: published, else the start of its period."""
    if not doc:
        return None
    for column in ("published", "meeting_date", "period_start"):
        value = doc.get(column)
        if not missing(value):
            return value.year if isinstance(value, dt.date) else int(str(value)[:4])
    return None


def document_ref(doc: Row | None, doc_id: str) -> dict[str, Any]:
    """What a reader needs to find a document: id, title, file and date."""
    doc = doc or {}
    published = doc.get("published")
    return {
        "doc_id": doc_id,
        "title": text(doc.get("title")),
        "source_path": text(doc.get("source_path")),
        "doc_type": text(doc.get("doc_type")),
        "published": None if missing(published) else str(published)[:10],
    }


# ---------------------------------------------------------------- initiatives


def years_of_dates(values: Iterable[str]) -> tuple[int, int] | None:
    """The first and last year an initiative's dates cover ('2018/2024' -> (2018, 2024)).

    ISO values and ranges ('2021-02-01', '2018/2024'); years outside 1900–2100 are ignored,
    and a span longer than 30 years keeps only its first year (a goal year is not a period).
    """
    years = []
    for value in values:
        for part in str(value).split("/"):
            found = re.match(r"^\s*(\d{4})", part)
            if found and YEARS[0] <= int(found.group(1)) <= YEARS[1]:
                years.append(int(found.group(1)))
    if not years:
        return None
    first, last = min(years), max(years)
    if last - first > MAX_SPAN_YEARS:
        last = first
    return first, last


def initiative_years(row: Row, doc: Row | None) -> tuple[list[int], str | None]:
    """The years an initiative counts in, and where they come from ('text' or 'document')."""
    span = years_of_dates(items(row.get("dates")))
    if span:
        return list(range(span[0], span[1] + 1)), "text"
    year = document_year(doc)
    return ([year], "document") if year else ([], None)


def initiative_item(row: Row, doc: Row | None) -> dict[str, Any]:
    years, source = initiative_years(row, doc)
    return {
        "row_id": row.get("row_id"),
        "initiative_id": row.get("initiative_id"),
        "text": row.get("text"),
        "initiative_type": text(row.get("initiative_type")),
        "status": text(row.get("status")),
        "first_year": years[0] if years else None,
        "last_year": years[-1] if years else None,
        "year_source": source,
        "confidence": number(row.get("confidence")),
        "corrected": bool(row.get("corrected")),
        "document": document_ref(doc, row["doc_id"]),
        "sent_idx": integer(row.get("sent_idx")),
        "sentence": row.get("sentence"),
    }


def initiatives_by_year(rows: list[Row], docs: dict[str, Row]) -> dict[str, list[dict]]:
    """Year ('2018', ..., 'undated') -> the initiatives that count in it, in document order."""
    ordered = sorted(rows, key=lambda r: (r["doc_id"], integer(r.get("start_char")) or 0))
    by_year: dict[int | None, list[dict]] = {}
    for row in ordered:
        item = initiative_item(row, docs.get(row["doc_id"]))
        years, _ = initiative_years(row, docs.get(row["doc_id"]))
        for year in years or [None]:
            by_year.setdefault(year, []).append(item)
    keys = sorted(k for k in by_year if k is not None)
    out = {str(k): by_year[k] for k in keys}
    if None in by_year:
        out[UNDATED] = by_year[None]
    return out


# ---------------------------------------------------------------- money


def own_organisation(value: str, municipality: str) -> bool:
    """True for the municipality itself ('Kalix', 'Östersunds kommun', 'Kalix kommun')."""
    v, m = fold(value), fold(municipality)
    return v == m or (v.startswith(m) and "kommun" in v)


def guess_funder(candidates: list[str], municipality: str) -> str | None:
    """Another organisation before the municipality itself; None when there is none.

    The bare municipality name is what initiatives fall back to when no ORG is named,
    so it is not evidence of who pays; 'Kalix kommun' written in the sentence is.
    """
    candidates = [o for o in candidates if fold(o) != fold(municipality)]
    others = [o for o in candidates if not own_organisation(o, municipality)]
    if others:
        return others[0]
    return candidates[0] if candidates else None


def org_name(row: Row) -> str:
    """An ORG entity's name: its normalised value, else its text."""
    return text(row.get("value")) or row["text"]


def sentence_organisations(entities: list[Row]) -> dict[tuple, list[str]]:
    """(doc_id, sent_idx) -> the ORG names in that sentence, in text order."""
    orgs = sorted(
        (r for r in entities if r["label"] == "ORG"),
        key=lambda r: (r["doc_id"], r["start_char"]),
    )
    out: dict[tuple, list[str]] = {}
    for r in orgs:
        out.setdefault((r["doc_id"], int(r["sent_idx"])), []).append(org_name(r))
    return out


def money_groups(
    amounts: list[Row], initiatives: list[Row], entities: list[Row], municipality: str
) -> list[dict[str, Any]]:
    """The distinct money amounts of a municipality's documents, with role, funder and period.

    The same amount stated again in the same document (same value, per, role and period)
    counts once. The funder is the amount's own `funder`, else an organisation named in its
    sentence (initiative actors first).
    """
    money = sorted(
        (r for r in amounts if r.get("kind") == "money" and not missing(r.get("value"))),
        key=lambda r: (r["doc_id"], r["sent_idx"], r["start_char"]),
    )
    actors: dict[tuple, list[str]] = {}
    for r in initiatives:
        actors.setdefault((r["doc_id"], int(r["sent_idx"])), []).extend(items(r.get("actors")))
    in_sentence = sentence_organisations(entities)
    groups: dict[tuple, dict[str, Any]] = {}
    for row in money:
        where = (row["doc_id"], int(row["sent_idx"]))
        funder = text(row.get("funder")) or guess_funder(
            actors.get(where, []) + in_sentence.get(where, []), municipality
        )
        start, end = integer(row.get("period_start")), integer(row.get("period_end"))
        if start is not None and end is None:
            end = start
        if end is not None and start is None:
            start = end
        key = (
            row["doc_id"],
            float(row["value"]),
            text(row.get("per")),
            text(row.get("role")),
            start,
            end,
        )
        group = groups.setdefault(
            key,
            {
                "doc_id": row["doc_id"],
                "value": float(row["value"]),
                "per": text(row.get("per")),
                "role": text(row.get("role")) or UNKNOWN,
                "funder": None,
                "period_start": start,
                "period_end": end,
                "total_sek": number(row.get("total_sek")),
                "corrected": False,
                "evidence": [],
            },
        )
        group["funder"] = group["funder"] or funder
        group["corrected"] = group["corrected"] or bool(row.get("corrected"))
        group["evidence"].append((row["doc_id"], int(row["sent_idx"]), row.get("sentence")))
    for group in groups.values():
        group["funder"] = group["funder"] or UNKNOWN
        group["total"] = group_total(group)
    return list(groups.values())


def group_years(group: dict[str, Any]) -> list[int]:
    start, end = group["period_start"], group["period_end"]
    if start is None or end is None or end < start or end - start > MAX_SPAN_YEARS:
        return []
    return list(range(start, end + 1))


def group_total(group: dict[str, Any]) -> float:
    """The amount over its stated period: total_sek when given, a per-year amount times the
    years, else the amount."""
    if group["total_sek"] is not None:
        return group["total_sek"]
    years = group_years(group)
    if group["per"] == "year" and years:
        return group["value"] * len(years)
    return group["value"]


def money_by_year(group: dict[str, Any]) -> list[tuple[int | None, float]]:
    """(year, SEK) pieces of one amount: each year of a per-year amount's period; a lump sum
    in its one year, or whole (year None) when it covers several."""
    years = group_years(group)
    if group["per"] == "year" and years:
        return [(y, group["value"]) for y in years]
    if len(years) == 1:
        return [(years[0], group["total"])]
    return [(None, group["total"])]


def money_by_role_and_funder(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Role x funder x year -> SEK, with the amounts' evidence; largest role totals first."""
    cells: dict[tuple, dict[str, Any]] = {}
    for g in groups:
        for year, sek in money_by_year(g):
            period = (None, None) if year is not None else (g["period_start"], g["period_end"])
            key = (g["role"], g["funder"], year, *period)
            cell = cells.setdefault(
                key,
                {
                    "role": g["role"],
                    "funder": g["funder"],
                    "year": year,
                    "period_start": period[0],
                    "period_end": period[1],
                    "amount_sek": 0.0,
                    "n_amounts": 0,
                    "counts_in_total": g["role"] in FUNDING_ROLES,
                    "corrected": False,
                    "evidence": [],
                },
            )
            cell["amount_sek"] += sek
            cell["n_amounts"] += 1
            cell["corrected"] = cell["corrected"] or g["corrected"]
            cell["evidence"] += g["evidence"]
    order = {r: i for i, r in enumerate(FUNDING_ROLES)}
    return sorted(
        cells.values(),
        key=lambda c: (
            order.get(c["role"], len(order)),
            c["role"],
            c["funder"],
            c["year"] if c["year"] is not None else (c["period_start"] or 9999),
        ),
    )


def funding_total(groups: list[dict[str, Any]]) -> float:
    """SEK of funding (received or granted) and investment, over their stated periods."""
    return float(sum(g["total"] for g in groups if g["role"] in FUNDING_ROLES))


# ---------------------------------------------------------------- outcomes


def outcome_item(row: Row, doc: Row | None) -> dict[str, Any]:
    year = integer(row.get("year"))
    source = "text" if year is not None else None
    if year is None:
        year = document_year(doc)
        source = "document" if year is not None else None
    return {
        "row_id": row.get("row_id"),
        "indicator": text(row.get("indicator")) or "other",
        "value": number(row.get("value")),
        "unit": text(row.get("unit")),
        "year": year,
        "year_source": source,
        "baseline": number(row.get("baseline")),
        "baseline_scope": text(row.get("baseline_scope")),
        "direction": text(row.get("direction")),
        "text": row.get("text"),
        "confidence": number(row.get("confidence")),
        "corrected": bool(row.get("corrected")),
        "document": document_ref(doc, row["doc_id"]),
        "sent_idx": integer(row.get("sent_idx")),
        "sentence": row.get("sentence"),
    }


def outcome_items(rows: list[Row], docs: dict[str, Row]) -> list[dict[str, Any]]:
    """Outcomes by indicator, then year (undated last), then document order."""
    out = [outcome_item(r, docs.get(r["doc_id"])) for r in rows]
    return sorted(
        out,
        key=lambda o: (
            o["indicator"] == "other",
            o["indicator"],
            o["year"] if o["year"] is not None else 9999,
            o["document"]["doc_id"],
            o["sent_idx"] or 0,
        ),
    )


# ---------------------------------------------------------------- organisations


@cache
def _partner_rules() -> tuple[frozenset, frozenset, frozenset, tuple, dict[str, str]]:
    rules = load_json("report/partners.json")
    kinds: dict[str, str] = {}
    for org in load_jsonl(GAZETTEER):
        kind = org.get("kind") or ""
        kinds[str(org.get("id"))] = kind
        for name in [org.get("name"), *org.get("aliases", []), *org.get("abbreviations", [])]:
            if name:
                kinds.setdefault(fold(name), kind)
    return (
        frozenset(rules["excluded_kinds"]),
        frozenset(fold(p) for p in rules["parties"]),
        frozenset(rules["party_abbreviations"]),
        tuple(rules["party_suffixes"]),
        {**{fold(w): "project_word" for w in rules["project_words"]}, **kinds},
    )


def is_partner(name: str, kb_id: str | None, municipality: str | None) -> bool:
    """False for the municipality itself, political parties, projects and programmes."""
    excluded, parties, abbreviations, suffixes, kinds = _partner_rules()
    if municipality and own_organisation(name, municipality):
        return False
    key = fold(name)
    if key in parties or name.strip() in abbreviations or key.endswith(suffixes):
        return False
    kind = kinds.get(kb_id or "") or kinds.get(key)
    if kind in excluded:
        return False
    return not any(kinds.get(word) == "project_word" for word in re.findall(r"\w+", key))


def organisations_worked_with(
    entities: list[Row],
    initiatives: list[Row],
    amounts: list[Row],
    municipality: str | None,
) -> list[dict[str, Any]]:
    """Organisations named in a sentence with an initiative or an amount of money, as the
    initiative's actor or an ORG there; the number of such sentences, most first."""
    context = {(r["doc_id"], int(r["sent_idx"])) for r in initiatives}
    context |= {(r["doc_id"], int(r["sent_idx"])) for r in amounts if r.get("kind") == "money"}
    found: dict[str, dict[tuple, str | None]] = {}
    for r in entities:
        where = (r["doc_id"], int(r["sent_idx"]))
        if r["label"] != "ORG" or where not in context:
            continue
        name = org_name(r)
        if is_partner(name, text(r.get("kb_id")), municipality):
            found.setdefault(name, {})[where] = r.get("sentence")
    for r in initiatives:
        where = (r["doc_id"], int(r["sent_idx"]))
        for actor in items(r.get("actors")):
            if municipality and fold(actor) == fold(municipality):
                continue  # the initiatives' fallback actor: not an organisation named
            if is_partner(actor, None, municipality):
                found.setdefault(actor, {}).setdefault(where, r.get("sentence"))
    out = [
        {
            "organisation": name,
            "n_sentences": len(where),
            "evidence": [(d, s, sentence) for (d, s), sentence in sorted(where.items())],
        }
        for name, where in found.items()
    ]
    return sorted(out, key=lambda o: (-o["n_sentences"], o["organisation"]))


# ---------------------------------------------------------------- official indicators


def kpi_series(kpi: pd.DataFrame, code: str | None) -> list[dict[str, Any]]:
    """The Kolada values of one municipality: per KPI and gender, value by year."""
    if code is None or kpi.empty:
        return []
    rows = kpi[kpi["municipality_code"] == code]
    series: dict[tuple, dict[str, Any]] = {}
    for r in rows.sort_values(["kpi_id", "gender", "year"], na_position="first").to_dict("records"):
        gender = text(r.get("gender"))
        entry = series.setdefault(
            (r["kpi_id"], gender),
            {
                "kpi_id": r["kpi_id"],
                "kpi_title": text(r.get("kpi_title")),
                "gender": gender,
                "values": {},
                "source_file": text(r.get("source_file")),
            },
        )
        entry["kpi_title"] = entry["kpi_title"] or text(r.get("kpi_title"))
        entry["values"][str(int(r["year"]))] = number(r.get("value"))
    order = {None: 0, "T": 0, "K": 1, "M": 2}
    return sorted(series.values(), key=lambda s: (s["kpi_id"], order.get(s["gender"], 3)))
