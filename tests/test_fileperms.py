"""Written files follow the umask, not mkstemp's 0600."""

from __future__ import annotations

import os

import pyarrow as pa
import pytest

from pipeline.dataset.io import write_table
from pipeline.fileperms import current_umask


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_tables_get_the_mode_the_umask_asks_for(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        assert current_umask() == umask
        path = write_table(tmp_path, "t", pa.table({"a": [1]}))
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == mode
