"""Status rules: table-driven unit tests and held-out accuracy on the annotated test split."""

from __future__ import annotations

import pytest

from pipeline.classify.status import (
    Evidence,
    classify_status,
    is_lead_in,
    is_plan_context,
    lead_in_status,
)

PLANNED_LEAD = "Planen är att kommunen under 2023 bland annat ska:"
LOOK_BACK_LEAD = "Här är ett axplock från året som gått;"
DONE_LEAD = "Insatser som genomförts"
ONGOING_LEAD = "Just nu pågår bland annat:"


@pytest.mark.parametrize(
    ("text", "lead_in", "expected"),
    [
        # own tense and modal verbs, no lead-in
        ("Kommunen har genomfört en enkät bland företagen.", None, "completed"),
        ("En handlingsplan för handeln har tagits fram.", None, "completed"),
        ("Näringslivsenheten lanserade en ny webbplats i maj.", None, "completed"),
        ("Föreningen bildades hösten 2019.", None, "completed"),
        ("Arbetet med en ny näringslivsstrategi pågår", None, "ongoing"),
        ("En guide för nya företagare håller på att tas fram.", None, "ongoing"),
        ("Vi fortsätter med företagsbesöken under våren.", None, "ongoing"),
        ("Kommunen arbetar med att korta handläggningstiderna.", None, "ongoing"),
        ("Kommunen ska ta fram en ny detaljplan för industrimark.", None, "planned"),
        ("Vi kommer att bjuda in till en företagsgala.", None, "planned"),
        ("Inför 2022 planeras fyra frukostmöten.", None, "planned"),
        ("Kommunen avser att söka statsbidrag för projektet.", None, "planned"),
        ("Utreda behovet av fler lokaler för småföretag", None, "planned"),
        # the lead-in decides for bullets without strong cues of their own
        ("Utreda nya logistiklösningar för företag på landsbygden", PLANNED_LEAD, "planned"),
        ("Arrangera rekryteringsevent varje månad", PLANNED_LEAD, "planned"),
        ("Möjliggöra för fler verksamhetstomter", PLANNED_LEAD, "planned"),
        ("Nytt koncept med QR-koder för besökare", LOOK_BACK_LEAD, "completed"),
        ("Digitala och fysiska företagsbesök", LOOK_BACK_LEAD, "completed"),
        ("Ett nytt science park lanserar en nod för produktion", LOOK_BACK_LEAD, "completed"),
        ("Organisering av företagarluncher", DONE_LEAD, "completed"),
        ("Nätverksträffar för handlare", ONGOING_LEAD, "ongoing"),
        # a strong cue in the bullet itself beats the lead-in
        ("En verktygslåda för företagen håller på att utvecklas.", DONE_LEAD, "ongoing"),
        ("Arbetet med strategin pågår", PLANNED_LEAD, "ongoing"),
    ],
)
def test_classify_status(text: str, lead_in: str | None, expected: str) -> None:
    assert classify_status(text, lead_in) == expected


@pytest.mark.parametrize(
    ("lead_in", "expected"),
    [
        (PLANNED_LEAD, "planned"),
        ("Inför nästa år planerar vi följande:", "planned"),
        (LOOK_BACK_LEAD, "completed"),
        (DONE_LEAD, "completed"),
        ("Under 2021 har vi bland annat:", "completed"),
        (ONGOING_LEAD, "ongoing"),
        ("Det här är områdena:", None),
        (None, None),
    ],
)
def test_lead_in_status(lead_in: str | None, expected: str | None) -> None:
    assert lead_in_status(lead_in) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Planen är att kommunen under 2021 bland annat ska;", True),
        ("De områden som kommunen valt att satsa på är:", True),
        ("Insatser som genomförts", True),
        ("Genomförda aktiviteter", True),
        ("Jag vill dela med mig av ett axplock från året som gått;", True),
        ("Kommunen har genomfört en enkät.", False),
        ("Tid för nästa träff: 18 januari 15.00", False),
        ("Resultat", False),
        ("", False),
    ],
)
def test_is_lead_in(line: str, expected: bool) -> None:
    assert is_lead_in(line) is expected


