"""Issue-level checks on the five seed documents, through the real pipeline and models."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.documents import analyse_batch, ingest_file
from pipeline.extract.sentence_roles import is_greeting, is_heading, is_signature, is_url_line
from pipeline.settings import Settings
from tests.conftest import SHARED

SEEDS = {
    "sodertalje": "000_0793a58d85c61baf.txt",
    "ostersund": "001_2bf8b921bb3f0e7e.txt",
    "hallstahammar": "002_a1918409e52043a6.txt",
    "kalix": "003_392f774165b4c2b3.txt",
    "minutes": "004_df4af4229e245a22.txt",
}
WHEN = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def seeds():
    folder = SHARED / "corpus" / "seeds"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not available (../shared is not beside the repository)")
    items = [ingest_file(folder / name, folder, Settings(), WHEN) for name in SEEDS.values()]
    results, errors = analyse_batch(items, Settings(), WHEN)
    assert errors == []
    by_name = {r.document.source_path: r for r in results}
    return {key: by_name[name] for key, name in SEEDS.items()}


def _areas(result) -> set[str]:
    return {f.focus_area for f in result.focus_areas if f.score >= 0.5}


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        (
            "ostersund",
            {
                "competence_supply",
                "digitalisation",
                "rural_development",
                "attractiveness_migration",
                "internationalisation",
            },
        ),
        (
            "kalix",
            {
                "collaboration_networks",
                "attractiveness_migration",
                "tourism_hospitality",
                "land_infrastructure",
            },
        ),
        ("sodertalje", {"crisis_support", "procurement_fair_competition"}),
        ("minutes", {"crisis_support"}),
    ],
)
def test_seed_focus_areas(seeds, seed, expected):
    assert expected <= _areas(seeds[seed])


def test_focus_area_scores_are_probabilities_with_evidence(seeds):
    for result in seeds.values():
        for f in result.focus_areas:
            assert 0.0 <= f.score <= 1.0
            assert f.n_sentences == len(f.evidence)


def test_ostersund_plans_are_planned_and_e_services_completed(seeds):
    initiatives = seeds["ostersund"].initiatives
    planned_bullets = [
        "Utreda nya logistiklösningar",
        "Inspirera och öka kunskapen",
        "Arrangera rekryteringsevent",
        "Möjliggöra för ny industrimark",
        "Översätta webbsidan Leva i Östersund",
    ]
    for start in planned_bullets:
        found = [i for i in initiatives if i.text.startswith(start)]
        assert found, start
        assert found[0].status == "planned", (start, found[0].status)
    e_services = [i for i in initiatives if "15 olika e-tjänster" in i.text]
    assert e_services
    assert e_services[0].status == "completed"
    assert e_services[0].initiative_type == "digital_service"


def test_kalix_outcomes_include_nki_and_visitors(seeds):
    outcomes = seeds["kalix"].outcomes
    nki = [o for o in outcomes if o.indicator == "nki"]
    assert nki and nki[0].value == pytest.approx(87.9) and nki[0].direction == "increase"
    assert any("Fler besökare" in o.text and o.direction == "increase" for o in outcomes)


def test_minutes_outcomes_include_500_more_in_employment(seeds):
    outcomes = seeds["minutes"].outcomes
    assert any(o.value == 500 and o.direction == "increase" for o in outcomes)


def test_initiatives_have_provenance_and_type_and_no_furniture(seeds):
    for result in seeds.values():
        for i in result.initiatives:
            assert i.initiative_type and i.status in {"completed", "ongoing", "planned"}
            assert i.text and i.text in i.sentence
            assert i.start_char < i.end_char
            line = i.sentence
            assert not (is_greeting(line) or is_signature(line) or is_url_line(line)), line
            assert not is_heading(line, followed_by_text=True), line


def test_initiatives_carry_their_actors_amounts_and_dates(seeds):
    kalix = seeds["kalix"].initiatives
    assert all(i.municipality == "Kalix" for i in kalix)
    assert all(i.actors for i in kalix)


def test_kalix_funding_is_the_per_year_amount_over_its_period(seeds):
    money = [a for a in seeds["kalix"].amounts if a.kind == "money"]
    (grant,) = [a for a in money if a.value == 1_760_000]
    assert (grant.role, grant.funder, grant.per) == ("funding_received", "Tillväxtverket", "year")
    assert (grant.period_start, grant.period_end, grant.total_sek) == (2018, 2024, 12_320_000)


def test_compare_counts_kalix_funding_over_the_period_and_no_tax_as_funding(seeds):
    from pipeline.dataset.assemble import build_tables
    from pipeline.dataset.compare import evaluator_view
    from pipeline.dataset.load import dataset_from_tables

    ds = dataset_from_tables(build_tables(list(seeds.values()), []))
    view = evaluator_view(ds, ["Kalix", "Östersund", "Hallstahammar"])["municipalities"]
    kalix = view["Kalix"]
    assert kalix["money_totals"]["funding_and_investment_sek"] == 12_320_000
    cells = [c for c in kalix["money_by_role_and_funder"] if c["funder"] == "Tillväxtverket"]
    assert sum(c["amount_sek"] for c in cells) == 12_320_000
    assert {c["year"] for c in cells} == set(range(2018, 2025))  # 1 760 000 in each year
    assert all(c["amount_sek"] == 1_760_000 for c in cells)
    ostersund = view["Östersund"]
    counted = [c for c in ostersund["money_by_role_and_funder"] if c["counts_in_total"]]
    assert all(c["role"] != "revenue_or_tax" for c in counted)
    assert ostersund["money_totals"]["funding_and_investment_sek"] < 5.6e9


@pytest.mark.parametrize("chunk_size", [1, 2])
def test_tables_built_in_chunks_equal_the_tables_built_at_once(seeds, chunk_size):
    from pipeline.dataset.assemble import build_tables

    results = list(seeds.values())
    at_once = build_tables(results, [], chunk_size=len(results))
    chunked = build_tables(iter(results), [], chunk_size=chunk_size)
    assert set(chunked) == set(at_once)
    assert sum(t.num_rows for t in at_once.values()) > len(results)  # rows in many tables
    for name, table in at_once.items():
        assert chunked[name].equals(table), name
