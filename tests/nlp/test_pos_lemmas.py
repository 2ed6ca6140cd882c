"""Lemmas of the POS model: lookup lemmas for new open-class words, lemma case."""

import spacy
from spacy.tokens import Doc

from pipeline.nlp.pos_lemmas import PosLemmas


class FakeTable:
    def __init__(self, lemmas: dict[str, str]):
        self.lemmas = lemmas

    def get(self, word: str, default=None):
        return self.lemmas.get(word, default)


TABLE = FakeTable(
    {
        "föräldrarnas": "förälder",
        "utlämnad": "utlämna",
        "betecknande": "beteckna",
        "sågs": "se",
        "hus": "huse",
    }
)


def _doc(nlp, rows):
    """rows: (word, pos, morph, edit-tree lemma)"""
    return Doc(
        nlp.vocab,
        words=[r[0] for r in rows],
        pos=[r[1] for r in rows],
        morphs=[r[2] for r in rows],
        lemmas=[r[3] for r in rows],
    )


def _pipe(known=()):
    nlp = spacy.blank("sv")
    pipe = PosLemmas(nlp, table=lambda: TABLE)
    pipe._set(known)
    return nlp, pipe


def test_new_open_class_words_take_the_table_lemma():
    nlp, pipe = _pipe(known={"hus"})
    doc = pipe(
        _doc(
            nlp,
            [
                ("Föräldrarnas", "NOUN", "Case=Gen", "Föräldrarnas"),  # new: table, lower case
                ("hus", "NOUN", "", "hus"),  # seen in training: the edit tree stays
                ("sågs", "VERB", "Voice=Pass", "sågs"),
            ],
        )
    )
    assert [t.lemma_ for t in doc] == ["förälder", "hus", "se"]


def test_participles_and_ande_words_keep_their_own_lemma():
    nlp, pipe = _pipe()
    doc = pipe(
        _doc(
            nlp,
            [
                ("utlämnad", "ADJ", "VerbForm=Part", "utlämnad"),
                ("betecknande", "ADJ", "Degree=Pos", "betecknande"),
            ],
        )
    )
    assert [t.lemma_ for t in doc] == ["utlämnad", "betecknande"]


def test_case_of_lemmas():
    nlp, pipe = _pipe()
    doc = pipe(
        _doc(
            nlp,
            [
                ("Sverige", "PROPN", "", "Sverige"),
                ("EU", "NOUN", "", "EU"),
                ("Och", "CCONJ", "", "Och"),
            ],
        )
    )
    assert [t.lemma_ for t in doc] == ["Sverige", "EU", "och"]


def test_known_words_are_learned_in_initialize_and_saved(tmp_path):
    nlp = spacy.blank("sv")
    pipe = nlp.add_pipe("kommunlens_pos_lemmas")
    from spacy.training import Example

    reference = Doc(nlp.vocab, words=["Hus", "och", "bilar"])
    pipe.initialize(lambda: [Example(Doc(nlp.vocab, words=["Hus", "och", "bilar"]), reference)])
    assert pipe.known == {"hus", "och", "bilar"}
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.get_pipe("kommunlens_pos_lemmas").known == {"hus", "och", "bilar"}
