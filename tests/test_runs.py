"""Inputs stay inputs: links out of the input folder and output folders are never read."""

from __future__ import annotations

import datetime as dt
import os

from pipeline.runs import discover, outside_errors, refuse_empty_input, scan

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _write(path, text="Kalix kommun."):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_links_leaving_the_input_folder_are_refused(tmp_path):
    src = tmp_path / "in"
    _write(src / "a.txt")
    secret = _write(tmp_path / "secret" / "shadow.txt", "root:*:19000")
    os.symlink(secret, src / "shadow.txt")
    os.symlink(secret.parent, src / "linked_folder")
    os.symlink(src / "a.txt", src / "inside.txt")  # a link within the folder is fine
    found = scan(src)
    names = [p.name for p in found.files]
    assert names == ["a.txt", "inside.txt"]
    assert [source for source, _ in found.outside] == ["linked_folder", "shadow.txt"]
    (row, _) = outside_errors(found.outside, WHEN)
    assert row.error_type == "outside_input" and "not followed" in row.message


def test_the_output_folder_and_other_output_folders_are_never_input(tmp_path):
    src = tmp_path / "in"
    _write(src / "a.txt")
    out = src / "out"
    _write(out / "report.html", "<p>Kalix</p>")
    _write(out / "export" / "documents.csv", "doc_id")
    old = src / "old_results"  # an earlier run's output folder, under another name
    _write(old / "report.html", "<p>Kalix</p>")
    (old / ".store").mkdir()
    assert [p.name for p in discover(src, exclude=[out])] == ["a.txt"]
    assert discover(out, exclude=[out]) == []  # output == input: nothing is read


def test_empty_input_over_a_dataset_is_refused(tmp_path):
    out = tmp_path / "out"
    refuse_empty_input(0, tmp_path / "in", out)  # nothing to lose: fine
    _write(out / "documents.parquet", "x")
    refuse_empty_input(3, tmp_path / "in", out)
    try:
        refuse_empty_input(0, tmp_path / "in", out)
    except RuntimeError as exc:
        assert "--allow-empty" in str(exc) and "\n" not in str(exc)
    else:
        raise AssertionError("an empty input over a dataset must be refused")


def test_assemble_processes_entries_that_fail_the_full_check_again(tmp_path):
    import json

    from pipeline.dataset.store import ResultStore
    from pipeline.runs import BatchOutcome, PlannedFile, RunPlan, assemble
    from tests.dataset.test_store import make_result

    store = ResultStore(tmp_path, "v")
    good, bad = "a" * 16, "b" * 16
    store.save(good, make_result(good))
    store.save(bad, make_result(bad))
    body = json.loads(store.path(bad).read_text("utf-8"))
    body["result"]["document"]["n_pages"] = "many"  # the quick look cannot see this
    store.path(bad).write_text(json.dumps(body, separators=(",", ":")), "utf-8")
    assert store.looks_valid(bad) and not store.valid(bad)
    plan = RunPlan([PlannedFile("a.txt", good), PlannedFile("b.txt", bad)], [], 2)
    asked = []

    def redo(sources):
        asked.extend(sources)
        store.save(bad, make_result(bad))
        return BatchOutcome(done={"b.txt": bad}, n_analysed=1)

    results, errors = assemble(plan, [], store, WHEN, redo=redo)
    assert asked == ["b.txt"] and errors == []
    assert [r.document.doc_id for r in results] == [good, bad]
    # without redo: an error row, and the entry is gone, so the next run processes the file
    store.path(bad).write_text(json.dumps(body, separators=(",", ":")), "utf-8")
    results, errors = assemble(plan, [], store, WHEN)
    assert [e.source_path for e in errors] == ["b.txt"] and not store.has(bad)
