"""All-or-nothing tables: a generation becomes current at once, readers never see a mix."""

from __future__ import annotations

import os

import pyarrow as pa
import pytest

from pipeline.dataset.assemble import write_dataset
from pipeline.dataset.generations import (
    CURRENT,
    GENERATIONS,
    MixedGenerationsError,
    check_one_generation,
    current_generation,
    new_generation,
    remove_leftovers,
    switch,
    tables_dir,
)
from pipeline.dataset.load import load_dataset
from tests.fixtures.dataset.synthetic import synthetic_tables, write_synthetic_dataset


def _publish(out, tables):
    gen = new_generation(out)
    write_dataset(gen.path, tables, generation=gen.id)
    (gen.path / "report.html").write_text(f"<p>{gen.id}</p>", "utf-8")
    switch(out, gen)
    return gen


def test_switch_makes_one_generation_current_behind_fixed_paths(tmp_path):
    out = tmp_path / "out"
    tables = synthetic_tables()
    first = _publish(out, tables)
    assert current_generation(out) == first.path.resolve()
    assert os.readlink(out / "documents.parquet") == f"{CURRENT}/documents.parquet"
    assert (out / "report.html").read_text("utf-8") == f"<p>{first.id}</p>"
    assert len(load_dataset(out).documents) == tables["documents"].num_rows

    fewer = dict(tables, documents=tables["documents"].slice(0, 2))
    second = _publish(out, fewer)
    assert tables_dir(out) == second.path.resolve()
    assert len(load_dataset(out).documents) == 2
    assert not first.path.exists()  # the old generation is removed after the switch
    assert [p.name for p in (out / GENERATIONS).iterdir()] == [second.id]
    assert check_one_generation(tables_dir(out)) == second.id


def test_an_unfinished_generation_is_invisible_then_removed(tmp_path):
    out = tmp_path / "out"
    done = _publish(out, synthetic_tables())
    half = new_generation(out)  # a run killed while writing its tables
    write_dataset(half.path, {"documents": synthetic_tables()["documents"].slice(0, 1)})
    (out / ".focus_areas.parquet.abc.tmp").write_bytes(b"x")
    assert len(load_dataset(out).documents) > 1  # readers still see the finished one
    removed = remove_leftovers(out)
    assert half.path in removed and not half.path.exists()
    assert done.path.exists() and not list(out.glob(".*.tmp"))


def test_tables_of_different_runs_are_refused(tmp_path):
    out = tmp_path / "out"
    gen = _publish(out, synthetic_tables())
    other = pa.table({"x": [1]}).replace_schema_metadata({b"kommunlens.generation": b"other"})
    import pyarrow.parquet as pq

    tables = synthetic_tables()
    entities = tables["entities"].replace_schema_metadata(other.schema.metadata)
    pq.write_table(entities, gen.path / "entities.parquet")
    with pytest.raises(MixedGenerationsError, match="different runs"):
        load_dataset(out)


def test_a_folder_of_the_older_layout_is_read_then_converted(tmp_path):
    out = write_synthetic_dataset(tmp_path / "out")  # plain files, no generations
    (out / ".manifest.json").write_text("{}", "utf-8")
    before = load_dataset(out)
    assert current_generation(out) is None and tables_dir(out) == out
    _publish(out, synthetic_tables())
    assert (out / "documents.parquet").is_symlink()
    assert not (out / ".manifest.json").exists()
    assert len(load_dataset(out).documents) == len(before.documents)


def test_kpi_stays_outside_generations(tmp_path):
    from pipeline.dataset.io import write_table

    out = tmp_path / "out"
    tables = synthetic_tables()
    kpi = tables.pop("kpi", None)
    _publish(out, tables)
    if kpi is not None:
        write_table(out, "kpi", kpi)
        assert len(load_dataset(out).kpi) == kpi.num_rows
    assert not (tables_dir(out) / "kpi.parquet").exists()
