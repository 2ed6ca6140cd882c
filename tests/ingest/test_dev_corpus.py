"""Every document of the development corpus (../shared) read as it is: sentences of a sane
length, furniture out of the prose, dates inside 1900-2100. Skips without ../shared."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from pipeline.extract.entities import collect
from pipeline.ingest import read_document
from pipeline.ingest.layout import split_units
from pipeline.nlp.chunks import chunk_text
from pipeline.nlp.dates import find_dates
from tests.conftest import shared_path

pytestmark = pytest.mark.slow  # reads every dev document, the 108-page PDF with OCR

MAX_SENTENCE_CHARS = 600
_BOUNDARY = re.compile(r"[.!?]\s+[A-ZÅÄÖ]")


def _documents() -> list[Path]:
    root = shared_path("corpus")
    files = [p for d in ("seeds", "public", "dev") for p in sorted((root / d).glob("*"))]
    return [p for p in files if p.suffix in (".txt", ".pdf")]


@cache
def _sentencizer():
    """The shipped pipeline's tokenizer and sentence component only (no NER: fast)."""
    from pipeline.nlp.loader import load_pipeline

    nlp = load_pipeline().nlp
    return nlp, nlp.get_pipe("kommunlens_sentences")


@cache
def _read(path: Path):
    return read_document(path)


@cache
def _sentences_of(path: Path):
    return _sentences(_read(path))


def _sentences(raw):
    nlp, sentences = _sentencizer()
    pieces = [(offset, sentences(nlp.make_doc(piece))) for offset, piece in chunk_text(raw.text)]
    return collect("doc", pieces, raw.layout).sentences


def _genuinely_long(sentence: str) -> bool:
    """A unit the source really wrote as one: nothing left that the rules would split."""
    return (
        "\n" not in sentence
        and not _BOUNDARY.search(sentence)
        and split_units([sentence]) == [sentence]
    )


def test_no_sentence_is_longer_than_the_source_made_it() -> None:
    too_long = []
    for path in _documents():
        for s in _sentences_of(path):
            if len(s.text) > MAX_SENTENCE_CHARS and not _genuinely_long(s.text):
                too_long.append((path.name, len(s.text), s.text[:120]))
    assert too_long == []


def test_furniture_is_never_a_sentence() -> None:
    for path in _documents():
        spans = [(s.start, s.end) for s in _read(path).layout]
        for s in _sentences_of(path):
            assert not any(a <= s.start < b for a, b in spans), (path.name, s.text)


def test_no_date_outside_1900_to_2100() -> None:
    for path in _documents():
        for match in find_dates(_read(path).text):
            assert match.date.start.year >= 1900 and match.date.end.year <= 2100, match
            assert match.date.end.year - match.date.start.year <= 100, match


@pytest.mark.parametrize("name", ["007_kungsbacka_ksau_protokoll_2024-04-09.txt"])
def test_minutes_sentences_do_not_run_over_items(name) -> None:
    for s in _sentences_of(shared_path("corpus", "dev", name)):
        assert len(re.findall(r"(?:^|\s)§\s*\d{3}\b", s.text)) <= 1, s.text
