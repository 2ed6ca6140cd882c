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
