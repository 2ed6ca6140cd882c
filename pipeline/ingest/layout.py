"""Page furniture apart from prose: every reader's pages go through `assemble`.

Real municipal documents carry more than their text: running headers and footers, page
numbers ("Sida 4 av 17", "5(10)"), signature and "Justerande / Utdragsbestyrkande" blocks,
the notice-board paragraph of minutes, tables of contents, and, in texts saved from web
viewers, the viewer's own buttons ("Storlek: px", "SHOW MORE"). `assemble` cleans each page,
splits lines that lost their breaks into units (page counters, table-of-contents entries,
form lines such as "Plats och tid", headings after a full stop), recognises the furniture,
and returns a RawDocument whose clean text keeps every line in reading order and whose
`layout` lists the furniture lines with their page. Furniture lines never become sentences
(the analysis skips them) but stay in the text, so a table of contents can still be read
for the agenda and every offset still points into one text. The rules are data:
resources/layout_rules.json.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from pipeline.ingest.base import LayoutSpan, Page, RawDocument
from pipeline.ingest.clean import clean_text
from pipeline.limits import cut_point, limits, truncation_warning
from pipeline.resources import load_json

_TOP_ZONE = 4  # lines at the top of a page that may be a running header
_BOTTOM_ZONE = 3
_LEADER = r"(?:\s*\.){2,}\s*|\s*…+\s*"
_LEADER_ENTRY = re.compile(rf"(?:{_LEADER})\d{{1,4}}[a-z]?$")
_LEADER_SPLIT = re.compile(rf"((?:{_LEADER})\d{{1,4}}[a-z]?)\s+(?=\S)")
# "1(55) Kommunstyrelsens ...", "PAJALA KOMMUN SAMMANTRÄDESPROTOKOLL 3(17) 13 Parentation ..."
_COUNTER_PREFIX = re.compile(r"^([^.!?]{0,100}?\b(\d{1,4})\s?\(\s?(\d{1,4})\s?\))\s+(?=\S)")
_SENTENCE_END_INLINE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
_NAME_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéüøè]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüøè]+)?"
# "Thomas Ivarsson (TI)": a name followed by its initials opens a list entry.
_NAME_INITIALS = re.compile(
    rf"(?<![\w-])({_NAME_WORD})\s+(?:({_NAME_WORD})\s+)?({_NAME_WORD})\s*\(([A-ZÅÄÖ]{{2,4}})\d?\)"
)
_INLINE_STAR = re.compile(r"\s\*\s+(?=[A-ZÅÄÖ])")
_LIST_LINE_CHARS = 150  # shorter lines are never split into list entries
_LONG_LINE_CHARS = 300  # lines this long are split before a single form label


@dataclass(frozen=True)
class PageDraft:
    """One page as a reader found it: body text to clean, and margin lines it already knows.

    `head`/`foot` are lines a reader identified by position (PDF running headers and
    footers); they are kept verbatim, before and after the cleaned body.
    """

    number: int
    body: str
    head: tuple[str, ...] = ()
    foot: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Rules:
    kinds: tuple[tuple[str, re.Pattern[str]], ...]  # one alternation per kind
    toc_heading: re.Pattern[str]
    toc_heading_prefix: re.Pattern[str]
    form_label: re.Pattern[str]
    form_label_any: re.Pattern[str]
    section_heading: re.Pattern[str]
    never_margin: tuple[re.Pattern[str], ...]
    signature_page: tuple[re.Pattern[str], ...]
    after_party: re.Pattern[str]


@cache
def _rules() -> _Rules:
    data = load_json("layout_rules.json")
    kinds = tuple(
        (kind, re.compile("|".join(f"(?:{p})" for p in data[kind]), re.IGNORECASE))
        for kind in ("page_number", "page_header", "signature", "notice", "web")
    )
    toc = _alternation(data["toc_headings"])
    strong = _alternation(data["form_labels"])
    weak = _alternation(data["form_labels"] + data["form_labels_weak"])
    sections = _alternation(data["section_headings"])
    return _Rules(
        kinds=kinds,
        toc_heading=re.compile(rf"^(?:{toc})\s*:?$", re.IGNORECASE),
        toc_heading_prefix=re.compile(rf"^((?:{toc})\s*:?)\s+(?=\S)", re.IGNORECASE),
        form_label=re.compile(rf"(?<![\w,(/-])(?=[A-ZÅÄÖ])(?i:{strong})(?![\w/-])"),
        form_label_any=re.compile(rf"(?<![\w,(/-])(?<!, )(?=[A-ZÅÄÖ])(?i:{weak})(?![\w/-])"),
        never_margin=tuple(re.compile(p, re.IGNORECASE) for p in data["never_margin"]),
        signature_page=tuple(re.compile(p, re.IGNORECASE) for p in data["signature_page_start"]),
        after_party=re.compile(
            rf"(?:\([A-ZÅÄÖ][A-Za-zÅÄÖåäö]{{0,5}}\)|,\s?(?:{'|'.join(map(re.escape, data['party_codes']))}))"
            rf"\s+(?={_NAME_WORD}\s+{_NAME_WORD})"
        ),
        section_heading=re.compile(rf"(?<=[.!?])\s+(?=(?=[A-ZÅÄÖ])(?i:{sections})\s+[A-ZÅÄÖ])"),
    )


def _alternation(words: Sequence[str]) -> str:
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


# ---------------------------------------------------------------- splitting into units


def split_units(lines: list[str]) -> list[str]:
    """Lines that lost their breaks (web viewers, flattened PDFs) split into their units."""
    out: list[str] = []
    for line in lines:
        out.extend(_split_line(line))
    return out


def _split_line(line: str) -> list[str]:
    if not line:
        return [line]
    parts: list[str] = []
    counter = _COUNTER_PREFIX.match(line)
    if counter and int(counter.group(2)) <= int(counter.group(3)):
        parts.append(counter.group(1).strip())
        line = line[counter.end() :]
    heading = _rules().toc_heading_prefix.match(line)
    if heading:
        parts.append(heading.group(1).strip())
        line = line[heading.end() :]
        parts.extend(_split_numbered_entries(line))
        return [p for part in parts for p in _split_leaders(part, at_least=1)]
    parts.extend(_split_leaders(line))
    out: list[str] = []
    for part in parts:
        out.extend(_split_form_labels(part))
    out = [p for part in out for p in _split_sections(part)]
    out = [p for part in out for p in _split_stars(part)]
    return [p for part in out for p in _split_people(part)]


def _split_stars(line: str) -> list[str]:
    """'* a. * b. * c.': a list flattened with asterisks, one item a line."""
    if not line.startswith(("• ", "* ")) or len(_INLINE_STAR.findall(line)) < 2:
        return [line]
    head, *items = _INLINE_STAR.split(line)
    return [head.strip(), *("• " + item.strip() for item in items if item.strip())]


def _split_people(line: str) -> list[str]:
    """A flattened attendance list, one person a line.

    Cuts before "First Last (FL)" (a name with its initials) and after a party
    ("(S)", ", KD") when a capitalised first and last name follow; only in long lines
    with at least three such places, so prose is left alone.
    """
    if len(line) < _LIST_LINE_CHARS:
        return [line]
    cuts = set()
    for m in _NAME_INITIALS.finditer(line):
        words = [w for w in m.group(1, 2, 3) if w]
        initials = "".join(w[0] for w in words)
        code = m.group(4)
        if code in (initials, words[0][0] + words[-1][0]) and m.start() > 0:
            cuts.add(m.start())
    cuts.update(m.end() for m in _rules().after_party.finditer(line))
    if len(cuts) < 3:
        return [line]
    bounds = [0, *sorted(cuts), len(line)]
    return [line[a:b].strip() for a, b in itertools.pairwise(bounds) if line[a:b].strip()]


def _split_leaders(line: str, at_least: int = 2) -> list[str]:
    """A flattened table of contents ("Information... 5 115 Dnr ...") one entry a line."""
    if len(_LEADER_SPLIT.findall(line)) < at_least:
        return [line]
    pieces = _LEADER_SPLIT.split(line)
    out: list[str] = []
    for i in range(0, len(pieces) - 1, 2):
        out.append((pieces[i] + pieces[i + 1]).strip())
    if len(pieces) % 2:
        out.append(pieces[-1].strip())
    return [p for p in out if p]


_ENTRY_START = re.compile(r"^(?:§\s*)?\d{1,3}\s+[A-ZÅÄÖ]")
_ENTRY_NUMBER = re.compile(r"(?<![\w,./:-])(?:§\s*)?(\d{1,3})(?=\s+(?:Dnr\b|[A-ZÅÄÖ]))")


def _split_numbered_entries(line: str) -> list[str]:
    """'13 Parentation 14 Anmälan av ny ledamot 15 ...': one agenda entry a line.

    The numbers must rise by one or two (an entry may have lost its number), at least
    three of them, so a year or an amount inside a title does not split it.
    """
    found = [(m.start(), int(m.group(1))) for m in _ENTRY_NUMBER.finditer(line)]
    best: list[int] = []
    for i, (_, first) in enumerate(found):
        chain, last = [i], first
        for j in range(i + 1, len(found)):
            if 1 <= found[j][1] - last <= 2:
                chain.append(j)
                last = found[j][1]
        if len(chain) > len(best):
            best = chain
    if len(best) < 3:
        return [line]
    starts = [found[k][0] for k in best]
    if starts[0] != 0:
        starts = [0, *starts]
    bounds = [*starts, len(line)]
    return [line[a:b].strip() for a, b in itertools.pairwise(bounds) if line[a:b].strip()]


def _split_form_labels(line: str) -> list[str]:
    """The cover page of minutes flattened into one line, split before each form label."""
    rules = _rules()
    labels = {m.group(0).lower() for m in rules.form_label.finditer(line)}
    if len(labels) < 2 and not (labels and len(line) >= _LONG_LINE_CHARS):
        return [line]
    pattern = rules.form_label_any if len(labels) >= 2 else rules.form_label
    cuts = [m.start() for m in pattern.finditer(line) if m.start() > 0]
    bounds = [0, *cuts, len(line)]
    return [line[a:b].strip() for a, b in itertools.pairwise(bounds) if line[a:b].strip()]


def _split_sections(line: str) -> list[str]:
    """'... noteras. Ärendebeskrivning Följande ...': a heading after a full stop starts a line."""
    if len(line) < 200:
        return [line]
    pieces = _rules().section_heading.split(line)
    return [p.strip() for p in pieces if p.strip()]


# ---------------------------------------------------------------- furniture


def line_kind(line: str) -> str | None:
    """The furniture kind of one clean line by its own text, or None for prose."""
    text = line.strip()
    if not text:
        return None
    for kind, pattern in _rules().kinds:
        if pattern.match(text):
            return kind
    return None


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _never_margin(line: str) -> bool:
    return any(p.search(line) for p in _rules().never_margin)


def _repeated_margins(pages: Sequence[Sequence[str]]) -> tuple[set[str], set[str]]:
    """Keys of lines repeated at the top / bottom of most pages (at least two)."""
    if len(pages) < 2:
        return set(), set()
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for lines in pages:
        filled = [ln for ln in lines if ln.strip()]
        tops.update({_margin_key(ln) for ln in filled[:_TOP_ZONE]})
        bottoms.update({_margin_key(ln) for ln in filled[-_BOTTOM_ZONE:]})
    needed = max(2, math.ceil(0.5 * len(pages)))
    keep = lambda counts: {k for k, n in counts.items() if n >= needed and len(k) > 1}  # noqa: E731
    return keep(tops), keep(bottoms)


def _is_toc_entry(line: str) -> bool:
    text = line.strip()
    if _LEADER_ENTRY.search(text):
        return True
    return len(text) <= 400 and not re.search(r"[.!?]$|[.!?]\s+[A-ZÅÄÖ]", text)


def _toc_lines(lines: Sequence[str], kinds: list[str | None], continued: bool = False) -> bool:
    """Mark tables of contents: a heading and its entries, or a run of dotted-leader lines.

    `continued`: the previous page ended inside a table of contents, so this page's
    first entries belong to it. Returns whether this page ends inside one.
    """
    rules = _rules()
    n = len(lines)
    i = 0
    if continued:
        for k in range(n):
            if kinds[k] is not None or not lines[k].strip():
                continue
            if not _is_toc_entry(lines[k]) or (
                not _LEADER_ENTRY.search(lines[k].strip())
                and (_ENTRY_START.match(lines[k].strip()))
            ):
                break  # "13 Parentation Fullmäktige ...": the first item, not the list
            kinds[k] = "toc"
    while i < n:
        text = lines[i].strip()
        if kinds[i] is None and rules.toc_heading.match(text):
            j, last = i + 1, i
            while j < n:
                nxt = lines[j].strip()
                if nxt and kinds[j] is None:
                    if not _is_toc_entry(nxt):
                        break
                    last = j
                j += 1
            if last > i:
                for k in range(i, last + 1):
                    if lines[k].strip() and kinds[k] is None:
                        kinds[k] = "toc"
                i = last + 1
                continue
        i += 1
    leaders = [k for k in range(n) if kinds[k] is None and _LEADER_ENTRY.search(lines[k].strip())]
    for a, b in itertools.pairwise(leaders):
        between = [k for k in range(a + 1, b) if lines[k].strip()]
        if len(between) <= 3 and all(_is_toc_entry(lines[k]) for k in between):
            for k in (a, *between, b):
                if kinds[k] is None:
                    kinds[k] = "toc"
    last = next(
        (k for k in range(n - 1, -1, -1) if lines[k].strip() and kinds[k] not in _MARGINS), None
    )
    return last is not None and kinds[last] == "toc"


@dataclass
class _Built:
    text_parts: list[str] = field(default_factory=list)
    length: int = 0
    spans: list[LayoutSpan] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)


def assemble(
    drafts: Sequence[PageDraft],
    file_format: str,
    title: str | None = None,
    warnings: Sequence[str] = (),
    ocr: bool = False,
    ocr_confidence: float | None = None,
) -> RawDocument:
    """Clean every page, split its units, mark its furniture, and join the pages.

    Text past limits.max_text_chars is not read (a warning says so), so a huge file costs
    no more than a document at the limit.
    """
    drafts, cut = cut_drafts(drafts, limits().max_text_chars)
    if cut is not None:
        warnings = (*warnings, cut)
    pages_lines: list[list[str]] = []
    margins: list[list[str | None]] = []
    seen_heads: set[str] = set()
    for draft in drafts:
        body = split_units(clean_text(draft.body).split("\n")) if draft.body.strip() else []
        head = [" ".join(h.split()) for h in draft.head if h.strip()]
        foot = [" ".join(f.split()) for f in draft.foot if f.strip()]
        pages_lines.append([*head, *body, *foot])
        # A running header the reader found is the letterhead where it first appears.
        head_kinds = [
            _margin_kind(h, "page_header") if _margin_key(h) in seen_heads else line_kind(h)
            for h in head
        ]
        seen_heads |= {_margin_key(h) for h in head}
        margins.append(
            head_kinds + [None] * len(body) + [_margin_kind(f, "page_footer") for f in foot]
        )
    tops, bottoms = _repeated_margins(pages_lines)
    built = _Built()
    toc_open = False
    seen_tops: set[str] = set()
    for draft, lines, known in zip(drafts, pages_lines, margins, strict=True):
        # A running header is furniture from its second page on; where it first appears it
        # is the document's letterhead ("KUNGSBACKA KOMMUN ... Datum 2024-12-03").
        first_tops = tops - seen_tops
        kinds, toc_open = _page_kinds(lines, known, tops - first_tops, bottoms, toc_open)
        seen_tops |= {_margin_key(ln) for ln in lines if _margin_key(ln) in tops}
        _append_page(built, draft.number, lines, kinds)
    return RawDocument(
        text="".join(built.text_parts),
        pages=tuple(built.pages),
        file_format=file_format,
        title=title,
        warnings=tuple(warnings),
        layout=tuple(built.spans),
        ocr=ocr,
        ocr_confidence=ocr_confidence,
    )


def cut_drafts(
    drafts: Sequence[PageDraft], max_chars: int
) -> tuple[Sequence[PageDraft], str | None]:
    """The pages whose bodies fit in `max_chars` (the last one cut at a line break), and
    the warning when anything was left out."""
    total = sum(len(d.body) for d in drafts)
    if total <= max_chars:
        return drafts, None
    kept: list[PageDraft] = []
    room = max_chars
    for draft in drafts:
        if len(draft.body) > room:
            kept.append(replace(draft, body=draft.body[: cut_point(draft.body, room)]))
            break
        kept.append(draft)
        room -= len(draft.body)
    return kept, truncation_warning(sum(len(d.body) for d in kept), total, max_chars)


def _margin_kind(line: str, default: str) -> str:
    return "page_number" if line_kind(line) == "page_number" else default


_MARGINS = frozenset({"page_header", "page_footer", "page_number"})
_DOWNLOAD = re.compile(r'^download\s+["“”]', re.IGNORECASE)
_DOWNLOAD_CLOSED = re.compile(r'^download\s+["“”].*["“”]\s*$', re.IGNORECASE)


def _page_kinds(
    lines: list[str],
    known: list[str | None],
    tops: set[str],
    bottoms: set[str],
    toc_open: bool = False,
) -> tuple[list[str | None], bool]:
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    top_zone, bottom_zone = set(filled[:_TOP_ZONE]), set(filled[-_BOTTOM_ZONE:])
    kinds: list[str | None] = []
    signed = False  # on an electronic-signature page every later line is signature
    quoted = False  # inside a web viewer's 'Download "..."' title that runs over lines
    for i, line in enumerate(lines):
        text = line.strip()
        kind = known[i] or line_kind(line)
        if signed and text:
            kind = kind or "signature"
        elif quoted and text:
            kind = "web"
            quoted = not text.endswith(('"', "”", "“"))
        elif kind == "web" and _DOWNLOAD.match(text) and not _DOWNLOAD_CLOSED.match(text):
            quoted = True
        if kind is None and text and not _never_margin(line):
            key = _margin_key(line)
            if i in top_zone and key in tops:
                kind = "page_header"
            elif i in bottom_zone and key in bottoms:
                kind = "page_footer"
        if text and any(p.match(text) for p in _rules().signature_page):
            signed = True
            kind = "signature"
        kinds.append(kind)
    return kinds, _toc_lines(lines, kinds, toc_open)


def _append_page(built: _Built, number: int, lines: list[str], kinds: list[str | None]) -> None:
    # Blank runs collapse to one blank line; a page never starts or ends blank.
    kept: list[tuple[str, str | None]] = []
    for line, kind in zip(lines, kinds, strict=True):
        if not line.strip():
            if kept and kept[-1][0]:
                kept.append(("", None))
            continue
        kept.append((line, kind))
    while kept and not kept[-1][0]:
        kept.pop()
    if not kept:
        built.pages.append(Page(number, ""))
        return
    if built.length:
        built.text_parts.append("\n\n")
        built.length += 2
    offset = 0
    for n, (line, kind) in enumerate(kept):
        offset += 1 if n else 0
        if kind is not None:
            start = built.length + offset
            built.spans.append(LayoutSpan(kind, number, start, start + len(line)))
        offset += len(line)
    page_text = "\n".join(line for line, _ in kept)
    built.text_parts.append(page_text)
    built.length += len(page_text)
    built.pages.append(Page(number, page_text))


def prose_text(doc: RawDocument) -> str:
    """The clean text without its furniture lines (blanked to keep offsets)."""
    chars = list(doc.text)
    for span in doc.layout:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)


def furniture_lines(doc: RawDocument, kind: str | None = None) -> list[str]:
    """The text of every furniture line (of one kind when given), in order."""
    return [doc.text[s.start : s.end] for s in doc.layout if kind is None or s.kind == kind]
