"""The pipeline version that decides whether a stored result can be reused.

A stored document result is only valid for the code and resources that made
it. The version is the package version plus a fingerprint of every Python
source file and resource file of the package, so editing a rule file,
retraining a model or changing code invalidates earlier results without anyone
having to remember to bump a number.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pipeline import __version__

PACKAGE_DIR = Path(__file__).resolve().parent
_SKIPPED_PARTS = {"__pycache__"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo"}


def fingerprint(root: Path = PACKAGE_DIR) -> str:
    """SHA-256 over the relative paths and bytes of every file under root."""
    digest = hashlib.sha256()
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not _SKIPPED_PARTS.intersection(p.relative_to(root).parts)
        and p.suffix not in _SKIPPED_SUFFIXES
    )
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def pipeline_version() -> str:
    """`0.1.0+<12 hex>`: what `documents.pipeline_version` records."""
    return f"{__version__}+{fingerprint()[:12]}"
