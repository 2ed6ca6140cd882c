"""kommunlens review: the doubtful rows first, an interactive session read from a stream,
and a file-based session."""

from __future__ import annotations

import io
import json

import pytest

from pipeline.cli import main
from pipeline.dataset.load import load_dataset
from pipeline.review.corrections import read_corrections
from pipeline.review.session import doubtful_rows, format_doubtful, interactive_session
from tests.fixtures.dataset.synthetic import write_synthetic_dataset


@pytest.fixture
def data_dir(tmp_path):
    return write_synthetic_dataset(tmp_path / "data")


def test_lowest_confidence_first_unscored_after(data_dir):
    rows = doubtful_rows(load_dataset(data_dir))
    scored = [r.confidence for r in rows if r.confidence is not None]
    assert scored == sorted(scored) and scored[0] == 0.2
    first_unscored = next(i for i, r in enumerate(rows) if r.confidence is None)
    assert all(r.confidence is None for r in rows[first_unscored:])
    assert {r.table for r in rows} == {"initiatives", "outcomes"}
    assert rows[0].text == "Företagslotsen har hjälpt 120 företag"
    assert len(doubtful_rows(load_dataset(data_dir), ["outcomes"], limit=2)) == 2


def test_corrected_and_named_rows_are_not_asked_again(data_dir):
    ds = load_dataset(data_dir)
    first = doubtful_rows(ds)[0]
    again = doubtful_rows(ds, exclude=[first.row_id])
    assert first.row_id not in {r.row_id for r in again}
    ini = ds.initiatives.copy()
    ini.loc[ini["row_id"] == first.row_id, "corrected"] = True
    from dataclasses import replace

    assert first.row_id not in {r.row_id for r in doubtful_rows(replace(ds, initiatives=ini))}


def test_list_as_table_and_csv(data_dir, capsys):
    assert main(["review", "--data", str(data_dir), "--list", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split()[0] == "initiatives" and "0.2" in out
    assert main(["review", "--data", str(data_dir), "--list", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("table,row_id,confidence")
    assert format_doubtful([]) == "No rows to review."


def test_interactive_session_from_a_stream(data_dir):
    rows = doubtful_rows(load_dataset(data_dir), ["initiatives"])
    answers = "\n".join(
        [
            "d a heading, not an initiative",  # row 1: drop
            "s status finished",  # row 2: not a status: asked again
            "s status completed -- done in 2022",  # row 2: set
            "",  # row 3: keep
            "a",  # row 4: add a missed one from the same document
            "frukostmöten för nya företagare",
            "meeting_network",
            "kanske",  # not a status: asked again
            "planned",
            "2025",
            "missed",
            "q",
        ]
    )
    out = io.StringIO()
    written = interactive_session(data_dir, rows, io.StringIO(answers + "\n"), out, "anna")
    assert [c.action for c in written] == ["drop", "set", "add"]
    assert written[0].row_id == rows[0].row_id and written[0].note == "a heading, not an initiative"
    assert (written[1].column, written[1].value, written[1].note) == (
        "status",
        "completed",
        "done in 2022",
    )
    added = json.loads(written[2].value)
    assert added == {
        "doc_id": rows[3].doc_id,
        "text": "frukostmöten för nya företagare",
        "initiative_type": "meeting_network",
        "status": "planned",
        "dates": ["2025"],
    }
    assert "not a code of statuses" in out.getvalue()
    on_disk, bad = read_corrections(data_dir / "corrections.csv")
    assert bad == [] and [c.action for c in on_disk] == ["drop", "set", "add"]
    assert all(c.who == "anna" and c.when for c in on_disk)


def test_end_of_input_stops_and_keeps_what_was_written(data_dir):
    rows = doubtful_rows(load_dataset(data_dir))
    written = interactive_session(data_dir, rows, io.StringIO("d\n"), io.StringIO(), "x")
    assert len(written) == 1 and len(read_corrections(data_dir / "corrections.csv")[0]) == 1


def test_file_session_appends_only_lines_that_apply(data_dir, tmp_path, capsys):
    ds = load_dataset(data_dir)
    row = ds.outcomes.iloc[0]
    source = tmp_path / "mine.csv"
    source.write_text(
        "table,row_id,action,column,value,note\n"
        f"outcomes,{row['row_id']},set,year,2019,checked the report\n"
        "outcomes,0000000000000000,drop,,,gone\n"
        f"outcomes,{row['row_id']},set,direction,sideways,\n",
        "utf-8",
    )
    assert main(["review", "--data", str(data_dir), "--from", str(source), "--who", "bo"]) == 1
    captured = capsys.readouterr()
    assert "Wrote 1 corrections" in captured.out
    assert (
        "mine.csv:3: stale_correction" in captured.err
        and "mine.csv:4: bad_correction" in captured.err
    )
    written, _ = read_corrections(data_dir / "corrections.csv")
    assert [(c.column, c.value, c.who) for c in written] == [("year", "2019", "bo")]


def test_review_needs_a_dataset(tmp_path, capsys):
    assert main(["review", "--data", str(tmp_path), "--list"]) == 2
    assert "no dataset" in capsys.readouterr().err
