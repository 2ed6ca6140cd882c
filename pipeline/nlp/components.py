"""spaCy components of the project: rule matchers for numbers and dates, and the merger.

The merger puts every candidate into `doc.ents` once: where candidates
overlap, the more reliable source wins (rule > gazetteer > model), then the
longer span. Each entity carries its normalised value, kb_id and source in
`span._.kl_value`, `span._.kl_kb_id` and `span._.kl_source`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp import extensions
from pipeline.nlp.amounts import amount_entity_value, amount_label, find_amounts
from pipeline.nlp.dates import find_dates
from pipeline.resources import resource_path

RULE_SPANS = "kl_rules"
NESTED_SPANS = "kl_nested"
NESTING_LABELS = frozenset({"SCORE", "MONEY", "QUANTITY", "PERCENT"})
GAZETTEER_SPANS = ("kl_gazetteer", "kl_person")
MODEL_LABELS = frozenset({"PER", "ORG", "LOC"})
PRIORITY = {"rule": 3, "gazetteer": 2, "model": 1}


@cache
def _entity_rules() -> dict:
    with open(resource_path("entity_rules.json"), encoding="utf-8") as fh:
        return json.load(fh)


class NumericMatcher:
    """DATE, MONEY, QUANTITY, PERCENT and SCORE spans from the rule normalisers."""

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for m in find_dates(doc.text, doc._.kl_doc_date):
            span = doc.char_span(m.start, m.end, label="DATE", alignment_mode="expand")
            if span is not None:
                span._.kl_date = m.date
                span._.kl_value = m.date.value
                span._.kl_source = "rule"
                spans.append(span)
        for m in find_amounts(doc.text):
            label = amount_label(m.amount)
            span = doc.char_span(m.start, m.end, label=label, alignment_mode="expand")
            if span is not None:
                span._.kl_amount = m.amount
                span._.kl_value = amount_entity_value(m.amount)
                span._.kl_source = "rule"
                spans.append(span)
        doc.spans[RULE_SPANS] = spans
        return doc


@Language.factory("kommunlens_numeric")
def make_numeric_matcher(nlp: Language, name: str) -> NumericMatcher:
    extensions.register_extensions()
    return NumericMatcher()


def strip_genitive(span: Span) -> str:
    """'Tillväxtverkets projekt' -> 'Tillväxtverket'; 'LRF:s' -> 'LRF'; 'Mars' stays."""
    text = span.text
    if text.endswith(":s"):
        return text[:-2]
    if not text.endswith("s") or len(text) < 4:
        return text
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is None or not nxt.is_alpha or not nxt.is_lower:
        return text
    if nxt.lower_ in _entity_rules()["not_after_genitive"]:
        return text
    return text[:-1]


@dataclass(frozen=True)
class Candidate:
    """An entity proposal; extension values are only written for the winners.

    spaCy stores span extension values by character offsets, so two proposals
    for the same span would overwrite each other's values if set early.
    """

    start: int  # token offsets
    end: int
    label: str
    value: str | None
    kb_id: str | None
    source: str
    date: object = None
    amount: object = None


def _from_spans(spans: Iterable[Span], source: str) -> list[Candidate]:
    return [
        Candidate(
            s.start, s.end, s.label_, s._.kl_value, s._.kl_kb_id, source, s._.kl_date, s._.kl_amount
        )
        for s in spans
    ]


def _model_candidates(doc: Doc) -> list[Candidate]:
    return [
        Candidate(e.start, e.end, e.label_, strip_genitive(e), None, "model")
        for e in doc.ents
        if e.label_ in MODEL_LABELS
    ]


def merge_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: higher source priority first, then longer spans."""
    return split_nested(candidates)[0]


def split_nested(candidates: Iterable[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """(winners, nested): nested are gazetteer names wholly inside a winning amount or score.

    "NKI-värdet enligt SKR har ökat till 87,9" is one SCORE, but SKR in it is
    still an organisation the text names; it is kept beside the score.
    """
    ranked = sorted(candidates, key=lambda c: (-PRIORITY[c.source], c.start - c.end, c.start))
    owner: dict[int, Candidate] = {}
    kept: list[Candidate] = []
    nested: list[Candidate] = []
    for cand in ranked:
        tokens = range(cand.start, cand.end)
        if not tokens:
            continue
        holders = {id(owner[t]): owner[t] for t in tokens if t in owner}
        if not holders:
            for t in tokens:
                owner[t] = cand
            kept.append(cand)
            continue
        (holder,) = holders.values() if len(holders) == 1 else (None,)
        if (
            holder is not None
            and cand.source == "gazetteer"
            and holder.label in NESTING_LABELS
            and holder.start <= cand.start
            and cand.end <= holder.end
        ):
            nested.append(cand)
    return sorted(kept, key=lambda c: c.start), sorted(nested, key=lambda c: c.start)


class EntityMerger:
    """Rules, gazetteers and the statistical NER into one `doc.ents`."""

    def __call__(self, doc: Doc) -> Doc:
        candidates = _from_spans(doc.spans.get(RULE_SPANS, []), "rule")
        for key in GAZETTEER_SPANS:
            candidates += _from_spans(doc.spans.get(key, []), "gazetteer")
        candidates += _model_candidates(doc)
        kept, nested = split_nested(candidates)
        doc.ents = [_to_span(doc, c) for c in kept]
        doc.spans[NESTED_SPANS] = [_to_span(doc, c) for c in nested]
        return doc


def _to_span(doc: Doc, cand: Candidate) -> Span:
    span = Span(doc, cand.start, cand.end, label=cand.label)
    span._.kl_value = cand.value
    span._.kl_kb_id = cand.kb_id
    span._.kl_source = cand.source
    span._.kl_date = cand.date
    span._.kl_amount = cand.amount
    return span


@Language.factory("kommunlens_merge")
def make_entity_merger(nlp: Language, name: str) -> EntityMerger:
    extensions.register_extensions()
    return EntityMerger()
