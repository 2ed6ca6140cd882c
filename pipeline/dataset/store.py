"""Per-document results kept between runs, so a run only processes what changed.

Each processed document's rows (a DocumentResult) are written to their own file
as soon as the document is done, keyed by doc_id (content hash) under a folder
named for the pipeline version and NLP model. A later run with the same
version reuses them; a killed run loses at most the documents in flight. Files
are written to a temporary name and renamed, so a crash never leaves half a
result behind.

The files hold data, not code: JSON checked field by field on reading
(pipeline/dataset/codec.py). An entry that does not read back as a DocumentResult
(damaged, planted, another format) counts as missing: the document is processed
again and the entry overwritten. Nothing in the store is ever unpickled or executed.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from collections.abc import Iterable
from pathlib import Path

from pipeline.atomic import atomic_write_bytes
from pipeline.dataset.codec import CodecError, decode_result, encode_result, header
from pipeline.dataset.records import DocumentResult

STORE_FORMAT = "4"  # bump when the stored layout of DocumentResult changes (4: JSON)
SUFFIX = ".json"

log = logging.getLogger(__name__)


def version_key(pipeline_version: str, nlp_model: str) -> str:
    """Folder name for results made by one pipeline version with one NLP model."""
    text = f"{STORE_FORMAT}|{pipeline_version}|{nlp_model}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class ResultStore:
    """Document results on disk: root/<version key>/<doc_id[:2]>/<doc_id>.json."""

    def __init__(self, root: Path, key: str) -> None:
        self.root = Path(root)
        self.key = key
        self.dir = self.root / key

    def path(self, doc_id: str) -> Path:
        return self.dir / doc_id[:2] / f"{doc_id}{SUFFIX}"

    def has(self, doc_id: str) -> bool:
        """An entry exists (not that it is valid: `load` says that)."""
        return self.path(doc_id).is_file()

    def save(self, doc_id: str, result: DocumentResult) -> Path:
        """Write one result atomically (temp file in the same folder, then rename)."""
        data = encode_result(result, STORE_FORMAT)
        target = self.path(doc_id)
        atomic_write_bytes(target, data, prefix=".tmp-", suffix=SUFFIX)
        return target

    def load(self, doc_id: str) -> DocumentResult | None:
        """The stored result, or None when it is missing or not a valid result (then the
        document is processed again); an invalid entry is logged as a warning."""
        path = self.path(doc_id)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            return decode_result(data, STORE_FORMAT)
        except CodecError as exc:
            log.warning(
                "stored result %s is not valid (%s); the document is processed again", path, exc
            )
            return None

    def valid(self, doc_id: str) -> bool:
        """The entry reads back as a result (the full check)."""
        return self.has(doc_id) and self.load(doc_id) is not None

    def looks_valid(self, doc_id: str) -> bool:
        """The entry starts like one of this format: a quick look, for planning a run."""
        try:
            with self.path(doc_id).open("rb") as fh:
                return fh.read(len(self.header)) == self.header
        except OSError:
            return False

    @property
    def header(self) -> bytes:
        return header(STORE_FORMAT)

    def discard(self, doc_id: str) -> None:
        """Remove an entry (one found not valid), so the document is processed again."""
        self.path(doc_id).unlink(missing_ok=True)

    def doc_ids(self) -> set[str]:
        if not self.dir.is_dir():
            return set()
        return {
            p.name[: -len(SUFFIX)]
            for p in self.dir.glob(f"*/*{SUFFIX}")
            if not p.name.startswith(".")
        }

    def prune(self, keep: Iterable[str]) -> int:
        """Delete results of documents no longer in the corpus, other versions' folders and
        anything else in this version's folder (temp files of a killed run, foreign files)."""
        keep = set(keep)
        removed = 0
        for doc_id in self.doc_ids() - keep:
            self.path(doc_id).unlink(missing_ok=True)
            removed += 1
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other.name != self.key:
                    if other.is_dir() and not other.is_symlink():
                        shutil.rmtree(other, ignore_errors=True)
                    else:
                        other.unlink(missing_ok=True)
        for stray in self.dir.glob("*/*"):
            foreign = stray.name.startswith(".") or not stray.name.endswith(SUFFIX)
            if foreign and (stray.is_file() or stray.is_symlink()):
                stray.unlink(missing_ok=True)
        return removed
