"""Initiatives from the learned detectors: sentences judged likely, cut into listed clauses,
mentions of one initiative grouped, each group one row with its confidence.

Formalities of minutes (agenda approved, adjuster elected, information noted) are never
initiatives whatever the detector says; the list lives in resources/initiative_cues.json.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.pipeline import Pipeline

from pipeline.classify.features import lemmatise
from pipeline.classify.status import Evidence
from pipeline.dataset.records import DateRecord, EntityRecord, InitiativeRecord, OutcomeRecord
from pipeline.extract.detect import SentenceCandidate
from pipeline.extract.mentions import (
    REFERS_BACK,
    Mention,
    clauses,
    content_lemmas,
    document_idf,
    group_mentions,
    opens_as_follow_up,
)
from pipeline.extract.sentence_roles import has_phrase, load_cues
from pipeline.extract.status_evidence import status_evidence

CAPITALISED_RE = re.compile(r"\b[A-ZÅÄÖ][\wåäöÅÄÖ-]{2,}")
TypeFn = Callable[[list[str]], list[str]]
FocusFn = Callable[[list[str]], list[list[str]]]
StatusFn = Callable[[str, str | None, Evidence | None], str]


@dataclass(frozen=True)
class InitiativeDetector:
    """The fitted parts: sentence detector, pairwise 'same initiative' model, thresholds."""

    sentences: Pipeline
    same: Pipeline | None
    threshold: float = 0.5
    same_threshold: float = 0.5
    split_clauses: bool = True
    containment: float | None = None  # when set: same initiative if one mention's words
    # (IDF-weighted) are at least this much contained in the other's, instead of `same`


def is_formality(text: str) -> bool:
    """Agenda approved, adjuster elected, information noted: minutes' routine."""
    return has_phrase(text, load_cues("initiative_cues.json").get("formalities", []))


def mention_of(
    c: SentenceCandidate, start: int, end: int, entities: Sequence[EntityRecord]
) -> Mention:
    s = c.sentence
    text = s.text[start:end].strip(" ,;.:–-")
    a = s.start + s.text.index(text, start) if text else s.start + start
    names = {
        e.value or e.text
        for e in entities
        if e.label == "ORG" and a <= e.start_char < a + len(text)
    }
    names |= set(CAPITALISED_RE.findall(text[1:]))
    return Mention(
        sentence=s,
        start=a,
        end=a + len(text),
        text=text,
        lemmas=content_lemmas(lemmatise(text)),
        names=frozenset(names),
        heading=c.layout.heading,
    )


def detected_mentions(
    cands: Sequence[SentenceCandidate],
    proba: np.ndarray,
    entities: Sequence[EntityRecord],
    threshold: float,
    split: bool = True,
) -> list[tuple[Mention, float, SentenceCandidate]]:
    """Every listed clause of every sentence at or above the threshold, with its probability."""
    by_sent: dict[int, list[EntityRecord]] = {}
    for e in entities:
        by_sent.setdefault(e.sent_idx, []).append(e)
    out = []
    for c, p in zip(cands, proba, strict=True):
        if p < threshold or not c.body or is_formality(c.body):
            continue
        spans = clauses(c.sentence, c.offset) if split else [(c.offset, len(c.sentence.text))]
        for start, end in spans:
            m = mention_of(c, start, end, by_sent.get(c.sentence.idx, []))
            if m.text:
                out.append((m, float(p), c))
    return out


