"""One run per output folder: a real second process is refused or waits; a dead owner's lock
is taken over with a warning."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from pipeline.lock import LOCK_FILE, LockBusy, output_lock, read_owner
from tests.conftest import REPO

HOLD = """
import sys, time
from pipeline.lock import output_lock
with output_lock(sys.argv[1], command="holder"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(folder, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder), str(seconds)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_process_is_refused_at_once_naming_the_owner(tmp_path):
    holder = _holder(tmp_path, 30)
    try:
        started = time.monotonic()
        with pytest.raises(LockBusy) as exc, output_lock(tmp_path):
            pass
        assert time.monotonic() - started < 2
        message = str(exc.value)
        assert f"pid {holder.pid} on {socket.gethostname()}" in message and "holder" in message
        assert "\n" not in message and "--wait" in message
    finally:
        holder.kill()
        holder.wait()


def test_wait_waits_for_the_owner_to_finish(tmp_path):
    holder = _holder(tmp_path, 1.0)
    warnings = []
    started = time.monotonic()
    with output_lock(tmp_path, wait=True, poll=0.05, warn=warnings.append):
        assert time.monotonic() - started > 0.5  # it waited for the holder's second
        assert read_owner(tmp_path).pid == os.getpid()
    holder.wait()
    (waiting,) = warnings  # one line while waiting; a clean release leaves nothing stale
    assert waiting.startswith("waiting for holder pid")
    assert read_owner(tmp_path) is None


def test_a_dead_owners_lock_is_taken_over_with_a_warning(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = {"pid": dead.pid, "host": socket.gethostname(), "started": "2026-01-01T00:00:00"}
    (tmp_path / LOCK_FILE).write_text(json.dumps(stale), "utf-8")
    warnings = []
    with output_lock(tmp_path, warn=warnings.append):
        assert read_owner(tmp_path).pid == os.getpid()
    (warning,) = warnings
    assert f"pid {dead.pid}" in warning and "no longer running" in warning


def test_a_killed_owner_never_blocks(tmp_path):
    holder = _holder(tmp_path, 30)
    holder.kill()
    holder.wait()
    warnings = []
    with output_lock(tmp_path, warn=warnings.append):
        pass
    assert len(warnings) == 1 and str(holder.pid) in warnings[0]


def test_the_lock_is_reentrant_in_one_process(tmp_path):
    with output_lock(tmp_path), output_lock(tmp_path / "."):
        assert read_owner(tmp_path).pid == os.getpid()
    assert read_owner(tmp_path) is None
