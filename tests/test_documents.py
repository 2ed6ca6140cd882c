"""Library-level run steps: discovery, per-document isolation, long documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline import documents, runs
from pipeline.documents import analyse_batch, discover, ingest_file
from pipeline.settings import Settings
from tests.dataset.test_store import make_result

WHEN = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discover_skips_hidden_and_readme_files(tmp_path):
    _write(tmp_path / "b.txt", "x")
    _write(tmp_path / "sub" / "a.pdf", "x")
    _write(tmp_path / "README.md", "x")
    _write(tmp_path / ".hidden.txt", "x")
    _write(tmp_path / ".git" / "c.txt", "x")
    assert [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)] == [
        "b.txt",
        "sub/a.pdf",
    ]


def test_discover_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        discover(tmp_path / "nope")


def test_ingest_failure_becomes_an_error_record(tmp_path):
    path = _write(tmp_path / "empty.txt", "")
    record = ingest_file(path, tmp_path, Settings(), WHEN)
    assert record.error_type == "empty_file" and record.stage == "ingest"
    assert record.source_path == "empty.txt"


def test_one_failing_document_does_not_stop_the_batch(tmp_path, monkeypatch):
    good = _write(
        tmp_path / "a.txt", "Kalix kommun har ordnat en näringslivsträff. Kalix kommun bjöd in."
    )
    bad = _write(
        tmp_path / "b.txt", "Östersunds kommun har lanserat e-tjänster. Östersunds kommun växer."
    )
    items = [ingest_file(p, tmp_path, Settings(), WHEN) for p in (good, bad)]
    real = documents.analyse_document

    def flaky(item, *args):
        if item.source_path == "b.txt":
            raise ValueError("boom\nwith a second line")
        return real(item, *args)

    monkeypatch.setattr(documents, "analyse_document", flaky)
    results, errors = analyse_batch(items, Settings(), WHEN)
    assert [r.document.source_path for r in results] == ["a.txt"]
    assert [(e.source_path, e.stage, e.error_type) for e in errors] == [
        ("b.txt", "extract", "internal_error")
    ]
    assert "\n" not in errors[0].message


def test_long_document_is_processed_in_pieces_with_whole_text_offsets(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "chunk_text", _small_chunks)
    line = "Tillväxtverket gav Kalix kommun 1 760 000 kronor per år.\n"
    path = _write(tmp_path / "long.txt", "Kalix kommun\n\n" + line * 60)
    item = ingest_file(path, tmp_path, Settings(), WHEN)
    (result,), errors = analyse_batch([item], Settings(), WHEN)
    assert errors == []
    text = item.raw.text
    money = [e for e in result.entities if e.label == "MONEY"]
    assert len(money) == 60
    assert all(text[e.start_char : e.end_char] == e.text for e in result.entities)
    assert result.document.n_sentences == 61  # the title line and one per repeated line
    assert sorted(e.sent_idx for e in money) == list(range(1, 61))


def _small_chunks(text: str):
    from pipeline.nlp.chunks import chunk_text

    return chunk_text(text, max_chars=500)


def test_plan_reuses_unchanged_files_and_duplicates_are_found_once_hashed(tmp_path):
    from pipeline.dataset.store import ResultStore
    from pipeline.ingest import sha256_of

    a = _write(tmp_path / "in" / "a.txt", "Kalix kommun.")
    b = _write(tmp_path / "in" / "b.txt", "Luleå kommun.")
    _write(tmp_path / "in" / "c.txt", "Kalix kommun.")  # same bytes as a.txt
    store = ResultStore(tmp_path / "store", "v")
    a_id = sha256_of(a)[:16]
    store.save(a_id, make_result(a_id))
    size, mtime = runs.file_stat(a)
    manifest = {"files": [["a.txt", a_id, size, mtime], ["b.txt", "0" * 16, 1, 1]]}
    plan = runs.plan_run(discover(tmp_path / "in"), tmp_path / "in", store, manifest)
    # a.txt is unchanged since the recorded run: reused without reading it
    assert [f.source_path for f in plan.files] == ["a.txt", "b.txt", "c.txt"]
    assert plan.todo == ["b.txt", "c.txt"] and plan.reused == 1
    # the workers hash what they read; c.txt turns out to be a copy of a.txt
    outcome = runs.BatchOutcome(done={"b.txt": sha256_of(b)[:16], "c.txt": a_id})
    resolved = runs.resolve_plan(plan, [outcome], WHEN)
    assert [(f.source_path, f.doc_id) for f in resolved.files] == [
        ("a.txt", a_id),
        ("b.txt", sha256_of(b)[:16]),
    ]
    (dup,) = resolved.errors
    assert (dup.source_path, dup.error_type) == ("c.txt", "duplicate_file")
    assert "a.txt" in dup.message


def test_a_touched_file_is_read_again(tmp_path):
    import os

    from pipeline.dataset.store import ResultStore

    a = _write(tmp_path / "in" / "a.txt", "Kalix kommun.")
    store = ResultStore(tmp_path / "store", "v")
    store.save("1" * 16, make_result("1" * 16))
    size, mtime = runs.file_stat(a)
    manifest = {"files": [["a.txt", "1" * 16, size, mtime]]}
    os.utime(a, ns=(mtime + 10**9, mtime + 10**9))
    plan = runs.plan_run(discover(tmp_path / "in"), tmp_path / "in", store, manifest)
    assert plan.todo == ["a.txt"] and plan.reused == 0


def test_process_files_stores_each_document_and_times_the_stages(tmp_path):
    _write(tmp_path / "in" / "a.txt", "Kalix kommun fick 2 miljoner kronor från Tillväxtverket.")
    _write(tmp_path / "in" / "empty.txt", "")
    settings = Settings(input_dir=tmp_path / "in", output_dir=tmp_path / "out")
    outcome = documents.process_files(["a.txt", "empty.txt"], tmp_path / "in", settings, WHEN)
    assert list(outcome.done) == ["a.txt"]
    assert [e.error_type for e in outcome.errors] == ["empty_file"]
    assert outcome.n_words == 8
    assert set(outcome.seconds) == {"ingest", "nlp", "extract", "store"}
    store = runs.store_for(settings)
    result = store.load(outcome.done["a.txt"])
    assert result.document.source_path == "a.txt"
    assert any(e.text == "Tillväxtverket" for e in result.entities)
    # a second call finds the stored result and does not analyse again
    again = documents.process_files(["a.txt"], tmp_path / "in", settings, WHEN)
    assert again.done == outcome.done and again.n_words == 0


def test_pieces_reach_the_pipeline_in_batches_of_bounded_text(tmp_path, monkeypatch):
    """A long document's pieces are never all in the pipeline at once (issue 17)."""
    from pipeline.nlp.loader import load_pipeline

    monkeypatch.setattr(documents, "chunk_text", _small_chunks)
    line = "Tillväxtverket gav Kalix kommun 1 760 000 kronor per år.\n"
    path = _write(tmp_path / "long.txt", "Kalix kommun\n\n" + line * 60)
    item = ingest_file(path, tmp_path, Settings(), WHEN)
    nlp = load_pipeline(None).nlp
    seen: list[int] = []
    real_pipe = nlp.pipe

    def pipe(docs, batch_size=16, **kw):
        docs = list(docs)
        seen.append(sum(len(d.text) for d in docs))
        return real_pipe(docs, batch_size=batch_size, **kw)

    monkeypatch.setattr(nlp, "pipe", pipe)
    pieces = list(documents._pieces(nlp, [item], max_chars=1200))
    assert len(seen) > 1 and max(seen) <= 1200
    assert [o for _, o, _ in pieces] == sorted(o for _, o, _ in pieces)
    assert "".join(d.text for _, _, d in pieces) == item.raw.text
