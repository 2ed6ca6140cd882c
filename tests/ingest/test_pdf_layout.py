from __future__ import annotations

import pytest

from pipeline.ingest.pdf_layout import (
    Line,
    block_text,
    find_gutter,
    fix_cid_glyphs,
    group_lines,
    is_page_number_line,
    margin_key,
    reading_order,
    repeated_margin_keys,
    strip_margins,
)


def words_of(text: str, x0: float, top: float, size: float = 10.0) -> list[dict]:
    """Word boxes for one line of text, 5 points per character plus a 3 point space."""
    out = []
    x = x0
    for word in text.split():
        width = 5.0 * len(word)
        out.append({"text": word, "x0": x, "x1": x + width, "top": top, "bottom": top + size})
        x += width + 3.0
    return out


def page_lines(*texts: str, top: float = 50.0, pitch: float = 14.0) -> list[Line]:
    words = [w for i, t in enumerate(texts) for w in words_of(t, 60, top + i * pitch)]
    return group_lines(words)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", True),
        ("- 3 -", True),
        ("– 12 –", True),
        ("Sida 3 av 5", True),
        ("sida 3", True),
        ("3 (5)", True),
        ("3/5", True),
        ("Page 2 of 9", True),
        ("2021", False),  # a year, not a plausible page number of a 5-page file
        ("Sidan har uppdaterats", False),
        ("3 företag", False),
    ],
)
def test_page_number_lines(text: str, expected: bool) -> None:
    assert is_page_number_line(text, max_page=5) is expected


def test_margin_key_ignores_digits() -> None:
    assert margin_key("Rapport 2021   Sida 2") == margin_key("rapport 2021 sida 3")


def test_group_lines_orders_words() -> None:
    words = [*words_of("andra raden", 60, 70), *words_of("första raden", 60, 50)]
    words[0]["top"] += 1.5  # slightly uneven baseline stays on the same line
    assert [line.text for line in group_lines(words)] == ["första raden", "andra raden"]


def test_running_header_and_footer_removed() -> None:
    pages = [
        page_lines("Kalix kommun Årsrapport", f"Rubrik {n}", "Brödtext här.", f"Sida {n} av 3")
        for n in (1, 2, 3)
    ]
    repeated = repeated_margin_keys(pages)
    kept = [[ln.text for ln in strip_margins(p, repeated, 3)] for p in pages]
    assert kept[0] == ["Rubrik 1", "Brödtext här."]
    assert all("Kalix kommun Årsrapport" not in k for k in kept)
    assert all(not any(t.startswith("Sida") for t in k) for k in kept)


def test_unique_first_lines_are_kept() -> None:
    pages = [page_lines("Inledning", "Text."), page_lines("Metod", "Text.")]
    repeated = repeated_margin_keys(pages)
    assert next(ln.text for ln in strip_margins(pages[0], repeated, 2)) == "Inledning"


def test_single_page_has_no_running_lines() -> None:
    assert repeated_margin_keys([page_lines("Titel", "Text")]) == set()


def two_column_lines() -> list[Line]:
    left = ["vänster ett två tre fyra fem", "vänster sex sju åtta nio tio"] * 3
    right = ["höger ett två tre fyra fem", "höger sex sju åtta nio tio"] * 3
    words = words_of("Rubrik som går över hela sidan och spalterna båda", 60, 20)
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        words += words_of(a, 60, 50 + i * 14) + words_of(b, 320, 50 + i * 14)
    return group_lines(words)


def test_gutter_found_between_columns() -> None:
    gutter = find_gutter(two_column_lines(), 595)
    assert gutter is not None and 210 < gutter < 320


def test_no_gutter_in_single_column() -> None:
    lines = page_lines(*["en lång rad med text som går över hela sidans bredd nästan"] * 10)
    assert find_gutter(lines, 595) is None


def test_no_gutter_for_two_column_table() -> None:
    words = []
    for i in range(8):
        words += words_of(f"Post{i}", 60, 50 + i * 14) + words_of(f"{i}00 kr", 350, 50 + i * 14)
    assert find_gutter(group_lines(words), 595) is None


def test_reading_order_left_column_first() -> None:
    blocks = reading_order(two_column_lines(), 595)
    texts = [" ".join(ln.text for ln in b) for b in blocks]
    assert texts[0].startswith("Rubrik")
    assert "vänster" in texts[1] and "höger" not in texts[1]
    assert "höger" in texts[2] and "vänster" not in texts[2]


def test_block_text_joins_wrapped_lines_and_keeps_paragraphs() -> None:
    words = words_of("Kommunen har under året arbetat med att förbättra", 60, 50)
    words += words_of("dialogen med företagen.", 60, 64)
    words += words_of("Nästa stycke börjar efter ett mellanrum.", 60, 100)
    text = block_text(group_lines(words))
    assert text == (
        "Kommunen har under året arbetat med att förbättra dialogen med företagen.\n\n"
        "Nästa stycke börjar efter ett mellanrum."
    )


def test_block_text_joins_hyphenation() -> None:
    words = words_of("Avdelningen för Miljö-", 60, 50) + words_of(
        "och hälsoskydd samt kom-", 60, 64
    )
    words += words_of("munledningen", 60, 78)
    assert (
        block_text(group_lines(words))
        == "Avdelningen för Miljö- och hälsoskydd samt kommunledningen"
    )


def test_cid_glyphs() -> None:
    assert fix_cid_glyphs("(cid:127) Första punkten") == "• Första punkten"
    assert fix_cid_glyphs("mitt(cid:3) i texten") == "mitt i texten"