PRESENT = Evidence(forms=("Pres",), tagged=True)
PAST = Evidence(forms=("Past",), tagged=True)


@pytest.mark.parametrize(
    ("text", "evidence", "expected"),
    [
        # "har" + noun is no perfect tense once the tagger has found no supine
        ("Vi har en näringslivslots som svarar på frågor", None, "completed"),
        ("Vi har en näringslivslots som svarar på frågor", Evidence(("Pres",), True), "ongoing"),
        ("Vi har anställt en näringslivslots", Evidence(("Pres", "Sup"), True), "completed"),
        # a bare present tense is ongoing, a reporting verb is not
        ("Kommunen satsar på fler cykelvägar", PRESENT, "ongoing"),
        ("Kommunen satsar på fler cykelvägar", None, "completed"),
        ("Enkäten visar följande bild av klimatet", PRESENT, "completed"),
        # present tense with a day and month speaks of the future; a preterite does not
        ("Den 9 oktober bjuder föreningen in till mässa", PRESENT, "planned"),
        ("Den 9 oktober bjöd föreningen in till mässa", PAST, "completed"),
        # a date after the document's date
        ("Uppföljande träff med handlarna i mars", Evidence((), True, future_date=True), "planned"),
        (
            "Uppföljande träff med handlarna i mars",
            Evidence(("Past",), True, future_date=True),
            "completed",
        ),
        # an untagged sentence keeps the word rules only
        ("Den 9 oktober bjuder föreningen in till mässa", Evidence((), False), "ongoing"),
    ],
)
def test_status_with_evidence(text: str, evidence: Evidence | None, expected: str) -> None:
    assert classify_status(text, None, evidence) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bolaget föreslås köpa tomten vid hamnen", "planned"),
        ("Utskottet godkänner förslag till avtal om arrendet", "planned"),
        ("Vi ser fram emot en ny mässa i höst", "planned"),
        ("Det finns förhoppningar om ett nytt hotell i centrum", "planned"),
        ("Nämnden fick i uppdrag att se över taxorna", "planned"),
        ("Sedan mars 2020 har regionen i uppdrag att fördela stödet", "ongoing"),
        ("Vi har nu påbörjat arbetet med en ny strategi", "ongoing"),
        ("Stödet kommer fördelas av regionen", "planned"),
        # a granted sum is a decision taken; what ends later is still going on
        ("Klubben får 25 000 kronor till sin cupverksamhet", "completed"),
        ("Satsningen på ungt företagande avslutas i december", "ongoing"),
        # ska / skall / kommer att inside a relative clause describe the thing, not the plan
        ("Vi har antagit en policy som skall gälla i flera år", "completed"),
        ("Bolaget anställde två personer som kommer att sköta driften", "completed"),
        # any cue only inside a relative clause is weak: the main clause or the default decides
        ("I våras hölls en mässa som just nu följs upp av en arbetsgrupp", "completed"),
    ],
)
def test_cues_for_proposals_hopes_and_assignments(text: str, expected: str) -> None:
    assert classify_status(text) == expected


def test_a_cue_inside_a_relative_clause_leaves_the_decision_to_the_lead_in() -> None:
    text = "En broschyr som visar hur företagen arbetar med export"
    assert classify_status(text, LOOK_BACK_LEAD) == "completed"
    assert classify_status(text, PLANNED_LEAD) == "planned"
    assert classify_status("Företagen arbetar med export", LOOK_BACK_LEAD) == "ongoing"


def test_programme_list_is_planned_unless_the_lead_in_says_otherwise() -> None:
    plan = Evidence((), True, plan_list=True)
    assert classify_status("Bättre skyltning – ny vägvisning", None, plan) == "planned"
    assert classify_status("Bättre skyltning – ny vägvisning", None, Evidence((), True)) == (
        "completed"
    )
    assert classify_status("Bättre skyltning – ny vägvisning", LOOK_BACK_LEAD, plan) == "completed"
    assert is_plan_context("Nämnden har tagit fram ett åtgärdsprogram för handeln")
    assert not is_plan_context("Nämnden har träffat handlarna")
