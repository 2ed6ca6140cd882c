"""From sentences to initiatives: one sentence may hold several, one initiative may be
mentioned several times.

`clauses` cuts a sentence that lists several things done or planned ("har lanserat 15
e-tjänster, tagit fram en tillståndsguide och arrangerat en föreläsningsserie") at the
coordination before each further main verb of the same kind. `same_initiative` is a learned
pairwise judgement (are two mentions the same initiative?) from their shared words, names
and position; `group_mentions` joins mentions it links, so a workshop named in a heading,
the body and a summary is one row with three mentions.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.dataset.records import Sentence
from pipeline.limits import limits

# forms that report or plan a thing done: supine/participle ("lanserat"), past, infinitive
LISTED_FORMS = frozenset({"Sup", "Part", "Past", "Inf"})
COORDINATION_RE = re.compile(r"(?:,\s*(?:och|samt)?|\s+och|\s+samt|;)\s+$")
MIN_CLAUSE_CHARS = 12
WORD_RE = re.compile(r"[^\W\d_]{3,}")
STOP = frozenset(
    [
        "och",
        "att",
        "det",
        "som",
        "för",
        "med",
        "den",
        "till",
        "har",
        "att",
        "från",
        "vid",
        "inom",
        "under",
        "även",
        "samt",
        "kommer",
        "eller",
        "detta",
        "dessa",
        "vara",
        "blir",
        "blev",
        "också",
        "andra",
        "många",
        "mycket",
        "ska",
        "skall",
        "kan",
        "kunna",
    ]
)


def clauses(sentence: Sentence, body_offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) offsets within the sentence text of each listed clause; one span when
    the sentence lists nothing. Only verbs after `body_offset` (the marker) count."""
    text = sentence.text
    verbs = [v for v in sentence.verbs if v[2] in LISTED_FORMS and v[0] >= body_offset]
    cuts: list[int] = []
    for i in range(1, len(verbs)):
        prev_form, (start, _, form) = verbs[i - 1][2], verbs[i]
        if form != prev_form and {form, prev_form} != {"Sup", "Part"}:
            continue
        m = COORDINATION_RE.search(text[:start])
        if m and m.start() > (cuts[-1] if cuts else body_offset) + MIN_CLAUSE_CHARS:
            cuts.append(m.start())
    if not cuts:
        return [(body_offset, len(text))]
    spans, begin = [], body_offset
    for cut in cuts:
        spans.append((begin, cut))
        begin = cut
        while begin < len(text) and not text[begin].isalpha():
            begin += 1
        if text[begin : begin + 4] in ("och ", "samt"):
            begin = text.index(" ", begin) + 1
    spans.append((begin, len(text)))
    return [(a, b) for a, b in spans if b - a >= MIN_CLAUSE_CHARS] or [(body_offset, len(text))]


@dataclass(frozen=True)
class Mention:
    """A stretch of text that states an initiative, with its sentence."""

    sentence: Sentence
    start: int  # offsets in the clean text
    end: int
    text: str
    lemmas: frozenset[str]
    names: frozenset[str]  # organisations and capitalised names in it
    heading: bool


def content_lemmas(lemmas: str) -> frozenset[str]:
    return frozenset(w for w in WORD_RE.findall(lemmas.lower()) if w not in STOP)


# words that point back to something already named ("Detta projekt", "Den", "Det")
REFERRING_OPENERS = frozenset(
    {"denna", "detta", "dessa", "den", "det", "de", "där", "här", "samma", "vår", "vårt", "våra"}
)
# definite endings, longest first: "projektet" -> "projekt", "strategin" -> "strategi"
DEFINITE_ENDINGS = ("erna", "arna", "orna", "en", "et", "na", "n", "t")
MIN_HEAD_CHARS = 4
OPENING_RE = re.compile(r"[^\W\d_]+")


def opening_heads(text: str) -> tuple[bool, frozenset[str]]:
    """Whether a mention opens by pointing back (a demonstrative or pronoun), and the forms
    its opening noun may have without a definite ending ("Projektet" -> projekt, projekte)."""
    tokens = [t.lower() for t in OPENING_RE.findall(text[:80])][:3]
    if not tokens:
        return False, frozenset()
    pointing = tokens[0] in REFERRING_OPENERS
    noun = tokens[1] if pointing and len(tokens) > 1 else tokens[0]
    if noun in REFERRING_OPENERS or noun in STOP:
        return pointing, frozenset()
    # a bare opening word names something only in its definite form ("Projektet", not
    # "Nytt"); after a demonstrative the noun is indefinite ("Denna strategi")
    heads = {noun} if pointing else set()
    heads |= {
        noun[: -len(e)]
        for e in DEFINITE_ENDINGS
        if noun.endswith(e) and len(noun) - len(e) >= MIN_HEAD_CHARS
    }
    if heads:  # a definite noun also names an earlier word in the same form
        heads.add(noun)
    return pointing, frozenset(h for h in heads if len(h) >= MIN_HEAD_CHARS)


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in WORD_RE.findall(text))


