"""The § items of a set of minutes: paragraph, case number, title, decision and span.

Items are read from two places and merged by paragraph number:

- the item headings in the body: "§ 119 Dnr KS-2024-00167" with the title on the next
  line, "KS § 80 KS/2018:298 - 001", "§ 253/2016 Dnr 2016/0669 KS-1", "KF 35 Dnr 0183/
  DELGIVNINGAR ...", "1 Dnr KS 29/2017 Muntliga informationer Beslut ...", a lone number
  above its title ("• 1" / "Val av justerare") when such numbers rise through the text,
  and a number followed by a title the table of contents lists ("13 Parentation ...");
- the table of contents or agenda list ("Innehåll", "Ärendelista", "Ärenden"), which often
  is all that is left of a long set of minutes saved as a web page.

The body gives the span (from one heading to the next) and the decision: the text under a
decision heading ("Beslut", "Kommunfullmäktiges beslut", "KF s beslut"), else under a
proposal heading ("Arbetsutskottets förslag", "Förslag till beslut"), up to the next
section heading. Case numbers are kept as written; a "Dnr" case number wins over a bare one.
The rules are data: resources/minutes_rules.json and layout_rules.json (section headings).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from pipeline.minutes.lines import TextLine, text_lines
from pipeline.resources import load_json

MAX_DECISION_CHARS = 1500
_HEADING_BLOCK_LINES = 5  # a heading's title is at most this many lines below it

_NUM = r"\d{1,4}(?:\s?[a-z](?![\wåäöA-ZÅÄÖ]))?"
_PARA_HEAD = re.compile(
    rf"^(?:(?P<organ>[A-ZÅÄÖ]{{1,5}})\s+)?§\s*(?P<num>{_NUM})(?:\s*/\s*(?:19|20)\d\d)?(?P<rest>.*)$"
)
_NUM_DNR_HEAD = re.compile(
    r"^(?:(?P<organ>[A-ZÅÄÖ]{1,5})\s+)?(?P<num>\d{1,4})\s+(?=(?i:dnr|diarienr|diarienummer)\b)(?P<rest>.*)$"
)
_LONE_NUM = re.compile(r"^(?:[•·▪–-]\s*)?(?:§\s*)?(?P<num>\d{1,3})$")
_NUM_TITLE = re.compile(r"^(?P<num>\d{1,4})\s+(?P<rest>\S.*)$")
_TOC_ENTRY = re.compile(
    rf"^(?:[A-ZÅÄÖ]{{1,5}}\s+)?(?:§\s*)?(?P<num>{_NUM})(?=\s|\.{{2}}|…|$)(?P<rest>.*)$"
)
_LEADERS = re.compile(r"(?:\s*\.{2,}\s*|\s*…+\s*)\d{0,4}[a-z]?\s*$")
_CASE_CUE = re.compile(
    r"(?i:\b(?:dnr|diarienr|diarienummer|d\.nr|ärendenr|ärendenummer))\.?\s*:?\s*"
)
_CASE = re.compile(
    r"(?:[A-ZÅÄÖ]{1,6}(?:\s?[/-]\s?|\s|:\s?))?\d[\w/:.-]*"
    r"(?:\s+[A-ZÅÄÖ]{1,5}(?:-\d+)?(?![\wåäöÅÄÖ]))?(?:\s*-\s*\d{3}(?!\d))?"
)
# A case number without a cue on a heading line: "KS/2018:298 - 001", "KS 2018/56".
_BARE_CASE = re.compile(
    r"^(?:[A-ZÅÄÖ]{1,6}\s?[/:-]?\s?)?(?:(?:19|20)\d\d[/:-]\d{1,5}|\d{1,5}[/-](?:19|20)\d\d)"
    r"(?:[/:-]\w+)*(?:\s*-\s*\d{3}(?!\d))?"
)
_LABEL_VALUE = re.compile(r"\b[A-ZÅÄÖ][a-zåäö]+:\s*\d+\b")  # "Diariekod: 004"
_DATE_ISO = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")
_DOC_LABELS = frozenset({"protokoll", "protokollsutdrag", "sammanträdesprotokoll", "utdrag"})
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class AgendaItem:
    """One § item; start/end are offsets into the clean text."""

    paragraph: str
    case_number: str | None
    title: str | None
    decision: str | None
    start: int
    end: int
    in_body: bool = True  # False when only the table of contents lists it
    case_cued: bool = False  # the case number followed "Dnr"


@dataclass(frozen=True)
class _Rules:
    decision: re.Pattern[str]
    proposal: re.Pattern[str]
    decision_inline: re.Pattern[str]
    section_end: re.Pattern[str]
    section_end_inline: re.Pattern[str]
    organs: frozenset[str]
    toc_heading: re.Pattern[str]


@cache
def _rules() -> _Rules:
    data = load_json("minutes_rules.json")
    layout = load_json("layout_rules.json")
    decision = "|".join(data["decision_headings"])
    proposal = "|".join(data["proposal_headings"])
    ends = "|".join(
        re.escape(h).replace(r"\ ", r"\s+")
        for h in sorted(
            {*data["section_end_headings"], *layout["section_headings"]}, key=len, reverse=True
        )
    )
    toc = "|".join(map(re.escape, layout["toc_headings"]))
    return _Rules(
        decision=re.compile(rf"^(?i:{decision})\s*:?$"),
        proposal=re.compile(rf"^(?i:{proposal})\s*:?$"),
        decision_inline=re.compile(
            rf"(?:^|(?<=\s))(?P<head>(?i:{decision})|(?i:{proposal}))\s*:?\s+(?=[A-ZÅÄÖ•–-])"
        ),
        section_end=re.compile(rf"^(?i:{ends})\s*:?$"),
        section_end_inline=re.compile(
            rf"(?:(?<=[.!?:])|^)\s*(?=(?i:{ends})\s*:?\s+[A-ZÅÄÖ0-9•–-])"
        ),
        organs=frozenset(k.upper() for k in data["organ_abbreviations"]),
        toc_heading=re.compile(rf"^(?i:{toc})\s*:?$"),
    )


# ---------------------------------------------------------------- case numbers and titles


def split_case(rest: str) -> tuple[str | None, bool, str]:
    """(case number, whether "Dnr" announced it, what follows it) from a heading's rest."""
    rest = rest.strip().lstrip(",;").strip()
    cue = _CASE_CUE.search(rest)
    if cue and cue.start() <= 2:
        after = rest[cue.end() :]
        m = _CASE.match(after)
        if m:
            return m.group(0).strip(), True, after[m.end() :]
        return None, True, after
    m = _BARE_CASE.match(rest)
    if m:
        return m.group(0).strip(), False, rest[m.end() :]
    return None, False, rest


