"""Our own annotation of the development corpus: size, coverage, stand-off, round trip."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.conftest import shared_path
from training.annotation.anchor import Normalised, kept_before
from training.annotation.standoff import ANNOTATIONS, LABEL_LISTS, load_units, to_standoff


def _records() -> dict[str, list[dict]]:
    out = {}
    for path in sorted(ANNOTATIONS.glob("*.jsonl")):
        rows = path.read_text(encoding="utf-8").splitlines()
        out[path.name.removesuffix(".jsonl")] = [json.loads(x) for x in rows if x.strip()]
    return out


def test_enough_units_and_whole_documents() -> None:
    records = _records()
    assert sum(len(r) for r in records.values()) >= 2000
    whole = [name for name in records if not name.endswith(".pdf")]  # every unit annotated
    assert len(whole) >= 15
    kinds = Counter(r["role"] for rows in records.values() for r in rows)
    assert kinds["body"] > 1000 and kinds["heading"] > 100 and kinds["form"] > 50


def test_no_corpus_text_is_stored() -> None:
    for rows in _records().values():
        for r in rows:
            assert "text" not in r
            for kind in LABEL_LISTS:
                assert all("quote" not in item and len(item["span"]) == 2 for item in r[kind])
            assert all(len(e) == 3 and e[0] < e[1] for e in r["entities"])


def test_labels_use_the_codebook() -> None:
    types = Counter()
    for rows in _records().values():
        for r in rows:
            types.update(i["type"] for i in r["initiatives"])
            assert {e[2] for e in r["entities"]} <= {"PER", "ORG", "LOC"}
    assert len(types) >= 10 and sum(types.values()) >= 250


def test_stand_off_round_trip() -> None:
    source = "Rubrik\n\nKalix kommun har  lanserat en e-\ntjänst för företag.\n"
    rows = [
        {"i": 0, "text": "Rubrik", "role": "heading", "entities": []},
        {
            "i": 1,
            "text": "Kalix kommun har lanserat en e-tjänst för företag.",
            "role": "body",
            "entities": [[0, 12, "ORG"]],
            "initiatives": [{"quote": "lanserat en e-tjänst", "type": "digital_service"}],
        },
    ]
    records, missing = to_standoff(rows, source)
    assert missing == 0
    start, end = records[1]["span"]
    assert source[start:end].startswith("Kalix kommun har  lanserat")
    s, e, label = records[1]["entities"][0]
    assert (source[s:e], label) == ("Kalix kommun", "ORG")
    q0, q1 = records[1]["initiatives"][0]["span"]
    assert Normalised.of(source[q0:q1]).text == Normalised.of("lanserat en e-tjänst").text
    assert kept_before("a b-c", 5) == 3  # spaces and hyphens are not counted


@pytest.mark.slow
def test_units_load_with_their_texts_from_the_corpus() -> None:
    shared_path("corpus", "dev")
    units = list(load_units())
    assert len(units) >= 2000
    with_ents = [u for u in units if u.entities]
    assert len(with_ents) > 500
    for u in with_ents[:200]:
        for s, e, _ in u.entities:
            assert u.text[s:e].strip() == u.text[s:e] and u.text[s:e]


@pytest.mark.parametrize("kind", LABEL_LISTS)
def test_every_quote_is_inside_its_unit(kind: str) -> None:
    for rows in _records().values():
        for r in rows:
            a, b = r["span"]
            assert all(a <= item["span"][0] < item["span"][1] <= b for item in r[kind])
