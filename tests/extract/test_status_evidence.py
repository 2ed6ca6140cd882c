"""Evidence for the status rules: verb forms inside the mention, coming dates, programme lists."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dataset.records import EntityRecord, Sentence
from pipeline.extract.detect import candidates
from pipeline.extract.status_evidence import date_start, status_evidence


def _doc(lines: list[str], verbs: dict[int, tuple] | None = None) -> tuple[str, list[Sentence]]:
    out, pos = [], 0
    for i, line in enumerate(lines):
        out.append(Sentence(i, pos, pos + len(line), line, verbs=(verbs or {}).get(i, ())))
        pos += len(line) + 1
    return "\n".join(lines), out


def _date(s: Sentence, phrase: str, value: str) -> EntityRecord:
    start = s.start + s.text.index(phrase)
    return EntityRecord(
        "d", s.idx, start, start + len(phrase), s.text, phrase, "DATE", value, None, "rule"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-01-14", dt.date(2021, 1, 14)),
        ("2022-02", dt.date(2022, 2, 1)),
        ("2022-02-02/2022-02-06", dt.date(2022, 2, 2)),
        ("2022", None),
        (None, None),
        ("2022-13", None),
    ],
)
def test_date_start(value, expected) -> None:
    assert date_start(value) == expected


def test_verb_forms_only_inside_the_mention() -> None:
    line = "Kommunen satsar på cykelvägar och regionen byggde en bro."
    text, sents = _doc([line], {0: ((9, 15, "Pres"), (44, 50, "Past"))})
    cands = candidates(sents, [], "article", text)
    first = status_evidence(cands, 0, 0, 30, [], None)
    assert first.forms == ("Pres",) and first.tagged
    assert status_evidence(cands, 0, 0, len(line), [], None).forms == ("Pres", "Past")


def test_a_date_after_the_document_date_is_coming_unless_it_is_a_purpose() -> None:
    lines = [
        "Träff med handlarna den 14 mars i Folkets hus.",
        "Föreningen får bidrag för att kunna ordna mässan i augusti.",
    ]
    text, sents = _doc(lines, {0: (), 1: ((11, 14, "Pres"),)})
    cands = candidates(sents, [], "newsletter", text)
    march = [_date(sents[0], "14 mars", "2021-03-14")]
    span = (sents[0].start, sents[0].end)
    assert status_evidence(cands, 0, *span, march, dt.date(2021, 1, 10)).future_date
    assert not status_evidence(cands, 0, *span, march, dt.date(2021, 5, 1)).future_date
    assert not status_evidence(cands, 0, *span, march, None).future_date
    august = [_date(sents[1], "augusti", "2021-08")]
    span = (sents[1].start, sents[1].end)
    assert not status_evidence(cands, 1, *span, august, dt.date(2021, 5, 1)).future_date


@pytest.mark.parametrize(
    ("opening", "lead_in", "lead_verbs", "expected"),
    [
        ("Nämnden har tagit fram ett åtgärdsprogram för handeln.", "Så här ser det ut:", (), True),
        ("Nämnden har träffat handlarna i centrum.", "Så här ser det ut:", (), False),
        (
            "Åtgärdsprogrammet följdes upp i våras.",
            "Programmet innehöll:",
            ((11, 19, "Past"),),
            False,
        ),
    ],
)
def test_list_under_a_programme(
    opening: str, lead_in: str, lead_verbs: tuple, expected: bool
) -> None:
    # numbered items whose number the splitter left as a sentence of its own
    lines = [opening, lead_in, "1.", "Bättre skyltning i centrum", "2.", "Fler bänkar"]
    text, sents = _doc(lines, {1: lead_verbs})
    cands = candidates(sents, [], "article", text)
    for i in (3, 5):
        s = sents[i]
        assert status_evidence(cands, i, s.start, s.end, [], None).plan_list is expected
    s = sents[0]
    assert not status_evidence(cands, 0, s.start, s.end, [], None).plan_list
