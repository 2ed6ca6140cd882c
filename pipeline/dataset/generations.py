"""All-or-nothing tables: each run writes a new generation folder, then switches over.

Layout of an output folder:

    .generations/<id>/     one complete set: every run table, schema.json, report.html and
                           .manifest.json (written last), each Parquet file tagged with <id>
    current -> .generations/<id>       the switch: a symlink replaced atomically (os.replace)
    documents.parquet -> current/documents.parquet, ... report.html, schema.json
                           fixed links, so the paths users know keep working
    corrections.csv, kpi.parquet       analysts' inputs, kept across runs (not generations)
    .store/, .cache/, .lock            results per document, parsed files, the run lock

Readers resolve `current` once and read every table from that folder, so they see one
complete generation, old or new, never a mix. Anything in .generations other than the
current one is a leftover (a killed run's unfinished folder, the previous generation) and
is removed by the next run that holds the lock (pipeline/lock.py).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.dataset.schema import table_names

GENERATIONS = ".generations"
CURRENT = "current"
GENERATION_KEY = b"kommunlens.generation"  # in each Parquet file's schema metadata
REPORT_FILE = "report.html"
SCHEMA_FILE = "schema.json"
MANIFEST_FILE = ".manifest.json"
# Tables a run writes (kpi is imported by `kommunlens kpi import` and kept at the top).
GENERATION_TABLES = tuple(n for n in table_names() if n != "kpi")
LINKED = (*(f"{n}.parquet" for n in GENERATION_TABLES), SCHEMA_FILE, REPORT_FILE)


class MixedGenerationsError(ValueError):
    """The tables of a folder do not come from one run."""


@dataclass(frozen=True)
class Generation:
    id: str
    path: Path


def current_generation(out: Path) -> Path | None:
    """The folder `out/current` points to, or None (no run in this layout yet)."""
    link = Path(out) / CURRENT
    if not link.is_symlink():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def tables_dir(out: Path) -> Path:
    """Where the tables of `out` are: its current generation, else `out` itself (a folder
    written by an older version, or tables written directly, as tests do)."""
    return current_generation(out) or Path(out)


def new_generation(out: Path) -> Generation:
    """A new, empty generation folder under out/.generations."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    gen_id = f"{stamp}-{secrets.token_hex(4)}"
    path = Path(out) / GENERATIONS / gen_id
    path.mkdir(parents=True)
    return Generation(gen_id, path)


def _replace_link(link: Path, target: str) -> None:
    """Point `link` at `target` atomically (a temporary symlink renamed over it)."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.{secrets.token_hex(3)}.tmp")
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def switch(out: Path, gen: Generation) -> None:
    """Make `gen` the current generation, then remove the others."""
    out = Path(out)
    _replace_link(out / CURRENT, f"{GENERATIONS}/{gen.id}")
    link_top_level(out)
    (out / MANIFEST_FILE).unlink(missing_ok=True)  # the older layout's
    remove_leftovers(out)


def link_top_level(out: Path) -> None:
    """(Re)make the fixed links out/<table>.parquet -> current/<table>.parquet and so on."""
    for name in LINKED:  # once made they stay: they go through `current`
        link = Path(out) / name
        wanted = f"{CURRENT}/{name}"
        if not (link.is_symlink() and os.readlink(link) == wanted):
            _replace_link(link, wanted)  # also replaces a file of the older layout


def remove_leftovers(out: Path) -> list[Path]:
    """Remove generations other than the current one and temporary files of killed runs.
    Only call this holding the folder's lock."""
    out = Path(out)
    current = current_generation(out)
    removed: list[Path] = []
    root = out / GENERATIONS
    if root.is_dir():
        for folder in root.iterdir():
            if current is not None and folder.resolve() == current:
                continue
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder, ignore_errors=True)
            else:
                folder.unlink(missing_ok=True)
            removed.append(folder)
    for tmp in out.glob(".*.tmp"):  # io.atomic_write's and _replace_link's temporaries
        tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


def generation_of(path: Path) -> str | None:
    """The generation id a Parquet file was written for (None: not tagged)."""
    meta = pq.read_schema(path).metadata or {}
    value = meta.get(GENERATION_KEY)
    return value.decode("utf-8") if value else None


def check_one_generation(folder: Path) -> str | None:
    """The generation id shared by the run tables in `folder`; MixedGenerationsError when
    they differ (a folder assembled from different runs)."""
    ids: dict[str, str | None] = {}
    for name in GENERATION_TABLES:
        path = Path(folder) / f"{name}.parquet"
        if path.exists():
            ids[name] = generation_of(path)
    found = set(ids.values())
    if len(found) > 1:
        detail = ", ".join(f"{n} {g or 'untagged'}" for n, g in sorted(ids.items()))
        raise MixedGenerationsError(
            f"the tables in {folder} come from different runs ({detail}); run kommunlens run again"
        )
    return found.pop() if found else None
