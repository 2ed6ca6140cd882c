"""Organisation and place gazetteers, the spaCy component and the gold fact list."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy

from tests.conftest import SHARED
from tests.nlp.shipped import gazetteer


def find_gazetteer_matches(text):
    return gazetteer().find(text)


def find_organisations(text):
    return gazetteer().find_organisations(text)


def find_places(text):
    return gazetteer().find_places(text)


def load_organisations():
    return gazetteer().organisations


def load_places():
    return gazetteer().places


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LEXICONS = Path(__file__).resolve().parents[2] / "training" / "lexicons"
SEEDS = SHARED / "corpus" / "seeds"


def values(matches):
    return [(m.text, m.label, m.value) for m in matches]


def test_resources_cover_all_municipalities_and_counties():
    orgs = load_organisations()
    places = load_places()
    assert sum(e.kind == "municipality" for e in orgs) == 290
    assert sum(e.kind == "municipality" for e in places) == 290
    assert sum(e.kind == "county" for e in places) == 21
    assert sum(e.kind == "region" for e in orgs) == 21
    assert sum(e.name.startswith("Länsstyrelsen i ") for e in orgs) == 21
    assert len(orgs) >= 400
    assert len({e.id for e in orgs}) == len(orgs)


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Stöd från Tillväxtverkets program.", "Tillväxtverkets", "Tillväxtverket"),
        ("Enligt LRF:s ordförande.", "LRF:s", "LRF"),
        ("Almis lån går ut.", "Almis", "Almi Företagspartner"),
        ("Samarbete med Region JH och andra.", "Region JH", "Region Jämtland Härjedalen"),
        ("Kalix kommuns insatser", "Kalix kommuns", "Kalix kommun"),
        ("för Östersunds kommuns företag", "Östersunds kommuns", "Östersunds kommun"),
        ("NKI enligt SKR har ökat", "SKR", "SKR"),
        ("via MIUN och JHT", "MIUN", "Mittuniversitetet"),
        ("Göteborgs Stad bjuder in", "Göteborgs Stad", "Göteborgs kommun"),
    ],
)
def test_organisations_canonical_and_genitive(text, surface, value):
    matches = find_organisations(text)
    assert (surface, "ORG", value) in values(matches)
    for m in matches:
        assert text[m.start : m.end] == m.text


def test_county_administrative_board_is_one_match():
    text = "Länsstyrelsen i Jämtlands län beviljade stöd. Länsstyrelsen svarade."
    got = values(find_gazetteer_matches(text))
    assert got[0] == (
        "Länsstyrelsen i Jämtlands län",
        "ORG",
        "Länsstyrelsen i Jämtlands län",
    )
    assert ("Länsstyrelsen", "ORG", "Länsstyrelsen") in got
    assert not any(label == "LOC" for _, label, _ in got)


def test_municipality_kb_id_is_kommunkod():
    org = find_gazetteer_matches("Östersunds kommun har deltagit.")
    assert [(m.label, m.value, m.kb_id) for m in org] == [("ORG", "Östersunds kommun", "2380")]
    loc = find_gazetteer_matches("Företagen i Östersund växer.")
    assert [(m.label, m.value, m.kb_id) for m in loc] == [("LOC", "Östersund", "2380")]
    gen = find_places("Hallstahammars näringsliv")
    assert [(m.text, m.value, m.kb_id) for m in gen] == [
        ("Hallstahammars", "Hallstahammar", "1961")
    ]


def test_longest_match_wins_and_org_beats_loc():
    got = values(find_gazetteer_matches("Södertälje Science Park i Södertälje"))
    assert got == [
        ("Södertälje Science Park", "ORG", "Södertälje Science Park"),
        ("Södertälje", "LOC", "Södertälje"),
    ]
    got = values(find_gazetteer_matches("Region Jämtland Härjedalen och Jämtland Härjedalen"))
    assert got == [
        ("Region Jämtland Härjedalen", "ORG", "Region Jämtland Härjedalen"),
        ("Jämtland Härjedalen", "LOC", "Jämtland Härjedalen"),
    ]


def test_case_sensitive_and_no_match_inside_words():
    assert find_gazetteer_matches("vi vill vara på plats, mark finns") == []
    assert find_gazetteer_matches("tillväxtverket och almi") == []
    assert find_gazetteer_matches("Stockholmsbaserad marknadsförare") == []
    assert find_gazetteer_matches("Kommunen är en av kommunerna.") == []
    assert find_gazetteer_matches("Läs mer på Kalix.se idag") == []


def test_ambiguous_place_needs_context():
    assert find_places("Vara är viktigt. Mark köps in.") == []
    got = values(find_places("Vi bor i Vara och jobbar i Mark."))
    assert got == [("Vara", "LOC", "Vara"), ("Mark", "LOC", "Mark")]
    assert values(find_places("Kalix är en attraktiv plats.")) == [("Kalix", "LOC", "Kalix")]


def test_names_broken_over_lines_and_glued_words():
    got = values(find_organisations("projektet ”A Business \n\nRegion on The Move”"))
    assert got == [("A Business \n\nRegion on The Move", "ORG", "A Business Region on The Move")]
    got = [v for _, _, v in values(find_organisations("Projekten Växtkraft SödertörnOmtag Nu"))]
    assert got == ["Växtkraft Södertörn", "Omtag Nu"]


def test_spacy_component_writes_spans_with_extensions():
    nlp = spacy.blank("sv")
    component = nlp.add_pipe("kommunlens_gazetteer")
    assert len(nlp("Kalix kommun").spans["kl_gazetteer"]) == 0  # no names before initialize
    component.initialize(lexicon_dir=LEXICONS)
    doc = nlp("Tillväxtverkets stöd till Kalix kommun och företag i Östersund.")
    spans = doc.spans["kl_gazetteer"]
    got = [(s.text, s.label_, s._.kl_value, s._.kl_kb_id, s._.kl_source) for s in spans]
    assert got == [
        ("Tillväxtverkets", "ORG", "Tillväxtverket", "org:tillvaxtverket", "gazetteer"),
        ("Kalix kommun", "ORG", "Kalix kommun", "2514", "gazetteer"),
        ("Östersund", "LOC", "Östersund", "2380", "gazetteer"),
    ]
    assert spans[1].kb_id_ == "2514"


def test_component_saves_its_names_and_matches_the_shipped_pipeline(tmp_path):
    nlp = spacy.blank("sv")
    nlp.add_pipe("kommunlens_gazetteer").initialize(lexicon_dir=LEXICONS)
    nlp.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p").get_pipe("kommunlens_gazetteer").gazetteer
    assert again.fingerprint == gazetteer().fingerprint  # the artefact holds training/lexicons
    assert len(again) == len(gazetteer()) > 700


# --- gold fact list ----------------------------------------------------------------------

VALUE_FORMATS = {
    "ORG": re.compile(r"^\S(.*\S)?$"),
    "PER": re.compile(r"^[A-ZÅÄÖÉ][\w'-]+( [\w'-]+)+$"),
    "LOC": re.compile(r"^[A-ZÅÄÖ]\S*( \S+)*$"),
    "DATE": re.compile(
        r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$",
    ),
    "MONEY": re.compile(r"^\d+(\.\d+)?$"),
    "QUANTITY": re.compile(r"^\d+(\.\d+)? \S+$"),
    "PERCENT": re.compile(r"^\d+(\.\d+)?$"),
    "SCORE": re.compile(r"^\S+ \d+(\.\d+)?$"),
}


def load_gold():
    lines = (FIXTURES / "gold_facts.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_gold_facts_parse_and_follow_value_formats():
    facts = load_gold()
    assert len(facts) >= 50
    keys = set()
    for fact in facts:
        assert set(fact) <= {"doc", "label", "value", "text", "note"}, fact
        assert VALUE_FORMATS[fact["label"]].match(fact["value"]), fact
        assert not re.search(r"\d \d|\d,\d", fact["value"]), fact
        key = (fact["doc"], fact["label"], fact["value"])
        assert key not in keys, key
        keys.add(key)
    assert {f["doc"][:3] for f in facts} == {"000", "001", "002", "003", "004"}


def test_gold_org_and_loc_values_are_gazetteer_names():
    org_names = {e.name for e in load_organisations()}
    place_names = {e.name for e in load_places()}
    for fact in load_gold():
        if fact["label"] == "ORG":
            assert fact["value"] in org_names, fact
        if fact["label"] == "LOC":
            assert fact["value"] in place_names, fact


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not available")
def test_gold_fact_text_occurs_in_its_seed():
    for fact in load_gold():
        text = (SEEDS / fact["doc"]).read_text(encoding="utf-8")
        assert fact["text"] in text, fact


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not available")
def test_gazetteer_agrees_with_gold_on_seeds():
    gold: dict[str, set] = {}
    for fact in load_gold():
        if fact["label"] in ("ORG", "LOC"):
            gold.setdefault(fact["doc"], set()).add((fact["label"], fact["value"]))
    for doc, expected in gold.items():
        text = (SEEDS / doc).read_text(encoding="utf-8")
        assert {(m.label, m.value) for m in find_gazetteer_matches(text)} == expected, doc


def test_renamed_organisation_keeps_its_old_name_and_one_kb_id():
    got = [(m.text, m.value, m.kb_id) for m in find_organisations("SKL, senare SKR, och SKL:s")]
    assert got == [
        ("SKL", "SKL", "org:skr"),
        ("SKR", "SKR", "org:skr"),
        ("SKL:s", "SKL", "org:skr"),
    ]
    full = find_organisations("Sveriges Kommuner och Landsting och Sveriges Kommuner och Regioner")
    assert [(m.value, m.kb_id) for m in full] == [("SKL", "org:skr"), ("SKR", "org:skr")]


def test_aliases_resolve_to_one_organisation():
    text = "Myndigheten för ekonomisk och regional tillväxt (Tillväxtverket) och Centern"
    got = [(m.value, m.kb_id) for m in find_organisations(text)]
    assert got == [
        ("Tillväxtverket", "org:tillvaxtverket"),
        ("Tillväxtverket", "org:tillvaxtverket"),
        ("Centerpartiet", "org:party_c"),
    ]
    board = find_organisations("Länsstyrelsen Gävleborg och Länsstyrelsen i Gävleborgs län")
    assert {m.kb_id for m in board} == {"org:lansstyrelsen_21"}


def test_letterheads_in_capitals_are_organisations_but_short_words_are_not():
    got = [(m.text, m.value) for m in find_organisations("PAJALA KOMMUN SAMMANTRÄDESPROTOKOLL")]
    assert got == [("PAJALA KOMMUN", "Pajala kommun")]
    assert find_gazetteer_matches("MARK OCH ALE") == []