def initiative_rows(
    doc_id: str,
    cands: Sequence[SentenceCandidate],
    proba: np.ndarray,
    entities: Sequence[EntityRecord],
    municipality: str | None,
    detector: InitiativeDetector,
    *,
    classify_type: TypeFn,
    classify_focus: FocusFn,
    classify_status: StatusFn,
    published: dt.date | None = None,
) -> list[InitiativeRecord]:
    """One row per initiative: its best mention, all mention offsets, type, status, actor.

    `published`: the document's date, against which a mention's dates are to come or past."""
    found = detected_mentions(cands, proba, entities, detector.threshold, detector.split_clauses)
    if not found:
        return []
    mentions = [m for m, _, _ in found]
    if (detector.same is not None or detector.containment) and len(mentions) > 1:
        idf = document_idf(
            [content_lemmas(s.lemmas or lemmatise(s.text)) for s in (c.sentence for c in cands)]
        )

        def same(x: np.ndarray) -> np.ndarray:
            if not detector.containment:
                return detector.same.predict_proba(x)[:, 1]
            linked = x[:, 0] >= detector.containment
            if detector.same is None:
                return linked.astype(float)
            # a follow-up that names or points back ("Projektet är ...") is also the same
            # initiative when the pair model agrees
            p = detector.same.predict_proba(x)[:, 1]
            refers = (x[:, list(REFERS_BACK)] > 0).any(axis=1)
            return (linked | (refers & (p >= detector.same_threshold))).astype(float)

        threshold = 0.5 if detector.containment else detector.same_threshold
        groups = group_mentions(mentions, same, idf, threshold)
    else:
        groups = [[i] for i in range(len(mentions))]
    # a heading names an initiative only beside the text that states it
    groups = [g for g in groups if not all(mentions[i].heading for i in g)]
    if not groups:
        return []
    reps = []
    for g in groups:
        # the clearest mention speaks for the group: not a heading, not a later follow-up
        # ("Projektet är ett ramprojekt ..."), most likely
        best = max(
            g,
            key=lambda i, first=g[0]: (
                not mentions[i].heading,
                i == first or not opens_as_follow_up(mentions[i].text),
                found[i][1],
            ),
        )
        reps.append((best, g))
    texts = [mentions[b].text for b, _ in reps]
    types = classify_type(texts)
    areas = classify_focus(texts)
    by_sent: dict[int, list[EntityRecord]] = {}
    for e in entities:
        by_sent.setdefault(e.sent_idx, []).append(e)
    position = {id(c): i for i, c in enumerate(cands)}
    rows = []
    for n, ((best, group), kind, focus) in enumerate(zip(reps, types, areas, strict=True), start=1):
        m, _, c = found[best]
        s = m.sentence
        ents = sorted(by_sent.get(s.idx, []), key=lambda e: e.start_char)
        orgs = list(dict.fromkeys(e.value or e.text for e in ents if e.label == "ORG"))
        offsets = sorted((mentions[i].start, mentions[i].end) for i in group)
        rows.append(
            InitiativeRecord(
                doc_id=doc_id,
                initiative_id=f"{doc_id}-i{n:03d}",
                sent_idx=s.idx,
                start_char=m.start,
                end_char=m.end,
                sentence=s.text,
                text=m.text,
                initiative_type=kind,
                status=classify_status(
                    m.text,
                    c.context or None,
                    status_evidence(
                        cands,
                        position[id(c)],
                        m.start,
                        m.end,
                        [e for e in ents if e.label == "DATE"],
                        published,
                    ),
                ),
                focus_areas=list(focus),
                actors=orgs or ([municipality] if municipality else []),
                amounts=list(
                    dict.fromkeys(
                        e.value or e.text
                        for e in ents
                        if e.label in ("MONEY", "QUANTITY", "PERCENT")
                    )
                ),
                dates=list(dict.fromkeys(e.value or e.text for e in ents if e.label == "DATE")),
                municipality=municipality,
                actor=orgs[0] if orgs else municipality,
                confidence=round(max(found[i][1] for i in group), 4),
                n_mentions=len(group),
                mentions=[x for span in offsets for x in span],
            )
        )
    return rows


@dataclass(frozen=True)
class OutcomeDetector:
    sentences: Pipeline
    threshold: float = 0.5


def outcome_rows(
    doc_id: str,
    cands: Sequence[SentenceCandidate],
    proba: np.ndarray,
    dates: Sequence[DateRecord],
    published: dt.date | None,
    municipality: str | None,
    detector: OutcomeDetector,
    *,
    classify_focus: FocusFn,
) -> list[OutcomeRecord]:
    """One row per sentence judged an outcome, with the fields that make it comparable;
    the direction only where the text says there was a change."""
    from pipeline.extract.outcome_fields import outcome_fields
    from pipeline.extract.outcomes import outcome_direction

    dates_by_sent: dict[int, list[DateRecord]] = {}
    for d in dates:
        dates_by_sent.setdefault(d.sent_idx, []).append(d)
    chosen = [
        (c, float(p))
        for c, p in zip(cands, proba, strict=True)
        if p >= detector.threshold and c.body and not c.layout.heading
    ]
    seen: set[str] = set()
    unique = []
    for c, p in chosen:
        key = " ".join(c.body.lower().split())
        if key not in seen:
            seen.add(key)
            unique.append((c, p))
    areas = classify_focus([c.body for c, _ in unique]) if unique else []
    out = []
    for n, ((c, p), focus) in enumerate(zip(unique, areas, strict=True), start=1):
        s = c.sentence
        fields = outcome_fields(c.body, dates_by_sent.get(s.idx, []), published)
        start = s.start + c.offset
        out.append(
            OutcomeRecord(
                doc_id=doc_id,
                outcome_id=f"{doc_id}-o{n:03d}",
                sent_idx=s.idx,
                start_char=start,
                end_char=start + len(c.body),
                sentence=s.text,
                text=c.body,
                indicator=fields.indicator,
                value=fields.value,
                direction=outcome_direction(c.body),
                focus_areas=list(focus),
                municipality=municipality,
                unit=fields.unit,
                year=fields.year,
                baseline=fields.baseline,
                baseline_scope=fields.baseline_scope,
                confidence=round(p, 4),
            )
        )
    return out
