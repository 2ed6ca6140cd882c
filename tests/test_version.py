"""The pipeline version changes when results would, and only then."""

from __future__ import annotations

import shutil

from pipeline import __version__
from pipeline.version import PACKAGE_DIR, fingerprint, pipeline_version, result_files
from tests.conftest import REPO


def test_version_is_package_version_plus_fingerprint():
    version = pipeline_version()
    assert version.startswith(f"{__version__}+")
    assert len(version.split("+")[1]) == 12


def _package(tmp_path):
    root = tmp_path / "pipeline"
    (root / "resources").mkdir(parents=True)
    (root / "nlp").mkdir()
    (root / "report").mkdir()
    (root / "resources" / "rules.json").write_text('{"a": 1}')
    (root / "nlp" / "code.py").write_text("x = 1\n")
    (root / "report" / "html.py").write_text("CSS = 1\n")
    (root / "cli.py").write_text("print()\n")
    return root


def test_fingerprint_follows_content_not_timestamps(tmp_path):
    root = _package(tmp_path)
    first = fingerprint(root)
    (root / "nlp" / "__pycache__").mkdir()
    (root / "nlp" / "__pycache__" / "code.cpython-311.pyc").write_bytes(b"\0")
    assert fingerprint(root) == first  # compiled files do not count
    (root / "resources" / "rules.json").write_text('{"a": 2}')
    assert fingerprint(root) != first  # a resource the run loads
    (root / "resources" / "rules.json").write_text('{"a": 1}')
    assert fingerprint(root) == first
    (root / "nlp" / "code.py").rename(root / "nlp" / "other.py")
    assert fingerprint(root) != first  # a renamed module is a change


def test_what_cannot_change_results_does_not_change_the_version(tmp_path):
    root = _package(tmp_path)
    first = fingerprint(root)
    (root / "report" / "html.py").write_text("CSS = 2\n")  # the report is rebuilt every run
    (root / "cli.py").write_text("print(1)\n")
    (root / "resources" / "README.md").write_text("notes")
    (root / "resources" / "x.metrics.json").write_text("{}")
    assert fingerprint(root) == first


def test_training_files_are_not_part_of_the_version(tmp_path):
    """training/ lies outside the package: editing it leaves the shipped version as it is."""
    before = fingerprint()
    probe = REPO / "training" / "data" / "_probe_for_the_version_test.jsonl"
    try:
        probe.write_text('{"text": "x"}\n', encoding="utf-8")
        assert fingerprint() == before
    finally:
        probe.unlink(missing_ok=True)
    assert not any("training" in p.relative_to(PACKAGE_DIR).parts for p in result_files())


def test_the_shipped_pipeline_and_models_are_part_of_the_version(tmp_path):
    copy = tmp_path / "pipeline"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    first = fingerprint(copy)
    assert first == fingerprint()
    gazetteer = copy / "resources" / "nlp" / "kommunlens_gazetteer" / "organisations.jsonl"
    gazetteer.write_text(gazetteer.read_text("utf-8") + "\n", encoding="utf-8")
    assert fingerprint(copy) != first
