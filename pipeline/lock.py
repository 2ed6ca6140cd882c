"""One run per output folder at a time: a lock file naming its owner.

`<output>/.lock` is locked with flock(2) for as long as a run (or `kommunlens kpi import`)
writes to the folder, and holds the owner's pid, host and start time, so a second run can say
which one is busy. The kernel releases the flock when the owner dies however it dies, so a
lock left by a killed run never blocks: the next run takes it over, with a warning naming
the dead owner. The file itself is never deleted (deleting a flocked file lets two
processes lock two different files of the same name).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = ".lock"
_held: dict[Path, int] = {}  # folders this process holds -> depth (re-entrant)


class LockBusy(RuntimeError):
    """Another process is writing to the output folder."""


@dataclass(frozen=True)
class Owner:
    pid: int
    host: str
    started: str
    command: str = ""

    def describe(self) -> str:
        what = f"{self.command} " if self.command else ""
        return f"{what}pid {self.pid} on {self.host}, started {self.started}"


def read_owner(folder: Path) -> Owner | None:
    """Who holds (or last held, when it died) the folder's lock, if the file says."""
    try:
        data = json.loads((Path(folder) / LOCK_FILE).read_text("utf-8"))
        return Owner(
            int(data["pid"]), str(data["host"]), str(data["started"]), data.get("command", "")
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


@contextmanager
def output_lock(
    folder: Path,
    command: str = "kommunlens run",
    wait: bool = False,
    poll: float = 0.5,
    warn=None,
) -> Iterator[None]:
    """Hold the folder's lock for the block; LockBusy at once when another process holds it,
    or wait for it with `wait`. Re-entrant within one process."""
    folder = Path(folder).resolve()
    if folder in _held:
        _held[folder] += 1
        try:
            yield
        finally:
            _held[folder] -= 1
        return
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    told = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                busy = True
            except OSError:  # no flock on this file system: trust the pid on this host
                owner = read_owner(folder)
                busy = (
                    owner is not None
                    and owner.host == socket.gethostname()
                    and pid_alive(owner.pid)
                )
                if not busy:
                    break
            if busy:
                if not wait:
                    owner = read_owner(folder)
                    who = owner.describe() if owner else "another process"
                    raise LockBusy(
                        f"{folder} is in use by {who}; wait for it to finish or use --wait"
                    ) from None
                if not told and warn is not None:
                    owner = read_owner(folder)
                    who = owner.describe() if owner else "another process"
                    warn(f"waiting for {who} to finish with {folder}")
                    told = True
                time.sleep(poll)
        previous = read_owner(folder)  # still there: its owner died without releasing
        if previous is not None and previous.pid != os.getpid() and warn is not None:
            warn(
                f"warning: taking over the lock of {folder} left by {previous.describe()}, "
                "which is no longer running"
            )
        owner = Owner(
            os.getpid(),
            socket.gethostname(),
            dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            command,
        )
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(owner.__dict__) + "\n").encode("utf-8"), 0)
        _held[folder] = 1
        try:
            yield
        finally:
            del _held[folder]
            os.ftruncate(fd, 0)  # released cleanly: nothing stale to report
    finally:
        os.close(fd)  # releases the flock
