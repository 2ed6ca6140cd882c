"""The flow on a Dask cluster of separate processes started from the command line.

`dask scheduler` and two `dask worker` processes, as an administrator starts them on the
machines of a cluster (here all on this machine); the run is pointed at the scheduler's
address, exactly as `kommunlens run --runner dask --dask-address tcp://...` does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.kommunlens_flow import analyse_corpus
from tests.conftest import REPO
from tests.flows.conftest import assert_same_tables, write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

DASK = Path(sys.executable).parent / "dask"


def _wait_for(path: Path, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except ValueError:  # being written
                pass
        time.sleep(0.2)
    raise TimeoutError(f"the scheduler did not write {path} in {seconds:.0f} s")


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A scheduler and two single-threaded workers, each its own process; yields the address."""
    pytest.importorskip("prefect_dask")
    if not DASK.exists():
        pytest.skip(f"the dask command is not installed beside {sys.executable}")
    info = tmp_path / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    common = {"cwd": REPO, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [
        subprocess.Popen(
            [
                str(DASK),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(info),
            ],
            **common,
        )
    ]
    try:
        address = _wait_for(info, 60)["address"]
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        str(DASK),
                        "worker",
                        address,
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--local-directory",
                        str(tmp_path / "dask-work"),
                    ],
                    **common,
                )
            )
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            workers = client.scheduler_info()["workers"]
            assert len(workers) == 2
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_flow_on_dask_processes_matches_a_local_run(tmp_path, dask_cluster):
    src = tmp_path / "raw"
    write_corpus(src, 6)
    on_dask = analyse_corpus(
        str(src), str(tmp_path / "dask"), runner="dask", dask_address=dask_cluster, batch_size=2
    )
    assert (on_dask.n_documents, on_dask.n_processed, on_dask.n_errors) == (6, 6, 0)
    from distributed import Client

    with Client(dask_cluster, timeout=60) as client:  # the batches ran in the worker processes
        analysed_there = client.run(lambda: "pipeline.documents" in sys.modules)
    assert any(analysed_there.values())
    local = analyse_corpus(str(src), str(tmp_path / "local"), workers=1, batch_size=6)
    assert local.n_documents == 6
    assert_same_tables(tmp_path / "dask", tmp_path / "local")
