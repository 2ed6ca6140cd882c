"""The per-document result store: atomic writes, versioned folders, pruning."""

from __future__ import annotations

import pickle

from pipeline.dataset.store import ResultStore, version_key


def test_save_then_load_round_trips(tmp_path):
    store = ResultStore(tmp_path, "v1")
    store.save("abcdef0123456789", {"rows": [1, 2, 3]})
    assert store.has("abcdef0123456789")
    assert store.load("abcdef0123456789") == {"rows": [1, 2, 3]}
    assert store.doc_ids() == {"abcdef0123456789"}
    assert not list(tmp_path.rglob(".tmp-*"))


def test_missing_or_damaged_result_loads_as_none(tmp_path):
    store = ResultStore(tmp_path, "v1")
    assert store.load("0000000000000000") is None
    path = store.path("1111111111111111")
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps({"ok": 1})[:5])  # a half-written file from a crash
    assert store.load("1111111111111111") is None


def test_results_of_another_version_are_not_seen(tmp_path):
    ResultStore(tmp_path, version_key("0.1.0+aaa", "model-a")).save("2222222222222222", 1)
    other = ResultStore(tmp_path, version_key("0.1.0+bbb", "model-a"))
    assert not other.has("2222222222222222")
    assert version_key("0.1.0+aaa", "model-a") != version_key("0.1.0+aaa", "model-b")


def test_prune_keeps_only_the_corpus_and_this_version(tmp_path):
    old = ResultStore(tmp_path, "old")
    old.save("3333333333333333", 1)
    store = ResultStore(tmp_path, "new")
    for doc_id in ("4444444444444444", "5555555555555555"):
        store.save(doc_id, doc_id)
    (store.path("4444444444444444").parent / ".tmp-left-by-a-kill.pkl").write_bytes(b"x")
    assert store.prune(["4444444444444444"]) == 1
    assert store.doc_ids() == {"4444444444444444"}
    assert not old.dir.exists()
    assert not list(tmp_path.rglob(".tmp-*"))
