from __future__ import annotations

import spacy

from pipeline.nlp.components import Candidate, merge_candidates, strip_genitive


def _c(start, end, label, source, value=None):
    return Candidate(start, end, label, value, None, source)


def test_rule_beats_gazetteer_beats_model_on_overlap():
    merged = merge_candidates(
        [
            _c(0, 3, "ORG", "model"),
            _c(1, 2, "ORG", "gazetteer", "Tillväxtverket"),
            _c(5, 7, "MONEY", "rule", "1760000"),
            _c(5, 8, "ORG", "model"),
        ]
    )
    assert [(c.start, c.end, c.source) for c in merged] == [(1, 2, "gazetteer"), (5, 7, "rule")]


def test_longer_span_wins_within_a_source():
    merged = merge_candidates([_c(0, 1, "LOC", "gazetteer"), _c(0, 2, "ORG", "gazetteer")])
    assert [(c.start, c.end, c.label) for c in merged] == [(0, 2, "ORG")]


def test_no_span_is_reported_twice():
    merged = merge_candidates([_c(0, 2, "PER", "model"), _c(0, 2, "PER", "gazetteer")])
    assert len(merged) == 1 and merged[0].source == "gazetteer"


def test_strip_genitive_only_before_a_noun():
    nlp = spacy.blank("sv")
    doc = nlp("Tillväxtverkets projekt och Ingrid Mars berättar")
    assert strip_genitive(doc[0:1]) == "Tillväxtverket"
    assert strip_genitive(doc[3:5]) == "Ingrid Mars"
    doc = nlp("LRF:s medlemmar")
    assert strip_genitive(doc[0:1]) in {"LRF", "LRF:s"}  # tokenisation decides the span


def _ent(doc, start, end, label):
    from spacy.tokens import Span

    return Span(doc, start, end, label=label)


def test_trim_drops_capitalised_common_words_at_line_starts():
    from pipeline.nlp.components import trim_model_span
    from pipeline.nlp.sentences import set_sentence_starts

    nlp = spacy.blank("sv")
    doc = set_sentence_starts(
        nlp("Resultat\nInom Digitalisering har vi gjort mycket.\nKunskapshöjning")
    )
    assert trim_model_span(_ent(doc, 0, 1, "LOC")) is None
    assert trim_model_span(_ent(doc, 2, 4, "PER")) is None
    assert trim_model_span(_ent(doc, len(doc) - 1, len(doc), "ORG")) is None


def test_trim_keeps_names_and_mid_sentence_capitalised_nouns():
    from pipeline.nlp.components import trim_model_span
    from pipeline.nlp.sentences import set_sentence_starts

    nlp = spacy.blank("sv")
    doc = set_sentence_starts(nlp("Beslutet togs av Regeringen och Ingrid Mars i Kalix."))
    assert trim_model_span(_ent(doc, 3, 4, "ORG")).text == "Regeringen"
    assert trim_model_span(_ent(doc, 5, 7, "PER")).text == "Ingrid Mars"
    assert trim_model_span(_ent(doc, 8, 9, "LOC")).text == "Kalix"


def test_model_reading_as_organisation_overrides_a_place_name():
    from pipeline.nlp.components import apply_context_roles

    gaz = [_c(0, 1, "LOC", "gazetteer", "Örebro"), _c(3, 4, "LOC", "gazetteer", "Solna")]
    model = [_c(0, 1, "ORG", "model", "Örebro"), _c(3, 4, "LOC", "model", "Solna")]
    out = apply_context_roles(gaz, model)
    assert [(c.label, c.source) for c in out] == [("ORG", "model"), ("LOC", "gazetteer")]


def test_place_inside_a_longer_model_name_gives_way():
    from pipeline.nlp.components import yield_to_longer_names

    doc = spacy.blank("sv")("Borås Tidning skrev att Mark Clattenburg dömde")
    gaz = [_c(0, 1, "LOC", "gazetteer", "Borås"), _c(4, 5, "LOC", "gazetteer", "Mark")]
    model = [_c(0, 2, "ORG", "model"), _c(4, 6, "PER", "model")]
    assert yield_to_longer_names(doc, gaz, model) == []
    kept = merge_candidates(yield_to_longer_names(doc, gaz, model) + model)
    assert [(c.start, c.end, c.label) for c in kept] == [(0, 2, "ORG"), (4, 6, "PER")]


