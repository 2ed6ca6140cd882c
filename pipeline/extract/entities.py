"""Turn processed spaCy docs into table rows with provenance.

A document may have been processed in pieces (see pipeline.nlp.chunks); each
piece comes with its character offset and the number of sentences before it,
so offsets and sentence numbers always refer to the whole clean text.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from pipeline.dataset.records import AmountRecord, DateRecord, EntityRecord, Sentence
from pipeline.limits import limits
from pipeline.nlp.extensions import doc_text
from pipeline.nlp.references import References

NUMERIC_LABELS = frozenset({"DATE", "MONEY", "QUANTITY", "PERCENT", "SCORE"})
ENTITY_LABELS = frozenset({"ORG", "PER", "LOC", "DATE", "MONEY", "QUANTITY", "PERCENT", "SCORE"})


@dataclass
class DocFacts:
    """Everything the NLP stage found in one document."""

    sentences: list[Sentence] = field(default_factory=list)
    entities: list[EntityRecord] = field(default_factory=list)
    dates: list[DateRecord] = field(default_factory=list)
    amounts: list[AmountRecord] = field(default_factory=list)
    n_tokens: int = 0


def _trimmed(sent: Span) -> tuple[int, int] | None:
    """Character bounds of a sentence without surrounding whitespace tokens."""
    tokens = [t for t in sent if not t.is_space]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def bounded(sent: Span, max_chars: int) -> list[Span]:
    """The sentence, or its parts when it is longer than `max_chars` (a table or a text
    without punctuation): cut at token boundaries, after punctuation or a line break when
    one is near, so no row carries an unbounded sentence."""
    if sent.end_char - sent.start_char <= max_chars:
        return [sent]
    doc = sent.doc
    parts: list[Span] = []
    start = sent.start
    good = None  # the last token after which a cut reads well
    for i in range(sent.start, sent.end):
        token = doc[i]
        if i > start and token.idx + len(token) - doc[start].idx > max_chars:
            cut = good if good is not None and good > start else i
            parts.append(doc[start:cut])
            start, good = cut, None
        if token.is_punct or token.is_space:
            good = i + 1
    parts.append(doc[start : sent.end])
    return parts


class Furniture:
    """Character spans of page furniture (headers, signatures, tables of contents ...).

    A sentence that starts inside one is layout, not prose: it gets no row.
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._ends = [b for _, b in ordered]

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and start < self._ends[i] and end <= self._ends[i] + 1


def add_piece(
    facts: DocFacts, doc_id: str, doc: Doc, offset: int = 0, furniture: Furniture | None = None
) -> None:
    """Append the sentences and facts of one processed piece of a document."""
    sent_of_token: dict[int, Sentence] = {}
    max_chars = limits().max_sentence_chars
    for sent in (part for whole in doc.sents for part in bounded(whole, max_chars)):
        bounds = _trimmed(sent)
        if bounds is None:
            continue
        start, end = bounds
        if furniture is not None and furniture.covers(start + offset, end + offset):
            continue
        record = Sentence(
            len(facts.sentences),
            start + offset,
            end + offset,
            doc_text(doc)[start:end],
            " ".join(t.lemma_.lower() for t in sent if not t.is_space and t.lemma_),
            grammar_marks(sent),
            main_verbs(sent, start),
        )
        facts.sentences.append(record)
        for token in sent:
            sent_of_token[token.i] = record
    facts.n_tokens += sum(1 for t in doc if not t.is_space)
    nested = list(doc.spans["kl_nested"]) if "kl_nested" in doc.spans else []
    references: References | None = None
    for ent in sorted([*doc.ents, *nested], key=lambda e: (e.start_char, e.end_char)):
        if ent.label_ not in ENTITY_LABELS:
            continue
        if ent.label_ in NUMERIC_LABELS:  # "Dnr KS 2018/56", "0220-24000": no amount, no date
            if references is None:
                references = References(doc_text(doc))
            if references.overlaps(ent.start_char, ent.end_char):
                continue
        sent = sent_of_token.get(ent.start)
        if sent is None:
            continue
        start, end = ent.start_char + offset, ent.end_char + offset
        common = (doc_id, sent.idx, start, end, sent.text, ent.text)
        facts.entities.append(
            EntityRecord(*common, ent.label_, ent._.kl_value, ent._.kl_kb_id, ent._.kl_source)
        )
        if ent._.kl_date is not None:
            d = ent._.kl_date
            facts.dates.append(
                DateRecord(*common, d.value, d.start, d.end, d.granularity, d.inferred_year)
            )
        if ent._.kl_amount is not None:
            a = ent._.kl_amount
            facts.amounts.append(
                AmountRecord(*common, a.kind, a.value, a.unit, a.approx, a.per, warning=a.warning)
            )


