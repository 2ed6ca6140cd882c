"""Two runs into one output folder: the second is refused at once, or waits with --wait;
the tables are then exactly the second run's, with nothing lost to the first's pruning."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pandas as pd
import pytest

from pipeline.lock import read_owner
from tests.conftest import REPO
from tests.flows.conftest import write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def _cli(src, out, *extra, **popen):
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "KOMMUNLENS_WORKERS": "1"}
    cmd = [sys.executable, "-m", "pipeline.cli", "run", "--input", str(src), "--output", str(out)]
    return subprocess.Popen(
        [*cmd, *extra], cwd=REPO, env=env, text=True, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, **popen,
    )  # fmt: skip


def test_a_second_run_is_refused_or_waits(tmp_path):
    a, b, out = tmp_path / "a", tmp_path / "b", tmp_path / "out"
    write_corpus(a, 3)
    b_paths = write_corpus(b, 5)
    for path in b_paths[:3]:  # b holds other documents than a
        path.unlink()
    b_paths = b_paths[3:]
    first = _cli(a, out)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            owner = read_owner(out)
            if owner is not None and owner.pid == first.pid:
                break
            time.sleep(0.05)
        started = time.monotonic()
        refused = _cli(b, out)
        _, err = refused.communicate(timeout=60)
        assert refused.returncode == 1 and time.monotonic() - started < 30
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and f"pid {first.pid}" in lines[0], err
        waiting = _cli(b, out, "--wait")
        _, err_first = first.communicate(timeout=300)
        assert first.returncode == 0, err_first[-2000:]
        _, err_wait = waiting.communicate(timeout=300)
        assert waiting.returncode == 0, err_wait[-2000:]
    finally:
        for proc in (first,):
            if proc.poll() is None:
                proc.kill()
    docs = pd.read_parquet(out / "documents.parquet")
    assert sorted(docs["source_path"]) == sorted(p.name for p in b_paths)
    errors = pd.read_parquet(out / "errors.parquet")
    assert "internal_error" not in set(errors["error_type"])
