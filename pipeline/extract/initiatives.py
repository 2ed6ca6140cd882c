"""Initiatives: concrete things an actor did, does or plans ("Kommunen har lanserat 15 e-tjänster").

A sentence is an initiative when its cues say an action took place: a specific action verb
("lanserat", "genomfördes", "Översätta ...") with something to act on, or an action noun at
the start of an item ("Organisering av näringslivsträffar", "Digitala och fysiska
företagsbesök"). Items under a lead-in that announces activities ("satsningar och arbeten
har gjorts;") are let through on weaker cues; items under a lead-in that lists themes
("De områden ... är:") are not initiatives at all. Greetings, signatures, headings, links,
page furniture, general statements, questions, logistics and pure results never are.
Precision matters more than recall, so anything doubtful is left out. The classifiers for
type, focus and status are injected, so this module has no model dependency.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.dataset.records import EntityRecord, InitiativeRecord, Sentence
from pipeline.extract.outcomes import is_outcome, strip_purpose
from pipeline.extract.sentence_roles import (
    has_phrase,
    is_activity_lead_in,
    is_boilerplate,
    is_general_statement,
    is_heading,
    is_list_item,
    is_section_reset,
    is_topic_lead_in,
    layout,
    load_cues,
    looks_like_lead_in,
    split_label,
    strip_marker,
    words,
)

TypeFn = Callable[[list[str]], list[str]]
FocusFn = Callable[[list[str]], list[list[str]]]
StatusFn = Callable[[str, str | None], str]
LeadInFn = Callable[[str], bool]

GROUP1_ENDINGS = ("", "r", "de", "t", "s", "des", "ts")
# Inflections an action noun may carry; genitives are left out on purpose, since a noun in
# the genitive ("styrgruppens godkännande") owns something rather than being acted on.
NOUN_ENDINGS = "en|et|n|t|ar|arna|er|erna|or|orna|na|um|met|men"
AMOUNT_LABELS = ("MONEY", "QUANTITY", "PERCENT")
PER_YEAR_RE = re.compile(r"^\s*(?:per år|/år|om året|årligen)\b", re.IGNORECASE)
# How many leading words an item may have before its action noun ("Nytt koncept med ...").
NOMINAL_WINDOW = 4
MAX_NOMINAL_WORDS = 30
MIN_NOMINAL_WORDS = 2


def _cues() -> dict:
    return load_cues("initiative_cues.json")


@cache
def _verb_forms(strength: str) -> frozenset[str]:
    spec = _cues()["verbs"][strength]
    forms = {v + e for v in spec["group1"] for e in GROUP1_ENDINGS}
    return frozenset(forms | set(spec["forms"]))


@cache
def _noun_re(strength: str) -> re.Pattern[str]:
    stems = sorted(_cues()["nouns"][strength], key=len, reverse=True)
    alternation = "|".join(re.escape(s) for s in stems)
    return re.compile(rf"(?:{alternation})(?:{NOUN_ENDINGS})?$")


def _is_noun(token: str, strength: str) -> bool:
    if any(x in token for x in _cues()["nouns"]["exclusions"]):
        return False
    return bool(_noun_re(strength).search(token))


def _nominal_start(tokens: list[str]) -> bool:
    """An action noun opens the text, after at most a few modifiers ("Nytt koncept ...")."""
    cues = _cues()
    for i, t in enumerate(tokens[:NOMINAL_WINDOW]):
        if _is_noun(t, "strong"):
            return True
        if i == 0 and t in _verb_forms("strong"):
            return True  # an opening infinitive: "Översätta webbsidan ..."
        modifier = t in cues["modifiers"] or t.endswith(tuple(cues["modifier_endings"]))
        if not modifier:
            return False
    return False


@dataclass(frozen=True)
class ActionCues:
    """The initiative cues of one sentence (list marker and label already removed)."""

    strong_verb: bool
    weak_verb: bool
    strong_noun: bool
    weak_noun: bool
    subject: bool
    nominal_start: bool  # an action noun among the first words, or an opening infinitive
    item_start: bool  # opens like a list item of activities ("Nytt koncept ...")
    copula: bool
    negative: bool

    @property
    def any(self) -> bool:
        return self.strong_verb or self.weak_verb or self.strong_noun or self.weak_noun


def _verb_tokens(tokens: list[str]) -> list[str]:
    """Tokens that may be verbs: a past form after a determiner or a genitive is an adjective
    ("de redan etablerade företagen", "kommunens etablerade näringslivsorganisation")."""
    determiners = set(_cues()["modifiers"]) | {"dessa", "redan"}
    out = []
    for i, t in enumerate(tokens):
        prev = tokens[i - 1] if i else ""
        if t.endswith("de") and (prev in determiners or (prev.endswith("s") and len(prev) > 3)):
            continue
        out.append(t)
    return out


def action_cues(text: str) -> ActionCues:
    """Find action verbs, nouns and subjects; purpose clauses ("för att ...") do not count."""
    cues = _cues()
    scan = strip_purpose(text)
    tokens = words(scan)
    all_tokens = words(text)
    strong_forms, weak_forms = _verb_forms("strong"), _verb_forms("weak")
    verbs = _verb_tokens(tokens)
    return ActionCues(
        strong_verb=any(t in strong_forms for t in verbs) or has_phrase(scan, cues["phrases"]),
        weak_verb=any(t in weak_forms for t in verbs),
        strong_noun=any(_is_noun(t, "strong") for t in tokens),
        weak_noun=any(_is_noun(t, "weak") for t in tokens),
        subject=any(t in cues["subjects"] for t in tokens),
        nominal_start=_nominal_start(all_tokens),
        item_start=bool(all_tokens) and all_tokens[0] in cues["item_starters"],
        copula=any(t in cues["copulas"] for t in tokens),
        negative=has_phrase(text, cues["negative"]) or has_phrase(text, ("ej", "inte")),
    )


def _rejected(text: str) -> bool:
    """Roles that are never initiatives, whatever their cues."""
    body = text.strip()
    return (
        not body or is_boilerplate(body) or is_general_statement(body) or body.rstrip()[-1:] in ":;"
    )


def _accept(
    body: str,
    *,
    item: bool = False,
    permissive: bool = False,
    has_org: bool = False,
    bare: bool = False,
) -> bool:
    """The decision for one sentence body; see the module docstring for the reasoning."""
    if _rejected(body):
        return False
    c = action_cues(body)
    if c.negative:
        return False
    if bare and is_heading(body) and not (c.strong_verb or c.nominal_start):
        return False
    if not (c.strong_verb or c.item_start or permissive) and is_outcome(body):
        return False
    actor = c.subject or has_org
    if c.strong_verb and (c.strong_noun or c.weak_noun or actor or item or c.nominal_start):
        return True
    if c.weak_verb and c.strong_noun and (actor or item):
        return True
    n_words = len(words(body))
    if c.nominal_start and not c.copula and MIN_NOMINAL_WORDS <= n_words <= MAX_NOMINAL_WORDS:
        return True
    return permissive and not c.copula and (c.any or c.item_start)


def is_initiative(sentence: str) -> bool:
    """Whether a sentence on its own reads as an initiative (no document context)."""
    body, _ = strip_marker(sentence)
    label, rest, _ = split_label(body)
    if _rejected(body):
        return False
    item = is_list_item(sentence) or label is not None
    return _accept(rest if label else body, item=item, bare=True)


@dataclass(frozen=True)
class _Candidate:
    sentence: Sentence
    text: str
    offset: int
    lead_in: str | None


def _entity_lists(
    s: Sentence, ents: list[EntityRecord], municipality: str | None
) -> tuple[list[str], list[str], list[str]]:
    actors: list[str] = []
    amounts: list[str] = []
    dates: list[str] = []
    for e in ents:
        value = e.value or e.text
        if e.label == "ORG":
            target = actors
        elif e.label == "DATE":
            target = dates
        elif e.label in AMOUNT_LABELS:
            target = amounts
            tail = s.text[max(e.end_char - s.start, 0) :]
            if e.label == "MONEY" and PER_YEAR_RE.match(tail):
                value = f"{value}/year"
        else:
            continue
        if value not in target:
            target.append(value)
    if not actors and municipality:
        actors = [municipality]
    return actors, amounts, dates


def find_candidates(
    sentences: Sequence[Sentence],
    entities: Sequence[EntityRecord],
    *,
    is_lead_in: LeadInFn | None = None,
    text: str | None = None,
) -> list[_Candidate]:
    """Initiative sentences with their text span and the lead-in that governs their status."""
    lead_in_fn = is_lead_in or looks_like_lead_in
    orgs = {e.sent_idx for e in entities if e.label == "ORG"}
    section_lead_in: str | None = None
    list_lead_in: str | None = None
    list_marker: str | None = None
    seen: set[str] = set()
    out: list[_Candidate] = []
    for s, lay in zip(sentences, layout(sentences, text), strict=True):
        if lay.heading:
            list_lead_in = None
            if lead_in_fn(s.text):
                section_lead_in = s.text
            elif len(words(s.text)) > 1 or is_section_reset(s.text):
                section_lead_in = None
            continue
        if lay.lead_in_line:
            list_lead_in, list_marker = s.text, None
            continue
        if lay.item:
            marker = s.text[: strip_marker(s.text)[1]].strip()
            if list_marker is None:
                list_marker = marker
            elif marker != list_marker:
                list_lead_in = None  # "– " quotes after a "• " list are not its items
        elif lay.starts_line and not lay.in_item:
            list_lead_in = None
        lead_in = list_lead_in if lay.in_item and list_lead_in else section_lead_in
        if lay.in_item and list_lead_in and is_topic_lead_in(list_lead_in):
            continue
        body, offset = strip_marker(s.text)
        if _rejected(body):
            continue
        label, rest, rest_offset = split_label(body)
        if label is not None:
            body, offset = rest, offset + rest_offset
        permissive = bool(lay.item and list_lead_in and is_activity_lead_in(list_lead_in))
        if not _accept(
            body,
            item=lay.item or label is not None,
            permissive=permissive,
            has_org=s.idx in orgs,
        ):
            continue
        key = " ".join(body.lower().split())
        if key in seen:
            continue
        seen.add(key)
        out.append(_Candidate(s, body, offset, lead_in))
    return out


def extract_initiatives(
    doc_id: str,
    sentences: Sequence[Sentence],
    entities: Sequence[EntityRecord],
    municipality: str | None,
    *,
    classify_type: TypeFn,
    classify_focus: FocusFn,
    classify_status: StatusFn,
    is_lead_in: LeadInFn | None = None,
    text: str | None = None,
) -> list[InitiativeRecord]:
    """Initiative rows of one document, in sentence order.

    `is_lead_in` decides which headings set the status of the lines under them (own cue
    list when None); a line ending in ':' or ';' before a list is always the lead-in of
    that list. `text`, the document's clean text, makes line starts exact.
    """
    candidates = find_candidates(sentences, entities, is_lead_in=is_lead_in, text=text)
    if not candidates:
        return []
    texts = [c.text for c in candidates]
    types = classify_type(texts)
    focus = classify_focus(texts)
    by_sent: dict[int, list[EntityRecord]] = {}
    for e in sorted(entities, key=lambda e: (e.sent_idx, e.start_char)):
        by_sent.setdefault(e.sent_idx, []).append(e)
    out = []
    for n, (c, kind, areas) in enumerate(zip(candidates, types, focus, strict=True), start=1):
        s = c.sentence
        actors, amounts, dates = _entity_lists(s, by_sent.get(s.idx, []), municipality)
        start = s.start + c.offset
        out.append(
            InitiativeRecord(
                doc_id=doc_id,
                initiative_id=f"{doc_id}-i{n:03d}",
                sent_idx=s.idx,
                start_char=start,
                end_char=start + len(c.text),
                sentence=s.text,
                text=c.text,
                initiative_type=kind,
                status=classify_status(c.text, c.lead_in),
                focus_areas=list(areas),
                actors=actors,
                amounts=amounts,
                dates=dates,
                municipality=municipality,
            )
        )
    return out
