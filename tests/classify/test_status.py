"""Status rules: table-driven unit tests and held-out accuracy on the annotated test split."""

from __future__ import annotations

import pytest

from pipeline.classify.status import classify_status, is_lead_in, lead_in_status

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
