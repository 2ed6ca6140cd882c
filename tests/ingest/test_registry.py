from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import SUPPORTED_EXTENSIONS, IngestError
from pipeline.ingest.registry import reader_for


def test_supported_extensions_match_settings() -> None:
    assert set(SUPPORTED_EXTENSIONS) == {".txt", ".pdf", ".html", ".htm", ".docx"}


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.txt", "txt"), ("b.PDF", "pdf"), ("c.htm", "html"), ("d.html", "html"), ("e.docx", "docx")],
)
def test_reader_for(name: str, fmt: str) -> None:
    assert reader_for(Path(name)).file_format == fmt


@pytest.mark.parametrize("name", ["x.xyz", "gammal.doc", "utan_filändelse"])
def test_unsupported(name: str) -> None:
    with pytest.raises(IngestError) as err:
        reader_for(Path(name))
    assert err.value.error_type == "unsupported_format"
    assert ".docx" in err.value.message
