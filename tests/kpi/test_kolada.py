"""Kolada exports (API v3 JSON, CSV long and wide) into the kpi table, and into compare."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline.cli import main
from pipeline.dataset.assemble import build_tables, write_dataset
from pipeline.dataset.io import read_table
from pipeline.kpi.kolada import KoladaFormatError, parse_csv, parse_json, read_kolada
from pipeline.kpi.table import import_files
from tests.conftest import FIXTURES
from tests.fixtures.dataset.synthetic import write_synthetic_dataset

KPI = FIXTURES / "kpi"


def _values(values) -> dict:
    return {(v.municipality_code, v.kpi_id, v.year, v.gender): v.value for v in values}


def test_api_v3_answer():
    values, titles, names = parse_json((KPI / "kolada_v3_data.json").read_text("utf-8"))
    got = _values(values)
    assert got[("2514", "N00914", 2021, "T")] == 71.0
    assert got[("2514", "N00914", 2022, "T")] == 79.0
    assert got[("2380", "N00914", 2022, "K")] == 70.0
    assert got[("2380", "N00914", 2022, "M")] is None  # a value Kolada does not have
    assert got[("0000", "N00914", 2022, "T")] == 72.0  # the country
    assert len(values) == 6 and titles == {} and names == {}


def test_saved_pages_and_period_inside_the_values():
    page = {
        "values": [
            {
                "kpi": "N1",
                "municipality": "1961",
                "values": [{"period": 2020, "gender": "T", "value": 5}],
            }
        ]
    }
    values, _, _ = parse_json(json.dumps([page, page]))
    assert [(v.municipality_code, v.year, v.value) for v in values] == [("1961", 2020, 5.0)] * 2


def test_metadata_answers_give_titles_and_names():
    _, titles, _ = parse_json((KPI / "kolada_v3_kpi.json").read_text("utf-8"))
    assert titles == {"N00914": "Företagsklimat NKI, totalt (testdata)"}
    _, _, names = parse_json('{"values": [{"id": "2514", "title": "Kalix", "type": "K"}]}')
    assert names == {"2514": "Kalix"}


def test_csv_long_with_swedish_headers_and_decimal_commas():
    values, _, _ = read_kolada(KPI / "kolada_export_long.csv")
    got = _values(values)
    assert got == {
        ("2514", "N00915", 2021, "T"): 3.1,
        ("2514", "N00915", 2022, "T"): 3.4,
        ("2380", "N00915", 2022, "T"): 3.6,  # 'Östersunds kommun' without a code
        ("0000", "N00915", 2022, "T"): 3.3,
    }
    assert {v.kpi_title for v in values} == {"Företagsklimat, sammanfattande omdöme (testdata)"}


def test_csv_wide_needs_the_kpi_named():
    with pytest.raises(KoladaFormatError, match="--kpi"):
        read_kolada(KPI / "kolada_export_wide.csv")
    values, titles, _ = read_kolada(KPI / "kolada_export_wide.csv", "N00916", "Ranking (testdata)")
    got = _values(values)
    assert got[("2514", "N00916", 2019, None)] == 120.0
    assert got[("2514", "N00916", 2021, None)] is None  # '..' in Kolada means no value
    assert got[("1961", "N00916", 2022, None)] == 180.0
    assert titles == {"N00916": "Ranking (testdata)"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello world\n", "no header"),
        ("Kommun;Värde\nKalix;3\n", "no year"),
        ("{not json", "not JSON"),
        ('{"values": [{"kpi": "N1", "ou": "V1", "values": []}]}', "organisational-unit"),
        ("Kommun;Nyckeltal;År;Värde\nKalix;N00001;2020;hög\n", "line 2"),
    ],
)
def test_bad_files_get_one_line_errors(text, message):
    with pytest.raises(KoladaFormatError, match=message):
        parse_json(text) if text.startswith("{") else parse_csv(text)


def test_import_merges_replaces_and_keeps_other_rows(tmp_path):
    first = import_files(tmp_path, [KPI / "kolada_v3_data.json", KPI / "kolada_v3_kpi.json"])
    assert first.n_values == 6 and first.n_rows == 6 and first.kpis == ["N00914"]
    table = read_table(tmp_path, "kpi")
    assert set(table["kpi_title"]) == {"Företagsklimat NKI, totalt (testdata)"}
    assert (
        dict(zip(table["municipality_code"], table["municipality"], strict=True))["0000"] == "Riket"
    )
    assert set(table["source_file"]) == {"kolada_v3_data.json"}
    again = import_files(tmp_path, [KPI / "kolada_v3_data.json", KPI / "kolada_export_long.csv"])
    assert again.n_replaced == 6 and again.n_rows == 10
    table = read_table(tmp_path, "kpi")
    assert table["row_id"].is_unique
    # The title imported earlier stays with its KPI.
    assert set(table.loc[table["kpi_id"] == "N00914", "kpi_title"]) == {
        "Företagsklimat NKI, totalt (testdata)"
    }


def test_a_run_leaves_the_kpi_table(tmp_path):
    import_files(tmp_path, [KPI / "kolada_v3_data.json"])
    before = (tmp_path / "kpi.parquet").read_bytes()
    write_dataset(tmp_path, build_tables([], [], output_dir=tmp_path))
    assert (tmp_path / "kpi.parquet").read_bytes() == before


def test_imported_kpi_shows_in_compare_json_per_year(tmp_path, capsys):
    data = write_synthetic_dataset(tmp_path / "data")
    files = [
        KPI / "kolada_v3_data.json",
        KPI / "kolada_v3_kpi.json",
        KPI / "kolada_export_long.csv",
    ]
    assert main(["kpi", "import", *map(str, files), "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Imported 10 values" in out and "report.html" in out
    assert main(["compare", "Kalix", "Östersund", "--data", str(data), "--format", "json"]) == 0
    view = json.loads(capsys.readouterr().out)
    kalix = {(s["kpi_id"], s["gender"]): s for s in view["municipalities"]["Kalix"]["kpi"]}
    assert kalix[("N00914", "T")]["values"] == {"2021": 71, "2022": 79}
    assert kalix[("N00914", "T")]["kpi_title"] == "Företagsklimat NKI, totalt (testdata)"
    assert kalix[("N00915", "T")]["values"] == {"2021": 3.1, "2022": 3.4}
    ostersund = {(s["kpi_id"], s["gender"]): s for s in view["municipalities"]["Östersund"]["kpi"]}
    assert ostersund[("N00914", "K")]["values"] == {"2022": 70}
    assert ostersund[("N00914", "M")]["values"] == {"2022": None}
    measures = {
        (m["measure"], m["key"]): m["value"] for m in view["municipalities"]["Kalix"]["measures"]
    }
    assert measures[("kpi", "N00914 | 2022")] == 79
    # ... and the report shows them beside the extracted outcomes.
    report = (data / "report.html").read_text("utf-8")
    assert "N00914" in report and "Företagsklimat NKI, totalt (testdata)" in report


def test_cli_import_error_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    shutil.copy(KPI / "kolada_export_wide.csv", bad)
    assert main(["kpi", "import", str(bad), "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "kpi.parquet").exists()
