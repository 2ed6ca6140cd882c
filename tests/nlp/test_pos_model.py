"""The committed POS model: loads in a fresh interpreter, tags, and keeps its dev scores."""

import json
import subprocess
import sys

import pytest

from pipeline.evaluate.pos import score_pos
from pipeline.resources import resource_path
from tests.conftest import shared_path
from training.pos.corpus import make_split

MODEL = resource_path("pos_model")

SCRIPT = f"""
import json, spacy
nlp = spacy.load({str(MODEL)!r})
doc = nlp("Kommunstyrelsen beslutade att bygga nya förskolor i Kalix.")
print(json.dumps({{"pipes": nlp.pipe_names,
  "rows": [[t.text, t.pos_, str(t.morph), t.lemma_] for t in doc]}}))
"""


@pytest.fixture(scope="module")
def fresh_load() -> dict:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=300
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_model_loads_by_path_in_a_fresh_interpreter(fresh_load):
    assert fresh_load["pipes"] == [
        "pos_lexicon",
        "tok2vec",
        "tagger",
        "morphologizer",
        "trainable_lemmatizer",
        "pos_lemmas",
    ]


def test_model_tags_a_municipal_sentence(fresh_load):
    rows = {r[0]: r[1:] for r in fresh_load["rows"]}
    assert rows["Kommunstyrelsen"][0] == "NOUN"
    assert "Definite=Def" in rows["Kommunstyrelsen"][1]
    assert rows["Kommunstyrelsen"][2] == "kommunstyrelse"
    assert rows["beslutade"][0] == "VERB" and "Tense=Past" in rows["beslutade"][1]
    assert rows["beslutade"][2] == "besluta"
    assert rows["förskolor"][0] == "NOUN" and rows["förskolor"][2] == "förskola"
    assert rows["Kalix"][0] == "PROPN"


def test_model_lexicon_is_saved_inside_the_model():
    data = MODEL / "pos_lexicon" / "lexicon.npz"
    assert data.exists() and data.stat().st_size > 1_000_000


def test_model_keeps_its_dev_scores():
    from pipeline.nlp.loader import load_spacy

    parts = make_split(shared_path("corpora", "ud-swedish"))
    scores = score_pos(load_spacy(MODEL), parts["dev"])
    assert scores.upos >= 0.94
    assert scores.feats >= 0.88
    assert scores.lemma >= 0.95
    metrics = json.loads((MODEL / "metrics.json").read_text(encoding="utf-8"))
    assert scores.to_dict()["upos"] == pytest.approx(metrics["dev"]["upos"], abs=0.002)
