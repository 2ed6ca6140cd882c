"""The dask runner: the same flow on a local Dask cluster gives the same tables."""

from __future__ import annotations

import pytest

from flows.kommunlens_flow import analyse_corpus
from tests.flows.conftest import assert_same_tables, write_corpus

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.mark.slow
def test_flow_on_a_local_dask_cluster_matches_the_local_runner(tmp_path):
    pytest.importorskip("prefect_dask")
    src = tmp_path / "raw"
    write_corpus(src, 6)
    on_dask = analyse_corpus(
        str(src), str(tmp_path / "dask"), runner="dask", workers=2, batch_size=2
    )
    assert (on_dask.n_documents, on_dask.n_processed, on_dask.n_errors) == (6, 6, 0)
    analyse_corpus(str(src), str(tmp_path / "local"), workers=1, batch_size=6)
    assert_same_tables(tmp_path / "dask", tmp_path / "local")
