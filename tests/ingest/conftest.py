"""Shared paths for the ingestion tests."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def seeds() -> Path:
    """The shared seed corpus; tests that need it skip when ../shared is absent."""
    path = SHARED / "corpus" / "seeds"
    if not path.is_dir():
        pytest.skip(f"shared seed corpus not found at {path} (../shared is optional)")
    return path
