"""What an amount of money is: its role, who pays and who receives, and the years it covers.

The role comes from the words of the amount's clause (resources/money_roles.json): tax
paid by firms or a turnover is not funding, a budget is not a cost. Funding is money the
municipality received when someone else gives it (Tillväxtverket "delat ut 1 760 000 kronor
per år till varje kommun"), money it granted when it gives to others. A per-year amount
with a stated period ("från 2018 till 2024", here or in a neighbouring sentence) gets
`total_sek` over the whole period (1 760 000 x 7 = 12 320 000).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from pipeline.dataset.records import AmountRecord, DateRecord, EntityRecord, Sentence
from pipeline.resources import load_json

MUNICIPAL_RE = re.compile(r"\b(?:kommun\w*|vi|oss)\b", re.IGNORECASE)
CLAUSE_BREAK_RE = re.compile(r"[;.!?]\s|\s–\s")
MAX_YEARS = 30


@cache
def _rules() -> dict:
    return load_json("money_roles.json")


@cache
def _cue_res() -> dict[str, re.Pattern[str]]:
    return {
        role: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in cues) + ")", re.IGNORECASE)
        for role, cues in _rules()["cues"].items()
    }


def _clause(sentence: str, start: int, end: int) -> str:
    """The part of the sentence around the amount, up to the nearest clause breaks."""
    left = max((m.end() for m in CLAUSE_BREAK_RE.finditer(sentence, 0, start)), default=0)
    right = next((m.start() for m in CLAUSE_BREAK_RE.finditer(sentence, end)), len(sentence))
    return sentence[left:right]


def role_of(clause: str) -> str:
    """The first role (in the resource's order) whose cue occurs in the clause."""
    res = _cue_res()
    for role in _rules()["order"]:
        if res[role].search(clause):
            return role
    return "other"


def _orgs(ents: Sequence[EntityRecord]) -> list[EntityRecord]:
    return [e for e in ents if e.label == "ORG"]


def parties(
    sentence: Sentence, amount: AmountRecord, ents: Sequence[EntityRecord]
) -> tuple[str | None, str | None]:
    """(funder, recipient) as written: an organisation after "från"/"av", or the subject of
    a giving verb; the organisation (or municipality) after "till"."""
    rules = _rules()
    text = sentence.text
    a0 = amount.start_char - sentence.start
    funder = recipient = None
    for e in _orgs(ents):
        e0 = e.start_char - sentence.start
        before = text[max(0, e0 - 12) : e0].lower().split()
        word = before[-1] if before else ""
        name = e.value or e.text
        if word in rules["funder_before"] and funder is None:
            funder = name
        elif word in rules["recipient_before"] and recipient is None and e0 > a0:
            recipient = name
    if funder is None:
        low = text.lower()
        verbs = [low.find(v) for v in rules["giving_verbs"] if low.find(v) >= 0]
        if verbs:
            verb_at = min(verbs)
            subjects = [e for e in _orgs(ents) if e.start_char - sentence.start < verb_at]
            if subjects:
                funder = subjects[-1].value or subjects[-1].text
    if recipient is None:
        after = text[a0:].lower()
        m = re.search(
            r"\btill\s+(varje kommun|kommunerna|kommunen|[A-ZÅÄÖ]\w+ kommun)", text[a0:], re.I
        )
        if m:
            recipient = m.group(1) if "kommun" in after else None
    return funder, recipient


def funding_direction(funder: str | None, recipient: str | None, municipality: str | None) -> str:
    """funding_received or funding_granted, from who gives to whom."""
    giver_is_municipal = bool(funder) and (
        (municipality and municipality in funder) or bool(MUNICIPAL_RE.fullmatch(funder or ""))
    )
    if giver_is_municipal:
        return "funding_granted"
    if (
        recipient
        and not MUNICIPAL_RE.search(recipient)
        and not (municipality and municipality in recipient)
    ):
        return "funding_granted" if not funder else "funding_received"
    return "funding_received"


def _year_range(dates: Sequence[DateRecord]) -> tuple[int, int] | None:
    for d in dates:
        a, b = d.date_start.year, d.date_end.year
        if b > a and b - a < MAX_YEARS:
            return a, b
    years = sorted({d.date_start.year for d in dates if d.granularity == "year"})
    if len(years) == 2 and 0 < years[1] - years[0] < MAX_YEARS:
        return years[0], years[1]
    return None


def period_of(
    amount: AmountRecord,
    sentences: Sequence[Sentence],
    dates_by_sent: dict[int, list[DateRecord]],
) -> tuple[int, int] | None:
    """The years a per-year amount covers: a range in its sentence, else in a neighbour."""
    window = _rules()["period_window_sentences"]
    order = [amount.sent_idx]
    for k in range(1, window + 1):
        order += [amount.sent_idx + k, amount.sent_idx - k]
    for idx in order:
        if 0 <= idx < len(sentences):
            found = _year_range(dates_by_sent.get(idx, []))
            if found is not None:
                return found
    return None


def with_money_roles(
    amounts: Sequence[AmountRecord],
    sentences: Sequence[Sentence],
    entities: Sequence[EntityRecord],
    dates: Sequence[DateRecord],
    municipality: str | None,
) -> list[AmountRecord]:
    """The amounts with role, funder, recipient, period and total_sek set for money."""
    by_sent: dict[int, list[EntityRecord]] = {}
    for e in entities:
        by_sent.setdefault(e.sent_idx, []).append(e)
    dates_by_sent: dict[int, list[DateRecord]] = {}
    for d in dates:
        dates_by_sent.setdefault(d.sent_idx, []).append(d)
    out = []
    for a in amounts:
        if a.kind != "money" or a.value is None or not (0 <= a.sent_idx < len(sentences)):
            out.append(a)
            continue
        s = sentences[a.sent_idx]
        clause = _clause(s.text, a.start_char - s.start, a.end_char - s.start)
        role = role_of(clause)
        funder, recipient = parties(s, a, by_sent.get(a.sent_idx, []))
        if role == "funding":
            role = funding_direction(funder, recipient, municipality)
        period = period_of(a, sentences, dates_by_sent) if a.per == "year" else None
        if period is None and a.per != "year":
            period = _year_range(dates_by_sent.get(a.sent_idx, []))
        total = a.value
        if a.per == "year" and period is not None:
            total = a.value * (period[1] - period[0] + 1)
        out.append(
            replace(
                a,
                role=role,
                funder=funder,
                recipient=recipient,
                period_start=period[0] if period else None,
                period_end=period[1] if period else None,
                total_sek=total,
            )
        )
    return out
