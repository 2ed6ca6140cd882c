"""The one loader for the data files a run reads: rule tables, codebook, schema, models.

Every resource is read through these functions, each file once per process, so code never
builds paths by hand and a test can tell exactly what a run loads (pipeline/version.py
fingerprints the same folder). Word lists that a trained model saw as features are not
here: they live inside the spaCy pipeline artefact (``nlp/``), saved by its components.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

RESOURCES_DIR = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Absolute path of a resource file or folder."""
    return RESOURCES_DIR.joinpath(*parts)


@cache
def load_json(name: str) -> Any:
    """A JSON resource, parsed once per process (treat the result as read-only)."""
    with resource_path(name).open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """The non-empty lines of a text resource, without comments ('#') and surrounding spaces."""
    lines = resource_path(name).read_text(encoding="utf-8").splitlines()
    return tuple(s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#"))


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a CSV resource as dicts keyed by its header."""
    with resource_path(name).open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """The records of a JSON-lines resource; none when the file is absent (an optional part)."""
    path = resource_path(name)
    if not path.is_file():
        return ()
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


def codebook() -> dict[str, Any]:
    """The project's codebook (document types, focus areas, initiative types, labels)."""
    return load_json("codebook.json")


def codes(section: str) -> tuple[str, ...]:
    """The codes of one codebook section ("doc_types", "focus_areas", "initiative_types")."""
    return tuple(item["code"] for item in codebook()[section])
