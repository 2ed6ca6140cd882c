from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.clean import clean_text, ends_sentence, hyphen_join, should_join

CHARACTER_CASES = [
    ("nfc", "Ha\u0308lsa och va\u030angen", "Hälsa och vången"),
    ("soft hyphen", "närings\u00adlivs\u00adchef", "näringslivschef"),
    ("zero width", "Kalix\u200b kommun\u2060", "Kalix kommun"),
    ("bom inside", "\ufeffRapport", "Rapport"),
    ("nbsp in amount", "1\u00a0760\u00a0000 kronor", "1 760 000 kronor"),
    ("narrow nbsp", "1\u202f500 personer", "1 500 personer"),
    ("thin space", "12\u2009%", "12 %"),
    ("repeated spaces", "Stöd   till    företag", "Stöd till företag"),
    ("tabs", "Kalix\tkommun", "Kalix kommun"),
    ("trailing spaces", "Rad ett.   \nRad två.  ", "Rad ett.\nRad två."),
    ("crlf", "Rad ett.\r\nRad två.\rRad tre.", "Rad ett.\nRad två.\nRad tre."),
    ("blank runs", "Första stycket.\n\n\n\n\nAndra stycket.", "Första stycket.\n\nAndra stycket."),
    ("leading and trailing blanks", "\n\n  Text här.\n\n\n", "Text här."),
]

BULLET_CASES = [
    ("round bullet", "• Första punkten", "• Första punkten"),
    ("square bullet", "▪ Andra punkten", "• Andra punkten"),
    ("black circle", "●Tredje punkten", "• Tredje punkten"),
    ("white bullet", "◦ Underpunkt", "• Underpunkt"),
    ("triangle", "‣ Punkt", "• Punkt"),
    ("word symbol", "\uf0b7 Punkt från Word", "• Punkt från Word"),
    ("asterisk", "* Stjärnpunkt", "• Stjärnpunkt"),
    ("hyphen", "- Bindestreckspunkt", "• Bindestreckspunkt"),
    ("indented", "   • Indragen punkt", "• Indragen punkt"),
    ("en dash kept", "– Vi är nöjda, säger hon.", "– Vi är nöjda, säger hon."),
    ("en dash spaced", "–Utan mellanslag", "– Utan mellanslag"),
    ("negative number not bullet", "-5 grader i Kalix", "-5 grader i Kalix"),
    (
        "inline bullets split",
        "Vi satsar på: • turism • industri • handel",
        "Vi satsar på:\n• turism\n• industri\n• handel",
    ),
    ("inline square bullets", "▪ skog ▪ gruvor", "• skog\n• gruvor"),
    ("bullets not glued", "• Almi\n• Arbetsförmedlingen", "• Almi\n• Arbetsförmedlingen"),
    (
        "lowercase bullet items stay apart",
        "• snabbare besked\n• fler besök",
        "• snabbare besked\n• fler besök",
    ),
    ("lone bullet glyph", "•\nFörsta punkten\n▪\n\nAndra", "• Första punkten\n\n• Andra"),
    ("dash inside line kept", "Projektet – ett lyft för orten", "Projektet – ett lyft för orten"),
]

JOIN_CASES = [
    (
        "date split over lines",
        "Minnesanteckningar företagarträff 3 \nmars 2021",
        "Minnesanteckningar företagarträff 3 mars 2021",
    ),
    (
        "date with capitalised month",
        "Protokoll 14\nDecember 2020",
        "Protokoll 14 December 2020",
    ),
    (
        "name across blank line",
        "▪ Rapport från Regionen, Karin \n\nLindqvist, Per Olsson",
        "• Rapport från Regionen, Karin Lindqvist, Per Olsson",
    ),
    ("name at line end", "Kontakt: Almi och Lena\nHolm (projektledare)", None),
    (
        "sentence across blank line",
        "- Trycket har varit högt sedan ett par veckor \n\nmen är på väg ned.",
        "• Trycket har varit högt sedan ett par veckor men är på väg ned.",
    ),
    (
        "quoted name across blank line",
        "- Arbetet sker i projektet ”Framtid i \n\nNorr” under året",
        "• Arbetet sker i projektet ”Framtid i Norr” under året",
    ),
    (
        "straight quotes",
        'Satsningen "Växa i \nKalix" fortsätter',
        'Satsningen "Växa i Kalix" fortsätter',
    ),
    ("open parenthesis", "Tillväxtverket (som \nFinansierar", "Tillväxtverket (som Finansierar"),
    (
        "several broken lines",
        "– Stödet når ut till ca 40 miljoner för \n\ninsatser kopplat till omställning. Ansökan öppnar \n\ni vår.",
        "– Stödet når ut till ca 40 miljoner för insatser kopplat till omställning. Ansökan öppnar i vår.",
    ),
    (
        "hyphenated word across blank line",
        "dialog mellan kom-\n\nmunledning och företag",
        "dialog mellan kommunledning och företag",
    ),
    ("hyphenated word", "närings-\nlivet växer", "näringslivet växer"),
    ("compound hyphen och", "Miljö-\noch hälsoskydd", "Miljö- och hälsoskydd"),
    ("compound hyphen eller", "kommun-\neller regionnivå", "kommun- eller regionnivå"),
    ("compound hyphen samt", "bygg-\nsamt miljönämnden", "bygg- samt miljönämnden"),
    ("acronym hyphen kept", "EU-\nmedel söks", "EU-medel söks"),
    ("single letter prefix kept", "nya e-\ntjänster", "nya e-tjänster"),
    ("hyphen before number", "NUTS-\n2 området", "NUTS-2 området"),
    ("digit after lowercase", "antalet ökade till\n650 företag", "antalet ökade till 650 företag"),
    ("thousands split", "Budgeten är 1 760\n000 kronor", "Budgeten är 1 760 000 kronor"),
    ("function word at line end", "de flesta i Norrlands inland och i\nNorrbotten.", None),
    ("speech verb then name", "berättar projektledaren, säger Kent\nSjöström.", None),
    ("abbreviation ev.", "Avgifterna kan slopas och ev.\n\nbetalas tillbaka", None),
    ("abbreviation t.ex.", "Flera områden, t.ex.\nturism och handel", None),
]
# For None the expected value is the two lines joined by one space.

