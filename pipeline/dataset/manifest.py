"""What the tables in an output folder were built from, so an unchanged corpus is not rebuilt.

After the tables are written, the list of (source path, doc_id) pairs, the
duplicate files and the result-store version are saved next to them. A later
run whose plan gives the same manifest and has nothing to process leaves the
tables as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.dataset.io import atomic_write

MANIFEST_FILE = ".manifest.json"


def make_manifest(store_key: str, files: list[tuple[str, str | None]], skipped: list[str]) -> dict:
    return {"store": store_key, "files": [list(f) for f in files], "skipped": sorted(skipped)}


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((Path(out_dir) / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, ensure_ascii=False) + "\n"
    atomic_write(Path(out_dir) / MANIFEST_FILE, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def tables_are_current(out_dir: Path, manifest: dict[str, Any]) -> bool:
    """True when the folder's tables were built from exactly this manifest and all exist."""
    out = Path(out_dir)
    from pipeline.dataset.assemble import RUN_TABLES

    return read_manifest(out) == manifest and all(
        (out / f"{name}.parquet").exists() for name in RUN_TABLES
    )