def test_place_keeps_its_span_when_the_model_boundary_is_doubtful():
    from pipeline.nlp.components import yield_to_longer_names

    doc = spacy.blank("sv")("Södertälje Årskrönika och Ingrid Mars Östersund")
    gaz = [
        _c(0, 1, "LOC", "gazetteer", "Södertälje"),
        _c(3, 5, "PER", "gazetteer", "Ingrid Mars"),
        _c(5, 6, "LOC", "gazetteer", "Östersund"),
    ]
    model = [_c(0, 2, "PER", "model"), _c(3, 6, "PER", "model"), _c(5, 6, "ORG", "model")]
    # an ordinary word beside the place; another match inside the span; not longer
    assert yield_to_longer_names(doc, gaz, model) == gaz


def _model_proposals(text, ents):
    """What the merger keeps of model proposals ``ents`` (token start, end, label)."""
    from pathlib import Path

    from pipeline.nlp.components import _model_candidates
    from pipeline.nlp.entity_filter import EntityFilter
    from pipeline.nlp.sentences import set_sentence_starts

    lexicons = Path(__file__).resolve().parents[2] / "training" / "lexicons"
    doc = set_sentence_starts(spacy.blank("sv")(text))
    doc.ents = [_ent(doc, s, e, label) for s, e, label in ents]
    found = _model_candidates(
        doc,
        frozenset({"Mathias", "Anna"}),
        EntityFilter.from_file(lexicons / "entity_filter.json"),
    )
    return [(doc[c.start : c.end].text, c.label, c.value) for c in found]


def test_form_labels_and_titles_are_cut_from_model_names():
    assert _model_proposals("Hej Mathias Brandt Ordförande här", [(1, 4, "PER")]) == [
        ("Mathias Brandt", "PER", "Mathias Brandt")
    ]
    assert _model_proposals("x Lofsdalen sidan 4", [(1, 3, "LOC")]) == [
        ("Lofsdalen", "LOC", "Lofsdalen")
    ]
    # a single word left after a cut is doubtful unless it is a place
    assert _model_proposals("x Visma Underskriftstjänst y", [(1, 3, "PER")]) == []
    assert _model_proposals("x Dnr KS-2023-00527 y", [(1, 3, "PER")]) == []


def test_people_need_letters_and_more_than_ordinary_nouns():
    assert _model_proposals("x Ramprojekt Företagsstöd y", [(1, 3, "PER")]) == []
    assert _model_proposals("x DNR KS y", [(1, 3, "PER")]) == []
    assert _model_proposals("x Anna Berg y", [(1, 3, "PER")]) == [("Anna Berg", "PER", "Anna Berg")]


def test_markup_glued_to_a_name_stays_out_of_its_value():
    from pipeline.nlp.components import clean_value

    assert clean_value("Luleå Hockey,<br") == "Luleå Hockey"
    assert clean_value("NIL`") == "NIL"
    assert clean_value("Region\n Gävleborg") == "Region Gävleborg"


def test_shipped_pipeline_names_local_organisations():
    from tests.nlp.shipped import shipped_nlp

    doc = shipped_nlp()(
        "Tempohus Kungsbacka AB har sökt bygglov. Företagarna Henric Carlsson talade.\n"
        "KUNGSBACKA KOMMUN SAMMANTRÄDESPROTOKOLL\n"
    )
    ents = {(e.text, e.label_, e._.kl_value, e._.kl_source) for e in doc.ents}
    assert ("Tempohus Kungsbacka AB", "ORG", "Tempohus Kungsbacka AB", "rule") in ents
    assert ("Henric Carlsson", "PER", "Henric Carlsson", "gazetteer") in ents
    assert ("KUNGSBACKA KOMMUN", "ORG", "Kungsbacka kommun", "gazetteer") in ents
    assert not any(label == "LOC" and text == "Kungsbacka" for text, label, _, _ in ents)
    assert not any("Henric" in text for text, label, _, _ in ents if label == "ORG")


def test_party_letters_headings_and_form_labels_are_no_entities():
    from tests.nlp.shipped import shipped_nlp

    doc = shipped_nlp()(
        "Ärendelista\nMagdalena Sundqvist (S) och Stefan Jägnert (SD) yrkar bifall.\n"
        "Hallstahammar Postadress\nDnr KS 2018/56\n"
    )
    ents = [(e.text, e.label_) for e in doc.ents if e.label_ in ("PER", "ORG", "LOC")]
    assert ("Magdalena Sundqvist", "PER") in ents
    assert not [e for e in ents if e[0] in ("S", "SD", "Ärendelista", "KS", "Dnr KS")]
    assert not [e for e in ents if "Postadress" in e[0]]
