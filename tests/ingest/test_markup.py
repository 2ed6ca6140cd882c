"""HTML markup inside plain-text files is removed; page markers become pages."""

from __future__ import annotations

from pipeline.ingest.markup import PAGE_BREAK, has_markup, strip_markup
from pipeline.ingest.text_reader import TextReader


def test_tags_entities_and_comments_are_removed() -> None:
    text = "info<br />\n<strong>KALIX</strong><br />\nVi &amp; ni<br />\n<!-- kommentar -->Slut"
    assert strip_markup(text) == "info\nKALIX\nVi & ni\nSlut"


def test_inline_tags_glue_no_words_and_block_tags_break_lines() -> None:
    assert strip_markup("<strong>Kalix</strong>företag drar nytta") == "Kalixföretag drar nytta"
    assert strip_markup("<p>Ett</p><p>Två</p>").split() == ["Ett", "Två"]
    assert "\n" in strip_markup("<p>Ett</p><p>Två</p>").strip()


def test_plain_text_with_angle_brackets_is_untouched() -> None:
    text = "Andelen < 5 procent och > 2 procent.\nEn rad <tagg> som inte är html."
    assert not has_markup(text)
    assert strip_markup(text) == text


def test_page_markers_become_pages_in_the_text_reader() -> None:
    data = "<!-- sida 1 -->\nFörsta sidan.\n<!-- sida 2 -->\nAndra sidan<br />\n".encode()
    assert strip_markup(data.decode()).count(PAGE_BREAK) == 2
    doc = TextReader().read(data, None)  # type: ignore[arg-type]
    assert [p.text for p in doc.pages if p.text] == ["Första sidan.", "Andra sidan"]
    assert "<" not in doc.text and "sida 2" not in doc.text
