"""Shared fixtures: paths, the Prefect test harness, and one flow run per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "fixtures"
DEMO_DIR = REPO / "data" / "raw"
BAD_FILES = (
    "empty.txt",
    "binary.txt",
    "corrupt.pdf",
    "encrypted.pdf",
    "scanned.pdf",
    "unsupported.xyz",
)


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is not beside the repository)")
    return path


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for the whole session (it takes seconds to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def demo_run(prefect_harness, tmp_path_factory):
    """The flow over the demo corpus plus the bad-input fixtures, run once."""
    from flows.kommunlens_flow import analyse_corpus, run_settings

    base = tmp_path_factory.mktemp("demo_run")
    input_dir = base / "raw"
    shutil.copytree(DEMO_DIR, input_dir)
    bad_dir = input_dir / "bad"
    bad_dir.mkdir()
    for name in BAD_FILES:
        shutil.copy(FIXTURES / "ingest" / name, bad_dir / name)
    (bad_dir / "huge.txt").write_text("Kalix kommun " * 20000, encoding="utf-8")
    options = {"max_file_mb": 200_000 / 2**20, "workers": 2, "batch_size": 4}
    summary = analyse_corpus(str(input_dir), str(base / "out"), **options)
    return run_settings(input_dir, base / "out", **options), summary
