"""RawDocuments cached as JSON by content hash, so each file is extracted once."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.atomic import atomic_write_bytes
from pipeline.ingest.base import LayoutSpan, Page, RawDocument


def cache_path(cache_dir: Path, sha256: str, version: str) -> Path:
    """cache_dir/<sha256>-<reader version>.json"""
    return cache_dir / f"{sha256}-{version}.json"


def to_json(doc: RawDocument) -> str:
    return json.dumps(
        {
            "text": doc.text,
            "pages": [[p.number, p.text] for p in doc.pages],
            "file_format": doc.file_format,
            "title": doc.title,
            "warnings": list(doc.warnings),
            "layout": [[s.kind, s.page, s.start, s.end] for s in doc.layout],
            "ocr": doc.ocr,
            "ocr_confidence": doc.ocr_confidence,
        },
        ensure_ascii=False,
    )


def from_json(raw: str) -> RawDocument:
    data = json.loads(raw)
    return RawDocument(
        text=str(data["text"]),
        pages=tuple(Page(int(n), str(t)) for n, t in data["pages"]),
        file_format=str(data["file_format"]),
        title=data.get("title"),
        warnings=tuple(str(w) for w in data.get("warnings", ())),
        layout=tuple(
            LayoutSpan(str(k), int(p), int(a), int(b)) for k, p, a, b in data.get("layout", ())
        ),
        ocr=bool(data.get("ocr", False)),
        ocr_confidence=data.get("ocr_confidence"),
    )


def load(path: Path) -> RawDocument | None:
    """The cached document, or None when absent or unreadable (then it is rebuilt)."""
    try:
        return from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(path: Path, doc: RawDocument) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a cache entry."""
    atomic_write_bytes(path, to_json(doc).encode("utf-8"), prefix=".tmp-", suffix=".json")
