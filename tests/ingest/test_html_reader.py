from __future__ import annotations

import pytest

from pipeline.ingest import read_document
from pipeline.ingest.html_reader import HtmlReader, strip_site_suffix


@pytest.fixture(scope="module")
def page(fixtures):
    return read_document(fixtures / "page.html")


def test_main_text_kept(page) -> None:
    assert page.file_format == "html"
    assert page.text.startswith("Företagsstöd och rådgivning")
    assert "Kommunen erbjuder kostnadsfri rådgivning till dig som vill starta eller" in page.text
    assert "Boka ett möte med näringslivskontoret via e-post." in page.text


@pytest.mark.parametrize(
    "unwanted",
    [
        "skripttext",
        "font-family",
        "kakor",
        "Till startsidan",
        "Bo och leva",
        "Start / Näringsliv",
        "Dela på sociala medier",
        "Relaterade sidor",
        "Storgatan",
        "javascript",
    ],
)
def test_boilerplate_dropped(page, unwanted: str) -> None:
    assert unwanted not in page.text


def test_list_items_and_table_rows_are_lines(page) -> None:
    lines = page.text.split("\n")
    assert "• affärsplaner och budget" in lines
    assert "• tillstånd inom Miljö- och hälsoskydd" in lines
    assert "Tjänst | Kostnad" in lines
    assert "Rådgivning | Gratis" in lines


def test_title_without_site_suffix(page) -> None:
    assert page.title == "Företagsstöd och rådgivning"


def test_declared_latin1_and_h1_title(fixtures) -> None:
    doc = read_document(fixtures / "latin.htm")
    assert doc.title == "Årsmöte för företagare i Hälsingland"
    assert "Gästgivargården i Järvsö" in doc.text


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Näringsliv - Kalix kommun", None, "Näringsliv"),
        ("Stöd till företag | Östersunds kommun", None, "Stöd till företag"),
        ("Nyheter – Region Jämtland Härjedalen", None, "Nyheter"),
        ("Årets företagare 2021 - Företagarna", "Företagarna", "Årets företagare 2021"),
        ("Hälso- och sjukvård - så fungerar det", None, "Hälso- och sjukvård - så fungerar det"),
        ("Kalix - en stad vid havet", None, "Kalix - en stad vid havet"),
        ("Ab - Kalix kommun", None, "Ab - Kalix kommun"),
        ("Bara en titel", None, "Bara en titel"),
    ],
)
def test_strip_site_suffix(title: str, site: str | None, expected: str) -> None:
    assert strip_site_suffix(title, site) == expected


def read_html(markup: str):
    return HtmlReader().read(markup.encode("utf-8"), None)  # type: ignore[arg-type]


def test_article_preferred_and_article_header_kept() -> None:
    doc = read_html(
        "<html><body><div class='menu'>Meny</div><p>Sidtext utanför.</p>"
        "<article><header><h1>Rubriken</h1></header><p>Artikeltext.</p></article>"
        "</body></html>"
    )
    assert doc.text == "Rubriken\n\nArtikeltext."
    assert doc.title == "Rubriken"


def test_body_class_mentioning_cookie_does_not_drop_page() -> None:
    doc = read_html(
        "<html><body class='cookie-consent-open'><p>Innehållet finns kvar.</p></body></html>"
    )
    assert doc.text == "Innehållet finns kvar."


def test_comments_dropped_and_br_splits() -> None:
    doc = read_html("<main><!-- dold kommentar --><p>Rad ett.<br>Rad två.</p></main>")
    assert doc.text == "Rad ett.\nRad två."


# ------------------------------------------------------------ hostile pages (issue 17)


def test_deeply_nested_divs_are_read() -> None:
    """100 000 nested <div>s were a RecursionError row; the events have no depth."""
    depth = 100_000
    doc = read_html(
        "<html><body>" + "<div>" * depth + "Texten längst in." + "</div>" * depth
        + "<p>Texten efter.</p></body></html>"
    )  # fmt: skip
    assert doc.text == "Texten längst in.\n\nTexten efter."


def test_page_structure_read_from_events() -> None:
    doc = read_html(
        "<html><head><title>Nyheter - Kalix kommun</title><script>var x = 1;</script></head>"
        "<body><nav class='menu'>Meny</nav><main><header><h1>Rubrik <b>ett</b></h1></header>"
        "<p>Stycke<!-- c --> med <a href='#'>länk</a>.</p><ul><li>ett</li><li>två</li></ul>"
        "<table><tr><td>a <b>b</b></td><td></td><td>c</td></tr></table>"
        "<div class='share'>Dela</div></main><footer>Sidfot</footer></body></html>"
    )
    assert doc.title == "Nyheter"
    assert doc.text.split("\n") == [
        "Rubrik ett", "", "Stycke med länk.", "", "• ett", "• två", "", "a b | c"
    ]  # fmt: skip


def test_two_articles_fall_back_to_the_body() -> None:
    doc = read_html(
        "<body><p>Inledning.</p><article><p>Ett.</p></article><article><p>Två.</p></article></body>"
    )
    assert doc.text == "Inledning.\n\nEtt.\n\nTvå."
