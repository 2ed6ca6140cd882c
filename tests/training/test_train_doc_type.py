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


def test_own_labels_of_the_real_documents() -> None:
    import csv

    from pipeline.classify.doc_type import doc_type_codes
    from tests.conftest import SHARED
    from training.classify.train_doc_type import REAL_LABELS

    with open(REAL_LABELS, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    keys = [(r["corpus"], r["file"]) for r in rows]
    assert len(keys) == len(set(keys)) >= 50
    assert {r["doc_type"] for r in rows} <= set(doc_type_codes())
    assert all(r["note"].strip() for r in rows)  # every label says why
    if (SHARED / "corpus").is_dir():
        assert all((SHARED / "corpus" / c / f).exists() for c, f in keys)


def test_recorded_metrics_keep_held_out_and_trained_on_apart() -> None:
    import json

    from training.classify.train_doc_type import MODEL_PATH

    metrics = json.loads(MODEL_PATH.with_name("doc_type.metrics.json").read_text("utf-8"))
    cv, fit = metrics["real_cv"], metrics["real_train"]
    assert cv["folds"] == 5 and cv["n"] == fit["n"] == metrics["n_real"]
    assert fit["in_training"] is True
    assert cv["accuracy"] >= 0.85
