from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from pipeline.dataset.records import (
    AgendaItemRecord,
    AmountRecord,
    DateRecord,
    DocumentRecord,
    EntityRecord,
    ErrorRecord,
    FocusAreaRecord,
    InitiativeRecord,
    OutcomeRecord,
)
from pipeline.dataset.schema import arrow_schema, columns, table_names, to_arrow, validate_frame

RECORDS = {
    "documents": DocumentRecord,
    "entities": EntityRecord,
    "dates": DateRecord,
    "amounts": AmountRecord,
    "initiatives": InitiativeRecord,
    "outcomes": OutcomeRecord,
    "focus_areas": FocusAreaRecord,
    "agenda_items": AgendaItemRecord,
    "errors": ErrorRecord,
}
DERIVED = ("row_id", "corrected")  # set when the tables are built, not by the records


@pytest.mark.parametrize("table", list(RECORDS))
def test_record_fields_match_the_contract(table):
    contract_columns = [c for c in columns(table) if c not in DERIVED]
    assert list(RECORDS[table].__dataclass_fields__) == contract_columns
    assert next(iter(columns(table))) == "row_id"


def test_every_contract_table_has_a_record_or_is_derived():
    assert set(RECORDS) <= set(table_names())


def test_rows_become_typed_sorted_tables():
    rows = [
        ErrorRecord(
            "b.pdf", "ingest", "corrupt_pdf", "bad", dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        ),
        ErrorRecord(
            "a.txt", "ingest", "empty_file", "empty", dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        ),
    ]
    table = to_arrow("errors", rows)
    assert table.column("source_path").to_pylist() == ["a.txt", "b.pdf"]
    assert table.schema.field("when").type == pa.timestamp("us", tz="UTC")
    assert validate_frame("errors", table) == []


def test_validator_reports_wrong_types_and_nulls():
    table = to_arrow("focus_areas", [FocusAreaRecord("d1", "digitalisation", 0.9, 2, [1, 2])])
    wrong = table.set_column(3, "score", pa.array(["0.9"]))
    assert any("score" in p for p in validate_frame("focus_areas", wrong))
    nulls = table.set_column(1, "doc_id", pa.array([None], pa.string()))
    assert any("doc_id" in p and "null" in p for p in validate_frame("focus_areas", nulls))


def test_empty_table_conforms():
    assert validate_frame("outcomes", arrow_schema("outcomes").empty_table()) == []


def test_row_ids_are_stable_and_distinct():
    first = FocusAreaRecord("d1", "digitalisation", 0.9, 2, [1, 2])
    second = FocusAreaRecord("d1", "crisis_support", 0.2, 0, [])
    table = to_arrow("focus_areas", [first, second])
    ids = table.column("row_id").to_pylist()
    assert len(set(ids)) == 2
    again = to_arrow("focus_areas", [FocusAreaRecord("d1", "digitalisation", 0.4, 1, [3])])
    assert again.column("row_id").to_pylist()[0] in ids  # same fact, same id, new score
    assert table.column("corrected").to_pylist() == [False, False]


def _initiative(start: int, text: str, sentence: str = "S.") -> InitiativeRecord:
    return InitiativeRecord(
        "d1", f"d1-{start}", 0, start, start + len(text), sentence, text, "funding",
        "planned", [], [], [], [], "Kalix",
    )  # fmt: skip


def test_row_ids_follow_the_fact_not_its_offsets():
    """The same fact found at other offsets (another cleaner or sentence splitter) keeps its id;
    a fact written twice gets two ids, numbered in document order."""
    first = to_arrow(
        "initiatives", [_initiative(10, "a"), _initiative(50, "b"), _initiative(90, "a")]
    )
    ids = dict(
        zip(
            first.column("initiative_id").to_pylist(),
            first.column("row_id").to_pylist(),
            strict=True,
        )
    )
    assert len(set(ids.values())) == 3
    shifted = to_arrow(
        "initiatives", [_initiative(95, "a", "Other."), _initiative(15, "a"), _initiative(55, "b")]
    )
    again = dict(
        zip(
            shifted.column("start_char").to_pylist(),
            shifted.column("row_id").to_pylist(),
            strict=True,
        )
    )
    assert again[15] == ids["d1-10"] and again[95] == ids["d1-90"] and again[55] == ids["d1-50"]


def test_row_ids_are_unique_in_every_table_of_the_synthetic_dataset():
    from tests.fixtures.dataset.synthetic import synthetic_tables

    for name, table in synthetic_tables().items():
        ids = table.column("row_id").to_pylist()
        assert len(ids) == len(set(ids)), name
