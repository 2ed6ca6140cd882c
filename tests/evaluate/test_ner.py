from pathlib import Path

import pytest
import spacy

from pipeline.evaluate.ner import evaluate_ner, format_ner_report

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "ner" / "eval_gold.txt"


@pytest.fixture(scope="module")
def fake_nlp():
    nlp = spacy.blank("sv")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PER", "pattern": [{"ORTH": "Anna"}, {"ORTH": "Svensson"}]},  # right
            {"label": "PER", "pattern": [{"ORTH": "Hon"}]},  # spurious
            {"label": "LOC", "pattern": [{"ORTH": "Östersund"}]},  # right twice
            {"label": "LOC", "pattern": [{"ORTH": "Tillväxtverket"}]},  # wrong label
            {"label": "ORG", "pattern": [{"ORTH": "Jämtland"}]},  # wrong span
            {"label": "MISC", "pattern": [{"ORTH": "Erik"}]},  # not scored by default
        ]
    )
    return nlp


def test_scores_exact_spans_and_labels(fake_nlp):
    result = evaluate_ner(GOLD, fake_nlp)
    assert result["n_sentences"] == 3
    per, org, loc = (result["labels"][k] for k in ("PER", "ORG", "LOC"))
    assert (per["p"], per["r"], per["f1"], per["support"]) == (0.5, 0.5, 0.5, 2)
    assert (org["p"], org["r"], org["f1"], org["support"]) == (0.0, 0.0, 0.0, 2)
    assert loc["p"] == pytest.approx(2 / 3)
    assert (loc["r"], loc["support"]) == (1.0, 2)
    assert loc["f1"] == pytest.approx(0.8)
    overall = result["overall"]
    assert (overall["p"], overall["r"], overall["f1"], overall["support"]) == (0.5, 0.5, 0.5, 6)


def test_label_selection_includes_misc_when_asked(fake_nlp):
    result = evaluate_ner(GOLD, fake_nlp, labels=["PER", "MISC"])
    assert set(result["labels"]) == {"PER", "MISC"}
    assert result["labels"]["MISC"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 0}
    assert result["overall"]["p"] == pytest.approx(1 / 3)  # 1 right of 3 predicted
    assert result["overall"]["r"] == 0.5


def test_uses_gold_tokenisation():
    nlp = spacy.blank("sv")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "ORG", "pattern": "Region Jämtland"}])
    result = evaluate_ner(GOLD, nlp, labels=["ORG"])
    assert result["labels"]["ORG"]["p"] == 1.0
    assert result["labels"]["ORG"]["r"] == 0.5


def test_report_is_an_aligned_table(fake_nlp):
    report = format_ner_report(evaluate_ner(GOLD, fake_nlp))
    lines = report.splitlines()
    assert lines[0].split() == ["label", "P", "R", "F1", "support"]
    assert lines[2].split() == ["PER", "0.500", "0.500", "0.500", "2"]
    assert lines[-2].split()[0] == "overall"
    assert len({len(line) for line in lines[:-1]}) == 1
