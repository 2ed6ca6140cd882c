"""A file at the size limit is processed in bounded memory (issue 17).

A 40 MB text file used to keep workers at 2.5-3.2 GB for over 9 minutes. Here a 50 MB
text file goes through a worker's whole path (read, ingest, NLP, extraction, store) in a
fresh process, whose peak resident memory must stay well under 1.5 GiB; its text is cut
at the per-document limit with a warning.
"""

from __future__ import annotations

import pytest

from benchmarks.big_file_benchmark import measure
from benchmarks.big_files import write_text_file
from pipeline.limits import is_truncation_warning, limits
from pipeline.settings import DEFAULT_MAX_FILE_MB

PEAK_LIMIT_MIB = 1536


@pytest.mark.slow
def test_text_file_at_the_size_limit_stays_in_bounded_memory(tmp_path) -> None:
    path = write_text_file(tmp_path / "big.txt", int(DEFAULT_MAX_FILE_MB * 1024 * 1024) - 1)
    assert path.stat().st_size > 49 * 1024 * 1024
    figures = measure(path)
    assert figures["errors"] == []
    assert figures["peak_mib"] < PEAK_LIMIT_MIB, figures
    assert figures["n_chars"] is not None and figures["n_chars"] <= limits().max_text_chars
    assert any(is_truncation_warning(w) for w in figures["warnings"])
    assert figures["rows"]["sentences"] > 1000
