from __future__ import annotations

import spacy

from pipeline.nlp import sentences  # noqa: F401  (registers the component)


def _sents(text: str) -> list[str]:
    nlp = spacy.blank("sv")
    nlp.add_pipe("kommunlens_sentences")
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_every_line_is_a_sentence():
    text = "Tillbakablick över 2021\n• Nytt koncept med QR-koder\n• Digitala företagsbesök"
    assert _sents(text) == [
        "Tillbakablick över 2021",
        "• Nytt koncept med QR-koder",
        "• Digitala företagsbesök",
    ]


def test_punctuation_ends_a_sentence_before_a_capital():
    assert _sents("Kommunen har vuxit. Fler företag har startat! Bra?") == [
        "Kommunen har vuxit.",
        "Fler företag har startat!",
        "Bra?",
    ]


def test_abbreviations_do_not_end_sentences():
    assert len(_sents("Vi träffade bl.a. Almi och ca. 40 företag kom.")) == 1


def test_lower_case_after_full_stop_continues():
    assert len(_sents("Mötet hölls kl. 15 och alla kom.")) == 1
