"""Initiative extraction: own sentences for the rules, the seed documents when ../shared exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.dataset.records import EntityRecord, Sentence
from pipeline.extract.initiatives import extract_initiatives, find_candidates, is_initiative
from tests.extract.seeds import seed_sentences
from tests.fixtures.extract.segment import split_sentences

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"


def fake_type(texts: list[str]) -> list[str]:
    return ["meeting_network" if "möte" in t else "other" for t in texts]


def fake_focus(texts: list[str]) -> list[list[str]]:
    return [["digitalisation"] if "e-tjänst" in t else [] for t in texts]


def fake_status(text: str, lead_in: str | None) -> str:
    """A status rule that honours lead-ins the way the real classifier does."""
    if lead_in and (" ska" in lead_in or lead_in.lower().startswith("planen")):
        return "planned"
    if "kommer att" in text or text.startswith(("Vi ska", "Kommunen ska")):
        return "planned"
    return "completed"


def run(doc_text: str, entities=(), municipality: str | None = "Storbacka", **kw):
    sentences = split_sentences(doc_text)
    return extract_initiatives(
        "doc",
        sentences,
        list(entities),
        municipality,
        classify_type=fake_type,
        classify_focus=fake_focus,
        classify_status=fake_status,
        **kw,
    )


def entity(sentence: Sentence, text: str, label: str, value: str) -> EntityRecord:
    start = sentence.start + sentence.text.index(text)
    return EntityRecord(
        "doc",
        sentence.idx,
        start,
        start + len(text),
        sentence.text,
        text,
        label,
        value,
        None,
        "rule",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Kommunen har lanserat drygt 15 olika e-tjänster",
        "Organisering av näringslivsträffar och möten",
        "Översätta webbsidan Leva i Storbacka till fler språk",
        "• Digitala och fysiska företagsbesök",
        "Under hösten genomfördes fyra frukostmöten för nya företagare.",
        "Vi har startat ett mentorprogram för unga företagare.",
        "Näringslivskontoret erbjuder rådgivning till alla som vill starta företag.",
        "En ny handlingsplan för besöksnäringen har tagits fram.",
    ],
)
def test_is_initiative_positive(text):
    assert is_initiative(text)


@pytest.mark.parametrize(
    "text",
    [
        "God Jul & Gott Nytt År!",
        "Hör gärna av dig om du har frågor!",
        "Stort tack för ett fint år",
        "Jonas Karlsson- Näringslivschef",
        "Med vänliga hälsningar",
        "Tillbakablick över 2021",
        "Resultat",
        "Mer information",
        "Projektet lever vidare",
        "Här kan du läsa mer om satsningen",
        "https://www.verksamt.se/driva",
        "Sidan uppdaterad 2021-03-31",
        "Samarbete är avgörande för hållbara resultat.",
        "Vi lever fortfarande med en pågående pandemi.",
        "Vill ni vara med i nätverket?",
        "Tid för nästa träff: 18 januari 15.00",
        "NKI-värdet har ökat till 87,9.",
        "Fler besökare och en handlingsplan för fortsatt utveckling.",
        "Planen är att kommunen under året bland annat ska;",
        "Vi behöver fler utbildningar inom vården.",
        "Dialogen upplevs som ett bra forum.",
    ],
)
def test_is_initiative_negative(text):
    assert not is_initiative(text)


def test_fixture_newsletter_rows():
    text = (FIXTURES / "nyhetsbrev.txt").read_text(encoding="utf-8")
    rows = run(text, text=text)
    texts = [r.text for r in rows]
    assert texts == [
        "Under våren genomfördes tre frukostmöten för handlare i centrum.",
        "Näringslivsenheten har lanserat en ny e-tjänst för serveringstillstånd.",
        "Införande av en gemensam ingång för alla tillståndsfrågor.",
        "Kommunen har delat ut 450 000 kronor per år till Storbacka Företagarförening.",
        "Arrangera en rekryteringsmässa tillsammans med Arbetsförmedlingen",
        "Ta fram en ny handlingsplan för besöksnäringen",
        "Översätta företagsguiden till engelska",
    ]
    assert [r.initiative_id for r in rows] == [f"doc-i{n:03d}" for n in range(1, 8)]
    for r in rows:
        # Provenance: the span is the initiative text, inside its sentence.
        assert text[r.start_char : r.end_char] == r.text
        assert r.text in r.sentence
        assert r.municipality == "Storbacka"
    assert [r.status for r in rows] == ["completed"] * 4 + ["planned"] * 3
    assert rows[0].initiative_type == "meeting_network"
    assert rows[1].focus_areas == ["digitalisation"]


def test_label_is_dropped_and_span_follows():
    text = "Insatser\nFöretagslotsen: Införande av en gemensam ingång för alla frågor."
    (row,) = run(text)
    assert row.text == "Införande av en gemensam ingång för alla frågor."
    assert text[row.start_char : row.end_char] == row.text
    assert row.sentence.startswith("Företagslotsen:")


def test_topic_lists_are_not_initiatives():
    text = "Våra prioriterade områden är:\n• Digitalisering och e-tjänster\n• Nya mötesplatser"
    assert run(text) == []


def test_lead_in_is_passed_to_status_for_items_only_in_its_list():
    text = (
        "Under 2024 ska vi bland annat;\n"
        "• Arrangera en rekryteringsmässa\n"
        "• Ordna fler frukostmöten för handlare\n"
        "Vi har redan lanserat en ny e-tjänst för bygglov."
    )
    seen: list[tuple[str, str | None]] = []

    def recording_status(t: str, lead_in: str | None) -> str:
        seen.append((t, lead_in))
        return fake_status(t, lead_in)

    rows = extract_initiatives(
        "doc",
        split_sentences(text),
        [],
        None,
        classify_type=fake_type,
        classify_focus=fake_focus,
        classify_status=recording_status,
    )
    assert [r.status for r in rows] == ["planned", "planned", "completed"]
    assert seen[0][1] == seen[1][1] == "Under 2024 ska vi bland annat;"
    assert seen[2][1] is None


def test_heading_lead_in_uses_injected_predicate():
    text = "Genomfört under året\nFöreläsningar och workshops för företag om digitalisering."
    calls: list[str] = []

    def lead_in(line: str) -> bool:
        calls.append(line)
        return True

    (cand,) = find_candidates(split_sentences(text), [], is_lead_in=lead_in)
    assert calls == ["Genomfört under året"]
    assert cand.lead_in == "Genomfört under året"


def test_actors_amounts_dates_from_entities():
    text = "Kommunen och Almi har delat ut 450 000 kronor per år till 12 företag under 2023."
    (s,) = split_sentences(text)
    ents = [
        entity(s, "Kommunen", "ORG", "Storbacka kommun"),
        entity(s, "Almi", "ORG", "Almi"),
        entity(s, "450 000 kronor", "MONEY", "450000"),
        entity(s, "12 företag", "QUANTITY", "12 företag"),
        entity(s, "2023", "DATE", "2023"),
        entity(s, "Almi", "ORG", "Almi"),
    ]
    (row,) = run(text, ents)
    assert row.actors == ["Storbacka kommun", "Almi"]
    assert row.amounts == ["450000/year", "12 företag"]
    assert row.dates == ["2023"]


def test_actor_falls_back_to_municipality():
    text = "Vi har anordnat tre företagsbesök i veckan."
    assert run(text)[0].actors == ["Storbacka"]
    assert run(text, municipality=None)[0].actors == []


def test_classifiers_are_called_once_per_document():
    calls = {"type": 0, "focus": 0}

    def counting_type(texts):
        calls["type"] += 1
        return fake_type(texts)

    def counting_focus(texts):
        calls["focus"] += 1
        return fake_focus(texts)

    text = "Vi har anordnat tre företagsbesök.\nKommunen har lanserat en e-tjänst."
    rows = extract_initiatives(
        "doc",
        split_sentences(text),
        [],
        None,
        classify_type=counting_type,
        classify_focus=counting_focus,
        classify_status=fake_status,
    )
    assert len(rows) == 2
    assert calls == {"type": 1, "focus": 1}
    assert run("God Jul!\nMed vänliga hälsningar\nEva Lind - Näringslivschef") == []


# ---------------------------------------------------------------- seeds (../shared)


def _seed(prefix: str) -> tuple[str, list[Sentence]]:
    return seed_sentences(prefix)


def _seed_rows(prefix: str, municipality: str | None = None):
    text, sentences = _seed(prefix)
    rows = extract_initiatives(
        prefix,
        sentences,
        [],
        municipality,
        classify_type=fake_type,
        classify_focus=fake_focus,
        classify_status=fake_status,
        text=text,
    )
    return text, sentences, rows


def test_seed_001_planned_bullets_and_e_services():
    text, _, rows = _seed_rows("001", "Östersund")
    planned = [r for r in rows if r.status == "planned"]
    assert len(planned) == 5
    assert planned[0].text.startswith("Utreda nya logistiklösningar")
    assert planned[-1].text.startswith("Översätta webbsidan Leva i Östersund")
    assert all(not r.text.startswith("•") for r in planned)
    assert any("lanserat drygt 15 olika e-tjänster" in r.text for r in rows)
    # The list of themes under "De områden ... är:" gives no initiatives.
    assert not any(r.text == "Digitalisering och e-tjänster" for r in rows)
    for r in rows:
        assert text[r.start_char : r.end_char] == r.text


def test_seed_001_lead_in_reaches_the_status_function():
    text, sentences = _seed("001")
    leads = {c.text: c.lead_in for c in find_candidates(sentences, [], text=text) if c.lead_in}
    bullets = [t for t, lead in leads.items() if lead.startswith("Planen är att kommunen")]
    assert len(bullets) == 5


def test_seed_003_labels_and_section_lead_in():
    text, sentences, rows = _seed_rows("003", "Kalix")
    texts = [r.text for r in rows]
    assert any(t.startswith("Organisering av näringslivsträffar") for t in texts)
    leads = {c.text: c.lead_in for c in find_candidates(sentences, [], text=text)}
    assert (
        leads[next(t for t in texts if t.startswith("Organisering"))] == "Insatser som genomförts"
    )
    # Results are outcomes, not initiatives.
    assert not any("NKI-värdet" in t or t.startswith("Fler besökare") for t in texts)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_no_initiative_from_boilerplate(prefix):
    _, _, rows = _seed_rows(prefix)
    bad = (
        "God Jul",
        "Jonas Karlsson",
        "Julhälsning",
        "Tillbakablick",
        "Håll er uppdaterade",  # the sentence that ends in the verksamt.se link
        "Här kan du läsa mer",
        "Sidan uppdaterad",
        "Publicerad",
        "Tid för nästa träff",
        "Har du idéer",
        "Stort tack",
        "Mer information",
        "Projektet lever vidare",
        "Resultat",
        "Slut för denna gång",
        "Samverkan stärker näringslivet",
    )
    for r in rows:
        assert not any(r.sentence.lstrip("•– ").startswith(b) for b in bad), r.sentence
        assert "https://" not in r.sentence
    assert len({r.initiative_id for r in rows}) == len(rows)


def test_seed_000_list_items():
    _, _, rows = _seed_rows("000", "Södertälje")
    texts = [r.text for r in rows]
    assert "Digitala och fysiska företagsbesök" in texts
    assert any(t.startswith("Nytt koncept med QR-koder") for t in texts)
    assert not any(t.startswith("Södertälje är attraktivt") for t in texts)
