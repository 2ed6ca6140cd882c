"""Every sentence-derived row of minutes knows its § item."""

from __future__ import annotations

import datetime as dt

from pipeline.dataset.records import DateRecord, Sentence
from pipeline.minutes import Minutes
from pipeline.minutes.agenda import AgendaItem
from pipeline.minutes.rows import agenda_rows, sentence_paragraphs, with_paragraphs


def test_rows_get_the_paragraph_of_their_sentence() -> None:
    items = [
        AgendaItem("12", "KS 2023/41", "Hamnen", "Godkänns.", 100, 200),
        AgendaItem("13", None, "Budget", None, 200, 300),
        AgendaItem("14", None, "Endast i innehållet", None, 20, 40, in_body=False),
    ]
    sentences = [Sentence(0, 10, 30, "a"), Sentence(1, 120, 140, "b"), Sentence(2, 250, 260, "c")]
    paragraphs = sentence_paragraphs(sentences, items)
    assert paragraphs == {1: "12", 2: "13"}
    day = dt.date(2023, 3, 14)
    rows = [
        DateRecord("d", i, s.start, s.end, s.text, "x", "2023-03-14", day, day, "day", False)
        for i, s in enumerate(sentences)
    ]
    assert [r.agenda_paragraph for r in with_paragraphs(rows, paragraphs)] == [None, "12", "13"]
    assert with_paragraphs(rows, {}) is rows


def test_agenda_rows_keep_every_item() -> None:
    minutes = Minutes(
        dt.date(2023, 3, 14), "kommunstyrelsen", (AgendaItem("3 a", None, "T", None, 5, 9),)
    )
    (row,) = agenda_rows("doc", minutes)
    assert (row.paragraph, row.start_char, row.end_char) == ("3 a", 5, 9)
    assert agenda_rows("doc", None) == []
