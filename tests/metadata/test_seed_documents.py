"""Municipality, type and date of the five seed documents, read the way a run reads them."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.ingest import read_document
from pipeline.metadata import detect_metadata
from tests.conftest import shared_path

SEEDS = [
    ("000_0793a58d85c61baf.txt", "Södertälje", "newsletter", dt.date(2021, 12, 22)),
    ("001_2bf8b921bb3f0e7e.txt", "Östersund", "article", dt.date(2021, 3, 30)),
    ("002_a1918409e52043a6.txt", "Hallstahammar", "article", None),
    ("003_392f774165b4c2b3.txt", "Kalix", "report", None),
    ("004_df4af4229e245a22.txt", None, "minutes", dt.date(2020, 12, 14)),
]


@pytest.mark.parametrize(("seed", "municipality", "doc_type", "published"), SEEDS)
def test_seed_metadata(seed, municipality, doc_type, published):
    meta = detect_metadata(read_document(shared_path("corpus", "seeds", seed)))
    assert meta.municipality == municipality
    assert meta.doc_type == doc_type
    assert meta.published == published
    assert meta.language == "sv"
    assert meta.title


def test_regional_minutes_get_their_county():
    meta = detect_metadata(read_document(shared_path("corpus", "seeds", SEEDS[4][0])))
    assert meta.municipality is None and meta.municipality_code is None
    assert meta.county == "Jämtlands län"
