"""The extraction against the hand-written gold facts of the five seed documents."""

from __future__ import annotations

import json

import pytest

from pipeline.evaluate.facts import _prf, evaluate_facts, read_gold
from tests.conftest import FIXTURES, shared_path

DEFAULT_GOLD = FIXTURES / "gold_facts.jsonl"

LABELS = {"ORG", "PER", "LOC", "DATE", "MONEY", "QUANTITY", "PERCENT", "SCORE"}


def test_gold_list_is_large_enough_and_well_formed():
    gold = read_gold(DEFAULT_GOLD)
    assert len(gold) == 5
    assert sum(len(v) for v in gold.values()) >= 50
    for line in DEFAULT_GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert row["label"] in LABELS and row["value"]


def test_prf_arithmetic():
    assert _prf(9, 1, 3) == {
        "p": 0.9,
        "r": 0.75,
        "f1": pytest.approx(0.8182, abs=1e-4),
        "tp": 9,
        "fp": 1,
        "fn": 3,
    }
    assert _prf(0, 0, 0)["f1"] == 0.0


def test_pipeline_meets_the_fact_targets():
    result = evaluate_facts(DEFAULT_GOLD, shared_path("corpus", "seeds"))
    overall = result["overall"]
    assert overall["r"] >= 0.9, result["missed"]
    assert overall["p"] >= 0.85, result["false_positives"]
