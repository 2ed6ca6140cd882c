"""One dataclass per table row; field order and names follow resources/schema.json."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document's clean text; the unit of provenance."""

    idx: int
    start: int
    end: int
    text: str
    lemmas: str = ""  # the words' lemmas, lower case, space separated (when a lemmatizer ran)
    grammar: tuple[str, ...] = ()  # verb forms and the like (grammar_marks), for the detectors
    verbs: tuple[tuple[int, int, str], ...] = ()  # (start, end, form) of main verbs, in the text


@dataclass(frozen=True)
class DocumentRecord:
    doc_id: str
    source_path: str
    file_format: str
    sha256: str
    title: str | None
    doc_type: str
    doc_type_score: float
    municipality: str | None
    municipality_code: str | None
    county: str | None
    published: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    n_pages: int
    n_chars: int
    n_sentences: int
    n_tokens: int
    language: str
    nlp_model: str
    pipeline_version: str
    warnings: list[str] = field(default_factory=list)
    meeting_date: dt.date | None = None
    body: str | None = None
    ocr: bool = False
    ocr_confidence: float | None = None


@dataclass(frozen=True)
class EntityRecord:
    doc_id: str
    sent_idx: int
    start_char: int
    end_char: int
    sentence: str
    text: str
    label: str
    value: str | None
    kb_id: str | None
    source: str
    agenda_paragraph: str | None = None


@dataclass(frozen=True)
class DateRecord:
    doc_id: str
    sent_idx: int
    start_char: int
    end_char: int
    sentence: str
    text: str
    value: str
    date_start: dt.date
    date_end: dt.date
    granularity: str
    inferred_year: bool
    agenda_paragraph: str | None = None


@dataclass(frozen=True)
class AmountRecord:
    doc_id: str
    sent_idx: int
    start_char: int
    end_char: int
    sentence: str
    text: str
    kind: str
    value: float | None  # None when implausible (see warning)
    unit: str | None
    approx: bool
    per: str | None
    agenda_paragraph: str | None = None
    role: str | None = None
    funder: str | None = None
    recipient: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    total_sek: float | None = None
    warning: str | None = None


@dataclass(frozen=True)
class InitiativeRecord:
    doc_id: str
    initiative_id: str
    sent_idx: int
    start_char: int
    end_char: int
    sentence: str
    text: str
    initiative_type: str
    status: str
    focus_areas: list[str]
    actors: list[str]
    amounts: list[str]
    dates: list[str]
    municipality: str | None
    agenda_paragraph: str | None = None
    actor: str | None = None
    confidence: float | None = None
    n_mentions: int = 1
    mentions: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class OutcomeRecord:
    doc_id: str
    outcome_id: str
    sent_idx: int
    start_char: int
    end_char: int
    sentence: str
    text: str
    indicator: str | None
    value: float | None
    direction: str | None
    focus_areas: list[str]
    municipality: str | None
    agenda_paragraph: str | None = None
    unit: str | None = None
    year: int | None = None
    baseline: float | None = None
    baseline_scope: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class FocusAreaRecord:
    doc_id: str
    focus_area: str
    score: float
    n_sentences: int
    evidence: list[int]


@dataclass(frozen=True)
class AgendaItemRecord:
    """One § item of a set of minutes."""

    doc_id: str
    paragraph: str
    case_number: str | None
    title: str | None
    decision: str | None
    start_char: int
    end_char: int


@dataclass(frozen=True)
class AttendanceRecord:
    """One person on the attendance list of a set of minutes."""

    doc_id: str
    name: str
    party: str | None
    role: str | None
    present: bool
    start_char: int
    end_char: int


@dataclass(frozen=True)
class ErrorRecord:
    source_path: str
    stage: str
    error_type: str
    message: str
    when: dt.datetime


@dataclass
class DocumentResult:
    """All rows one document contributes to the dataset (what the result store keeps)."""

    document: DocumentRecord
    entities: list[EntityRecord] = field(default_factory=list)
    dates: list[DateRecord] = field(default_factory=list)
    amounts: list[AmountRecord] = field(default_factory=list)
    initiatives: list[InitiativeRecord] = field(default_factory=list)
    outcomes: list[OutcomeRecord] = field(default_factory=list)
    focus_areas: list[FocusAreaRecord] = field(default_factory=list)
    agenda_items: list[AgendaItemRecord] = field(default_factory=list)
    attendance: list[AttendanceRecord] = field(default_factory=list)
