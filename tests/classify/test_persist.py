"""Model files record the scikit-learn version and refuse another one."""

from __future__ import annotations

import joblib
import pytest
import sklearn
from sklearn.dummy import DummyClassifier

from pipeline.classify.persist import (
    ModelFile,
    ModelVersionError,
    read_model_file,
    save_model,
    sha256_of_rows,
)


def test_round_trip_records_version_and_data_hash(tmp_path) -> None:
    model = DummyClassifier().fit([[0], [1]], ["a", "b"])
    path = save_model(model, tmp_path / "m.joblib", sha256_of_rows([{"text": "x"}]))
    record = read_model_file(path)
    assert record.sklearn_version == sklearn.__version__
    assert record.training_data_sha256 == sha256_of_rows([{"text": "x"}])
    assert list(record.estimator.predict([[0]])) == list(model.predict([[0]]))


def test_a_model_from_another_version_is_refused_with_a_clear_message(tmp_path) -> None:
    path = tmp_path / "m.joblib"
    joblib.dump(ModelFile(DummyClassifier(), "0.24.2", "abc"), path)
    with pytest.raises(ModelVersionError, match=r"made with scikit-learn 0\.24\.2"):
        read_model_file(path)


def test_a_bare_pickle_is_refused(tmp_path) -> None:
    path = tmp_path / "m.joblib"
    joblib.dump(DummyClassifier(), path)
    with pytest.raises(ModelVersionError, match="old format"):
        read_model_file(path)


def test_missing_file(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="make train"):
        read_model_file(tmp_path / "none.joblib")


def test_data_hash_depends_on_content_and_order() -> None:
    assert sha256_of_rows(["a", "b"]) != sha256_of_rows(["b", "a"])
    assert sha256_of_rows([{"a": 1, "b": 2}]) == sha256_of_rows([{"b": 2, "a": 1}])