SEPARATE_CASES = [
    ("heading then capital", "Tillbakablick över året\nMånga händelser har präglat året."),
    ("heading then blank then capital", "Resultat\n\nFörbättrat företagsklimat."),
    ("sentence end", "Mötet avslutades.\nNästa möte hålls i mars."),
    ("question", "Vad händer nu?\n\nvi väntar på beslut."),
    ("colon", "Tid för nästa träff: 18 januari\n\nDialogen är uppskattad."),
    ("bullet after line", "Kommuner\n• Blandad utveckling"),
    ("dash after line", "• Region Jämtland\n– Läget är ansträngt"),
    ("numbered item", "Följande gäller\n1. Ansökan görs digitalt"),
    ("two blank lines stop join", "Stöd ges till företag\n\n\nmen inte till föreningar"),
    ("url", "Läs mer på\nwww.kalix.se"),
    ("table rows", "Insats | ansvarig\nbesök | kontoret"),
    ("number then capital", "Årskrönika | 2021-12-22\nVi närmar oss slutet av året."),
    ("name not after comma", "Välkommen till Kalix\nKalix, en stad vid havet."),
    ("capital after plain line", "Dialogen upplevs som ett bra forum för oss\nSlut för denna gång"),
]


@pytest.mark.parametrize(("name", "raw", "expected"), CHARACTER_CASES + BULLET_CASES)
def test_characters_and_bullets(name: str, raw: str, expected: str) -> None:
    assert clean_text(raw) == expected, name


@pytest.mark.parametrize(("name", "raw", "expected"), JOIN_CASES)
def test_broken_lines_are_joined(name: str, raw: str, expected: str | None) -> None:
    if expected is None:
        expected = " ".join(line.strip() for line in raw.split("\n") if line.strip())
    assert clean_text(raw) == expected, name


@pytest.mark.parametrize(("name", "raw"), SEPARATE_CASES)
def test_separate_lines_stay_separate(name: str, raw: str) -> None:
    cleaned = clean_text(raw)
    first = raw.split("\n", 1)[0].strip()
    assert cleaned.split("\n")[0] == clean_text(first), name


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Mötet avslutades.", True),
        ("Vad händer nu?", True),
        ("Det sa hon.”", True),
        ("Följande gäller:", True),
        ("och ev.", False),
        ("till exempel t.ex.", False),
        ("utan punkt", False),
        ("", False),
    ],
)
def test_ends_sentence(line: str, expected: bool) -> None:
    assert ends_sentence(line) is expected


@pytest.mark.parametrize(
    ("line", "nxt", "expected"),
    [
        ("kom-", "munledning", "kommunledning"),
        ("Hälso-", "och sjukvården", "Hälso- och sjukvården"),
        ("Lars-", "Åke Wassö", "Lars-Åke Wassö"),
        ("inget bindestreck", "här", None),
        ("ett streck -", "sedan text", None),
        ("kom-", "• punkt", None),
    ],
)
def test_hyphen_join(line: str, nxt: str, expected: str | None) -> None:
    assert hyphen_join(line, nxt) == expected


def test_should_join_never_glues_onto_a_bullet() -> None:
    assert not should_join("Information från kommunen och", "• regionen")


def test_pasted_fixture(fixtures) -> None:
    text = clean_text((fixtures / "pasted.txt").read_text(encoding="utf-8"))
    lines = text.split("\n")
    assert lines[0] == "Minnesanteckningar företagsfrukost 3 mars 2021"
    assert "• Information från Tillväxtavdelningen, Karin Lindqvist, Per Olsson" in lines
    assert "”Framtid i Norr”" in text
    assert "– Diskussion om dialogen med kommunledningen" in lines
    assert sum(line.startswith("• ") for line in lines) == 3


_TEXTISH = st.text(
    alphabet=st.sampled_from(list('abc åäö ÅÄÖ Kx.,:-–•▪\n\u00a0\u00ad\u200b\t 0123"”(')),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_TEXTISH)
def test_clean_text_output_is_tidy(raw: str) -> None:
    cleaned = clean_text(raw)
    assert "\u00ad" not in cleaned and "\u200b" not in cleaned and "\u00a0" not in cleaned
    assert "  " not in cleaned
    assert "\n\n\n" not in cleaned
    assert all(line == line.strip() for line in cleaned.split("\n"))
    assert cleaned == cleaned.strip()