def _clean_title(text: str) -> str | None:
    text = _LEADERS.sub("", text)
    text = _LABEL_VALUE.sub("", text)
    text = " ".join(text.split()).strip(" .,:;-–")
    return text or None


def _is_title(text: str) -> bool:
    """A line that can be an item's title: words, not a label, a case number or a dateline."""
    if not _WORD.search(text) or text.lower().strip(" .:") in _DOC_LABELS:
        return False
    if _BARE_CASE.match(text) or _CASE_CUE.match(text):
        return False
    if _DATE_ISO.search(text) and len(_WORD.findall(_DATE_ISO.sub("", text))) <= 2:
        return False  # "Kommunfullmäktige 2015-09-17", "KF 2015-09-17 18:00"
    return not _rules().section_end.match(text) and not _rules().decision.match(text)


def _inline_title(rest: str) -> str | None:
    """The title on the heading line itself, cut before a decision or the next section."""
    rest = rest.strip()
    if not rest or not _is_title(rest):
        return None
    upper = re.match(r"^(?:[A-ZÅÄÖ0-9][A-ZÅÄÖ0-9-]*(?:\s+|$))+", rest)
    if (
        upper
        and len(_WORD.findall(upper.group(0))) >= 1
        and any(len(w) > 3 for w in _WORD.findall(upper.group(0)))
    ):
        words = upper.group(0).split()
        while words and words[-1] in _rules().organs:
            words.pop()
        if len(words) < len(rest.split()):
            return _clean_title(" ".join(words))
    cut = len(rest)
    for pattern in (_rules().decision_inline, _rules().section_end_inline):
        m = pattern.search(rest, 1)
        if m:
            cut = min(cut, m.start())
    sentence = re.search(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", rest)
    if sentence:
        cut = min(cut, sentence.start())
    return _clean_title(rest[:cut])


# ---------------------------------------------------------------- table of contents


def toc_items(lines: Sequence[TextLine]) -> list[AgendaItem]:
    """Items listed in the table of contents (lines whose kind is "toc")."""
    entries: list[tuple[str, int, int, list[str]]] = []
    last_number = -1
    for line in lines:
        if line.kind != "toc" or _rules().toc_heading.match(line.text):
            continue
        m = _TOC_ENTRY.match(line.text)
        number = int(re.match(r"\d+", m.group("num")).group(0)) if m else -1
        if m and number > last_number:
            entries.append((m.group("num"), line.start, line.end, [m.group("rest")]))
            last_number = number
        elif entries:
            paragraph, start, _, parts = entries[-1]
            entries[-1] = (paragraph, start, line.end, [*parts, line.text])
    items = []
    for paragraph, start, end, parts in entries:
        case, cued, rest = split_case(parts[0])
        text = " ".join([rest, *parts[1:]])
        text = " ".join(_LEADERS.sub("", p) for p in re.split(r"(?<=\d)\s+(?=[A-ZÅÄÖ])", text))
        items.append(
            AgendaItem(_normal(paragraph), case, _clean_title(text), None, start, end, False, cued)
        )
    return items


def _normal(paragraph: str) -> str:
    return " ".join(paragraph.split())


# ---------------------------------------------------------------- body headings


@dataclass
class _Heading:
    paragraph: str
    index: int  # line index
    case: str | None
    cued: bool
    title: str | None


def _body_headings(lines: Sequence[TextLine], toc: dict[str, AgendaItem]) -> list[_Heading]:
    found: list[_Heading] = []
    lone: list[_Heading] = []
    for i, line in enumerate(lines):
        if line.kind is not None:
            continue
        text = line.text
        m = _PARA_HEAD.match(text)
        if m and not text.startswith("§§") and not re.match(r"^\s*[-–]\s*\d", m.group("rest")):
            found.append(_heading(lines, i, m.group("num"), m.group("rest")))
            continue
        m = _NUM_DNR_HEAD.match(text)
        if m:
            found.append(_heading(lines, i, m.group("num"), m.group("rest")))
            continue
        m = _LONE_NUM.match(text)
        if m and i + 1 < len(lines) and _is_title(lines[i + 1].text):
            lone.append(_Heading(m.group("num"), i, None, False, _clean_title(lines[i + 1].text)))
            continue
        m = _NUM_TITLE.match(text)
        if m and m.group("num") in toc:
            title = toc[m.group("num")].title or ""
            if title and m.group("rest").lower().startswith(" ".join(title.split()[:3]).lower()):
                found.append(_Heading(m.group("num"), i, None, False, title))
    if len(lone) >= 2 and all(
        int(a.paragraph) < int(b.paragraph) for a, b in itertools.pairwise(lone)
    ):
        found.extend(lone)
    return sorted(found, key=lambda h: h.index)


def _heading(lines: Sequence[TextLine], i: int, number: str, rest: str) -> _Heading:
    """A heading line and the lines below it: its case number and title."""
    case, cued, after = split_case(rest)
    title = _inline_title(after)
    for line in lines[i + 1 : i + 1 + _HEADING_BLOCK_LINES]:
        if line.kind is not None:
            continue
        text = line.text
        if _PARA_HEAD.match(text) or _NUM_DNR_HEAD.match(text):
            break
        if not cued:
            c, c_cued, after_case = split_case(text)
            if c and (c_cued or case is None):
                case, cued = c, c_cued
                if title is None:
                    title = _inline_title(after_case)
                continue
        if title is None and _is_title(text):
            title = _inline_title(text) if len(text) > 160 else _clean_title(text)
        if title is not None and (cued or case is not None):
            break
    return _Heading(_normal(number), i, case, cued, title)


# ---------------------------------------------------------------- decisions


def _decision(lines: Sequence[TextLine]) -> str | None:
    """The text under the item's decision headings, else under its proposal headings."""
    rules = _rules()
    for heading in (rules.decision, rules.proposal):
        blocks: list[str] = []
        collecting: list[str] | None = None
        for line in lines:
            if line.kind is not None:
                continue
            text = line.text
            if heading.match(text):
                collecting = []
                blocks.append("")
                continue
            inline = rules.decision_inline.search(text)
            if inline and heading.match(inline.group("head")) and collecting is None:
                collecting = []
                blocks.append("")
                text = text[inline.end() :]
            if collecting is None:
                continue
            if rules.section_end.match(text) or rules.decision.match(text):
                collecting = None
                continue
            if rules.section_end_inline.match(text) and not rules.decision_inline.match(text):
                collecting = None
                continue
            end = rules.section_end_inline.search(text, 1)
            collecting.append(text[: end.start()].strip() if end else text)
            blocks[-1] = " ".join(collecting)
            if end:
                collecting = None
        text = " ".join(b for b in blocks if b).strip()
        if text:
            return (
                text
                if len(text) <= MAX_DECISION_CHARS
                else text[:MAX_DECISION_CHARS].rsplit(" ", 1)[0]
            )
    return None


# ---------------------------------------------------------------- all together


def agenda_items(text: str, layout: Iterable[object] = ()) -> list[AgendaItem]:
    """The § items of a set of minutes, in the order of the text."""
    lines = text_lines(text, layout)
    toc = {}
    for item in toc_items(lines):
        toc.setdefault(_key(item.paragraph), item)
    toc_by_number = {re.sub(r"\s", "", p): i for p, i in toc.items()}
    headings = _body_headings(lines, toc_by_number)
    body_end = _body_end(lines)
    merged: dict[str, AgendaItem] = {}
    order: list[str] = []
    for n, heading in enumerate(headings):
        key = _key(heading.paragraph)
        nxt = next((h for h in headings[n + 1 :] if _key(h.paragraph) != key), None)
        stop = lines[nxt.index].start if nxt else body_end
        start = lines[heading.index].start
        span_lines = [ln for ln in lines[heading.index :] if ln.start < stop]
        end = max((ln.end for ln in span_lines), default=lines[heading.index].end)
        item = AgendaItem(
            heading.paragraph, heading.case, heading.title, None, start, end, True, heading.cued
        )
        if key in merged:
            item = _merge(merged[key], item)
        else:
            order.append(key)
        merged[key] = item
    for key in order:
        item = merged[key]
        body = [ln for ln in lines if item.start <= ln.start < item.end]
        merged[key] = replace(item, decision=_decision(body))
    for key, listed in toc.items():
        if key in merged:
            merged[key] = _with_toc(merged[key], listed)
        else:
            merged[key] = listed
            order.append(key)
    return sorted((merged[k] for k in order), key=lambda i: (not i.in_body, i.start))


def _key(paragraph: str) -> str:
    return re.sub(r"\s", "", paragraph).lower()


def _merge(first: AgendaItem, again: AgendaItem) -> AgendaItem:
    """The same § met twice (an index line, then the item): one item spanning both."""
    case, cued = first.case_number, first.case_cued
    if again.case_number and ((again.case_cued and not cued) or case is None):
        case, cued = again.case_number, again.case_cued
    return replace(
        first,
        case_number=case,
        case_cued=cued,
        title=first.title or again.title,
        end=max(first.end, again.end),
    )


def _with_toc(item: AgendaItem, listed: AgendaItem) -> AgendaItem:
    """The table of contents' title is cleaner than one cut out of a flattened line."""
    case, cued = item.case_number, item.case_cued
    if listed.case_number and ((listed.case_cued and not cued) or case is None):
        case, cued = listed.case_number, listed.case_cued
    return replace(item, title=listed.title or item.title, case_number=case, case_cued=cued)


def _body_end(lines: Sequence[TextLine]) -> int:
    """The end of the last line that is not trailing furniture (signatures, web text)."""
    for line in reversed(lines):
        if line.kind is None:
            return line.end
    return lines[-1].end if lines else 0
