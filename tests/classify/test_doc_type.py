"""Document type: synthetic short documents, seeds, held-out split and a pickle round trip."""

from __future__ import annotations

from collections import Counter

import joblib
import pytest

from pipeline.classify.doc_type import load_doc_type_model, predict_doc_type
from pipeline.classify.train_doc_type import (
    SEED_TYPES,
    evaluate_doc_type,
    load_documents,
    train_doc_type,
)
from tests.conftest import shared_path

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


def test_held_out_split() -> None:
    metrics = evaluate_doc_type()
    test = load_documents("test")
    majority = Counter(d["doc_type"] for d in test).most_common(1)[0][1] / len(test)
    assert metrics["test"]["n"] == len(test)
    assert metrics["accuracy"] >= 0.8
    assert metrics["accuracy"] > 2 * majority
    assert set(metrics["per_class"]) == {d["doc_type"] for d in test}


def test_training_data_shape() -> None:
    docs = load_documents()
    counts = Counter((d["doc_type"], d["split"]) for d in docs)
    for code in ("report", "minutes", "newsletter", "article", "other"):
        assert counts[(code, "train")] >= 12
        assert counts[(code, "test")] >= 1
    assert all(300 <= len(d["text"]) <= 1500 for d in docs)


def test_model_pickle_round_trip(tmp_path) -> None:
    model = train_doc_type()
    path = tmp_path / "doc_type.joblib"
    joblib.dump(model, path)
    loaded = joblib.load(path)
    texts = [MINUTES, NEWSLETTER, ARTICLE, REPORT, OTHER]
    assert list(loaded.predict(texts)) == list(model.predict(texts))
    assert list(load_doc_type_model().classes_) == sorted(loaded.classes_)