VERB_FEATURES = ("VerbForm", "Tense", "Voice", "Mood")


def grammar_marks(sent: Span) -> tuple[str, ...]:
    """What a sentence's verbs say about time and agency: "VERB:Sup", "AUX:Pres", "Pass" ...

    Read from the tagger and morphologizer when the pipeline has them (empty otherwise):
    a supine after "har" ("har lanserat") reports something done, a passive ("beslutades")
    a decision, an infinitive after "ska" a plan.
    """
    marks: set[str] = set()
    for t in sent:
        if t.pos_ not in ("VERB", "AUX"):
            continue
        for name in VERB_FEATURES:
            for value in t.morph.get(name):
                marks.add(f"{t.pos_}:{value}" if name != "Voice" else value)
        if t.i == sent.start or (t.i == sent.start + 1 and not sent[0].is_alpha):
            marks.add(f"first:{t.pos_}:{''.join(t.morph.get('VerbForm'))}")
    return tuple(sorted(marks))


def main_verbs(sent: Span, start: int) -> tuple[tuple[int, int, str], ...]:
    """Offsets (relative to the sentence text) and form of each main verb: where a sentence
    that lists several things done ("har lanserat ..., tagit fram ... och ordnat ...") splits."""
    out = []
    for t in sent:
        if t.pos_ != "VERB":
            continue
        form = "".join(t.morph.get("VerbForm")) or "?"
        if form == "Fin":
            form = "".join(t.morph.get("Tense")) or form
        out.append((t.idx - start, t.idx - start + len(t.text), form))
    return tuple(out)


def resolve_first_names(entities: list[EntityRecord]) -> list[EntityRecord]:
    """A person named by one name only gets the full name used elsewhere in the document.

    "avslutar Ingrid" -> Ingrid Mars, "förklarar Sjöström" -> Kent Sjöström,
    when exactly one full name in the document starts (or ends) with that
    name. A one-word person from the statistical model that matches no full
    name is dropped: on municipal text those are almost always misreadings
    ("Teams", "Lockne").
    """
    by_part: dict[str, set[str]] = {}
    for e in entities:
        if e.label == "PER" and e.value and " " in e.value:
            parts = e.value.split()
            by_part.setdefault(parts[0], set()).add(e.value)
            by_part.setdefault(parts[-1], set()).add(e.value)
    out = []
    for e in entities:
        if e.label == "PER" and e.value and " " not in e.value:
            name = e.value[:-1] if e.value.endswith("s") and e.value[:-1] in by_part else e.value
            names = by_part.get(name, set())
            if len(names) == 1:
                e = replace(e, value=next(iter(names)))
            elif e.source == "model":
                continue
        out.append(e)
    return out


class FactCollector:
    """A document's facts gathered piece by piece, so no processed piece (a spaCy Doc)
    has to be kept once its rows are taken: memory follows the rows, not the Docs."""

    def __init__(self, doc_id: str, layout: Iterable[object] = ()) -> None:
        self.doc_id = doc_id
        self.facts = DocFacts()
        self.furniture = Furniture((s.start, s.end) for s in layout)  # type: ignore[attr-defined]

    def add(self, offset: int, doc: Doc) -> None:
        add_piece(self.facts, self.doc_id, doc, offset, self.furniture)

    def finish(self) -> DocFacts:
        self.facts.entities = resolve_first_names(self.facts.entities)
        return self.facts


def collect(
    doc_id: str, pieces: Iterable[tuple[int, Doc]], layout: Iterable[object] = ()
) -> DocFacts:
    """All facts of one document from its processed pieces, in text order.

    `layout`: the document's furniture spans (objects with start/end, as in
    RawDocument.layout); sentences inside them are left out.
    """
    collector = FactCollector(doc_id, layout)
    for offset, doc in pieces:
        collector.add(offset, doc)
    return collector.finish()
