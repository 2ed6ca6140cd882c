"""Atomic writes: the whole file or the old one, with the umask's mode, no leftovers."""

from __future__ import annotations

import os

import pytest

from pipeline.atomic import atomic_write, atomic_write_bytes


def test_written_whole_with_the_umask_mode(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "a" / "f.bin", b"new")
    finally:
        os.umask(old)
    path = tmp_path / "a" / "f.bin"
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("old")

    def broken(tmp):
        tmp.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        atomic_write(path, broken, prefix=".tmp-")
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]
