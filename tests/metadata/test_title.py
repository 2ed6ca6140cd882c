from __future__ import annotations

from pipeline.metadata.title import detect_title


def test_file_title_wins():
    assert detect_title("Första raden\nText", "  Info   Kalix ") == "Info Kalix"


def test_first_heading_like_line_skips_dates_and_publication_lines():
    text = "\nPublicerad 2021-03-30\n\n2021-03-30\n• Projekt Utveckla företagsklimatet\nText."
    assert detect_title(text, None) == "Projekt Utveckla företagsklimatet"


def test_long_first_line_is_cut_at_a_word():
    title = detect_title("ord " * 100, None)
    assert title is not None and len(title) <= 160 and not title.endswith(" ")


def test_empty_text_has_no_title():
    assert detect_title("\n\n", None) is None


def test_photo_caption_and_datelines_are_not_titles():
    text = (
        "Vägskylt vid infarten\nFoto: Anna Berg\n\nNYHET 10 juni 2022\n\n"
        "Sedan bottennoteringen 2008 har företagsklimatet i kommunen blivit bättre år för år.\n\n"
        "Att lyssna gav resultat\n\nBrödtext."
    )
    assert detect_title(text, None) == "Att lyssna gav resultat"


def test_version_lines_form_lines_and_codes_are_not_titles():
    assert detect_title("Version 2023-10-10\n\nSamsynsguiden\nom bygglov", None) == (
        "Samsynsguiden"
    )
    text = "Plats och tid Rådhuset kl. 13.00\nKommunstyrelsens protokoll"
    assert detect_title(text, None) == "Kommunstyrelsens protokoll"
    assert detect_title("Riktig rubrik här\nText.", "KS23-373 168") == "Riktig rubrik här"
