"""build_tables: a document cut at the size limit also gets a `truncated` error row."""

from __future__ import annotations

import datetime as dt

from pipeline.dataset.assemble import build_tables, truncation_errors
from pipeline.dataset.records import DocumentRecord, DocumentResult
from pipeline.limits import truncation_warning

WHEN = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def _result(path: str, warnings: list[str]) -> DocumentResult:
    fields = {name: None for name in DocumentRecord.__dataclass_fields__}
    fields.update(
        doc_id=path[:16].ljust(16, "0"),
        source_path=path,
        file_format="txt",
        sha256="0" * 64,
        doc_type="report",
        doc_type_score=1.0,
        n_pages=1,
        n_chars=10,
        n_sentences=1,
        n_tokens=2,
        language="sv",
        nlp_model="m",
        pipeline_version="v",
        warnings=warnings,
        ocr=False,
    )
    return DocumentResult(document=DocumentRecord(**fields))


def test_truncated_documents_get_one_error_row_each() -> None:
    cut = truncation_warning(2_000_000, 50_000_000, 2_000_000)
    results = [_result("big.txt", ["not UTF-8; decoded as cp1252", cut]), _result("ok.txt", [])]
    (row,) = truncation_errors(results, WHEN)
    assert (row.source_path, row.stage, row.error_type, row.message) == (
        "big.txt",
        "ingest",
        "truncated",
        cut,
    )
    tables = build_tables(results, [], when=WHEN)
    assert tables["documents"].num_rows == 2
    assert tables["errors"].column("error_type").to_pylist() == ["truncated"]


def test_no_rows_without_a_cut() -> None:
    assert truncation_errors([_result("ok.txt", ["not UTF-8; decoded as cp1252"])]) == []
