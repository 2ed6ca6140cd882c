"""Several initiatives in one sentence, one initiative in several places."""

from __future__ import annotations

import numpy as np

from pipeline.dataset.records import Sentence
from pipeline.extract.mentions import Mention, clauses, content_lemmas, document_idf, group_mentions


def _sentence(text: str, verbs: list[tuple[str, str]]) -> Sentence:
    spans = []
    for word, form in verbs:
        at = text.index(word)
        spans.append((at, at + len(word), form))
    return Sentence(0, 0, len(text), text, verbs=tuple(spans))


def test_a_listing_sentence_is_cut_before_each_further_verb():
    text = "Kommunen har lanserat 15 e-tjänster, tagit fram en tillståndsguide och ordnat en föreläsningsserie."
    s = _sentence(text, [("lanserat", "Sup"), ("tagit", "Sup"), ("ordnat", "Sup")])
    parts = [text[a:b] for a, b in clauses(s)]
    assert len(parts) == 3
    assert parts[0].startswith("Kommunen har lanserat 15 e-tjänster")
    assert parts[1].startswith("tagit fram en tillståndsguide")
    assert parts[2].startswith("ordnat en föreläsningsserie")


def test_a_sentence_with_one_verb_stays_whole():
    text = "Kommunen har lanserat 15 e-tjänster för företagen."
    assert clauses(_sentence(text, [("lanserat", "Sup")])) == [(0, len(text))]


def _mention(idx: int, text: str) -> Mention:
    s = Sentence(idx, idx * 100, idx * 100 + len(text), text)
    return Mention(s, s.start, s.end, text, content_lemmas(text), frozenset(), False)


def test_linked_mentions_form_one_group():
    ms = [
        _mention(0, "workshop om service"),
        _mention(1, "annat helt"),
        _mention(2, "workshop om service igen"),
    ]
    idf = document_idf([m.lemmas for m in ms])

    def same(x: np.ndarray) -> np.ndarray:
        return (x[:, 0] >= 0.5).astype(float)

    assert group_mentions(ms, same, idf) == [[0, 2], [1]]


def test_mention_pairs_are_windowed():
    from pipeline.extract.mentions import mention_pairs

    assert list(mention_pairs(4, 10)) == [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    assert list(mention_pairs(4, 1)) == [(0, 1), (1, 2), (2, 3)]
    assert len(list(mention_pairs(10_000, 50))) < 10_000 * 50  # linear, not quadratic


def test_grouping_within_the_window_matches_all_pairs_and_stops_beyond_it():
    ms = [_mention(i, "workshop om service" if i % 3 == 0 else f"annat ord{i}") for i in range(9)]
    idf = document_idf([m.lemmas for m in ms])

    def same(x: np.ndarray) -> np.ndarray:
        return (x[:, 0] >= 0.5).astype(float)

    everything = group_mentions(ms, same, idf, window=len(ms))
    assert everything[0] == [0, 3, 6]
    assert group_mentions(ms, same, idf, window=3) == everything  # 3 apart: still linked
    assert [0, 3, 6] not in group_mentions(ms, same, idf, window=2)


def test_an_opening_definite_noun_or_demonstrative_gives_the_head_it_names():
    from pipeline.extract.mentions import opening_heads

    pointing, heads = opening_heads("Projektet är ett ramprojekt med fokus på cirkulär ekonomi")
    assert not pointing and "projekt" in heads
    pointing, heads = opening_heads("Denna strategi ska guida politiska beslut")
    assert pointing and "strategi" in heads
    # an indefinite opening word names nothing
    assert opening_heads("Nytt koncept med träffar")[1] == frozenset()


def _at(idx: int, text: str) -> Mention:
    s = Sentence(idx, idx * 100, idx * 100 + len(text), text)
    return Mention(s, s.start, s.end, text, content_lemmas(text.lower()), frozenset(), False)


def test_a_follow_up_naming_the_head_of_an_earlier_compound_refers_back_to_it():
    from pipeline.extract.mentions import REFERS_BACK, pair_features

    first = _at(0, "Regionen söker stöd för samverkansprojektet Team Export")
    follow = _at(1, "Projektet pågår till 2026 med fokus på export")
    other = _at(1, "Kommunen bjuder in till frukostmöten för företagare")
    idf = document_idf([first.lemmas, follow.lemmas, other.lemmas])
    linked = pair_features(first, follow, idf)
    unlinked = pair_features(first, other, idf)
    assert any(linked[i] > 0 for i in REFERS_BACK)
    assert all(unlinked[i] == 0 for i in REFERS_BACK)
    # the order of the two mentions does not matter: the later one is the follow-up
    assert pair_features(follow, first, idf) == linked


def test_a_sentence_opening_with_a_definite_noun_or_pointer_is_a_follow_up():
    from pipeline.extract.mentions import opens_as_follow_up

    assert opens_as_follow_up("Företagssupporten är öppen vardagar")
    assert opens_as_follow_up("Detta ska ske genom råd och stöd")
    assert not opens_as_follow_up("Kalix startar en företagssupport")
