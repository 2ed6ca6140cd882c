"""A run killed midway, then run again, gives complete tables: no duplicates, nothing missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from flows.kommunlens_flow import analyse_corpus
from pipeline.dataset.schema import contract
from tests.conftest import REPO
from tests.flows.conftest import assert_same_tables, write_corpus

pytestmark = pytest.mark.usefixtures("prefect_harness")

N_DOCS = 24


def _stored(out) -> int:
    return sum(1 for p in (out / ".store").glob("*/*/*.pkl") if not p.name.startswith("."))


@pytest.mark.slow
def test_killed_run_then_rerun_gives_complete_tables(tmp_path):
    from prefect.settings import PREFECT_API_URL

    src, out = tmp_path / "raw", tmp_path / "out"
    write_corpus(src, N_DOCS)
    env = {
        **os.environ,
        "PREFECT_API_URL": PREFECT_API_URL.value(),  # the session's test server: no start-up
        "KOMMUNLENS_WORKERS": "2",
    }
    cmd = [sys.executable, "-m", "pipeline.cli", "run", "--input", str(src), "--output", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--batch-size", "2"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so the kill reaches the worker processes too
    )
    try:
        deadline = time.monotonic() + 240
        while _stored(out) < 4 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    at_kill = _stored(out)
    assert 4 <= at_kill < N_DOCS, "the run must be stopped midway"
    assert not (out / "documents.parquet").exists()  # tables are written only at the end

    summary = analyse_corpus(str(src), str(out), workers=1, batch_size=4)
    assert summary.n_reused >= at_kill
    assert summary.n_processed + summary.n_reused == N_DOCS
    docs = pd.read_parquet(out / "documents.parquet")
    assert len(docs) == N_DOCS and docs["doc_id"].is_unique
    assert sorted(docs["source_path"]) == sorted(p.name for p in src.iterdir())
    for name in ("entities", "dates", "amounts", "initiatives", "outcomes", "focus_areas"):
        table = pd.read_parquet(out / f"{name}.parquet")
        key = contract()["tables"][name]["key"]
        assert len(table) and not table.duplicated(key).any(), name
    assert not list((out / ".store").glob("*/*/.tmp-*"))

    fresh = tmp_path / "fresh"
    analyse_corpus(str(src), str(fresh), workers=1, batch_size=4)
    assert_same_tables(out, fresh)
