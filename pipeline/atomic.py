"""Files written whole or not at all, with the permissions the user's umask asks for.

Every file the project keeps (tables, report, manifest, stored results, the ingest and OCR
caches) is written to a temporary name in its own folder and renamed into place, so a kill
or a full disk never leaves half a file, and readers see the old file or the new one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline.fileperms import apply_umask


def atomic_write(
    path: Path, write: Callable[[Path], None], prefix: str | None = None, suffix: str = ".tmp"
) -> None:
    """Run `write(tmp)`, give tmp the umask's mode (mkstemp made it 0600), rename it onto path.

    The temporary name starts with `prefix` (default `.<name>.`) and ends with `suffix`, so
    the clean-up of a killed run can find leftovers by pattern."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=prefix if prefix is not None else f".{path.name}.", suffix=suffix, dir=path.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        apply_umask(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_bytes(
    path: Path, data: bytes, prefix: str | None = None, suffix: str = ".tmp"
) -> None:
    """`data` as the whole content of path, written atomically."""
    atomic_write(path, lambda tmp: tmp.write_bytes(data), prefix, suffix)
