from __future__ import annotations

import pytest

from pipeline.metadata.municipality import detect_municipality, municipalities
from tests.conftest import shared_path


def test_all_290_municipalities_with_codes_and_counties():
    table = municipalities()
    assert len(table) == 290
    assert all(len(code) == 4 and code.isdigit() for code in table)
    assert table["2514"].official_name == "Kalix kommun"
    assert table["2513"].official_name == "Överkalix kommun"
    assert table["2380"].official_name == "Östersunds kommun"
    assert table["1961"].county == "Västmanlands län"


@pytest.mark.parametrize(
    ("text", "name", "code", "county"),
    [
        (
            "Kalix kommun har fått stöd. Kalix kommun arbetar vidare.",
            "Kalix",
            "2514",
            "Norrbottens län",
        ),
        (
            "Östersunds kommuns företag svarade. Östersunds kommun ordnade mässan.",
            "Östersund",
            "2380",
            "Jämtlands län",
        ),
        (
            "Företagarna i Hallstahammar möts. Hallstahammars näringsliv växer. "
            "En av dem har kontor i Stockholm men bor i Hallstahammar.",
            "Hallstahammar",
            "1961",
            "Västmanlands län",
        ),
        (
            "Södertälje kommun bjuder in. Välkommen till Södertälje!",
            "Södertälje",
            "0181",
            "Stockholms län",
        ),
    ],
)
def test_picks_the_municipality_the_text_is_about(text, name, code, county):
    result = detect_municipality(text)
    assert (result.municipality, result.municipality_code, result.county) == (name, code, county)


def test_a_place_named_in_passing_does_not_win():
    text = (
        "Regionen ordnade en dialog om läget i länet. Region JH deltog. Från Ragunda kom en fråga."
    )
    result = detect_municipality(text)
    assert result.municipality is None
    assert result.county == "Jämtlands län"


def test_national_text_gets_no_county():
    text = "Myndigheten har gett stöd till 39 kommuner, bland annat i Härjedalen och i Norrland."
    result = detect_municipality(text)
    assert result.municipality is None
    assert result.county is None


def test_title_counts_more_than_body():
    result = detect_municipality("Luleå nämns här en gång.", title="Nyheter från Piteå kommun")
    assert result.municipality == "Piteå"


@pytest.mark.parametrize(
    ("seed", "name", "code", "county"),
    [
        ("000_0793a58d85c61baf.txt", "Södertälje", "0181", "Stockholms län"),
        ("001_2bf8b921bb3f0e7e.txt", "Östersund", "2380", "Jämtlands län"),
        ("002_a1918409e52043a6.txt", "Hallstahammar", "1961", "Västmanlands län"),
        ("003_392f774165b4c2b3.txt", "Kalix", "2514", "Norrbottens län"),
        ("004_df4af4229e245a22.txt", None, None, "Jämtlands län"),
    ],
)
def test_seed_municipalities(seed, name, code, county):
    text = shared_path("corpus", "seeds", seed).read_text(encoding="utf-8")
    result = detect_municipality(text)
    assert (result.municipality, result.municipality_code, result.county) == (name, code, county)


def test_name_inside_organisation_names_counts():
    text = (
        "Minnesanteckningar för näringslivsrådet\nSofia Berg, Orust Blommor\nDan Ek, Orustvillan\n"
        "Mötet diskuterade vägarna."
    )
    assert detect_municipality(text).municipality == "Orust"


def test_a_county_name_is_not_a_compound_of_a_municipality():
    text = "Region Gävleborg söker stöd. Gävleborgs län växer. Länets kommuner samverkar."
    assert detect_municipality(text).municipality is None


def test_letterhead_in_capitals_counts():
    text = "KUNGSBACKA KOMMUN SAMMANTRÄDESPROTOKOLL\nKommunstyrelsens arbetsutskott\nText om vägar."
    assert detect_municipality(text).municipality == "Kungsbacka"


def test_council_minutes_naming_their_town_once():
    text = "Kommunfullmäktige\nPlats och tid Folkets Hus, Hällefors, kl 18\nBeslutande Se bilaga"
    assert detect_municipality(text).municipality == "Hällefors"
    assert detect_municipality("Ett möte i Hällefors om vägar.").municipality is None
