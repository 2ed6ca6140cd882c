"""The whole flow over the demo corpus plus bad inputs (run once per session in conftest)."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.dataset.assemble import RUN_TABLES
from pipeline.dataset.schema import table_names, validate_frame
from pipeline.ingest import read_document
from tests.conftest import BAD_FILES, FIXTURES

EXPECTED_ERRORS = {
    "bad/empty.txt": "empty_file",
    "bad/binary.txt": "binary_file",
    "bad/corrupt.pdf": "corrupt_pdf",
    "bad/encrypted.pdf": "encrypted_pdf",
    "bad/scanned.pdf": "no_text_layer",
    "bad/unsupported.xyz": "unsupported_format",
    "bad/huge.txt": "too_large",
}


def _expected_demo() -> dict[str, dict[str, str]]:
    with open(FIXTURES / "demo_corpus_expected.csv", encoding="utf-8") as fh:
        return {row["source_path"]: row for row in csv.DictReader(fh)}


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _table(settings, name: str) -> pd.DataFrame:
    return pd.read_parquet(settings.output_dir / f"{name}.parquet")


def test_one_document_row_per_demo_document(demo_run):
    settings, summary = demo_run
    docs = _table(settings, "documents")
    assert sorted(docs["source_path"]) == sorted(_expected_demo())
    assert summary.n_documents == len(_expected_demo())


@pytest.mark.parametrize("source_path", sorted(_expected_demo()))
def test_demo_document_metadata(demo_run, source_path):
    settings, _ = demo_run
    expected = _expected_demo()[source_path]
    docs = _table(settings, "documents").set_index("source_path")
    row = docs.loc[source_path]
    assert row["doc_type"] == expected["doc_type"]
    assert _text(row["municipality"]) == expected["municipality"]
    assert _text(row["municipality_code"]) == expected["municipality_code"]
    assert _text(row["county"]) == expected["county"]
    published = row["published"]
    assert (published.isoformat() if isinstance(published, dt.date) else "") == expected[
        "published"
    ]
    assert row["file_format"] == expected["file_format"]
    assert row["doc_id"] == row["sha256"][:16]
    assert row["n_sentences"] > 0 and row["n_tokens"] > 0


def test_every_bad_file_is_one_clear_error(demo_run):
    settings, summary = demo_run
    errors = _table(settings, "errors")
    assert dict(zip(errors["source_path"], errors["error_type"], strict=True)) == EXPECTED_ERRORS
    assert all("\n" not in m and 10 < len(m) < 300 for m in errors["message"])
    assert summary.n_errors == len(BAD_FILES) + 1


def test_tables_conform_to_the_schema(demo_run):
    settings, _ = demo_run
    for name in RUN_TABLES:
        path = settings.output_dir / f"{name}.parquet"
        assert validate_frame(name, pq.read_table(path)) == [], name
    assert set(RUN_TABLES) == set(table_names()) - {"kpi"}  # kpi: written by `kpi import`
    assert (settings.output_dir / "schema.json").exists()


def test_every_fact_points_at_its_sentence_in_the_clean_text(demo_run):
    settings, _ = demo_run
    docs = _table(settings, "documents").set_index("doc_id")
    texts = {
        doc_id: read_document(settings.input_dir / row["source_path"]).text
        for doc_id, row in docs.iterrows()
    }
    for name in ("entities", "dates", "amounts", "initiatives", "outcomes"):
        table = _table(settings, name)
        assert len(table) > 0, name
        for row in table.itertuples():
            text = texts[row.doc_id]
            assert row.sentence in text
            if name in ("entities", "dates", "amounts"):
                assert text[row.start_char : row.end_char] == row.text


@pytest.mark.slow
def test_rerun_gives_identical_tables(demo_run, tmp_path):
    from dataclasses import replace

    from flows.kommunlens_flow import analyse_corpus

    settings, _ = demo_run
    again = replace(settings, output_dir=tmp_path / "again")
    # one worker, no pool, other batches: the tables must not depend on how work is split
    analyse_corpus(
        str(settings.input_dir),
        str(again.output_dir),
        max_file_mb=settings.max_file_bytes / 2**20,
        workers=1,
        batch_size=8,
    )
    for name in table_names():
        first = settings.output_dir / f"{name}.parquet"
        if not first.exists():
            continue
        a = pd.read_parquet(first)
        b = pd.read_parquet(again.output_dir / f"{name}.parquet")
        if name == "errors":  # `when` is the run's start time by design
            a, b = a.drop(columns="when"), b.drop(columns="when")
        pd.testing.assert_frame_equal(a, b, obj=name)


def test_no_initiative_from_greetings_signatures_headings_or_urls(demo_run):
    from pipeline.extract.sentence_roles import (
        is_greeting,
        is_heading,
        is_signature,
        is_url_line,
    )

    settings, _ = demo_run
    initiatives = _table(settings, "initiatives")
    assert len(initiatives) >= 20
    for row in initiatives.itertuples():
        line = row.sentence
        assert not (is_greeting(line) or is_signature(line) or is_url_line(line)), line
        assert not is_heading(line, followed_by_text=True), line
        assert row.initiative_type and row.status in {"completed", "ongoing", "planned"}
        assert row.text in row.sentence


def test_report_and_summary_are_written(demo_run):
    settings, _ = demo_run
    report = (settings.output_dir / "report.html").read_text(encoding="utf-8")
    assert report.count('<section class="municipality"') == 4
    summary = _table(settings, "municipality_summary")
    assert set(summary["municipality"]) == {"Kalix", "Östersund", "Hallstahammar", "Södertälje"}
