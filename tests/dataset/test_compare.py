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
    REGIONAL,
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


FUNDING = ["funding_received", "funding_granted", "investment"]


def _over_period(row) -> float:
    """An amount over its stated period, recomputed with pandas' own null tests."""
    if pd.notna(row["total_sek"]):
        return float(row["total_sek"])
    if row["per"] == "year" and pd.notna(row["period_start"]) and pd.notna(row["period_end"]):
        return float(row["value"]) * (int(row["period_end"]) - int(row["period_start"]) + 1)
    return float(row["value"])


@pytest.mark.parametrize("name", NAMES)
def test_money_totals_equal_an_independent_recount(recount, name):
    ds, result = recount
    money = ds.amounts[
        ds.amounts["doc_id"].isin(_docs_of(ds, name)["doc_id"]) & (ds.amounts["kind"] == "money")
    ]
    key = ["doc_id", "value", "per", "role", "period_start", "period_end"]
    funding = money[money["role"].isin(FUNDING)]
    distinct = funding.drop_duplicates(key)
    total = sum(_over_period(r) for r in distinct.to_dict("records"))
    per_year = funding[funding["per"] == "year"]
    got = _get(result, name, "money_total_sek")
    assert got["funding_and_investment"] == (pytest.approx(total), len(funding))
    assert got["per_year"] == (
        pytest.approx(per_year.drop_duplicates(key)["value"].sum()),
        len(per_year),
    )
    by_funder = _get(result, name, "money_by_funder")
    assert sum(v for v, _ in by_funder.values()) == pytest.approx(total)
    assert sum(n for _, n in by_funder.values()) == len(funding)
    # The breakdown by role covers every amount, whatever its role, over its period.
    by_role = _get(result, name, "money_by_role_and_funder")
    everything = sum(_over_period(r) for r in money.drop_duplicates(key).to_dict("records"))
    assert sum(v for v, _ in by_role.values()) == pytest.approx(everything)


def test_known_values(result):
    assert _get(result, "Kalix", "documents")["total"] == (3, 3)
    # 1 760 000 a year over 2018–2024 (stated twice in one report) and 250 000 granted.
    assert _get(result, "Kalix", "money_by_funder") == {
        "Tillväxtverket": (12_320_000.0, 2),
        "Kalix kommun": (250_000.0, 1),
    }
    assert _get(result, "Kalix", "money_total_sek")["funding_and_investment"][0] == 12_570_000
    # Östersund's money is a cost and tax revenue: nothing counts as funding.
    assert _get(result, "Östersund", "money_total_sek")["funding_and_investment"] == (0.0, 0)
    by_role = _get(result, "Östersund", "money_by_role_and_funder")
    assert by_role["revenue_or_tax | unknown | undated"] == (5.6e9, 1)
    assert by_role["cost | Östersunds kommun | undated"] == (50_000.0, 1)
    kalix_roles = _get(result, "Kalix", "money_by_role_and_funder")
    assert kalix_roles["funding_received | Tillväxtverket | 2018"] == (1_760_000.0, 2)
    assert kalix_roles["funding_received | Tillväxtverket | 2024"] == (1_760_000.0, 2)
    assert kalix_roles["funding_granted | Kalix kommun | 2023"] == (250_000.0, 1)
    assert _get(result, "Kalix", "scores") == {"NKI": (87.9, 2)}
    assert _get(result, "Östersund", "scores") == {"ranking": (120.0, 1)}
    assert _get(result, "Östersund", "outcomes") == {
        "ranking": (2, 2),
        "survey_grade": (1, 1),
        "NKI": (0, 0),
    }
    assert _get(result, "Kalix", "outcomes_by_year") == {
        "NKI | 2021": (80.0, 1),
        "NKI | 2023": (87.9, 1),
    }
    # The ranking without a year of its own takes its document's (published 2022).
    assert _get(result, "Östersund", "outcomes_by_year")["ranking | 2022"] == (120.0, 2)
    orgs = _get(result, "Kalix", "organisations")
    assert orgs["Tillväxtverket"] == (2, 2)
    assert {"Almi", "Kalix Turism"} <= set(orgs)
    # Not organisations worked with: the municipality, a party, a project.
    assert not {"Kalix kommun", "Centerpartiet", "Tillsammans för Kalix", "SKR"} & set(orgs)
    assert _get(result, "Hallstahammar", "period") == {
        "first": ("2020-02-17", 1),
        "last": ("2020-03-05", 1),
    }


def test_initiatives_spread_over_their_period(result):
    """The 2018–2024 grant counts once in every year, not seven times in 2018."""
    by_year = _get(result, "Kalix", "initiatives_by_year")
    assert [by_year[str(y)][0] for y in range(2018, 2022)] == [1, 1, 1, 1]
    assert by_year["2022"] == (3, 3)  # the grant and the newsletter's two initiatives
    assert by_year["2024"] == (3, 3)  # the grant and the report's two undated ones
    assert by_year["2025"] == (1, 1)  # "Under 2025 ska kommunen fortsätta ..."
    assert list(by_year) == sorted(by_year)
    assert _get(result, "Hallstahammar", "initiatives_by_year")["2018"] == (0, 0)


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


