"""Focus-area training: the annotated set and the held-out scores, recomputed."""

from __future__ import annotations

from pipeline.classify.focus_areas import focus_area_codes, load_focus_area_model
from pipeline.evaluate.classify import recorded_metrics
from training.classify.train_focus_areas import DATA_PATH, evaluate_focus_areas, read_examples


def test_annotated_set_has_enough_examples_per_area() -> None:
    rows = read_examples(DATA_PATH)
    for split, minimum in (("train", 40), ("test", 12)):
        counts = {code: 0 for code in focus_area_codes()}
        for row in rows:
            if row["split"] == split:
                for label in row["focus_areas"]:
                    counts[label] += 1
        assert min(counts.values()) >= minimum, (split, counts)
    train = {r["text"] for r in rows if r["split"] == "train"}
    assert not train & {r["text"] for r in rows if r["split"] == "test"}


def test_recomputed_held_out_scores_equal_the_recorded_ones() -> None:
    metrics = evaluate_focus_areas(load_focus_area_model(), read_examples(DATA_PATH))
    recorded = recorded_metrics("focus_areas")
    assert metrics["n_test"] == recorded["n_test"]
    assert metrics["micro_f1"] == recorded["test"]["micro_f1"]
    assert metrics["macro_f1"] == recorded["test"]["macro_f1"]
