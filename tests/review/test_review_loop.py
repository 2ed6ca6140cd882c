"""The whole review loop on real runs: run, correct three rows (drop, change, add) in a review
session, run again, and the tables, `compare` and the report show the corrections; a
correction whose row has gone is reported at the end of the run and kept in the file."""

from __future__ import annotations

import html
import io
import json
import shutil

import pandas as pd
import pytest

from pipeline import cli
from pipeline.dataset.compare import compare_command
from pipeline.dataset.load import load_dataset
from pipeline.review.session import doubtful_rows
from tests.conftest import DEMO_DIR

KALIX = ("kalix_info_kalix_2022-12.html", "kalix_naringslivsrad_2023-03-08.docx")
OSTERSUND = "ostersund_foretagsklimat_2022.txt"
ADDED = "ett nytt nätverk för unga företagare i Kalix"


def _run(input_dir, output_dir, capsys) -> str:
    code = cli.main(
        ["run", "--input", str(input_dir), "--output", str(output_dir), "--workers", "1"]
    )
    assert code == 0
    return capsys.readouterr().out


def _initiatives(out) -> pd.DataFrame:
    return pd.read_parquet(out / "initiatives.parquet")


@pytest.mark.slow
def test_review_loop(prefect_harness, tmp_path, monkeypatch, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in (*KALIX, OSTERSUND):
        shutil.copy(DEMO_DIR / name, src / name)
    _run(src, out, capsys)
    first = _initiatives(out)
    first_report = (out / "report.html").read_text("utf-8")
    assert not first["corrected"].any()

    # A review session over Kalix's rows, answers read from stdin: drop the first row shown,
    # change the status of the second, add a missed initiative while on the third.
    ds = load_dataset(out)
    kalix_docs = set(ds.documents.loc[ds.documents["municipality"] == "Kalix", "doc_id"])
    rows = [r for r in doubtful_rows(ds, ["initiatives"]) if r.doc_id in kalix_docs]
    dropped, changed, third = rows[0], rows[1], rows[2]
    new_status = next(s for s in ("planned", "ongoing") if s != changed.fields["status"])
    answers = []
    for r in doubtful_rows(ds, ["initiatives"]):
        if r.row_id == dropped.row_id:
            answers.append("d not an initiative: a heading")
        elif r.row_id == changed.row_id:
            answers.append(f"s status {new_status} -- the minutes say so")
        elif r.row_id == third.row_id:
            answers += ["a", ADDED, "meeting_network", "planned", "2023", "missed by the detector"]
            answers.append("q")
            break
        else:
            answers.append("")  # keep
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(answers) + "\n"))
    assert (
        cli.main(
            [
                "review",
                "--data",
                str(out),
                "--table",
                "initiatives",
                "--limit",
                "0",
                "--who",
                "anna",
            ]
        )
        == 0
    )
    session = capsys.readouterr().out
    assert "Wrote 3 corrections" in session

    # One more correction, file-based, on an Östersund row whose document will leave.
    ostersund = set(ds.documents.loc[ds.documents["source_path"] == OSTERSUND, "doc_id"])
    gone = ds.initiatives[ds.initiatives["doc_id"].isin(ostersund)].iloc[0]
    extra = tmp_path / "more.csv"
    extra.write_text(
        f"table,row_id,action,column,value,note\ninitiatives,{gone['row_id']},set,status,completed,checked\n",
        "utf-8",
    )
    assert cli.main(["review", "--data", str(out), "--from", str(extra)]) == 0
    corrections = (out / "corrections.csv").read_bytes()
    lines = corrections.decode("utf-8").splitlines()
    assert len(lines) == 5 and all(",anna," in line for line in lines[1:4])

    # Same input again: the run sees the new corrections and applies them.
    _run(src, out, capsys)
    second = _initiatives(out)
    assert dropped.row_id not in set(second["row_id"])
    row = second.set_index("row_id").loc[changed.row_id]
    assert row["status"] == new_status and row["corrected"]
    added = second[second["text"] == ADDED]
    assert len(added) == 1 and added["corrected"].all() and added["municipality"].iloc[0] == "Kalix"
    assert list(added["dates"].iloc[0]) == ["2023"]
    # Rows nobody corrected keep their ids and stay uncorrected.
    untouched = first[~first["row_id"].isin([dropped.row_id, changed.row_id, gone["row_id"]])]
    assert set(untouched["row_id"]) <= set(second["row_id"])
    assert not second.set_index("row_id").loc[list(untouched["row_id"]), "corrected"].any()
    assert (out / "corrections.csv").read_bytes() == corrections  # a run only reads it

    # compare shows them ...
    view = json.loads(compare_command(out, ["Kalix kommun"], "json"))
    items = {
        i["row_id"]: i
        for year in view["municipalities"]["Kalix"]["initiatives_by_year"].values()
        for i in year
    }
    assert dropped.row_id not in items
    assert items[changed.row_id]["status"] == new_status and items[changed.row_id]["corrected"]
    new = next(i for i in items.values() if i["text"] == ADDED)
    assert new["corrected"] and new["first_year"] == 2023
    # ... and so does the report.
    report = (out / "report.html").read_text("utf-8")
    assert ADDED in report and 'class="corrected"' in report
    assert "the minutes say so" in report  # the analyst's note on the changed value
    listed = f"<summary>{html.escape(dropped.text)}</summary>"  # an initiative in the list
    assert listed in first_report and listed not in report

    # The Östersund document leaves: its correction is stale, reported, and kept.
    (src / OSTERSUND).unlink()
    printed = _run(src, out, capsys)
    assert "stale_correction" in printed and gone["row_id"] in printed
    errors = pd.read_parquet(out / "errors.parquet")
    stale = errors[errors["error_type"] == "stale_correction"]
    assert stale["source_path"].tolist() == ["corrections.csv:5"]
    assert stale["stage"].tolist() == ["correction"]
    assert (out / "corrections.csv").read_bytes() == corrections
    assert "inaktuell" in (out / "report.html").read_text("utf-8")
    third_run = _initiatives(out)
    assert ADDED in set(third_run["text"]) and dropped.row_id not in set(third_run["row_id"])
