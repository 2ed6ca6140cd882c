"""Document-type training: the data's shape, the held-out split and a saved-model round trip."""

from __future__ import annotations

from collections import Counter

from pipeline.classify.persist import read_model_file, save_model
from tests.classify.test_doc_type import ARTICLE, MINUTES, NEWSLETTER, OTHER, REPORT
from training.classify.train_doc_type import evaluate_doc_type, load_documents, train_doc_type


def test_held_out_split() -> None:
    metrics = evaluate_doc_type()
    test = load_documents("test")
    majority = Counter(d["doc_type"] for d in test).most_common(1)[0][1] / len(test)
    assert metrics["test"]["n"] == len(test)
    assert metrics["accuracy"] >= 0.8
    assert metrics["accuracy"] > 2 * majority
    assert set(metrics["per_class"]) == {d["doc_type"] for d in test}


def test_training_data_shape() -> None:
    docs = load_documents()
    counts = Counter((d["doc_type"], d["split"]) for d in docs)
    for code in ("report", "minutes", "newsletter", "article", "other"):
        assert counts[(code, "train")] >= 12
        assert counts[(code, "test")] >= 1
    assert all(300 <= len(d["text"]) <= 1500 for d in docs)


def test_saved_model_round_trip(tmp_path) -> None:
    model = train_doc_type()
    path = save_model(model, tmp_path / "doc_type.joblib", "abc")
    record = read_model_file(path)
    texts = [MINUTES, NEWSLETTER, ARTICLE, REPORT, OTHER]
    assert list(record.estimator.predict(texts)) == list(model.predict(texts))
    assert record.training_data_sha256 == "abc"
