"""Seed documents as the pipeline would segment them, for the extraction tests."""

from __future__ import annotations

from pipeline.dataset.records import Sentence
from pipeline.ingest.clean import clean_text
from tests.conftest import shared_path
from tests.fixtures.extract.segment import split_sentences


def seed_sentences(prefix: str) -> tuple[str, list[Sentence]]:
    """Clean text and sentences of the seed whose name starts with prefix; skips without ../shared."""
    (path,) = shared_path("corpus", "seeds").glob(f"{prefix}_*.txt")
    text = clean_text(path.read_text(encoding="utf-8"))
    return text, split_sentences(text)
