"""Outcome statements: sentences that report a result or effect, with indicator, value and direction.

"NKI-värdet har ökat till 87,9", "Fler besökare", "500 fler i sysselsättning" are outcomes;
goals ("Målet är att öka antalet besökare") and purposes ("för att öka dialogen") are not,
so purpose clauses are cut before looking, and direction words count only in their result
forms ("ökat", "fler"), never as the bare infinitive ("öka"). A direction word also needs
an indicator or a number close by, unless the sentence stands under a "Resultat" heading.
Cues live in resources/outcome_cues.json.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.classify.features import lemmatise, tokenize
from pipeline.dataset.records import AmountRecord, EntityRecord, OutcomeRecord, Sentence
from pipeline.extract.sentence_roles import (
    WORD_RE,
    has_phrase,
    is_boilerplate,
    is_general_statement,
    is_heading,
    layout,
    load_cues,
    phrase_re,
    split_label,
    strip_marker,
)

FocusFn = Callable[[list[str]], list[list[str]]]

# How many words apart a direction word and its indicator or number may be.
WINDOW = 5
NUMBER_RE = re.compile(r"(?<![\d/.:-])(\d{1,3}(?: \d{3})+|\d+)(?:,(\d+))?(?![\d/:-]|\.\d)")
YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
VALUE_KINDS = ("quantity", "percent")


@cache
def _cues() -> dict:
    return load_cues("outcome_cues.json")


@cache
def _indicator_aliases() -> tuple[tuple[str, str], ...]:
    """(alias, canonical) pairs, longest alias first so "nki-värdet" wins over "nki"."""
    pairs = [(a, name) for name, aliases in _cues()["indicators"].items() for a in aliases]
    pairs += [(name.lower(), name) for name in _cues()["indicators"]]
    return tuple(sorted(set(pairs), key=lambda p: -len(p[0])))


@cache
def _purpose_res() -> tuple[re.Pattern[str], ...]:
    markers = load_cues("initiative_cues.json")["purpose_markers"]
    # A fronted purpose clause ends where the inverted main clause starts ("För att stötta
    # dessa kommuner har Tillväxtverket delat ut ..."), otherwise at a comma.
    stop = r"(?=[,;]|\s(?:har|hade|ska|kommer|kan)\s|$)"
    return tuple(re.compile(rf"(?<!\w){re.escape(m)}\b.*?{stop}", re.IGNORECASE) for m in markers)


def strip_purpose(text: str) -> str:
    """The text with purpose clauses ("för att öka dialogen") blanked out, offsets kept."""
    for pattern in _purpose_res():
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def canonical_indicator(name: str) -> str:
    """The codebook name of an indicator alias ("nki-värdet" -> "NKI"); unknown names as given."""
    low = name.lower()
    for alias, canonical in _indicator_aliases():
        if low == alias:
            return canonical
    return name


@dataclass(frozen=True)
class OutcomeCues:
    """What the outcome cues found in one sentence."""

    direction: str | None
    indicator: str | None
    number: float | None
    close: bool  # a direction word with an indicator or a number near it
    strong: bool  # an explicit result phrase ("resulterat i", "visar en")
    weak: bool  # an effect phrase that needs support ("bidrar till")
    planned: bool  # a goal or plan, not a result
    indicator_number: bool  # an indicator with a number near it ("1 500 personer deltog")


def _token_index(starts: list[int], pos: int) -> int:
    return max(bisect.bisect_right(starts, pos) - 1, 0)


def _numbers(text: str) -> list[tuple[int, float]]:
    out = []
    for m in NUMBER_RE.finditer(text):
        whole, frac = m.group(1).replace(" ", ""), m.group(2)
        if frac is None and YEAR_RE.match(whole):
            continue
        value = float(f"{whole}.{frac}") if frac else float(whole)
        out.append((m.start(), value))
    return out


def _pick_number(text: str, numbers: list[tuple[int, float]]) -> float | None:
    """The number after "till" when there is one ("från 80 till 87,9"), else the first."""
    if not numbers:
        return None
    m = phrase_re("till").search(text)
    if m:
        after = [v for pos, v in numbers if pos > m.start()]
        if after:
            return after[0]
    return numbers[0][1]


def outcome_cues(text: str) -> OutcomeCues:
    """Direction, indicator and result cues of a sentence (list marker already stripped)."""
    scan = strip_purpose(text)
    low = scan.lower()
    cues = _cues()
    starts = [m.start() for m in WORD_RE.finditer(low)]

    near = cues["near_words"]
    directions = sorted(
        (m.start(), name, near["window"] if p in near["words"] else WINDOW)
        for name, phrases in cues["direction"].items()
        for p in phrases
        if p.lower() in low  # cheap test before the regex; most phrases are absent
        for m in phrase_re(p).finditer(low)
    )
    indicators = sorted(
        (m.start(), canonical)
        for alias, canonical in _indicator_aliases()
        if alias.lower() in low
        for m in phrase_re(alias).finditer(low)
    )
    numbers = _numbers(scan)

    dir_idx = [(_token_index(starts, p), window) for p, _, window in directions]
    ind_idx = [_token_index(starts, p) for p, _ in indicators]
    num_idx = [_token_index(starts, p) for p, _ in numbers]
    close = any(abs(d - o) <= w for d, w in dir_idx for o in ind_idx + num_idx)
    indicator_number = any(abs(i - n) <= 3 for i in ind_idx for n in num_idx)
    return OutcomeCues(
        direction=directions[0][1] if directions else None,
        indicator=indicators[0][1] if indicators else None,
        number=_pick_number(scan, numbers),
        close=close,
        strong=has_phrase(low, cues["result_phrases"]["strong"]),
        weak=has_phrase(low, cues["result_phrases"]["weak"]),
        planned=has_phrase(low, cues["planned"]),
        indicator_number=indicator_number,
    )


# Regular inflections of an -a verb lemma: present, supine, past, passive, participles.
VERB_ENDINGS = ("r", "t", "de", "des", "ts", "s", "d", "nde")


@dataclass(frozen=True)
class _ChangeWords:
    lemmas: dict[str, str]  # verb lemma -> direction
    forms: dict[str, str]  # regular inflected form -> direction
    nouns: dict[str, str]  # noun (any listed form) -> direction


@cache
def _change_words() -> _ChangeWords:
    """The change words of the cue file, with the regular forms of the -a verbs."""
    lemmas: dict[str, str] = {}
    forms: dict[str, str] = {}
    nouns: dict[str, str] = {}
    for name, words in _cues()["direction_lemmas"].items():
        if not isinstance(words, dict):
            continue  # the description
        for lemma in words["verbs"]:
            lemmas[lemma] = name
            if lemma.endswith("a"):
                forms.update({lemma + ending: name for ending in VERB_ENDINGS})
        nouns.update(dict.fromkeys(words["nouns"], name))
    return _ChangeWords(lemmas, forms, nouns)


def lemma_direction(text: str) -> str | None:
    """The direction of the first change word found by lemma ("tappar", "det växande antalet",
    "en bra tillväxt"); a bare infinitive ("öka") is a goal and never counts."""
    scan = strip_purpose(text)
    tokens = tokenize(scan)
    lemmas = lemmatise(scan).split(" ")
    if len(lemmas) != len(tokens):
        lemmas = tokens
    words = _change_words()
    for token, lemma in zip(tokens, lemmas, strict=True):
        if token in words.nouns:
            return words.nouns[token]
        if token in words.lemmas:  # the bare infinitive: a goal ("att öka"), not a change
            continue
        if token in words.forms:
            return words.forms[token]
        if lemma in words.lemmas:
            return words.lemmas[lemma]
    return None


def outcome_direction(text: str) -> str | None:
    """The direction a result sentence states: a direction phrase of the cue file, else a
    change word found by lemma; None when the text states no change."""
    return outcome_cues(text).direction or lemma_direction(text)


def is_result_heading(text: str) -> bool:
    """A heading that opens a results section ("Resultat", "Effekter")."""
    body = strip_marker(text)[0].strip().lower()
    return body in _cues()["result_headings"]


def is_outcome(sentence: str, *, in_results: bool = False, has_score: bool = False) -> bool:
    """Whether a sentence reports a result or effect.

    `in_results` (the sentence stands under a "Resultat" heading) lowers the bar: a
    direction word or an indicator is then enough. `has_score` (the sentence holds a
    SCORE amount such as NKI 87.9) is enough on its own unless the sentence is a goal.
    """
    body = strip_marker(sentence)[0]
    if not body or is_boilerplate(body) or is_general_statement(body):
        return False
    if body.rstrip()[-1:] in ":;":
        return False
    cues = outcome_cues(body)
    if cues.planned:
        return False
    if not in_results and is_heading(body) and not (cues.close or cues.strong):
        return False
    if has_score or cues.strong or cues.close or cues.indicator_number:
        return True
    if cues.weak and (cues.direction or cues.indicator):
        return True
    return in_results and bool(cues.direction or cues.indicator or cues.weak)


def _outcome_span(body: str, offset: int) -> tuple[str, int]:
    """Drop a "Rubrik:" label unless the label itself states the result ("Ökad samverkan:")."""
    label, rest, rest_off = split_label(body)
    if label is None:
        return body, offset
    label_cues = outcome_cues(label)
    if label_cues.direction or label_cues.indicator:
        return body, offset
    return rest, offset + rest_off


def _value(sent_amounts: list[AmountRecord], cues: OutcomeCues) -> tuple[float | None, str | None]:
    """(value, indicator from a SCORE) from the sentence's amounts, else the parsed number."""
    valued = [a for a in sent_amounts if a.value is not None]  # implausible ones: no value
    for a in valued:
        if a.kind == "score":
            return a.value, canonical_indicator(a.unit) if a.unit else None
    for a in valued:
        if a.kind in VALUE_KINDS:
            return a.value, None
    return cues.number, None


