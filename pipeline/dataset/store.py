"""Per-document results kept between runs, so a run only processes what changed.

Each processed document's rows (a DocumentResult) are written to their own file
as soon as the document is done, keyed by doc_id (content hash) under a folder
named for the pipeline version and NLP model. A later run with the same
version reuses them; a killed run loses at most the documents in flight. Files
are written to a temporary name and renamed, so a crash never leaves half a
result behind.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

STORE_FORMAT = "3"  # bump when the pickled layout of DocumentResult changes


def version_key(pipeline_version: str, nlp_model: str) -> str:
    """Folder name for results made by one pipeline version with one NLP model."""
    text = f"{STORE_FORMAT}|{pipeline_version}|{nlp_model}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class ResultStore:
    """Document results on disk: root/<version key>/<doc_id[:2]>/<doc_id>.pkl."""

    def __init__(self, root: Path, key: str) -> None:
        self.root = Path(root)
        self.key = key
        self.dir = self.root / key

    def path(self, doc_id: str) -> Path:
        return self.dir / doc_id[:2] / f"{doc_id}.pkl"

    def has(self, doc_id: str) -> bool:
        return self.path(doc_id).is_file()

    def save(self, doc_id: str, result: Any) -> Path:
        """Write one result atomically (temp file in the same folder, then rename)."""
        target = self.path(doc_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pkl")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def load(self, doc_id: str) -> Any | None:
        """The stored result, or None when it is missing or unreadable (then it is redone)."""
        try:
            with self.path(doc_id).open("rb") as fh:
                return pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None

    def doc_ids(self) -> set[str]:
        if not self.dir.is_dir():
            return set()
        return {p.stem for p in self.dir.glob("*/*.pkl") if not p.name.startswith(".")}

    def prune(self, keep: Iterable[str]) -> int:
        """Delete results of documents no longer in the corpus and other versions' folders."""
        keep = set(keep)
        removed = 0
        for doc_id in self.doc_ids() - keep:
            self.path(doc_id).unlink(missing_ok=True)
            removed += 1
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other.is_dir() and other.name != self.key:
                    shutil.rmtree(other, ignore_errors=True)
        for tmp in self.dir.glob("*/.tmp-*"):  # left by a killed run
            tmp.unlink(missing_ok=True)
        return removed
