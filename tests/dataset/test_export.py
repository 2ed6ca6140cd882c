"""kommunlens export: every table as CSV or one workbook, with no formula a document planted."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.dataset.export import cell, export_dataset, neutralise
from pipeline.dataset.load import TABLE_NAMES
from tests.fixtures.dataset.synthetic import write_synthetic_dataset

PLANTED = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """The synthetic dataset with formulas planted in a title and an entity's text."""
    folder = write_synthetic_dataset(tmp_path_factory.mktemp("export"), hostile=True)
    docs = pd.read_parquet(folder / "documents.parquet")
    docs.loc[0, "title"] = PLANTED[0]
    docs.to_parquet(folder / "documents.parquet")
    ents = pd.read_parquet(folder / "entities.parquet")
    for i, text in enumerate(PLANTED):
        ents.loc[i, "text"] = text
    ents.to_parquet(folder / "entities.parquet")
    (folder / "corrections.csv").write_text(
        "table,row_id,action,column,value,note,who,when\noutcomes,x,drop,,,=cmd|' /C calc'!A0,,\n",
        "utf-8",
    )
    return folder


@pytest.mark.parametrize("text", PLANTED)
def test_formula_text_is_neutralised(text):
    assert neutralise(text) == "'" + text
    assert cell(text) == "'" + text


def test_plain_values_stay_as_they_are():
    assert neutralise("Kalix kommun") == "Kalix kommun"
    assert cell(-5.0) == -5.0 and cell(3) == 3 and cell(True) is True
    assert cell(["a", "=b"]) == "a; =b"  # the joined text starts with 'a': no formula
    assert cell(["=a", "b"]) == "'=a; b"
    assert cell(dt.date(2024, 1, 2)) == dt.date(2024, 1, 2)
    assert cell(dt.datetime(2024, 1, 2, 3, tzinfo=dt.UTC)) == dt.datetime(2024, 1, 2, 3)
    assert cell(float("nan")) is None and cell(None) is None


def test_csv_export_writes_every_table_and_the_codebook(data_dir, tmp_path):
    written = export_dataset(data_dir, "csv", tmp_path / "csv")
    names = {p.stem for p in written}
    assert set(TABLE_NAMES) | {"codebook", "columns", "corrections"} == names
    rows = {}
    for path in written:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows[path.stem] = list(csv.DictReader(fh))
    cells = [v for table in rows.values() for row in table for v in row.values()]
    assert not [v for v in cells if v.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [v for v in cells if v.startswith("-") and not _is_number(v)]
    assert rows["documents"][0]["title"] == "'" + PLANTED[0]
    assert len(rows["initiatives"]) == len(pd.read_parquet(data_dir / "initiatives.parquet"))
    assert {r["section"] for r in rows["codebook"]} >= {"focus_areas", "initiative_types"}
    assert rows["corrections"][0]["note"].startswith("'=")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_xlsx_export(data_dir, tmp_path, capsys):
    from openpyxl import load_workbook

    target = tmp_path / "out.xlsx"
    assert main(["export", "--format", "xlsx", "--data", str(data_dir), "--out", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    book = load_workbook(target)
    assert set(TABLE_NAMES) | {"codebook", "columns", "corrections"} == set(book.sheetnames)
    formulas = [
        c.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith(("=", "+", "@")))
    ]
    assert formulas == []
    docs = book["documents"]
    header = [c.value for c in docs[1]]
    assert docs.cell(row=2, column=header.index("title") + 1).value == "'" + PLANTED[0]
    published = docs.cell(row=2, column=header.index("published") + 1).value
    assert isinstance(published, dt.datetime | dt.date)


def test_export_errors_are_one_line(tmp_path, capsys):
    assert main(["export", "--format", "csv", "--data", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.startswith("error: dataset folder")
