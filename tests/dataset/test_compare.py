"""compare(): definitions checked against an independent plain-pandas recomputation."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pandas as pd
import pytest

from pipeline.dataset.compare import (
    COLUMNS,
    UnknownMunicipalityError,
    compare,
    compare_command,
    compare_with_evidence,
)
from pipeline.dataset.load import Dataset, load_dataset
from tests.fixtures.dataset.synthetic import write_synthetic_dataset

NAMES = ["Kalix", "Östersund", "Hallstahammar"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_synthetic_dataset(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="module")
def ds(data_dir) -> Dataset:
    return load_dataset(data_dir)


@pytest.fixture(scope="module")
def result(ds) -> pd.DataFrame:
    return compare(ds, NAMES)


@pytest.fixture(scope="module", params=["synthetic", "demo_run"])
def recount(request, tmp_path_factory) -> tuple[Dataset, pd.DataFrame]:
    """The recount checks run on the synthetic dataset and on a real run over data/raw."""
    if request.param == "demo_run":
        settings, _ = request.getfixturevalue("demo_run")
        path = settings.output_dir
    else:
        path = write_synthetic_dataset(tmp_path_factory.mktemp("synthetic_recount"))
    dataset = load_dataset(path)
    return dataset, compare(dataset, NAMES)


def _get(result: pd.DataFrame, municipality: str, measure: str) -> dict[str, tuple]:
    sub = result[(result["municipality"] == municipality) & (result["measure"] == measure)]
    return {k: (v, n) for k, v, n in zip(sub["key"], sub["value"], sub["n_evidence"], strict=True)}


def _nonzero(d: dict[str, tuple]) -> dict[str, tuple]:
    return {k: v for k, v in d.items() if v != (0, 0)}


def _docs_of(ds: Dataset, municipality: str) -> pd.DataFrame:
    return ds.documents[ds.documents["municipality"] == municipality]


def test_tidy_shape_and_order(result):
    assert list(result.columns) == COLUMNS
    assert list(dict.fromkeys(result["municipality"])) == NAMES
    expected = {
        "documents", "period", "focus_area", "initiatives_by_type", "initiatives_by_status",
        "money_total_sek", "money_by_funder", "organisations", "outcomes", "scores",
    }  # fmt: skip
    assert expected <= set(result["measure"])
    assert not result.duplicated(["municipality", "measure", "key"]).any()


@pytest.mark.parametrize("name", NAMES)
def test_focus_areas_equal_an_independent_recount(recount, name):
    ds, result = recount
    docs = _docs_of(ds, name)
    fa = ds.focus_areas[
        ds.focus_areas["doc_id"].isin(docs["doc_id"]) & (ds.focus_areas["score"] >= 0.5)
    ]
    expected = {
        area: (g["doc_id"].nunique() / len(docs), int(g["evidence"].map(len).sum()))
        for area, g in fa.groupby("focus_area")
    }
    got = {k: v for k, v in _get(result, name, "focus_area").items() if v[0] > 0}
    assert got.keys() == expected.keys()
    for area, (share, n) in expected.items():
        assert got[area][0] == pytest.approx(share)
        assert got[area][1] == n


@pytest.mark.parametrize("name", NAMES)
def test_initiative_counts_equal_an_independent_recount(recount, name):
    ds, result = recount
    ini = ds.initiatives[ds.initiatives["doc_id"].isin(_docs_of(ds, name)["doc_id"])]
    for measure, column in (
        ("initiatives_by_type", "initiative_type"),
        ("initiatives_by_status", "status"),
    ):
        counts = ini[column].value_counts()
        expected = {k: (int(v), int(v)) for k, v in counts.items()}
        assert _nonzero(_get(result, name, measure)) == expected, measure


@pytest.mark.parametrize("name", NAMES)
def test_money_totals_equal_an_independent_recount(recount, name):
    ds, result = recount
    money = ds.amounts[
        ds.amounts["doc_id"].isin(_docs_of(ds, name)["doc_id"]) & (ds.amounts["kind"] == "money")
    ]
    distinct = money.drop_duplicates(["doc_id", "value", "per"])
    per_year = money[money["per"] == "year"]
    got = _get(result, name, "money_total_sek")
    assert got["all"] == (pytest.approx(distinct["value"].sum()), len(money))
    assert got["per_year"] == (
        pytest.approx(per_year.drop_duplicates(["doc_id", "value"])["value"].sum()),
        len(per_year),
    )
    by_funder = _get(result, name, "money_by_funder")
    assert sum(v for v, _ in by_funder.values()) == pytest.approx(distinct["value"].sum())
    assert sum(n for _, n in by_funder.values()) == len(money)


def test_known_values(result):
    assert _get(result, "Kalix", "documents")["total"] == (3, 3)
    assert _get(result, "Kalix", "money_by_funder") == {
        "Tillväxtverket": (1760000.0, 2),
        "Kalix kommun": (250000.0, 1),
    }
    assert _get(result, "Kalix", "scores") == {"NKI": (87.9, 2)}
    assert _get(result, "Östersund", "scores") == {"ranking": (120.0, 1)}
    assert _get(result, "Östersund", "outcomes") == {
        "ranking": (2, 2),
        "other": (1, 1),
        "NKI": (0, 0),
    }
    assert _get(result, "Kalix", "organisations")["Tillväxtverket"] == (2, 2)
    assert _get(result, "Hallstahammar", "period") == {
        "first": ("2020-02-17", 1),
        "last": ("2020-03-05", 1),
    }


def test_evidence_rows_match_n_evidence(ds):
    rows, evidence = compare_with_evidence(ds, NAMES)
    counts = evidence.groupby(["municipality", "measure", "key"]).size()
    for row in rows.itertuples(index=False):
        assert counts.get((row.municipality, row.measure, row.key), 0) == row.n_evidence
    focus = evidence[(evidence["measure"] == "focus_area") & (evidence["municipality"] == "Kalix")]
    # Evidence indexes resolve to the sentence text wherever another table stored it.
    resolved = focus.dropna(subset=["sentence"])
    assert len(resolved) >= len(focus) - 2
    by_idx = ds.entities.set_index(["doc_id", "sent_idx"])["sentence"].to_dict()
    for row in resolved.itertuples(index=False):
        if (row.doc_id, row.sent_idx) in by_idx:
            assert by_idx[(row.doc_id, row.sent_idx)] == row.sentence


def test_names_are_case_insensitive(ds, result):
    again = compare(ds, ["kalix", "östersund", "HALLSTAHAMMAR"])
    pd.testing.assert_frame_equal(again, result)


def test_unknown_municipality_lists_the_available_ones(ds):
    with pytest.raises(UnknownMunicipalityError) as info:
        compare(ds, ["Kalix", "Stockholm"])
    message = str(info.value)
    assert "Stockholm" in message
    for name in ("Hallstahammar", "Kalix", "Östersund"):
        assert name in message
    assert info.value.unknown == ["Stockholm"]


def test_regional_documents_count_nowhere(ds):
    result = compare(ds)
    assert set(result["municipality"]) == {"Hallstahammar", "Kalix", "Östersund"}
    assert 37_000_000 not in set(result.loc[result["measure"] == "money_total_sek", "value"])


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_compare_command_formats(data_dir, result, fmt):
    text = compare_command(data_dir, ["kalix", "Östersund", "hallstahammar"], fmt)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == len(result) and list(rows[0]) == COLUMNS
    elif fmt == "json":
        rows = json.loads(text)
        assert len(rows) == len(result)
        assert {
            "municipality": "Kalix",
            "measure": "documents",
            "key": "total",
            "value": 3,
            "n_evidence": 3,
        } in rows
    else:
        header = text.splitlines()[0]
        assert header.index("Kalix") < header.index("Östersund") < header.index("Hallstahammar")
        line = next(x for x in text.splitlines() if "money_total_sek" in x and "all" in x)
        assert "2010000 (3)" in line and "50000 (1)" in line
        if fmt == "markdown":
            assert text.splitlines()[1].startswith("|---")


def test_compare_command_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        compare_command(tmp_path / "nowhere", ["Kalix"], "table")


def test_cli_compare(data_dir, capsys):
    from pipeline.cli import main

    assert main(["compare", "Kalix", "östersund", "--data", str(data_dir)]) == 0
    assert "Östersund" in capsys.readouterr().out
    assert main(["compare", "Atlantis", "--data", str(data_dir)]) == 2
    assert "Hallstahammar, Kalix, Östersund" in capsys.readouterr().err


def test_null_categories_are_no_keys_but_count_in_totals(ds):
    """Per-municipality grouping is plain Python; nulls must behave as pandas' dropna does."""
    docs = ds.documents.copy()
    kalix = docs.index[docs["municipality"] == "Kalix"][0]
    docs.loc[kalix, "doc_type"] = None
    ini = ds.initiatives.copy()
    ini.loc[ini.index[ini["municipality"] == "Kalix"][0], "status"] = None
    result = compare(replace(ds, documents=docs, initiatives=ini), ["Kalix"])
    assert not result["key"].isna().any()
    assert not result["key"].isin(["None", "nan"]).any()
    doc_counts = _get(result, "Kalix", "documents")
    assert doc_counts["total"] == (3, 3)
    assert sum(v for k, (v, _) in doc_counts.items() if k != "total") == 2
    by_type = sum(v for v, _ in _get(result, "Kalix", "initiatives_by_type").values())
    by_status = sum(v for v, _ in _get(result, "Kalix", "initiatives_by_status").values())
    assert by_status == by_type - 1
