"""The deployment: defined with flow.serve, runnable from the API (as the UI does)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from flows.serve import build_deployment
from tests.conftest import REPO
from tests.flows.conftest import write_corpus


def test_deployment_carries_folders_and_schedule(tmp_path):
    deployment = build_deployment(
        str(tmp_path / "raw"), str(tmp_path / "out"), name="weekly", cron="0 3 * * 1", workers=2
    )
    assert deployment.name == "weekly"
    assert deployment.entrypoint == "flows/kommunlens_flow.py:analyse_corpus"
    assert deployment.parameters == {
        "input_dir": str(tmp_path / "raw"),
        "output_dir": str(tmp_path / "out"),
        "workers": 2,
    }
    (schedule,) = deployment.schedules
    assert schedule.schedule.cron == "0 3 * * 1"


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_served_deployment_runs_when_triggered(tmp_path):
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL

    src, out = tmp_path / "raw", tmp_path / "out"
    write_corpus(src, 2)
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    cmd = [sys.executable, "-m", "flows.serve", "--input", str(src), "--output", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--name", "served-test", "--workers", "1"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        run = None
        while run is None and time.monotonic() < deadline:
            try:
                run = run_deployment("analyse-corpus/served-test", timeout=180)
            except Exception:  # not registered yet
                time.sleep(1)
        assert run is not None and run.state.is_completed(), run and run.state
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    docs = pd.read_parquet(out / "documents.parquet")
    assert len(docs) == 2
