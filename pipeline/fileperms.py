"""Files the project writes get the permissions the user's umask asks for.

tempfile.mkstemp creates files readable by the owner only (0600); after renaming such a
file into place it would stay 0600 whatever the umask, and a shared results folder would be
unreadable to colleagues. `apply_umask` gives a written file 0666 minus the umask (0644 with
the usual umask 022), like any file opened with open().
"""

from __future__ import annotations

import os
from pathlib import Path


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no /proc: the classic set-and-restore
    os.umask(mask)
    return mask


def apply_umask(path: Path, mode: int = 0o666) -> None:
    """chmod path to `mode` minus the umask (files 0666, folders 0777 before masking)."""
    os.chmod(path, mode & ~current_umask())
