"""Transient I/O errors are retried by the task; lasting ones become error rows."""

from __future__ import annotations

import errno

import pandas as pd
import pytest

import pipeline.ingest as ingest
from flows.kommunlens_flow import analyse_corpus
from tests.flows.conftest import write_corpus

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _flaky_read(monkeypatch, fail_times: int) -> list[str]:
    """Make the worker's one read of a file fail with EIO the first `fail_times` calls."""
    calls: list[str] = []
    real = ingest.read_file

    def read_file(path, settings=None):
        calls.append(path.name)
        if len(calls) <= fail_times:
            raise ingest.TransientIOError(errno.EIO, f"cannot read {path.name}: I/O error")
        return real(path, settings)

    monkeypatch.setattr("pipeline.documents.read_file", read_file)
    return calls


def test_transient_read_error_is_retried(tmp_path, monkeypatch):
    src, out = tmp_path / "raw", tmp_path / "out"
    write_corpus(src, 2)
    calls = _flaky_read(monkeypatch, fail_times=1)
    summary = analyse_corpus(str(src), str(out), workers=1, batch_size=2)
    assert (summary.n_documents, summary.n_errors) == (2, 0)
    assert len(calls) == 3  # the first file twice (failed, retried), the second once


@pytest.mark.slow
def test_lasting_io_error_becomes_error_rows_and_the_run_goes_on(tmp_path, monkeypatch):
    src, out = tmp_path / "raw", tmp_path / "out"
    write_corpus(src, 3)
    _flaky_read(monkeypatch, fail_times=10**6)
    summary = analyse_corpus(str(src), str(out), workers=1, batch_size=2)
    assert summary.n_documents == 0 and summary.n_errors == 3
    errors = pd.read_parquet(out / "errors.parquet")
    assert set(errors["error_type"]) == {"io_error"}
    assert all("I/O error" in m and "\n" not in m for m in errors["message"])


def test_eio_from_the_file_system_is_transient(tmp_path, monkeypatch):
    from pathlib import Path

    path = tmp_path / "a.txt"
    path.write_text("Kalix kommun", "utf-8")

    def broken(self):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(Path, "read_bytes", broken)
    with pytest.raises(ingest.TransientIOError):
        ingest.read_document(path)
