"""`kommunlens info`: what runs, and that the artefact it names loads on its own."""

from __future__ import annotations

import json
import subprocess
import sys

from pipeline import cli
from pipeline.nlp.loader import load_pipeline

SENTENCE = "Kalix kommun fick 1 760 000 kronor från Tillväxtverket 2018."


def test_info_json_has_the_documented_keys(capsys):
    assert cli.main(["info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert set(info) == {
        "version",
        "pipeline_version",
        "nlp_model",
        "nlp_path",
        "components",
        "classifiers",
        "optional",
    }
    names = [c["name"] for c in info["components"]]
    assert names.index("ner") < names.index("tagger")
    ner = next(c for c in info["components"] if c["name"] == "ner")
    assert {"PER", "ORG", "LOC"} <= set(ner["labels"])
    assert set(info["classifiers"]) >= {"doc_type", "focus_areas", "initiative_type"}
    assert all("sklearn_version" in c for c in info["classifiers"].values())
    assert set(info["optional"]["ocr"]) == {"ocrmypdf", "tesseract", "swedish"}


def test_the_artefact_info_names_gives_a_runs_entities_in_a_fresh_interpreter(capsys):
    cli.main(["info", "--json"])
    path = json.loads(capsys.readouterr().out)["nlp_path"]
    code = (
        f"import json, spacy; nlp = spacy.load({path!r}); d = nlp({SENTENCE!r}); "
        "print(json.dumps([[e.text, e.label_] for e in d.ents]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    fresh = json.loads(out.stdout)
    doc = load_pipeline().nlp(SENTENCE)
    assert fresh == [[e.text, e.label_] for e in doc.ents]
    assert ["Tillväxtverket", "ORG"] in fresh and ["1 760 000 kronor", "MONEY"] in fresh