def test_names_without_diacritics_and_with_kommun(ds, result):
    again = compare(ds, ["Kalix kommun", "Ostersund", "Hallstahammars kommun"])
    pd.testing.assert_frame_equal(again, result)
    assert compare(ds, ["2380"])["municipality"].unique().tolist() == ["Östersund"]


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


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_compare_command_formats(data_dir, result, fmt):
    text = compare_command(data_dir, ["kalix", "Östersund", "hallstahammar"], fmt)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0]) == COLUMNS
        mine = [r for r in rows if r["municipality"] != REGIONAL]
        assert len(mine) == len(result)
        regional = {
            (r["measure"], r["key"]): r["value"] for r in rows if r["municipality"] == REGIONAL
        }
        assert regional[("documents", "total")] == "1"
        assert regional[
            ("money_by_role_and_funder", "funding_received | REACT-EU | 2021–2022")
        ] == ("37000000.0")
    else:
        header = text.splitlines()[0]
        assert header.index("Kalix") < header.index("Östersund") < header.index("Hallstahammar")
        line = next(x for x in text.splitlines() if "funding_and_investment" in x)
        assert "12570000 (3)" in line and " 0 (0)" in line
        # Then the lists: initiatives with their years, money by role, outcomes with baseline.
        assert "2018–2024" in text and "Tillväxtverket beviljade Kalix kommun" in text
        assert "revenue_or_tax" in text and "3.2 (county)" in text
        assert "Regional and national documents" in text and "REACT-EU" in text
        if fmt == "markdown":
            assert text.splitlines()[1].startswith("|---")
            assert "## Kalix (2514)" in text


def test_compare_json_has_the_evaluators_view(data_dir):
    """compare --format json: per municipality initiatives_by_year, money_by_role_and_funder
    and outcomes with year and baseline (the keys the README documents)."""
    view = json.loads(compare_command(data_dir, ["Kalix", "Östersund", "Hallstahammar"], "json"))
    assert list(view["municipalities"]) == NAMES
    kalix = view["municipalities"]["Kalix"]
    assert {"initiatives_by_year", "money_by_role_and_funder", "outcomes", "kpi"} <= set(kalix)
    grant = "Tillväxtverket beviljade Kalix kommun 1 760 000 kr per år under 2018–2024"
    for year in range(2018, 2025):
        texts = [i["text"] for i in kalix["initiatives_by_year"][str(year)]]
        assert grant in texts, year
    item = kalix["initiatives_by_year"]["2018"][0]
    assert item["document"]["title"].startswith("Slutrapport")
    assert {"initiative_type", "status", "sentence", "sent_idx", "row_id"} <= set(item)
    money = {
        (c["role"], c["funder"], c["year"]): c["amount_sek"]
        for c in kalix["money_by_role_and_funder"]
    }
    assert money[("funding_received", "Tillväxtverket", 2019)] == 1_760_000
    assert kalix["money_totals"]["funding_and_investment_sek"] == 12_570_000
    outcomes = view["municipalities"]["Östersund"]["outcomes"]
    grade = next(o for o in outcomes if o["indicator"] == "survey_grade")
    assert (grade["year"], grade["baseline"], grade["baseline_scope"]) == (2022, 3.2, "county")
    assert all("year" in o and "baseline" in o for o in outcomes)
    regional = view["regional_and_national"]
    assert [d["title"] for d in regional["documents"]] == [
        "Regional näringslivsdialog den 18 januari 2021"
    ]
    cell = regional["money_by_role_and_funder"][0]
    assert (cell["year"], cell["period_start"], cell["period_end"]) == (None, 2021, 2022)
    assert cell["evidence"][0]["sentence"] == "REACT-EU ger cirka 37 miljoner kr till regionen."


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


def test_measuring_part_by_part_changes_nothing(ds, monkeypatch):
    """A large dataset is measured a few municipalities at a time (memory); every part size
    gives the rows, the evidence and the evaluator's view of measuring all at once."""
    from pipeline.dataset import compare as compare_module

    def everything(part_documents: int):
        monkeypatch.setattr(compare_module, "PART_DOCUMENTS", part_documents)
        rows, evidence = compare_with_evidence(ds, None, regional=True)
        view = compare_module.evaluator_view(ds, None, frame=rows)
        return rows, evidence, json.dumps(compare_module.clean_json(view), sort_keys=True)

    whole = everything(10**9)
    assert whole[0]["municipality"].nunique() >= 3
    for size in (1, 2):
        rows, evidence, view = everything(size)
        pd.testing.assert_frame_equal(rows, whole[0])
        pd.testing.assert_frame_equal(evidence, whole[1])
        assert view == whole[2]


def test_evidence_can_be_capped_and_still_counted(ds):
    rows, full = compare_with_evidence(ds, None, regional=True)
    capped_rows, capped = compare_with_evidence(ds, None, regional=True, max_evidence=1)
    pd.testing.assert_frame_equal(rows, capped_rows)
    assert full.groupby(["municipality", "measure", "key"]).size().max() > 1
    assert capped.groupby(["municipality", "measure", "key"]).size().max() == 1
    assert len(capped) == rows.loc[rows["n_evidence"] > 0].shape[0]
