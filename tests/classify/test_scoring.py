from __future__ import annotations

import pytest

from pipeline.classify.scoring import label_scores


def test_label_scores():
    result = label_scores(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert result["accuracy"] == 0.75 and result["n"] == 4
    assert result["per_class"]["a"]["precision"] == 1.0
    assert result["per_class"]["a"]["recall"] == 0.5
    assert result["per_class"]["b"]["f1-score"] == pytest.approx(0.8)
    assert result["macro_f1"] == pytest.approx(round((2 / 3 + 0.8) / 2, 3))
