"""A run killed midway, then run again, gives complete tables: no duplicates, nothing missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from flows.kommunlens_flow import analyse_corpus
from pipeline.dataset.schema import contract
from tests.conftest import REPO
from tests.flows.conftest import assert_same_tables, write_corpus

pytestmark = pytest.mark.usefixtures("prefect_harness")

N_DOCS = 24


def _stored(out) -> int:
    return sum(1 for p in (out / ".store").glob("*/*/*.json") if not p.name.startswith("."))


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


def _running_in_group(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _cli_env(**extra: str) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    return {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), **extra}


@pytest.mark.slow
def test_killed_while_writing_tables_readers_keep_the_old_generation(tmp_path):
    from pipeline.dataset.generations import GENERATIONS, current_generation
    from pipeline.dataset.load import load_dataset

    src, out = tmp_path / "raw", tmp_path / "out"
    write_corpus(src, 4)
    (src / "003_extra.txt").unlink(missing_ok=True)
    paths = sorted(src.iterdir())
    extra = paths.pop()
    moved = tmp_path / extra.name
    extra.rename(moved)  # the first run sees three documents
    analyse_corpus(str(src), str(out), workers=1, batch_size=4)
    old = current_generation(out)
    old_report = (out / "report.html").read_text("utf-8")
    moved.rename(extra)  # the second run has four
    cmd = [sys.executable, "-m", "pipeline.cli", "run", "--input", str(src), "--output", str(out)]
    env = _cli_env(KOMMUNLENS_WORKERS="1", KOMMUNLENS_TEST_PAUSE_BETWEEN_TABLES="1")
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        new = []
        while proc.poll() is None and time.monotonic() < deadline:
            new = [g for g in (out / GENERATIONS).iterdir() if g.resolve() != old]
            if new and len(list(new[0].glob("*.parquet"))) >= 3:
                break
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert new and len(list(new[0].glob("*.parquet"))) < 11, "killed while writing tables"
    # readers see the old generation, whole: tables and report
    assert current_generation(out) == old
    ds = load_dataset(out)
    assert len(ds.documents) == 3 and set(ds.focus_areas["doc_id"]) <= set(ds.documents["doc_id"])
    assert (out / "report.html").read_text("utf-8") == old_report

    summary = analyse_corpus(str(src), str(out), workers=1, batch_size=4)
    assert summary.n_documents == 4
    assert [g.resolve() for g in (out / GENERATIONS).iterdir()] == [current_generation(out)]
    assert not list(out.glob(".*.tmp")) and len(load_dataset(out).documents) == 4
    assert (out / "report.html").read_text("utf-8") != old_report


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "code", "to_group"), [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, False)]
)
def test_interrupt_stops_at_once_and_keeps_what_is_done(tmp_path, signum, code, to_group):
    """Ctrl-C (to the whole process group, as a terminal sends it) or SIGTERM (to the run):
    out within 10 s, the conventional exit code, one line, no traceback; the run keeps what
    it stored and the next run goes on from there. Uses Prefect's temporary API server, as a
    user without PREFECT_API_URL does."""
    n_docs = 10
    src, out = tmp_path / "raw", tmp_path / "out"
    write_corpus(src, n_docs)
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["KOMMUNLENS_WORKERS"] = "2"
    cmd = [sys.executable, "-m", "pipeline.cli", "run", "--input", str(src), "--output", str(out)]
    err_path = tmp_path / "stderr.txt"
    with err_path.open("w") as err:
        proc = subprocess.Popen(
            [*cmd, "--batch-size", "1"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
            stderr=err, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 240
            while _stored(out) < 2 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            at_signal = _stored(out)
            sent = time.monotonic()
            (os.killpg if to_group else os.kill)(proc.pid, signum)
            rc = proc.wait(timeout=60)
            took = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    text = err_path.read_text("utf-8")
    assert rc == code, text[-3000:]
    assert took < 10, f"took {took:.1f} s"
    assert "Traceback" not in text and "Unable to connect" not in text, text[-3000:]
    (line,) = [x for x in text.splitlines() if "kept" in x]
    kept = int(line.split("kept ")[1].split(" of ")[0])
    assert line.endswith(f"kept {kept} of {n_docs} documents; run again to continue")
    assert at_signal <= kept < n_docs and kept <= _stored(out)
    time.sleep(1)
    assert _running_in_group(proc.pid) == []  # the workers are gone too

    summary = analyse_corpus(str(src), str(out), workers=1, batch_size=4)
    assert summary.n_reused >= kept and summary.n_processed + summary.n_reused == n_docs
