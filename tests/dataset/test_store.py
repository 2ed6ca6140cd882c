"""The per-document result store: data not code, atomic writes, versioned folders, pruning."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import pickle

import pytest

from pipeline.dataset.codec import CodecError, decode_result, encode_result
from pipeline.dataset.records import (
    AmountRecord,
    DocumentRecord,
    DocumentResult,
    EntityRecord,
    FocusAreaRecord,
)
from pipeline.dataset.store import STORE_FORMAT, ResultStore, version_key


def make_result(doc_id: str = "abcdef0123456789", title: str | None = "Plan") -> DocumentResult:
    """A small DocumentResult with dates, optionals, lists and nested records."""
    doc = DocumentRecord(
        doc_id=doc_id, source_path="a/b.txt", file_format="txt", sha256=doc_id * 4,
        title=title, doc_type="plan", doc_type_score=0.75, municipality="Kalix",
        municipality_code="2514", county=None, published=dt.date(2024, 2, 29),
        period_start=None, period_end=dt.date(2030, 12, 31), n_pages=1, n_chars=10,
        n_sentences=1, n_tokens=3, language="sv", nlp_model="m", pipeline_version="v",
        warnings=["w"], ocr_confidence=None,
    )  # fmt: skip
    entity = EntityRecord(doc_id, 0, 0, 5, "Kalix kommun.", "Kalix", "LOC", None, None, "ner")
    amount = AmountRecord(
        doc_id, 0, 0, 3, "s", "1 kr", "money", 1.0, "SEK", False, None, period_start=2020
    )
    focus = FocusAreaRecord(doc_id, "tourism", float("nan"), 2, [0, 1])
    return DocumentResult(doc, entities=[entity], amounts=[amount], focus_areas=[focus])


def _same(a: DocumentResult, b: DocumentResult) -> bool:
    return repr(a) == repr(b)  # NaN != NaN, but their reprs agree


def test_save_then_load_round_trips(tmp_path):
    store = ResultStore(tmp_path, "v1")
    result = make_result()
    store.save("abcdef0123456789", result)
    assert store.has("abcdef0123456789") and store.valid("abcdef0123456789")
    assert store.looks_valid("abcdef0123456789")
    loaded = store.load("abcdef0123456789")
    assert _same(loaded, result)
    assert isinstance(loaded.document.published, dt.date)
    assert store.doc_ids() == {"abcdef0123456789"}
    assert not list(tmp_path.rglob(".tmp-*"))
    assert json.loads(store.path("abcdef0123456789").read_text("utf-8"))["version"] == STORE_FORMAT


def test_only_document_results_are_stored(tmp_path):
    with pytest.raises(TypeError):
        ResultStore(tmp_path, "v1").save("0" * 16, {"rows": [1]})


def test_missing_or_damaged_result_loads_as_none(tmp_path):
    store = ResultStore(tmp_path, "v1")
    assert store.load("0000000000000000") is None
    path = store.path("1111111111111111")
    path.parent.mkdir(parents=True)
    path.write_bytes(encode_result(make_result(), STORE_FORMAT)[:50])  # half-written
    assert store.load("1111111111111111") is None and not store.valid("1111111111111111")


class Planted:
    """Unpickling this would create a marker file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_planted_pickle_is_never_executed(tmp_path):
    store = ResultStore(tmp_path / "store", "v1")
    marker = tmp_path / "marker"
    payload = pickle.dumps(Planted(str(marker)))
    path = store.path("2" * 16)
    path.parent.mkdir(parents=True)
    path.write_bytes(payload)
    path.with_suffix(".pkl").write_bytes(payload)
    assert store.load("2" * 16) is None and not store.looks_valid("2" * 16)
    assert not marker.exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.update(document="not a record"),
        lambda r: r["document"].update(n_pages="1"),
        lambda r: r["document"].update(published="2024-13-45"),
        lambda r: r["document"].update(ocr=1),
        lambda r: r["entities"][0].update(extra=True),
        lambda r: r["document"].pop("doc_id"),
        lambda r: r.update(entities={"a": 1}),
        lambda r: r["focus_areas"][0].update(evidence=[1, "2"]),
    ],
)
def test_entries_of_the_wrong_type_are_rejected(change):
    body = json.loads(encode_result(make_result(), STORE_FORMAT))
    change(body["result"])
    with pytest.raises(CodecError):
        decode_result(json.dumps(body).encode(), STORE_FORMAT)


def test_another_format_version_is_rejected():
    data = encode_result(make_result(), "3")
    with pytest.raises(CodecError):
        decode_result(data, STORE_FORMAT)
    with pytest.raises(CodecError):
        decode_result(b"[1, 2]", STORE_FORMAT)


def test_every_record_field_type_round_trips():
    """A new field type in records.py must be one the codec can check."""
    from pipeline.dataset import codec, records

    for cls in vars(records).values():
        if dataclasses.is_dataclass(cls) and cls.__module__ == records.__name__:
            for name, tp in codec._hints(cls).items():
                assert "Any" not in str(tp), f"{cls.__name__}.{name}"


def test_results_of_another_version_are_not_seen(tmp_path):
    ResultStore(tmp_path, version_key("0.1.0+aaa", "model-a")).save("2" * 16, make_result())
    other = ResultStore(tmp_path, version_key("0.1.0+bbb", "model-a"))
    assert not other.has("2" * 16)
    assert version_key("0.1.0+aaa", "model-a") != version_key("0.1.0+aaa", "model-b")


def test_prune_keeps_only_the_corpus_and_this_version(tmp_path):
    old = ResultStore(tmp_path, "old")
    old.save("3333333333333333", make_result())
    store = ResultStore(tmp_path, "new")
    for doc_id in ("4444444444444444", "5555555555555555"):
        store.save(doc_id, make_result(doc_id))
    folder = store.path("4444444444444444").parent
    (folder / ".tmp-left-by-a-kill.json").write_bytes(b"x")
    (folder / "4444444444444444.pkl").write_bytes(b"x")  # an old or planted pickle
    assert store.prune(["4444444444444444"]) == 1
    assert store.doc_ids() == {"4444444444444444"}
    assert not old.dir.exists()
    assert not list(tmp_path.rglob(".tmp-*")) and not list(tmp_path.rglob("*.pkl"))


def test_stored_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = ResultStore(tmp_path, "v1").save("6" * 16, make_result())
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
