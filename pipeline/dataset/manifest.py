"""What the tables in an output folder were built from, so an unchanged corpus is not rebuilt.

After the tables and the report are written, the list of (source path, doc_id) pairs, the
duplicate files, the result-store version, the analysts' inputs and the report's hash are
saved next to them, last, in the generation folder (pipeline/dataset/generations.py). A later
run whose plan gives the same manifest and has nothing to process leaves the tables as they
are, if the report is there and unchanged; else it writes a new generation.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pipeline.dataset.generations import (
    GENERATION_TABLES,
    MANIFEST_FILE,
    REPORT_FILE,
    SCHEMA_FILE,
    current_generation,
    tables_dir,
)
from pipeline.dataset.io import atomic_write

OWN_KEYS = ("generation", "report")  # written with the generation, not part of the plan


def make_manifest(store_key: str, files: list[tuple[str, str | None]], skipped: list[str]) -> dict:
    return {"store": store_key, "files": [list(f) for f in files], "skipped": sorted(skipped)}


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest of the current generation (or of a folder in the older layout)."""
    try:
        data = json.loads((tables_dir(out_dir) / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, ensure_ascii=False) + "\n"
    atomic_write(Path(folder) / MANIFEST_FILE, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return None


def tables_are_current(out_dir: Path, manifest: dict[str, Any]) -> bool:
    """True when the current generation was built from exactly this manifest and is whole:
    every table, the schema, and the report the manifest names."""
    folder = current_generation(Path(out_dir))
    stored = read_manifest(out_dir) if folder is not None else None
    if stored is None:
        return False
    plan = {k: v for k, v in stored.items() if k not in OWN_KEYS}
    if plan != {k: v for k, v in manifest.items() if k not in OWN_KEYS}:
        return False
    needed = [folder / f"{n}.parquet" for n in GENERATION_TABLES] + [folder / SCHEMA_FILE]
    report = stored.get("report")
    return (
        all(p.exists() for p in needed)
        and report is not None
        and file_hash(folder / REPORT_FILE) == report
    )


def inputs_fingerprint(out_dir: Path) -> dict[str, str | None]:
    """Hashes of the analysts' inputs the tables and report are built from."""
    from pipeline.review.corrections import fingerprint

    return {
        "corrections": fingerprint(out_dir),
        "kpi": file_hash(Path(out_dir) / "kpi.parquet"),
    }


def record_report(out_dir: Path) -> None:
    """After the current generation's report was rewritten in place (`kpi import`): record
    the report's hash and the inputs it saw in that generation's manifest."""
    folder = current_generation(Path(out_dir))
    manifest = read_manifest(out_dir) if folder is not None else None
    if folder is None or manifest is None:
        return
    manifest.update(inputs_fingerprint(out_dir), report=file_hash(folder / REPORT_FILE))
    write_manifest(folder, manifest)
