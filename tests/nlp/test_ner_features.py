"""Gazetteer and word-shape marks written into token.tag_ for the statistical NER."""

from __future__ import annotations

import spacy

from pipeline.nlp.ner_features import (
    COMMON_WORD_MARK,
    FIRST_NAME_MARK,
    LOC_MARK,
    ORG_MARK,
    ORG_WORD_MARK,
    PLACE_WORD_MARK,
    SURNAME_WORD_MARK,
    FeatureLexicon,
    NerFeatures,
)
from tests.nlp.shipped import feature_component, feature_lexicon


def feature_marks(doc):
    return feature_component().feature_marks(doc)


def find_world_places(text):
    return feature_lexicon().find_world_places(text)


def load_word_shapes():
    return feature_lexicon().shapes


def load_world_places():
    return feature_lexicon().world_places


def word_marks(word):
    return feature_lexicon().word_marks(word)


def marked(text: str) -> dict[str, set[str]]:
    doc = spacy.blank("sv")(text)
    return {t.text: set(m.split("+")) for t, m in zip(doc, feature_marks(doc), strict=True) if m}


def test_organisations_places_and_first_names_are_marked():
    marks = marked("Anna Lindqvist från Tillväxtverket reste från Kalix till Oslo.")
    assert marks == {
        "Anna": {FIRST_NAME_MARK},
        "Lindqvist": {SURNAME_WORD_MARK},
        "Tillväxtverket": {ORG_MARK, ORG_WORD_MARK},
        "Kalix": {LOC_MARK},
        "Oslo": {LOC_MARK},
    }


def test_every_token_of_a_multiword_name_is_marked():
    marks = marked("Resan gick till Nya Zeeland och Region Jämtland Härjedalen betalade.")
    assert LOC_MARK in marks["Nya"] and LOC_MARK in marks["Zeeland"]
    assert all(ORG_MARK in marks[w] for w in ("Region", "Jämtland", "Härjedalen"))
    assert marks["Resan"] == {COMMON_WORD_MARK}


def test_marks_combine_when_lists_overlap():
    marks = marked("Kalix kommun tar emot besök.")
    assert marks["Kalix"] == {LOC_MARK, ORG_MARK}
    assert marks["kommun"] == {ORG_MARK}


def test_word_marks():
    assert word_marks("Statskontoret") == {ORG_WORD_MARK}
    assert word_marks("IFK") == {ORG_WORD_MARK}
    assert word_marks("Verket") == {COMMON_WORD_MARK}  # too short to be a compound name
    assert word_marks("Resultat") == {COMMON_WORD_MARK}
    assert word_marks("resultat") == frozenset()  # only capitalised words are marked
    assert word_marks("Xqzt") == frozenset()
    assert FIRST_NAME_MARK in word_marks("Ingrid")


def test_word_shapes_need_a_capital_and_a_stem():
    shapes = load_word_shapes()
    assert shapes.organisation.matches("Folkhälsoinstitutet")
    assert not shapes.organisation.matches("folkhälsoinstitutet")
    assert not shapes.organisation.matches("Rådet")
    assert shapes.place.matches("Tangentvägen")
    assert shapes.surname.matches("Ingemarsdotter")


def test_place_and_surname_shapes():
    assert word_marks("Smålandskusten") == {PLACE_WORD_MARK}
    assert word_marks("Gaddefors") == {PLACE_WORD_MARK}  # a surname that looks like a place
    assert word_marks("Lindqvist") == {SURNAME_WORD_MARK}
    assert SURNAME_WORD_MARK not in word_marks("Personen")  # an ordinary word


def test_world_places_keep_genitives_and_whole_words():
    text = "Norges och USA:s regeringar, men inte Norgesresan eller Kinaresor."
    found = [text[s:e] for s, e in find_world_places(text)]
    assert found == ["Norges", "USA:s"]


def test_world_place_list_is_clean():
    places = load_world_places()
    assert len(places) > 300
    assert all(p == p.strip() and not p.startswith("#") for p in places)


def test_component_writes_the_marks_as_tags():
    nlp = spacy.blank("sv")
    component = nlp.add_pipe("kommunlens_ner_features")
    component.set_lexicon(feature_lexicon())
    doc = nlp("Ingrid åkte till Oslo i går.")
    assert [t.tag_ for t in doc] == [FIRST_NAME_MARK, "", "", LOC_MARK, "", "", ""]
    assert [t.tag_ for t in doc] == component.feature_marks(doc)
    assert len(nlp("")) == 0


def test_word_lists_are_saved_with_the_component(tmp_path):
    """The lists the model was trained with travel with it; a bare component knows nothing."""
    nlp = spacy.blank("sv")
    component = nlp.add_pipe("kommunlens_ner_features")
    assert component.lexicon.word_marks("Ingrid") == frozenset()
    component.set_lexicon(feature_lexicon())
    component.to_disk(tmp_path / "features")
    again = NerFeatures(nlp).from_disk(tmp_path / "features")
    assert again.lexicon.word_marks("Ingrid") == feature_lexicon().word_marks("Ingrid")
    assert again.lexicon.gazetteer.fingerprint == feature_lexicon().gazetteer.fingerprint
    assert isinstance(again.lexicon, FeatureLexicon)


def test_listed_organisations_are_marked_with_genitives():
    lexicon = FeatureLexicon(world_organisations=frozenset({"Rädda Barnen", "Apoteket"}))
    text = "Rädda Barnens rapport och Apotekets butiker, inte Apoteketskedjan eller rädda barnen."
    found = [text[s:e] for s, e in lexicon.find_world_organisations(text)]
    assert found == ["Rädda Barnens", "Apotekets"]
    nlp = spacy.blank("sv")
    component = nlp.add_pipe("kommunlens_ner_features")
    component.set_lexicon(lexicon)
    doc = nlp("Hon jobbar på Rädda Barnen.")
    assert [ORG_MARK in t.tag_.split("+") for t in doc] == [False, False, False, True, True, False]


def test_organisation_list_travels_with_the_component_and_may_be_absent(tmp_path):
    lexicon = FeatureLexicon(world_organisations=frozenset({"Rädda Barnen"}))
    lexicon.to_dir(tmp_path / "with")
    assert FeatureLexicon.from_dir(tmp_path / "with").world_organisations == {"Rädda Barnen"}
    FeatureLexicon().to_dir(tmp_path / "without")  # as a model saved before the list existed
    assert FeatureLexicon.from_dir(tmp_path / "without").world_organisations == frozenset()


def test_training_organisation_list_is_clean():
    from training.nlp.build import DEFAULT_LEXICONS

    names = FeatureLexicon.from_lexicons(DEFAULT_LEXICONS).world_organisations
    assert len(names) > 1000
    assert all(n == n.strip() and not n.startswith("#") and len(n) > 2 for n in names)
    assert not names & {"Polisen", "Regeringen", "Kommunen", "Stockholm", "Linköping"}
