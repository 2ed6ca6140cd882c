"""The assembled pipeline artefact: NER first, then tags, morphology and lemmas."""

from __future__ import annotations

import subprocess
import sys

from pipeline.nlp.loader import load_spacy, nlp_path, resource_path

TEXTS = [
    "Kalix kommun har lanserat 15 nya e-tjänster för företagen i Norrbotten.",
    "Kommunstyrelsen beslutade att anta näringslivsstrategin.",
    "Vi ska genomföra fler företagsbesök under 2024.",
]


def test_artefact_runs_the_tagger_after_the_ner():
    names = load_spacy(nlp_path()).pipe_names
    assert names.index("ner") < names.index("tagger") < names.index("morphologizer")
    assert "kommunlens_lemmas" not in names  # the trained lemmatizer sets the lemmas


def test_pos_components_give_the_same_analysis_as_the_pos_model_alone():
    full, alone = load_spacy(nlp_path()), load_spacy(resource_path("pos_model"))

    def analysis(nlp):
        return [[(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in d] for d in nlp.pipe(TEXTS)]

    assert analysis(full) == analysis(alone)
    doc = full(TEXTS[0])
    assert doc[3].morph.get("VerbForm") == ["Sup"]  # "har lanserat"
    assert doc[2].lemma_ == "ha"


def test_artefact_loads_in_a_fresh_interpreter_with_its_entities():
    code = (
        "import spacy; nlp = spacy.load({!r}); d = nlp({!r}); "
        "print([(e.text, e.label_) for e in d.ents]); print(d[3].pos_)"
    ).format(str(nlp_path()), "Kalix kommun fick 1 760 000 kronor från Tillväxtverket 2018.")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    ents, pos = out.stdout.strip().splitlines()
    assert "('Kalix kommun', 'ORG')" in ents and "('Tillväxtverket', 'ORG')" in ents
    assert "('1 760 000 kronor', 'MONEY')" in ents and "('2018', 'DATE')" in ents
    assert pos == "NUM"
