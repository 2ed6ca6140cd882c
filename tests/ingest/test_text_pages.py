"""Pages of texts saved from web viewers: numbered page openings and counters."""

from __future__ import annotations

from pipeline.ingest.text_pages import split_pages

LONG = "Kommunfullmäktige behandlade ärendet och beslutade i enlighet med förslaget. " * 3


def test_numbered_page_openings_split_the_text() -> None:
    text = f"Titel\n\nTranskript\n\n1 SOLBACKA KOMMUN {LONG}\n\n2 SOLBACKA KOMMUN {LONG}\n"
    pages = split_pages(text)
    assert len(pages) == 2
    assert pages[0].startswith("Titel") and "\n1\nSOLBACKA" in pages[0]
    assert pages[1].startswith("2\nSOLBACKA")


def test_page_counters_split_short_pages_too() -> None:
    pages = split_pages("1(3) Första sidan\n2(3) Andra sidan\n3(3) Tredje sidan")
    assert [p.split()[0] for p in pages] == ["1(3)", "2(3)", "3(3)"]


def test_numbered_headings_are_not_pages() -> None:
    text = "1 Inledning\n\nKort text.\n\n2 Bakgrund\n\nMer text.\n\n3 Resultat\n"
    assert split_pages(text) == [text]


def test_form_feeds_split_pages() -> None:
    assert split_pages("Ett\fTvå") == ["Ett", "Två"]
