"""The token-per-line NER format: IO runs, and B- tags that split adjacent entities."""

from __future__ import annotations

from pipeline.evaluate.ner_format import parse_ner_lines, sentence_spans


def test_io_runs_are_one_entity() -> None:
    assert sentence_spans(["PER", "PER", "O", "ORG"]) == [(0, 2, "PER"), (3, 4, "ORG")]


def test_b_tag_starts_a_new_entity_of_the_same_label() -> None:
    lines = ["Kalix\tB-ORG", "kommun\tI-ORG", "Tillväxtverket\tB-ORG", "och\tO", ""]
    (sentence,) = parse_ner_lines(lines)
    assert sentence.tags == ["ORG", "ORG", "B-ORG", "O"]
    assert sentence_spans(sentence.tags) == [(0, 2, "ORG"), (2, 3, "ORG")]


def test_b_tag_without_a_neighbour_reads_as_io() -> None:
    (sentence,) = parse_ner_lines(["i\tO", "Kalix\tB-LOC", ""])
    assert sentence.tags == ["O", "LOC"]