def opens_as_follow_up(text: str) -> bool:
    """Opens by pointing back or with a definite noun ("Projektet är ..."): it says more
    about something already named rather than stating it."""
    pointing, heads = opening_heads(text)
    return pointing or bool(heads)


def _refers_back(head_forms: frozenset[str], earlier: frozenset[str]) -> str | None:
    """The form of the opening noun that an earlier word is, itself or as the head of a
    compound ("Projektet" after "samverkansprojekt" -> projekt)."""
    for h in sorted(head_forms, key=len, reverse=True):
        if any(w == h or w.endswith(h) for w in earlier):
            return h
    return None


def _compound_overlap(a: frozenset[str], b: frozenset[str], idf: Callable[[str], float]) -> float:
    """IDF of the words of one mention that are the head of a compound in the other
    ("strategi" and "näringslivsstrategi")."""
    out = 0.0
    for u in a ^ b:
        other = b if u in a else a
        if len(u) >= MIN_HEAD_CHARS + 1 and any(w != u and w.endswith(u) for w in other):
            out += idf(u)
    return out


# columns of pair_features: the later mention refers back to the earlier one by its head
# noun within a few sentences, or points back to the sentence before
REFERS_BACK = (10, 11)


def pair_features(a: Mention, b: Mention, idf: Callable[[str], float]) -> list[float]:
    """How alike two mentions are: IDF-weighted overlap of lemmas, shared names, distance,
    and whether the later one opens by naming the earlier one by its head noun or pointing
    back to it ("Projektet är ett ramprojekt ..." after "... samverkansprojektet X")."""
    if (b.start, b.end) < (a.start, a.end):
        a, b = b, a
    shared = a.lemmas & b.lemmas
    union = a.lemmas | b.lemmas
    weight = sum(idf(w) for w in shared)
    total = sum(idf(w) for w in union) or 1.0
    small = min(sum(idf(w) for w in a.lemmas), sum(idf(w) for w in b.lemmas)) or 1.0
    distance = abs(a.sentence.idx - b.sentence.idx)
    pointing, heads = opening_heads(b.text)
    named = _refers_back(heads, _words(a.text) | a.lemmas) if heads else None
    return [
        weight / total,
        weight / small,
        float(len(shared)),
        float(bool(a.names & b.names)),
        float(len(a.names & b.names)),
        float(a.heading or b.heading),
        float(a.sentence.idx == b.sentence.idx),
        math.log1p(distance),
        float(pointing),
        idf(named) if named else 0.0,
        float(named is not None and distance <= 3),
        float(pointing and distance <= 1),
        _compound_overlap(a.lemmas, b.lemmas, idf),
    ]


def document_idf(lemma_sets: Sequence[frozenset[str]]) -> Callable[[str], float]:
    """IDF over a document's sentences: words that recur everywhere say little."""
    n = max(len(lemma_sets), 1)
    df: dict[str, int] = {}
    for s in lemma_sets:
        for w in s:
            df[w] = df.get(w, 0) + 1
    # computed once per word: the pairwise features ask for the same words many times
    values = {w: math.log((n + 1) / (k + 1)) + 1.0 for w, k in df.items()}
    unseen = math.log(n + 1) + 1.0
    return lambda w: values.get(w, unseen)


PAIR_BLOCK = 20_000  # pairs judged at once: bounds the feature matrix


def mention_pairs(n: int, window: int) -> Iterator[tuple[int, int]]:
    """(i, j) with i < j and j at most `window` mentions after i: every pair in any
    ordinary document, and a number of pairs that grows linearly in a huge one."""
    for i in range(n):
        for j in range(i + 1, min(n, i + 1 + window)):
            yield i, j


def group_mentions(
    mentions: Sequence[Mention],
    same: Callable[[np.ndarray], np.ndarray],
    idf: Callable[[str], float],
    threshold: float = 0.5,
    window: int | None = None,
) -> list[list[int]]:
    """Indexes of mentions grouped by single-link over pairs judged the same initiative.

    Only mentions at most `window` apart (limits.mention_pair_window) are compared.
    """
    window = window or limits().mention_pair_window
    n = len(mentions)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = mention_pairs(n, window)
    while block := list(itertools.islice(pairs, PAIR_BLOCK)):
        x = np.asarray([pair_features(mentions[i], mentions[j], idf) for i, j in block])
        for (i, j), p in zip(block, same(x), strict=True):
            if p >= threshold:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])
