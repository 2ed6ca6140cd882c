from __future__ import annotations

import json

import pytest

from pipeline.dataset.io import atomic_write, read_table, write_schema, write_table
from pipeline.dataset.records import FocusAreaRecord
from pipeline.dataset.schema import to_arrow


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")

    def failing(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, failing)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_table_round_trip(tmp_path):
    table = to_arrow(
        "focus_areas", [FocusAreaRecord("d1", "tourism_hospitality", 0.75, 3, [0, 4, 9])]
    )
    write_table(tmp_path, "focus_areas", table, csv=True)
    frame = read_table(tmp_path, "focus_areas")
    assert frame.loc[0, "focus_area"] == "tourism_hospitality"
    assert list(frame.loc[0, "evidence"]) == [0, 4, 9]
    assert (tmp_path / "focus_areas.csv").exists()


def test_missing_table_reads_as_empty_typed_frame(tmp_path):
    frame = read_table(tmp_path, "outcomes")
    assert frame.empty and "direction" in frame.columns


def test_schema_file_has_version_and_tables(tmp_path):
    data = json.loads(write_schema(tmp_path).read_text(encoding="utf-8"))
    assert data["schema_version"]
    assert "documents" in data["tables"] and "errors" in data["tables"]
