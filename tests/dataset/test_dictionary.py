from __future__ import annotations

from pathlib import Path

from pipeline.dataset.dictionary import render_data_dictionary
from pipeline.dataset.schema import columns, table_names

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"


def test_committed_dictionary_matches_the_schema():
    assert DOC.read_text(encoding="utf-8") == render_data_dictionary(), (
        "run: python -m training.data_dictionary"
    )


def test_every_column_is_described():
    text = render_data_dictionary()
    for table in table_names():
        for col in columns(table):
            assert f"| `{col}` |" in text
