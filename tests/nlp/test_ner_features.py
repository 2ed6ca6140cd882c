"""Gazetteer marks written into token.tag_ for the statistical NER."""

from __future__ import annotations

import spacy

from pipeline.nlp.ner_features import (
    FIRST_NAME_MARK,
    LOC_MARK,
    ORG_MARK,
    feature_marks,
    find_world_places,
    load_world_places,
)


def marked(text: str) -> dict[str, str]:
    nlp = spacy.blank("sv")
    doc = nlp(text)
    return {t.text: m for t, m in zip(doc, feature_marks(doc), strict=True) if m}


def test_organisations_places_and_first_names_are_marked():
    marks = marked("Anna Lindqvist från Tillväxtverket reste från Kalix till Oslo.")
    assert marks == {
        "Anna": FIRST_NAME_MARK,
        "Tillväxtverket": ORG_MARK,
        "Kalix": LOC_MARK,
        "Oslo": LOC_MARK,
    }


def test_every_token_of_a_multiword_name_is_marked():
    marks = marked("Resan gick till Nya Zeeland och Region Jämtland Härjedalen betalade.")
    assert marks["Nya"] == marks["Zeeland"] == LOC_MARK
    assert all(ORG_MARK in marks[w].split("+") for w in ("Region", "Jämtland", "Härjedalen"))


def test_marks_combine_when_lists_overlap():
    marks = marked("Kalix kommun tar emot besök.")
    assert set(marks["Kalix"].split("+")) == {LOC_MARK, ORG_MARK}
    assert marks["kommun"] == ORG_MARK


def test_world_places_keep_genitives_and_whole_words():
    text = "Norges och USA:s regeringar, men inte Norgesresan eller Kinaresor."
    found = [text[s:e] for s, e in find_world_places(text)]
    assert found == ["Norges", "USA:s"]


def test_world_place_list_is_clean():
    places = load_world_places()
    assert len(places) > 300
    assert all(p == p.strip() and not p.startswith("#") for p in places)


def test_component_writes_tags_only_where_marked():
    nlp = spacy.blank("sv")
    nlp.add_pipe("kommunlens_ner_features")
    doc = nlp("Lena åkte till Paris i går.")
    assert [t.tag_ for t in doc] == [FIRST_NAME_MARK, "", "", LOC_MARK, "", "", ""]
