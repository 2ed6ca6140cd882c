"""The ingest cache: entries round-trip and follow the umask like every written file."""

from __future__ import annotations

import os

import pytest

from pipeline.ingest import cache
from pipeline.ingest.base import RawDocument


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_cache_entry_round_trips_with_the_umask_mode(tmp_path, umask, mode):
    doc = RawDocument(text="Kalix kommun", pages=(), file_format="txt", title="Kalix")
    path = cache.cache_path(tmp_path, "ab" * 32, "3")
    old = os.umask(umask)
    try:
        cache.save(path, doc)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == mode
    loaded = cache.load(path)
    assert loaded is not None and loaded.text == "Kalix kommun" and loaded.title == "Kalix"
