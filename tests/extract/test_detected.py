"""Initiative and outcome rows from detector probabilities: clauses, groups, fields."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pipeline.classify.status import classify_status
from pipeline.dataset.records import EntityRecord, Sentence
from pipeline.extract.detect import candidates
from pipeline.extract.detected import (
    InitiativeDetector,
    OutcomeDetector,
    initiative_rows,
    outcome_rows,
)

TEXT = (
    "Kommunen har lanserat nya e-tjänster för företag.\n"
    "Årsmötet godkände dagordningen.\n"
    "Kommunen har lanserat nya e-tjänster för företag och besökare.\n"
    "NKI-värdet har ökat till 87,9 under 2022."
)


def _sentences() -> list[Sentence]:
    out, pos = [], 0
    for i, line in enumerate(TEXT.split("\n")):
        out.append(Sentence(i, pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _rows(proba, containment=0.5):
    sentences = _sentences()
    cands = candidates(sentences, [], "report", TEXT)
    det = InitiativeDetector(sentences=None, same=None, threshold=0.5, containment=containment)
    return initiative_rows(
        "d1",
        cands,
        np.asarray(proba),
        [],
        "Kalix",
        det,
        classify_type=lambda t: ["digital_service"] * len(t),
        classify_focus=lambda t: [[] for _ in t],
        classify_status=lambda t, lead, evidence=None: "completed",
    )


def test_one_initiative_mentioned_twice_is_one_row_with_two_mentions():
    (row,) = _rows([0.9, 0.1, 0.8, 0.2])
    assert row.n_mentions == 2 and len(row.mentions) == 4
    assert row.confidence == 0.9
    assert row.text.startswith("Kommunen har lanserat nya e-tjänster")
    assert TEXT[row.start_char : row.end_char] == row.text
    assert row.actor == "Kalix" and row.municipality == "Kalix"


def test_without_grouping_each_sentence_is_a_row_and_low_probabilities_are_dropped():
    rows = _rows([0.9, 0.1, 0.8, 0.2], containment=None)
    assert [r.n_mentions for r in rows] == [1, 1]
    assert _rows([0.2, 0.1, 0.3, 0.4]) == []


def test_status_reads_the_dates_of_the_mention_against_the_document_date():
    line = "Mässa för företagare den 14 mars i sporthallen."
    sentence = Sentence(0, 0, len(line), line, verbs=((0, 1, "?"),))
    date = EntityRecord("d1", 0, 25, 32, line, "14 mars", "DATE", "2024-03-14", None, "rule")
    cands = candidates([sentence], [date], "newsletter", line)
    det = InitiativeDetector(sentences=None, same=None, threshold=0.5)

    def status(published):
        (row,) = initiative_rows(
            "d1",
            cands,
            np.asarray([0.9]),
            [date],
            None,
            det,
            classify_type=lambda t: ["meeting_network"] * len(t),
            classify_focus=lambda t: [[] for _ in t],
            classify_status=classify_status,
            published=published,
        )
        return row.status

    assert status(dt.date(2024, 1, 20)) == "planned"
    assert status(dt.date(2024, 4, 2)) == "completed"


def test_formalities_of_minutes_are_never_initiatives():
    assert all("dagordningen" not in r.text for r in _rows([0.1, 0.99, 0.1, 0.1]))


def test_outcome_rows_carry_the_comparable_fields():
    sentences = _sentences()
    cands = candidates(sentences, [], "report", TEXT)
    rows = outcome_rows(
        "d1",
        cands,
        np.asarray([0.1, 0.1, 0.1, 0.95]),
        [],
        dt.date(2023, 1, 1),
        "Kalix",
        OutcomeDetector(sentences=None, threshold=0.8),
        classify_focus=lambda t: [[] for _ in t],
    )
    (o,) = rows
    assert (o.indicator, o.value, o.unit, o.direction) == ("nki", 87.9, "NKI", "increase")
    assert o.confidence == 0.95 and o.year == 2023


class _Always:
    """A pair model that calls every pair the same initiative."""

    def predict_proba(self, x):
        return np.column_stack([np.zeros(len(x)), np.ones(len(x))])


def test_a_follow_up_that_names_the_initiative_joins_it_but_unrelated_sentences_do_not():
    text = (
        "Regionen har startat samverkansprojektet Team Export för företag.\n"
        "Projektet pågår till 2026 med fokus på export.\n"
        "Kommunen har ordnat frukostmöten för företagare."
    )
    out, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        out.append(Sentence(i, pos, pos + len(line), line))
        pos += len(line) + 1
    cands = candidates(out, [], "report", text)
    det = InitiativeDetector(
        sentences=None, same=_Always(), threshold=0.5, same_threshold=0.3, containment=0.5
    )
    rows = initiative_rows(
        "d1",
        cands,
        np.asarray([0.8, 0.95, 0.9]),  # the follow-up is the likelier sentence
        [],
        "Kalix",
        det,
        classify_type=lambda t: ["other"] * len(t),
        classify_focus=lambda t: [[] for _ in t],
        classify_status=lambda t, lead, *_: "completed",
    )
    assert [r.n_mentions for r in rows] == [2, 1]
    assert rows[0].text.startswith("Regionen har startat")  # the statement speaks for it