def extract_outcomes(
    doc_id: str,
    sentences: Sequence[Sentence],
    entities: Sequence[EntityRecord],
    amounts: Sequence[AmountRecord],
    municipality: str | None,
    *,
    classify_focus: FocusFn,
    text: str | None = None,
) -> list[OutcomeRecord]:
    """Outcome rows of one document, in sentence order.

    `entities` is accepted for symmetry with the initiative extractor (SCORE entities
    duplicate the score amounts); `text`, the clean text, makes line starts exact.
    """
    del entities  # the amounts carry the same numbers with kind and unit
    amounts_by_sent: dict[int, list[AmountRecord]] = {}
    for a in sorted(amounts, key=lambda a: (a.sent_idx, a.start_char)):
        amounts_by_sent.setdefault(a.sent_idx, []).append(a)

    rows: list[tuple[Sentence, str, int, str | None, float | None, str | None]] = []
    seen: set[str] = set()
    in_results = False
    for s, lay in zip(sentences, layout(sentences, text), strict=True):
        if lay.heading:
            in_results = is_result_heading(s.text)
            continue
        if lay.lead_in_line:
            continue
        sent_amounts = amounts_by_sent.get(s.idx, [])
        has_score = any(a.kind == "score" for a in sent_amounts)
        if not is_outcome(s.text, in_results=in_results, has_score=has_score):
            continue
        body, offset = strip_marker(s.text)
        body, offset = _outcome_span(body, offset)
        key = " ".join(body.lower().split())
        if not body or key in seen:
            continue
        seen.add(key)
        cues = outcome_cues(strip_marker(s.text)[0])
        value, score_indicator = _value(sent_amounts, cues)
        rows.append((s, body, offset, score_indicator or cues.indicator, value, cues.direction))

    focus = classify_focus([r[1] for r in rows]) if rows else []
    out = []
    for n, ((s, body, offset, indicator, value, direction), areas) in enumerate(
        zip(rows, focus, strict=True), start=1
    ):
        start = s.start + offset
        out.append(
            OutcomeRecord(
                doc_id=doc_id,
                outcome_id=f"{doc_id}-o{n:03d}",
                sent_idx=s.idx,
                start_char=start,
                end_char=start + len(body),
                sentence=s.text,
                text=body,
                indicator=indicator,
                value=value,
                direction=direction,
                focus_areas=list(areas),
                municipality=municipality,
            )
        )
    return out


__all__ = [
    "OutcomeCues",
    "canonical_indicator",
    "extract_outcomes",
    "is_outcome",
    "is_result_heading",
    "outcome_cues",
    "outcome_direction",
    "strip_purpose",
]
