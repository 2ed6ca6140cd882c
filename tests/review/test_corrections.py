"""corrections.csv: reading, applying (drop, set, add), stale and bad lines, appending."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest

from pipeline.dataset.assemble import build_tables
from pipeline.dataset.records import DocumentRecord, DocumentResult
from pipeline.review.corrections import (
    FIELDS,
    Correction,
    append_corrections,
    apply_corrections,
    parse_corrections,
    read_corrections,
)
from tests.fixtures.dataset.synthetic import synthetic_tables

WHEN = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def tables() -> dict[str, pa.Table]:
    return synthetic_tables()


def _row(tables: dict, table: str, **match) -> dict:
    rows = [r for r in tables[table].to_pylist() if all(r[k] == v for k, v in match.items())]
    assert len(rows) == 1, (table, match, len(rows))
    return rows[0]


def test_parse_reads_the_columns_and_skips_comments_and_blank_lines():
    text = (
        "\ufefftable,row_id,action,column,value,note,who,when\n"
        "# a comment line\n"
        "\n"
        'initiatives,abc,set,status,planned,"said so, in §4",anna,2025-01-01\n'
        "initiatives,def,drop,,,,,\n"
    )
    corrections, bad = parse_corrections(text)
    assert bad == []
    assert [(c.row_id, c.action, c.line) for c in corrections] == [
        ("abc", "set", 4),
        ("def", "drop", 5),
    ]
    assert corrections[0].note == "said so, in §4"


def test_parse_accepts_semicolons_as_spreadsheets_save_them():
    corrections, bad = parse_corrections("table;row_id;action;column;value\noutcomes;x;drop;;\n")
    assert bad == [] and corrections[0].table == "outcomes"


def test_parse_reports_unreadable_lines_with_their_number():
    text = "table,row_id,action\ninitiatives,a,explode\nkpi,b,drop\ninitiatives,,drop\n"
    corrections, bad = parse_corrections(text)
    assert corrections == []
    assert [line for line, _ in bad] == [2, 3, 4]
    assert "explode" in bad[0][1] and "kpi" in bad[1][1] and "row_id" in bad[2][1]


def test_drop_set_and_add(tables):
    grant = _row(tables, "initiatives", text="tagit fram ett platsvarumärke")
    planned = _row(tables, "initiatives", text="fortsätta med företagsbesök")
    added = {
        "doc_id": "a3a3a3a3a3a3a3a3",
        "text": "leverantörsträff om upphandling",
        "initiative_type": "procurement",
        "status": "planned",
        "dates": ["2023"],
    }
    corrections = [
        Correction("initiatives", grant["row_id"], "drop", note="a brand, not an initiative"),
        Correction("initiatives", planned["row_id"], "set", "status", "ongoing"),
        Correction(
            "initiatives", planned["row_id"], "set", "focus_areas", "digitalisation; crisis_support"
        ),
        Correction("initiatives", "", "add", value=json.dumps(added, ensure_ascii=False)),
    ]
    out = apply_corrections(tables, corrections, WHEN)
    assert out.problems == [] and len(out.applied) == 4
    rows = out.tables["initiatives"].to_pylist()
    assert grant["row_id"] not in {r["row_id"] for r in rows}
    changed = _row(out.tables, "initiatives", row_id=planned["row_id"])
    assert changed["status"] == "ongoing" and changed["corrected"] is True
    assert changed["focus_areas"] == ["digitalisation", "crisis_support"]
    new = _row(out.tables, "initiatives", text="leverantörsträff om upphandling")
    assert new["corrected"] is True and new["municipality"] == "Kalix"  # from its document
    assert new["row_id"].startswith("add-") and new["sent_idx"] == -1 and new["actors"] == []
    assert len(rows) == tables["initiatives"].num_rows  # one dropped, one added
    untouched = [r for r in rows if r["row_id"] not in {planned["row_id"], new["row_id"]}]
    assert not any(r["corrected"] for r in untouched)
    assert out.tables["entities"] is tables["entities"]  # tables without corrections as they were


def test_added_rows_keep_their_id_from_run_to_run(tables):
    line = Correction("outcomes", "", "add", value='{"doc_id": "c1c1c1c1c1c1c1c1", "text": "x"}')
    first = apply_corrections(tables, [line], WHEN).tables["outcomes"]
    second = apply_corrections(tables, [line, line], WHEN).tables["outcomes"]
    assert first.num_rows == second.num_rows == tables["outcomes"].num_rows + 1
    assert set(first.column("row_id").to_pylist()) == set(second.column("row_id").to_pylist())


def test_a_correction_of_a_missing_row_is_a_stale_error_row(tables):
    out = apply_corrections(
        tables,
        [
            Correction("initiatives", "0123456789abcdef", "drop", line=7, note="old"),
            Correction("outcomes", "", "add", value='{"doc_id": "gone", "text": "x"}', line=8),
        ],
        WHEN,
    )
    assert [(e.source_path, e.stage, e.error_type) for e in out.problems] == [
        ("corrections.csv:7", "correction", "stale_correction"),
        ("corrections.csv:8", "correction", "stale_correction"),
    ]
    assert "0123456789abcdef" in out.problems[0].message and "kept" in out.problems[0].message
    assert out.tables["initiatives"].num_rows == tables["initiatives"].num_rows


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("status", "finished", "not a code of statuses"),
        ("initiative_type", "party", "not a code of initiative_types"),
        ("nonexistent", "1", "no column"),
        ("doc_id", "zzz", "cannot be changed"),
        ("confidence", "very", "not a valid float64"),
        ("municipality", "Atlantis", "not a Swedish municipality"),
    ],
)
def test_values_are_checked(tables, column, value, expected):
    row = _row(tables, "initiatives", text="genomfört frukostmöten")
    out = apply_corrections(
        tables, [Correction("initiatives", row["row_id"], "set", column, value)], WHEN
    )
    assert [e.error_type for e in out.problems] == ["bad_correction"]
    assert expected in out.problems[0].message
    assert _row(out.tables, "initiatives", row_id=row["row_id"]) == row


def test_a_document_moved_to_another_municipality_takes_its_rows(tables):
    doc = _row(tables, "documents", doc_id="d1d1d1d1d1d1d1d1")
    out = apply_corrections(
        tables,
        [Correction("documents", doc["row_id"], "set", "municipality", "ostersunds kommun")],
        WHEN,
    )
    moved = _row(out.tables, "documents", doc_id="d1d1d1d1d1d1d1d1")
    assert (moved["municipality"], moved["municipality_code"], moved["county"]) == (
        "Östersund",
        "2380",
        "Jämtlands län",
    )
    ini = _row(out.tables, "initiatives", doc_id="d1d1d1d1d1d1d1d1")
    assert ini["municipality"] == "Östersund" and ini["corrected"]


def test_append_adds_lines_and_never_rewrites(tmp_path):
    path = tmp_path / "corrections.csv"
    append_corrections(path, [Correction("outcomes", "a", "drop", note="first")])
    before = path.read_bytes()
    assert before.decode().splitlines()[0] == ",".join(FIELDS)
    append_corrections(path, [Correction("outcomes", "b", "set", "value", "3,5", note='a "quote"')])
    after = path.read_bytes()
    assert after.startswith(before)
    corrections, bad = read_corrections(path)
    assert bad == [] and [c.row_id for c in corrections] == ["a", "b"]
    assert corrections[1].value == "3,5" and corrections[1].note == 'a "quote"'


def test_append_keeps_a_hand_edited_file_and_its_delimiter(tmp_path):
    path = tmp_path / "corrections.csv"
    path.write_text("table;row_id;action;column;value;note;who;when\noutcomes;a;drop;;;;;", "utf-8")
    append_corrections(path, [Correction("outcomes", "b", "drop")])
    lines = path.read_text("utf-8").splitlines()
    assert lines[1] == "outcomes;a;drop;;;;;" and lines[2].startswith("outcomes;b;drop")


def _result(doc_id: str, municipality: str) -> DocumentResult:
    doc = DocumentRecord(
        doc_id, f"{doc_id}.txt", "txt", doc_id * 4, "T", "report", 0.9, municipality, "2514",
        "Norrbottens län", dt.date(2024, 1, 1), None, None, 1, 10, 1, 2, "sv", "m", "v",
    )  # fmt: skip
    return DocumentResult(document=doc)


def test_build_tables_applies_the_output_folders_corrections(tmp_path):
    results = [_result("a" * 16, "Kalix"), _result("b" * 16, "Kalix")]
    plain = build_tables(results, [], output_dir=tmp_path, when=WHEN)
    doc_row = plain["documents"].to_pylist()[1]
    (tmp_path / "corrections.csv").write_text(
        "table,row_id,action,column,value,note,who,when\n"
        f"documents,{doc_row['row_id']},set,doc_type,minutes,,,\n"
        "documents,ffffffffffffffff,set,doc_type,minutes,,,\n",
        encoding="utf-8",
    )
    before = (tmp_path / "corrections.csv").read_bytes()
    tables = build_tables(results, [], output_dir=tmp_path, when=WHEN)
    docs = tables["documents"].to_pylist()
    assert [d["doc_type"] for d in docs] == ["report", "minutes"]
    assert [d["corrected"] for d in docs] == [False, True]
    summary = tables["municipality_summary"].to_pylist()[0]
    assert json.loads(summary["doc_types"]) == {"minutes": 1, "report": 1}
    errors = tables["errors"].to_pylist()
    assert [(e["source_path"], e["error_type"]) for e in errors] == [
        ("corrections.csv:3", "stale_correction")
    ]
    assert errors[0]["when"] == WHEN
    assert (tmp_path / "corrections.csv").read_bytes() == before  # only read, never written
    # Without an output folder (or a file), nothing is applied.
    assert [d["doc_type"] for d in build_tables(results, []).get("documents").to_pylist()] == [
        "report",
        "report",
    ]
