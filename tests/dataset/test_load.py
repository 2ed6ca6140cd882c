"""load_dataset and the filters of select.py, on the synthetic dataset in tests/fixtures/dataset."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dataset.load import TABLE_NAMES, Dataset, load_dataset
from pipeline.dataset.schema import columns
from pipeline.dataset.select import (
    filter_doc_types,
    filter_municipalities,
    filter_period,
    with_summary,
)
from tests.fixtures.dataset.synthetic import write_synthetic_dataset

KALIX = {"a1a1a1a1a1a1a1a1", "a2a2a2a2a2a2a2a2", "a3a3a3a3a3a3a3a3"}


@pytest.fixture(scope="module")
def ds(tmp_path_factory) -> Dataset:
    return load_dataset(write_synthetic_dataset(tmp_path_factory.mktemp("synthetic")))


def _doc_ids(ds: Dataset) -> set[str]:
    return set(ds.documents["doc_id"])


def test_every_table_is_a_frame_with_the_contract_columns(ds):
    for name in TABLE_NAMES:
        assert list(getattr(ds, name).columns) == list(columns(name)), name
    assert len(ds.documents) == 7
    assert ds.municipalities() == ["Hallstahammar", "Kalix", "Östersund"]


def test_missing_files_give_empty_typed_frames(tmp_path):
    ds = load_dataset(tmp_path)
    for name in TABLE_NAMES:
        frame = getattr(ds, name)
        assert frame.empty and list(frame.columns) == list(columns(name)), name
    assert ds.municipalities() == []


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_dataset(tmp_path / "nowhere")


def test_summary_is_computed_on_demand_when_the_file_is_missing(tmp_path):
    ds = load_dataset(write_synthetic_dataset(tmp_path, summary=False))
    assert ds.municipality_summary.empty  # loading never runs the comparison code
    assert sorted(with_summary(ds).municipality_summary["municipality"]) == [
        "Hallstahammar",
        "Kalix",
        "Östersund",
    ]


def test_filter_municipalities_is_case_insensitive_and_restricts_every_table(ds):
    kalix = filter_municipalities(ds, ["KALIX"])
    assert _doc_ids(kalix) == KALIX
    for name in ("entities", "dates", "amounts", "initiatives", "outcomes", "focus_areas"):
        assert set(getattr(kalix, name)["doc_id"]) <= KALIX, name
        assert len(getattr(kalix, name)) > 0, name
    assert list(kalix.municipality_summary["municipality"]) == ["Kalix"]
    assert len(kalix.errors) == len(ds.errors)  # errors have no doc_id and stay
    assert set(filter_municipalities(ds, ["östersund"]).documents["municipality"]) == {"Östersund"}
    assert _doc_ids(filter_municipalities(ds, ["2514"])) == KALIX
    assert filter_municipalities(ds, ["Nowhere"]).documents.empty


def test_filter_period_keeps_documents_whose_dates_overlap(ds):
    in_2020 = filter_period(ds, "2020-01-01", "2020-12-31")
    # Hallstahammar's newsletter (2020) and the two reports whose periods cover 2020.
    assert _doc_ids(in_2020) == {"c1c1c1c1c1c1c1c1", "a1a1a1a1a1a1a1a1", "b1b1b1b1b1b1b1b1"}
    assert _doc_ids(filter_period(ds, dt.date(2024, 1, 1))) == {"a1a1a1a1a1a1a1a1"}
    assert _doc_ids(filter_period(ds, None, "2019")) == {"a1a1a1a1a1a1a1a1", "b1b1b1b1b1b1b1b1"}
    assert filter_period(ds, "2030", None).documents.empty


def test_filter_doc_types(ds):
    reports = filter_doc_types(ds, ["report"])
    assert set(reports.documents["doc_type"]) == {"report"}
    assert _doc_ids(reports) == {"a1a1a1a1a1a1a1a1", "b1b1b1b1b1b1b1b1"}
    both = filter_doc_types(ds, ["Minutes", "article"])
    assert set(both.documents["doc_type"]) == {"minutes", "article"}
    # Filters compose and leave the input untouched.
    assert _doc_ids(filter_municipalities(reports, ["Kalix"])) == {"a1a1a1a1a1a1a1a1"}
    assert len(ds.documents) == 7


def test_loading_does_not_import_the_comparison_code():
    import subprocess
    import sys

    code = (
        "import sys; import pipeline.dataset.load; "
        "print(any(m in sys.modules for m in "
        "('pipeline.dataset.compare', 'pipeline.dataset.summary', 'pipeline.dataset.select')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
