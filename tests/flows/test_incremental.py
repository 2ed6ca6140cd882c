"""Incremental runs: unchanged documents are reused, changed ones redone, removed ones dropped."""

from __future__ import annotations

import pandas as pd
import pytest

from flows.kommunlens_flow import analyse_corpus
from tests.flows.conftest import assert_same_tables, write_corpus

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _run(src, out, **options):
    return analyse_corpus(str(src), str(out), workers=1, batch_size=2, **options)


def _doc_ids(out) -> dict[str, str]:
    docs = pd.read_parquet(out / "documents.parquet")
    return dict(zip(docs["source_path"], docs["doc_id"], strict=True))


@pytest.mark.slow
def test_unchanged_corpus_is_not_processed_again(tmp_path):
    src, out = tmp_path / "raw", tmp_path / "out"
    write_corpus(src, 4)
    first = _run(src, out)
    assert (first.n_processed, first.n_reused) == (4, 0)
    written = {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")}
    second = _run(src, out)
    assert (second.n_processed, second.n_reused, second.n_words) == (0, 4, 0)
    assert second.n_documents == 4 and second.by_type == first.by_type
    # nothing changed, so the tables were left as they were
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")} == written
    # a missing table is rebuilt from the stored results, without processing anything
    (out / "entities.parquet").unlink()
    third = _run(src, out)
    assert third.n_processed == 0 and (out / "entities.parquet").exists()
    # so is a table missing from the current generation, and a missing or stale report
    (out / "current" / "entities.parquet").unlink()
    fourth = _run(src, out)
    assert fourth.n_processed == 0 and (out / "entities.parquet").exists()
    (out / "current" / "report.html").unlink()
    _run(src, out)
    assert (out / "report.html").is_file()
    report = out / "current" / "report.html"
    report.write_text("stale", "utf-8")
    _run(src, out)
    assert report.read_text("utf-8") != "stale" and (out / "report.html").is_file()


@pytest.mark.slow
def test_changed_document_is_replaced_and_removed_document_dropped(tmp_path):
    src, out = tmp_path / "raw", tmp_path / "out"
    paths = write_corpus(src, 4)
    _run(src, out)
    old_ids = _doc_ids(out)
    changed, removed = paths[0], paths[1]
    changed.write_text(changed.read_text("utf-8") + "\nKalix kommun satsar 2 miljoner kronor.\n")
    removed.unlink()
    summary = _run(src, out)
    assert (summary.n_processed, summary.n_reused) == (1, 2)
    new_ids = _doc_ids(out)
    assert set(new_ids) == {p.name for p in paths} - {removed.name}
    assert new_ids[changed.name] != old_ids[changed.name]
    gone = {old_ids[changed.name], old_ids[removed.name]}
    for name in ("documents", "entities", "dates", "amounts", "initiatives", "focus_areas"):
        table = pd.read_parquet(out / f"{name}.parquet")
        assert not set(table["doc_id"]) & gone, name
        assert set(table["doc_id"]) <= set(new_ids.values()), name
    amounts = pd.read_parquet(out / "amounts.parquet")
    assert 2_000_000 in set(amounts.loc[amounts["doc_id"] == new_ids[changed.name], "value"])
    # the result store keeps exactly the documents in the corpus
    stored = {p.stem for p in (out / ".store").glob("*/*/*.json") if not p.name.startswith(".")}
    assert stored == set(new_ids.values())
    # and the tables equal those of a fresh run over the same folder
    fresh = tmp_path / "fresh"
    _run(src, fresh)
    assert_same_tables(out, fresh)


def test_same_content_twice_is_counted_once(tmp_path):
    src, out = tmp_path / "raw", tmp_path / "out"
    (first,) = write_corpus(src, 1)
    (src / "copy.txt").write_bytes(first.read_bytes())
    summary = _run(src, out)
    assert summary.n_documents == 1
    errors = pd.read_parquet(out / "errors.parquet")
    assert list(errors["error_type"]) == ["duplicate_file"]
    assert first.name in errors["message"].iloc[0]


class Planted:
    """Unpickling this would create the marker file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.slow
def test_planted_and_wrong_store_entries_are_processed_again_never_run(tmp_path):
    import json
    import pickle

    src, out = tmp_path / "raw", tmp_path / "out"
    write_corpus(src, 3)
    _run(src, out)
    entries = sorted(p for p in (out / ".store").glob("*/*/*.json"))
    marker = tmp_path / "marker"
    payload = pickle.dumps(Planted(str(marker)))
    entries[0].write_bytes(payload)  # a pickle where a result should be
    entries[0].with_suffix(".pkl").write_bytes(payload)  # and beside it, as the old format
    body = json.loads(entries[1].read_text("utf-8"))
    body["result"]["document"] = ["not", "a", "document"]  # valid JSON of the wrong type,
    entries[1].write_text(json.dumps(body, separators=(",", ":")), "utf-8")  # header intact
    summary = _run(src, out)
    assert not marker.exists()
    assert summary.n_processed >= 1  # the pickle at once; the other when the tables are built
    assert summary.n_documents == 3 and summary.n_errors == 0
    for entry in entries[:2]:
        assert isinstance(json.loads(entry.read_text("utf-8"))["result"]["document"], dict)
    assert not list((out / ".store").glob("*/*/*.pkl"))


@pytest.mark.slow
def test_output_inside_input_and_links_out_are_never_read(tmp_path):
    src = tmp_path / "raw"
    write_corpus(src, 2)
    secret = tmp_path / "elsewhere" / "shadow.txt"
    secret.parent.mkdir()
    secret.write_text("root:*:19000:0:99999:7:::\n", "utf-8")
    (src / "shadow.txt").symlink_to(secret)
    out = src / "results"  # the output folder inside the input folder
    first = _run(src, out)
    assert first.n_documents == 2
    errors = pd.read_parquet(out / "errors.parquet")
    assert list(zip(errors["source_path"], errors["error_type"], strict=True)) == [
        ("shadow.txt", "outside_input")
    ]
    assert "root:" not in " ".join(p.read_text("utf-8", "replace") for p in out.rglob("*.json"))
    second = _run(src, out)  # its own report and tables are not input: the run settles
    assert (second.n_processed, second.n_reused, second.n_documents) == (0, 2, 2)
