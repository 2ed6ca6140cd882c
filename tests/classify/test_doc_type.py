"""Document type: synthetic short documents, seeds, held-out split and a pickle round trip."""

from __future__ import annotations

import pytest

from pipeline.classify.doc_type import CueFeatures, default_cues, predict_doc_type
from pipeline.evaluate.classify import recorded_metrics
from tests.conftest import shared_path

# The seeds' types as the user described them (file name prefix -> doc_type).
SEED_TYPES = {
    "000": "newsletter",
    "001": "article",
    "002": "article",
    "003": "report",
    "004": "minutes",
}

MINUTES = """Minnesanteckningar – styrgruppen för Företagsklimat Ydre
Datum: 3 mars 2022
Närvarande: Per Ask (ordf.), Lena Ström, Omar Said
Frånvarande: Kim Berg

1. Föregående anteckningar godkändes.
2. Lena Ström, kommunen: enkäten till företagen skickas ut i april.
3. Omar Said, Företagarna: medlemmarna vill ha fler frukostmöten.
Beslut: styrgruppen ställer sig bakom förslaget.
Nästa möte: 7 april kl. 09.00
"""

NEWSLETTER = """Sommarbrev till företagen i Ydre

Hej alla företagare!
Nu drar sommaren igång och vi vill tacka för en fin vår med många möten.
I höst bjuder vi in till en ny träff om kompetensförsörjning – håll utkik i nästa nyhetsbrev.
Har du frågor under sommaren, hör gärna av dig till oss.

Trevlig sommar!
Karin Ahl
Näringslivschef, Ydre kommun
"""

ARTICLE = """Publicerad 2022-05-02

Ydre öppnar ny företagslots

Från i dag får företag i Ydre en egen lots in i kommunen.

– Vi vill att det ska vara enkelt att driva företag här, säger kommunalrådet Olof Sjö.

Lotsen ska hjälpa till med tillstånd och kontakter med förvaltningarna.

– Det har saknats länge, berättar företagaren Anna Rask.
"""

REPORT = """Slutrapport – Projekt Företagsklimat Ydre 2019–2021

Bakgrund
Projektet startade för att förbättra kommunens service till företagen.

Insatser som genomförts
– Serviceutbildning för handläggare
– Ny företagslots

Resultat
NKI ökade från 65 till 74. 40 företag har fått lotsning.

Lärdomar
Ledningens stöd har varit avgörande.

Slutsats
Projektet avslutas och arbetet går över i ordinarie verksamhet.
"""

OTHER = """Lediga tjänster: Vaktmästare till Ydre kommun

Vi söker en vaktmästare till fastighetsavdelningen. Arbetet omfattar tillsyn och enklare reparationer.
Omfattning: heltid, tillsvidare. Tillträde enligt överenskommelse.
Sista ansökningsdag 30 april. Ansök via rekryteringsportalen.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MINUTES, "minutes"),
        (NEWSLETTER, "newsletter"),
        (ARTICLE, "article"),
        (REPORT, "report"),
        (OTHER, "other"),
    ],
)
def test_synthetic_documents(text: str, expected: str) -> None:
    label, score = predict_doc_type(text)
    assert label == expected
    assert 0.0 <= score <= 1.0


def test_flattened_layout_still_recognised() -> None:
    flat = " ".join(line.strip() for line in MINUTES.splitlines() if line.strip())
    assert predict_doc_type(flat)[0] == "minutes"


def test_title_is_used() -> None:
    label, _ = predict_doc_type("Lades till handlingarna. Justeras.", title="Protokoll KS § 12")
    assert label == "minutes"


def test_empty_text_is_other_with_zero_score() -> None:
    assert predict_doc_type("") == ("other", 0.0)


def test_seed_documents() -> None:
    folder = shared_path("corpus", "seeds")
    seeds = sorted(folder.glob("*.txt"))
    assert len(seeds) >= len(SEED_TYPES)
    for path in seeds:
        expected = SEED_TYPES.get(path.name[:3])
        if expected:
            label, _ = predict_doc_type(path.read_text(encoding="utf-8"))
            assert label == expected, path.name


def test_recorded_held_out_accuracy() -> None:
    metrics = recorded_metrics("doc_type")
    assert metrics["test"]["n"] >= 20
    assert metrics["accuracy"] >= 0.8


def test_cue_features_keep_their_cue_set() -> None:
    """The fitted model carries the cues it was trained with, not the live file."""
    cues = default_cues()
    features = CueFeatures(cues).fit(["x"])
    assert features.get_params()["cues"] is cues
    row = features.transform(["Protokoll\n§ 12 Beslut\nJusterare"])[0]
    assert len(row) == len(features.get_feature_names_out())
    with pytest.raises(ValueError):
        CueFeatures().fit(["x"])
