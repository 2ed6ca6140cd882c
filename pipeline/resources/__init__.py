"""Data files the pipeline needs: gazetteers, codebook, schema and trained models."""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Absolute path of a resource file, so code never builds paths by hand."""
    return RESOURCES_DIR.joinpath(*parts)
