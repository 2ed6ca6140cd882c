"""Focus-area classifier: fit/predict contract, document aggregation, committed model quality."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.pipeline import Pipeline

from pipeline.classify.focus_areas import (
    DocumentFocus,
    aggregate_document,
    focus_area_codes,
    load_focus_area_model,
    make_focus_area_model,
    predict_sets,
)
from pipeline.evaluate.classify import recorded_metrics
from tests.conftest import SHARED

SEEDS = SHARED / "corpus" / "seeds"

TINY = [
    ("Kommunen har lanserat nya e-tjänster för företag.", ["digitalisation"]),
    ("Ansökan om tillstånd görs nu via webben.", ["digitalisation"]),
    ("Vi har byggt en digital portal för företagare.", ["digitalisation"]),
    ("Digitaliseringen av handeln går snabbt.", ["digitalisation"]),
    ("Pandemin har slagit hårt mot restaurangerna.", ["crisis_support"]),
    ("Flera företag har sökt omställningsstöd under covid.", ["crisis_support"]),
    ("Restriktionerna påverkar hotellen och caféerna.", ["crisis_support"]),
    ("Likviditeten är låg och varslen ökar i krisen.", ["crisis_support"]),
    ("Under pandemin flyttade alla träffar till webben.", ["digitalisation", "crisis_support"]),
    ("God jul och gott nytt år!", []),
    ("Mötet avslutades.", []),
    ("Med vänliga hälsningar", []),
]


@pytest.fixture(scope="module")
def tiny_model() -> Pipeline:
    texts, labels = zip(*TINY, strict=True)
    return make_focus_area_model(cv=2).fit(list(texts), [list(x) for x in labels])


def test_classes_follow_codebook_order(tiny_model: Pipeline) -> None:
    assert list(tiny_model.classes_) == list(focus_area_codes())
    assert len(tiny_model.classes_) == 14


def test_predict_proba_shape_and_range(tiny_model: Pipeline) -> None:
    proba = tiny_model.predict_proba(["Nya e-tjänster på webben", "Covid och restriktioner", "Hej"])
    assert proba.shape == (3, 14)
    assert ((proba >= 0) & (proba <= 1)).all()
    assert tiny_model.predict_proba([]).shape == (0, 14)


def test_tiny_model_separates_its_two_areas(tiny_model: Pipeline) -> None:
    classes = tiny_model.classes_
    proba = tiny_model.predict_proba(
        ["Fler e-tjänster och en digital portal", "Pandemin och restriktionerna"]
    )
    dig, cri = classes.index("digitalisation"), classes.index("crisis_support")
    assert proba[0, dig] > proba[0, cri]
    assert proba[1, cri] > proba[1, dig]


def test_predict_sets_respects_threshold(tiny_model: Pipeline) -> None:
    texts = ["Digital portal med e-tjänster"]
    assert predict_sets(tiny_model, texts, threshold=0.0) == [list(tiny_model.classes_)]
    assert predict_sets(tiny_model, texts, threshold=1.01) == [[]]


def test_unseen_area_gets_constant_prior(tiny_model: Pipeline) -> None:
    j = tiny_model.classes_.index("tourism_hospitality")
    proba = tiny_model.predict_proba(["Turismen ökar", "Upphandling"])
    assert proba[0, j] == proba[1, j] == 0.0


def test_fit_rejects_unknown_labels() -> None:
    texts = [t for t, _ in TINY]
    labels = [["no_such_area"]] + [list(x) for _, x in TINY[1:]]
    with pytest.raises(ValueError, match="unknown"):
        make_focus_area_model(cv=2).fit(texts, labels)


# --- aggregation (pure function) ---

CLASSES = ["a", "b", "c"]


def _by_area(result: list[DocumentFocus]) -> dict[str, DocumentFocus]:
    return {d.focus_area: d for d in result}


def test_aggregate_single_confident_sentence_carries_document() -> None:
    probs = np.array([[0.9, 0.1, 0.0], [0.05, 0.1, 0.0]])
    out = _by_area(aggregate_document(probs, [4, 7], CLASSES))
    assert out["a"].score >= 0.9
    assert out["a"].n_sentences == 1 and out["a"].evidence == [4]
    assert out["b"].score == pytest.approx(1 - 0.9 * 0.9)
    assert out["b"].n_sentences == 0 and out["b"].evidence == []
    assert out["c"].score == 0.0


def test_aggregate_noisy_or_adds_moderate_evidence() -> None:
    probs = np.array([[0.35], [0.3], [0.0]])
    (d,) = aggregate_document(probs, [0, 1, 2], ["a"])
    assert d.score == pytest.approx(1 - 0.65 * 0.7)
    assert d.score > 0.5 and d.n_sentences == 0


def test_aggregate_caps_at_top_k_so_length_does_not_inflate() -> None:
    noise = np.full((300, 1), 0.05)
    (d,) = aggregate_document(noise, list(range(300)), ["a"])
    assert d.score == pytest.approx(1 - 0.95**3)
    assert d.score < 0.5


def test_aggregate_returns_all_areas_sorted_and_bounded() -> None:
    rng = np.random.default_rng(0)
    probs = rng.random((20, 3))
    out = aggregate_document(probs, list(range(20)), CLASSES)
    assert sorted(d.focus_area for d in out) == CLASSES
    scores = [d.score for d in out]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    for d in out:
        j = CLASSES.index(d.focus_area)
        assert d.score >= probs[:, j].max() - 1e-12


def test_aggregate_empty_document_and_shape_errors() -> None:
    out = aggregate_document(np.zeros((0, 3)), [], CLASSES)
    assert [d.score for d in out] == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError):
        aggregate_document(np.zeros((2, 2)), [0, 1], CLASSES)
    with pytest.raises(ValueError):
        aggregate_document(np.zeros((2, 3)), [0], CLASSES)


# --- the committed model ---


def test_committed_model_meets_held_out_targets() -> None:
    """The held-out scores recorded when the model was trained (tests/training recomputes them)."""
    metrics = recorded_metrics("focus_areas")
    assert metrics["n_test"] >= 150
    assert metrics["test"]["macro_f1"] >= 0.70, metrics["test"]
    assert metrics["test"]["micro_f1"] >= 0.80, metrics["test"]


def split_sentences(text: str) -> list[str]:
    """Lines, then . ! ? boundaries; the simple splitter the seed check is specified with."""
    parts = []
    for line in text.splitlines():
        parts.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", line))
    return [p for p in parts if re.search(r"\w", p)]


SEED_EXPECTATIONS = {
    "001_": [
        "competence_supply",
        "digitalisation",
        "rural_development",
        "attractiveness_migration",
        "internationalisation",
    ],
    "003_": [
        "collaboration_networks",
        "attractiveness_migration",
        "tourism_hospitality",
        "land_infrastructure",
    ],
    "000_": ["crisis_support", "procurement_fair_competition"],
    "004_": ["crisis_support"],
}


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds is not available")
@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTATIONS))
def test_seed_documents_get_expected_focus_areas(prefix: str) -> None:
    (path,) = sorted(SEEDS.glob(f"{prefix}*.txt"))
    sentences = split_sentences(path.read_text(encoding="utf-8"))
    model = load_focus_area_model()
    docs = aggregate_document(
        model.predict_proba(sentences), list(range(len(sentences))), model.classes_
    )
    found = {d.focus_area for d in docs if d.score >= 0.5}
    missing = set(SEED_EXPECTATIONS[prefix]) - found
    assert not missing, f"{path.name}: missing {sorted(missing)}"


def test_stacked_prediction_equals_scikit_learns_per_area_path():
    import numpy as np

    from pipeline.classify.focus_areas import load_focus_area_model

    model = load_focus_area_model()
    texts = [
        "Kommunen har startat en företagslots för nya företagare.",
        "Besöksnäringen växer och fler gästnätter registrerades.",
        "Bredbandsutbyggnaden på landsbygden fortsätter.",
        "Mötet avslutades.",
    ]
    x = model.named_steps["features"].transform(texts)
    classifiers = model.named_steps["model"]
    reference = np.column_stack([est.predict_proba(x)[:, 1] for est in classifiers.estimators_])
    assert classifiers._stacked() is not None
    np.testing.assert_allclose(model.predict_proba(texts), reference, rtol=0, atol=1e-12)
