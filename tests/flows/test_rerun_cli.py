"""Re-runs from the command line: an unchanged folder starts nothing, one changed file is one
file processed."""

from __future__ import annotations

import pytest

from pipeline import cli
from tests.flows.conftest import write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def _nothing_may_start(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged folder must not start a server, workers or a flow")

    monkeypatch.setattr("flows.api_server.start_api_server", refuse)
    monkeypatch.setattr("flows.workers.start_workers_early", refuse)
    monkeypatch.setattr("flows.kommunlens_flow.analyse_corpus", refuse)


def test_unchanged_folder_starts_no_server_and_one_changed_file_is_processed_alone(
    tmp_path, monkeypatch, capsys
):
    src, out = tmp_path / "raw", tmp_path / "out"
    paths = write_corpus(src, 3)
    args = ["run", "--input", str(src), "--output", str(out), "--workers", "1"]
    assert cli.main(args) == 0
    assert "(3 processed, 0 unchanged since the last run)" in capsys.readouterr().out
    tables_before = (out / "documents.parquet").resolve()

    with monkeypatch.context() as patched:
        _nothing_may_start(patched)
        assert cli.main(args) == 0
    said = capsys.readouterr().out
    assert "Nothing changed since the last run" in said
    assert "Documents: 3 of 3 files (0 processed, 3 unchanged since the last run)" in said
    assert (out / "documents.parquet").resolve() == tables_before  # not rewritten

    paths[1].write_text(paths[1].read_text("utf-8") + "\nEn rad till.\n", "utf-8")
    assert cli.main(args) == 0
    said = capsys.readouterr().out
    assert "Nothing changed" not in said
    assert "Documents: 3 of 3 files (1 processed, 2 unchanged since the last run)" in said
