"""What a mention's sentence and document add to its status: verb forms, a coming date,
a programme the list belongs to (see pipeline.classify.status.Evidence).

The status rules read the mention's words; tense, the document's date and the text before
a list are outside those words, so they are gathered here from the analysed sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from pipeline.classify.status import Evidence, is_plan_context
from pipeline.dataset.records import EntityRecord, Sentence
from pipeline.extract.detect import SentenceCandidate
from pipeline.extract.outcomes import strip_purpose

# A list number or bullet that the sentence splitter left on its own ("7.").
BARE_MARKER_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|[-–—•▪●◦*·])\s*$")


def date_start(value: str | None) -> dt.date | None:
    """First day of a resolved day or month value ("2021-01-14", "2022-02", "2022-02-02/...");
    None for years and anything else (a bare year says too little about what is to come)."""
    if not value:
        return None
    head = value.split("/")[0]
    try:
        if len(head) == 10:
            return dt.date.fromisoformat(head)
        if len(head) == 7:
            return dt.date.fromisoformat(f"{head}-01")
    except ValueError:
        return None
    return None


def _verb_forms(sentence: Sentence, start: int, end: int) -> tuple[str, ...]:
    """Forms of the main verbs that lie inside [start, end) of the clean text."""
    return tuple(
        form
        for v_start, v_end, form in sentence.verbs
        if start <= sentence.start + v_start and sentence.start + v_end <= end
    )


def _bare_marker(c: SentenceCandidate) -> bool:
    return bool(BARE_MARKER_RE.match(c.sentence.text))


def _in_list(cands: Sequence[SentenceCandidate], i: int) -> bool:
    """A list item, also one whose number the sentence splitter cut off into its own sentence."""
    c = cands[i]
    return c.layout.in_item or _bare_marker(c) or (i > 0 and _bare_marker(cands[i - 1]))


def _list_preamble(cands: Sequence[SentenceCandidate], i: int) -> str:
    """The line before the list of item cands[i] and the sentence before that ("" if no list,
    or if that line reports the past: "Programmet innehöll följande:" lists what was done)."""
    if not _in_list(cands, i):
        return ""
    j = i
    while j > 0 and _in_list(cands, j):
        j -= 1
    if _in_list(cands, j) or any(form == "Past" for *_, form in cands[j].sentence.verbs):
        return ""
    before = cands[j - 1].sentence.text if j > 0 else ""
    return f"{before}\n{cands[j].sentence.text}"


def _outside_purpose(sentence: Sentence, start: int, end: int) -> bool:
    """True when [start, end) of the clean text lies outside the sentence's purpose clauses
    ("för att kunna genomföra mässan i augusti": the date is the purpose's, not the act's)."""
    blanked = strip_purpose(sentence.text)
    part = blanked[start - sentence.start : end - sentence.start]
    return bool(part.strip())


def status_evidence(
    cands: Sequence[SentenceCandidate],
    i: int,
    start: int,
    end: int,
    dates: Sequence[EntityRecord],
    reference: dt.date | None,
) -> Evidence:
    """Evidence for the mention [start, end) of candidate cands[i].

    `dates`: the DATE entities of its sentence; `reference`: the document's date."""
    s = cands[i].sentence
    future = reference is not None and any(
        (d := date_start(e.value)) is not None and d > reference
        for e in dates
        if start <= e.start_char
        and e.end_char <= end
        and _outside_purpose(s, e.start_char, e.end_char)
    )
    return Evidence(
        forms=_verb_forms(s, start, end),
        tagged=bool(s.verbs or s.grammar),
        future_date=future,
        plan_list=is_plan_context(_list_preamble(cands, i)),
    )
