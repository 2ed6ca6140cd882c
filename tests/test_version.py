"""The pipeline version changes whenever code or resources change."""

from __future__ import annotations

from pipeline import __version__
from pipeline.version import fingerprint, pipeline_version


def test_version_is_package_version_plus_fingerprint():
    version = pipeline_version()
    assert version.startswith(f"{__version__}+")
    assert len(version.split("+")[1]) == 12


def test_fingerprint_follows_content_not_timestamps(tmp_path):
    (tmp_path / "rules.json").write_text('{"a": 1}')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "code.py").write_text("x = 1\n")
    first = fingerprint(tmp_path)
    (tmp_path / "sub" / "__pycache__").mkdir()
    (tmp_path / "sub" / "__pycache__" / "code.cpython-311.pyc").write_bytes(b"\0")
    assert fingerprint(tmp_path) == first  # compiled files do not count
    (tmp_path / "rules.json").write_text('{"a": 2}')
    assert fingerprint(tmp_path) != first
    (tmp_path / "rules.json").write_text('{"a": 1}')
    assert fingerprint(tmp_path) == first
    (tmp_path / "sub" / "code.py").rename(tmp_path / "sub" / "other.py")
    assert fingerprint(tmp_path) != first  # a renamed file is a change
