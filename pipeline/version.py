"""The pipeline version that decides whether a stored result can be reused.

A stored document result is only valid for the code and data that made it. The version is
the package version plus a fingerprint of exactly what turns a file into its rows: the
run-time modules that read, analyse and classify a document, and the artefacts and
resource files they load (the spaCy pipeline, the classifiers, rule tables). What cannot
change a document's rows is left out: training code and data (under training/, not even
installed), documentation and model cards, the report, the comparison and the CLI (they
run afresh on every run). A test checks both directions.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pipeline import __version__

PACKAGE_DIR = Path(__file__).resolve().parent
# What makes a document's rows, relative to the package.
RESULT_PATHS = (
    "__init__.py",
    "analysis.py",
    "documents.py",
    "hashing.py",
    "ingested.py",
    "classify",
    "extract",
    "ingest",
    "metadata",
    "minutes",
    "nlp",
    "dataset/records.py",
    "resources",
)
# Never part of the version, wherever they sit.
_SKIPPED_PARTS = {"__pycache__", "report"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo", ".md"}
_SKIPPED_NAMES = {"metrics.json", "LICENSE", "schema.json"}


def _counted(path: Path, root: Path) -> bool:
    rel = path.relative_to(root)
    return (
        path.is_file()
        and not _SKIPPED_PARTS.intersection(rel.parts)
        and path.suffix not in _SKIPPED_SUFFIXES
        and path.name not in _SKIPPED_NAMES
        and not path.name.endswith(".metrics.json")
    )


def result_files(root: Path = PACKAGE_DIR) -> list[Path]:
    """The files the version fingerprints, sorted by relative path."""
    files: set[Path] = set()
    for part in RESULT_PATHS:
        target = root / part
        if target.is_dir():
            files.update(p for p in target.rglob("*") if _counted(p, root))
        elif target.is_file() and _counted(target, root):
            files.add(target)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def fingerprint(root: Path = PACKAGE_DIR) -> str:
    """SHA-256 over the relative paths and bytes of every file that makes results."""
    digest = hashlib.sha256()
    for path in result_files(root):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def pipeline_version() -> str:
    """`0.1.0+<12 hex>`: what `documents.pipeline_version` records."""
    return f"{__version__}+{fingerprint()[:12]}"
