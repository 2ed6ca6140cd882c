"""The POS model's lexicon features: analyses, the component, its saving and its embedding."""

import numpy
import pytest
import spacy
from spacy.tokens import Doc

from pipeline.nlp.pos_lexicon import (
    EXTENSION,
    LexiconHashEmbed,
    PosLexicon,
    SuffixRule,
    SwedishLexicon,
)

RULES = [
    SuffixRule("G", "", "ar", "[^ae]"),  # stol -> stolar
    SuffixRule("D", "", "en", "[^a]"),  # katt -> katten
    SuffixRule("K", "a", "de", "[gjr]a"),  # köra -> körde
]
ENTRIES = {"stol": "ADG|l", "katt": "ADH|l", "köra": "K|l", "lars": "A|u", "och": "|l"}


@pytest.fixture()
def lexicon() -> SwedishLexicon:
    return SwedishLexicon.from_entries(ENTRIES, RULES)


def test_entries_and_derived_forms(lexicon):
    assert lexicon.analyse("stol") == ("ADG|l", "", "")
    assert lexicon.analyse("stolar") == ("", "Gar", "")
    assert lexicon.analyse("Katten") == ("", "Den", "")  # case does not matter
    assert lexicon.analyse("körde") == ("", "Kde", "")
    assert lexicon.analyse("Lars") == ("A|u", "", "")


def test_a_rule_needs_the_entry_flag_and_condition(lexicon):
    assert lexicon.analyse("kattar") == ("", "", "")  # katt has no flag G
    assert lexicon.analyse("ochde") == ("", "", "")  # och has no flag K


def test_compounds_take_the_analysis_of_their_known_tail(lexicon):
    assert lexicon.analyse("kontorsstolar") == ("", "", "+/Gar")
    assert lexicon.analyse("EU-katten") == ("", "", "-/Den")
    assert lexicon.analyse("qwxz") == ("", "", "")
    assert lexicon.analyse("1998") == ("", "", "")


def test_bytes_round_trip(lexicon):
    again = SwedishLexicon.from_bytes(lexicon.to_bytes())
    assert len(again) == len(lexicon) == len(ENTRIES)
    for word in ("stolar", "Katten", "kontorsstolar", "Lars", "qwxz"):
        assert again.analyse(word) == lexicon.analyse(word)


def _component(lexicon):
    nlp = spacy.blank("sv")
    pipe = nlp.add_pipe("kommunlens_pos_lexicon")
    assert isinstance(pipe, PosLexicon)
    pipe.set_lexicon(lexicon)
    return nlp, pipe


def test_component_writes_three_ids_per_token(lexicon):
    nlp, _ = _component(lexicon)
    doc = nlp("Stolar och stolar qwxz")
    ids = doc._.get(EXTENSION)
    assert ids.shape == (4, 3) and ids.dtype == numpy.uint64
    assert (ids[0] == ids[2]).all()  # same word, same features
    assert (ids[0] != ids[1]).any()
    assert ids[0][1] != ids[3][1]  # a derived form vs an unknown word


def test_component_saves_its_lexicon_in_the_model_folder(lexicon, tmp_path):
    nlp, _ = _component(lexicon)
    nlp.to_disk(tmp_path / "model")
    assert (tmp_path / "model" / "kommunlens_pos_lexicon" / "lexicon.npz").exists()
    loaded = spacy.load(tmp_path / "model")
    assert len(loaded.get_pipe("kommunlens_pos_lexicon").lexicon) == len(ENTRIES)
    assert (loaded("kontorsstolar")._.get(EXTENSION) == nlp("kontorsstolar")._.get(EXTENSION)).all()
    again = PosLexicon(spacy.blank("sv")).from_bytes(
        nlp.get_pipe("kommunlens_pos_lexicon").to_bytes()
    )
    assert again.features("stolar") == ("", "Gar", "")


def test_initialize_reads_a_built_lexicon(lexicon, tmp_path):
    path = tmp_path / "lexicon.npz"
    path.write_bytes(lexicon.to_bytes())
    nlp = spacy.blank("sv")
    nlp.add_pipe("kommunlens_pos_lexicon")
    nlp.initialize()
    assert len(nlp.get_pipe("kommunlens_pos_lexicon").lexicon) == 0
    nlp.get_pipe("kommunlens_pos_lexicon").initialize(data=path)
    assert nlp.get_pipe("kommunlens_pos_lexicon").features("körde") == ("", "Kde", "")


def test_embedding_reads_the_lexicon_columns(lexicon):
    nlp, _ = _component(lexicon)
    model = LexiconHashEmbed(16, ["NORM", "SHAPE"], [50, 20], [30, 30, 30])
    docs = [nlp("Stolar och stolar"), Doc(nlp.vocab, words=["utan", "lexikon"])]
    model.initialize(X=docs)
    extractor = model.layers[0]
    features, _ = extractor(docs, is_train=False)
    assert [f.shape for f in features] == [(3, 5), (2, 5)]
    assert (features[1][:, 2:] == 0).all()  # no component ran: zero ids
    vectors = model.predict(docs)
    assert [v.shape for v in vectors] == [(3, 16), (2, 16)]
    with pytest.raises(ValueError):
        LexiconHashEmbed(16, ["NORM"], [50], [30, 30])
