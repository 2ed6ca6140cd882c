"""spaCy components of the project: rule matchers for numbers and dates, and the merger.

The merger puts every candidate into `doc.ents` once: where candidates
overlap, the more reliable source wins (rule > gazetteer > organisation
pattern > model), then the longer span. Each entity carries its normalised
value, kb_id and source in `span._.kl_value`, `span._.kl_kb_id` and
`span._.kl_source` (an organisation pattern is recorded as a "rule").
Proposals that are not exact gazetteer names lose form labels, page markers,
headings and titles at their edges first (entity_filter.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp import extensions
from pipeline.nlp.amounts import amount_entity_value, amount_label, find_amounts
from pipeline.nlp.dates import find_dates
from pipeline.nlp.entity_filter import EMPTY_FILTER, FILTER_FILE, EntityFilter
from pipeline.nlp.extensions import doc_text, set_span_values, span_values
from pipeline.nlp.lexicon import is_common_word, looks_like_common_noun
from pipeline.nlp.org_patterns import SPANS_KEY as PATTERN_SPANS
from pipeline.nlp.person_names import FIRST_NAMES_FILE, FirstNames
from pipeline.resources import load_json

RULE_SPANS = "kl_rules"
NESTED_SPANS = "kl_nested"
NESTING_LABELS = frozenset({"SCORE", "MONEY", "QUANTITY", "PERCENT"})
GAZETTEER_SPANS = ("kl_gazetteer", "kl_person")
MODEL_LABELS = frozenset({"PER", "ORG", "LOC"})
PRIORITY = {"rule": 3, "gazetteer": 2, "pattern": 1.5, "model": 1}
OUTPUT_SOURCE = {"pattern": "rule"}  # entities.source is gazetteer | rule | model


def _entity_rules() -> dict:
    return load_json("entity_rules.json")


class NumericMatcher:
    """DATE, MONEY, QUANTITY, PERCENT and SCORE spans from the rule normalisers."""

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        text = doc_text(doc)
        for m in find_dates(text, doc._.kl_doc_date):
            span = doc.char_span(m.start, m.end, label="DATE", alignment_mode="expand")
            if span is not None:
                set_span_values(
                    span,
                    kl_date=m.date,
                    kl_value=m.date.value,
                    kl_source="rule",
                )
                spans.append(span)
        for m in find_amounts(text):
            label = amount_label(m.amount)
            span = doc.char_span(m.start, m.end, label=label, alignment_mode="expand")
            if span is not None:
                set_span_values(
                    span,
                    kl_amount=m.amount,
                    kl_value=amount_entity_value(m.amount),
                    kl_source="rule",
                )
                spans.append(span)
        doc.spans[RULE_SPANS] = spans
        return doc


@Language.factory("kommunlens_numeric", assigns=["doc.spans"])
def make_numeric_matcher(nlp: Language, name: str) -> NumericMatcher:
    """Rule matches for dates and amounts into ``doc.spans["kl_rules"]``; the rule tables
    (dates_sv.json, amounts_sv.json, quantity_units.json) are run-time resources."""
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
    out = []
    for s in spans:
        value, kb_id, _, date, amount = span_values(s)
        out.append(Candidate(s.start, s.end, s.label_, value, kb_id, source, date, amount))
    return out


def _at_line_start(token) -> bool:
    if token.i == 0 or token.is_sent_start:
        return True
    prev = token.doc[token.i - 1]
    return not prev.is_alpha and prev.text not in {",", "och"}


def trim_model_span(span: Span) -> Span | None:
    """Drop what the news-trained NER mistakes for names in municipal text.

    Leading ordinary words at a line or sentence start go ("Inom
    Digitalisering" -> "Digitalisering"); a single ordinary word goes
    ("Resultat", "Regionen"), and so does a compound or derived noun at a
    line start ("Kunskapshöjning"); a span of ordinary words only goes
    ("Gott Nytt"); so do abbreviations ("Komm."), web addresses, units and
    indicators ("SEK", "NKI", from entity_rules.json).
    """
    start, end = span.start, span.end
    doc = span.doc
    while start < end and not doc[start].is_alpha:  # "| Status", "– Region"
        start += 1
    if start == end:
        return None
    at_start = _at_line_start(doc[start])
    while at_start and start < end and is_common_word(doc[start].text):
        start += 1
    if start == end:
        return None
    tokens = doc[start:end]
    if any(t.like_url or t.like_email for t in tokens) or tokens.text in _never_entities():
        return None
    if len(tokens) == 1:
        word = tokens[0].text
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.text == "." and word.lower() in _abbreviations():
            return None
        if at_start and looks_like_common_noun(word):
            return None
    elif all(is_common_word(t.text) for t in tokens):
        return None
    return tokens


def _never_entities() -> frozenset[str]:
    return frozenset(_entity_rules()["never_entities"])


def _abbreviations() -> frozenset[str]:
    return frozenset(load_json("sentence_rules.json")["abbreviations"])


def plausible_person(span: Span, first_names: frozenset[str]) -> bool:
    """A model PER that can be a name: no digits, some lower-case letters, and not only
    ordinary (compound) nouns unless a first name is among them ("Ramprojekt Företagsstöd",
    "DNR KS" are not people; "Kent Sjöström" is, though "ström" is a word)."""
    words = [t.text for t in span]
    if any(ch.isdigit() for w in words for ch in w):
        return False
    if not any(ch.islower() for w in words for ch in w):
        return False
    if any(strip_genitive_word(w) in first_names for w in words):
        return True
    return not all(looks_like_common_noun(w) for w in words if w.isalpha())


def strip_genitive_word(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _model_candidates(
    doc: Doc, first_names: frozenset[str], entity_filter: EntityFilter = EMPTY_FILTER
) -> list[Candidate]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in MODEL_LABELS:
            continue
        label = ent.label_
        start, end = entity_filter.trim(doc, ent.start, ent.end, label)
        if start == end:
            continue
        cut_words = any(
            any(ch.isalpha() for ch in t.text)
            for t in (*doc[ent.start : start], *doc[end : ent.end])
        )
        span = trim_model_span(doc[start:end])
        if span is None:
            continue
        if cut_words and len(span) == 1 and label != "LOC":
            continue  # "Visma Underskriftstjänst", "Sollefteå Underskrift": the reading is doubtful
        if label == "PER" and not plausible_person(span, first_names):
            continue
        if len(span) == 1 and strip_genitive(span) in first_names:
            label = "PER"  # "avslutar Ingrid": a first name is a person, whatever the model says
        value = clean_value(strip_genitive(span))
        if value:
            out.append(Candidate(span.start, span.end, label, value, None, "model"))
    return out


_MARKUP = re.compile(r"[<>`|{}\[\]]")


def clean_value(text: str) -> str:
    """A name without what text extraction glued to its last token ("Hockey,<br", "NIL`")."""
    text = _MARKUP.split(text, maxsplit=1)[0]
    return " ".join(text.split()).strip(" ,;:.-–")


def _pattern_candidates(doc: Doc, entity_filter: EntityFilter) -> list[Candidate]:
    """Organisation-pattern matches, unless a boundary word starts or ends them or a person
    name overlaps them ("Företagarna Henric Carlsson" is an association and a person)."""
    people = [(s.start, s.end) for s in doc.spans.get("kl_person", [])]
    out = []
    for cand in _from_spans(doc.spans.get(PATTERN_SPANS, []), "pattern"):
        if entity_filter.trim(doc, cand.start, cand.end, cand.label) != (cand.start, cand.end):
            continue
        if any(s < cand.end and cand.start < e for s, e in people):
            continue
        out.append(cand)
    return out


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


def apply_context_roles(gazetteer: list[Candidate], model: list[Candidate]) -> list[Candidate]:
    """A place name the model reads as an organisation in context is an organisation.

    The gazetteer knows "Örebro" is a town, not whether the sentence means the
    town or the football club; where the model tags exactly that span ORG,
    its reading wins (with source "model").
    """
    model_org = {(c.start, c.end) for c in model if c.label == "ORG"}
    out = []
    for c in gazetteer:
        if c.label == "LOC" and (c.start, c.end) in model_org:
            c = Candidate(c.start, c.end, "ORG", c.value, None, "model")
        out.append(c)
    return out


def yield_to_longer_names(
    doc: Doc, gazetteer: list[Candidate], model: list[Candidate]
) -> list[Candidate]:
    """A place inside a longer name the model found is part of that name.

    "Borås Tidning" is a newspaper and "Mark Clattenburg" a person, though the
    gazetteer knows Borås and Mark as municipalities. A place match strictly
    inside a model PER or ORG span gives way, unless another gazetteer or
    person-name match also overlaps that span (then the model's boundary is
    in doubt: "Ingrid Mars Östersund"), or the model's person has an ordinary
    word beside the place ("Södertälje Årskrönika").
    """

    def claims(m: Candidate, g: Candidate) -> bool:
        if m.label not in ("PER", "ORG") or not (m.start <= g.start and g.end <= m.end):
            return False
        if m.end - m.start <= g.end - g.start:
            return False
        if m.source == "pattern":  # "Tempohus Kungsbacka AB", "Företagarna Töre"
            return True
        if any(o is not g and o.start < m.end and m.start < o.end for o in gazetteer):
            return False
        if m.label == "PER":
            others = [*range(m.start, g.start), *range(g.end, m.end)]
            return not any(looks_like_common_noun(doc[i].text) for i in others)
        return True

    def extends(p: Candidate, g: Candidate) -> bool:
        """A pattern that names a branch of a known organisation ("Företagarna Töre"), not
        the organisation with its legal form ("Almi Företagspartner AB")."""
        if p.source != "pattern" or g.label != "ORG" or p.start != g.start or p.end <= g.end:
            return False
        return not all(doc[i].text.isupper() for i in range(g.end, p.end))

    if not gazetteer or not model:
        return gazetteer
    return [
        g
        for g in gazetteer
        if not (g.label == "LOC" and any(claims(m, g) for m in model))
        and not any(extends(m, g) for m in model)
    ]


class EntityMerger:
    """Rules, gazetteers and the statistical NER into one `doc.ents`.

    Owns the first names it uses to relabel a lone first name as a person (saved with the
    pipeline, like the person-name component's copy) and the boundary words of
    entity_filter.py.
    """

    def __init__(self, nlp: Language, name: str = "kommunlens_merge") -> None:
        self.name = name
        self.first_names = FirstNames(frozenset(), frozenset())
        self.entity_filter = EMPTY_FILTER

    def initialize(
        self,
        get_examples: Callable | None = None,
        *,
        nlp: Language | None = None,
        lexicon_dir: str | Path | None = None,
    ) -> None:
        """Read the first names and boundary words from ``lexicon_dir`` (build time)."""
        if lexicon_dir is None:
            raise ValueError(f"{self.name}: initialize needs lexicon_dir (the word-list folder)")
        self.first_names = FirstNames.from_file(Path(lexicon_dir) / FIRST_NAMES_FILE)
        self.entity_filter = EntityFilter.from_file(Path(lexicon_dir) / FILTER_FILE)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        self.first_names.to_file(Path(path) / FIRST_NAMES_FILE)
        self.entity_filter.to_file(Path(path) / FILTER_FILE)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityMerger:
        self.first_names = FirstNames.from_file(Path(path) / FIRST_NAMES_FILE)
        if (Path(path) / FILTER_FILE).exists():
            self.entity_filter = EntityFilter.from_file(Path(path) / FILTER_FILE)
        return self

    def __call__(self, doc: Doc) -> Doc:
        candidates = _from_spans(doc.spans.get(RULE_SPANS, []), "rule")
        gazetteer: list[Candidate] = []
        for key in GAZETTEER_SPANS:
            gazetteer += _from_spans(doc.spans.get(key, []), "gazetteer")
        model = _model_candidates(doc, self.first_names.names, self.entity_filter)
        patterns = _pattern_candidates(doc, self.entity_filter)
        gazetteer = yield_to_longer_names(doc, gazetteer, [*patterns, *model])
        candidates += apply_context_roles(gazetteer, model) + patterns + model
        kept, nested = split_nested(candidates)
        doc.ents = [_to_span(doc, c) for c in kept]
        doc.spans[NESTED_SPANS] = [_to_span(doc, c) for c in nested]
        return doc


def _to_span(doc: Doc, cand: Candidate) -> Span:
    span = Span(doc, cand.start, cand.end, label=cand.label)
    set_span_values(
        span,
        kl_value=cand.value,
        kl_kb_id=cand.kb_id,
        kl_source=OUTPUT_SOURCE.get(cand.source, cand.source),
        kl_date=cand.date,
        kl_amount=cand.amount,
    )
    return span


@Language.factory(
    "kommunlens_merge",
    assigns=["doc.ents", "doc.spans"],
    requires=["doc.spans"],
)
def make_entity_merger(nlp: Language, name: str) -> EntityMerger:
    """Factory for ``nlp.add_pipe("kommunlens_merge")``; initialize with a lexicon_dir."""
    extensions.register_extensions()
    return EntityMerger(nlp, name)
