"""What part a sentence plays in a document: list item, heading, lead-in, greeting, signature ...

Initiatives and outcomes are only looked for in sentences that carry content, so the
page furniture of newsletters, articles and minutes (greetings, signatures, headings,
links, "Sidan uppdaterad ...") is told apart here, once, for both extractors. The cue
words live in resources/initiative_cues.json ("roles" and "lead_in").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.dataset.records import Sentence
from pipeline.resources import load_json

# List markers as the cleaner writes them ("• ", "– ") plus the raw ones it may have missed.
LIST_MARKER_RE = re.compile(r"^\s*(?:[•▪●◦‣■►▸➢✓·*]|[–—-](?=\s))\s*")
WORD_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
URL_RE = re.compile(
    r"(?:https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:se|com|nu|org|net|eu|info)\b(?:/\S*)?)",
    re.IGNORECASE,
)
LABEL_RE = re.compile(r"^([A-ZÅÄÖÉÜ0-9][^:.!?;]{0,60}?):\s+(\S.*)$", re.DOTALL)
NAME_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéüø]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüø]+)?"
SIGNATURE_NAME_RE = re.compile(rf"^{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}}\s*[-–,/]\s*(.+)$")
CLOSERS = "”\"’')]»"
TERMINAL = ".!?"
MAX_LABEL_WORDS = 4
MAX_HEADING_WORDS = 14
MAX_BARE_HEADING_WORDS = 8
MAX_URL_LINE_WORDS = 6


def load_cues(name: str) -> dict:
    """A cue file from resources/, parsed once per process."""
    return load_json(name)


@cache
def _roles() -> dict:
    return load_cues("initiative_cues.json")["roles"]


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@cache
def phrase_re(phrase: str) -> re.Pattern[str]:
    """A whole-word, case-insensitive pattern for a cue phrase."""
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE)


def has_phrase(text: str, phrases: Sequence[str]) -> bool:
    """Whether any of `phrases` occurs in `text` as whole words."""
    low = text.lower()  # a substring test first: most phrases are absent, and it is cheap
    return any(p.lower() in low and phrase_re(p).search(text) for p in phrases)


def first_phrase(text: str, phrases: Sequence[str]) -> tuple[int, str] | None:
    """The earliest occurrence (position, phrase) of any of `phrases`, or None."""
    best: tuple[int, str] | None = None
    low = text.lower()
    for p in phrases:
        if p.lower() not in low:
            continue
        m = phrase_re(p).search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), p)
    return best


def words(text: str) -> list[str]:
    """Lower-case word tokens; hyphenated compounds ("e-tjänster") stay one token."""
    return WORD_RE.findall(text.lower())


# ---------------------------------------------------------------- markers and labels


def is_list_item(text: str) -> bool:
    """Whether the sentence starts with a list marker ("• ", "– ", "▪ ", "- ")."""
    return bool(LIST_MARKER_RE.match(text)) and bool(LIST_MARKER_RE.sub("", text, count=1))


def strip_marker(text: str) -> tuple[str, int]:
    """The text without its list marker and surrounding space, and the offset of the rest."""
    m = LIST_MARKER_RE.match(text)
    start = m.end() if m else 0
    while start < len(text) and text[start].isspace():
        start += 1
    return text[start:].rstrip(), start


def split_label(text: str) -> tuple[str | None, str, int]:
    """'Rubrik: text' -> ('Rubrik', 'text', offset of text); other text -> (None, text, 0).

    A label is a short capitalised phrase before a colon ("Nätverksbyggande: Organisering
    av ..."); longer lead-ins and clock times ("kl. 15:00") are left alone.
    """
    m = LABEL_RE.match(text)
    if not m:
        return None, text, 0
    label, rest = m.group(1).strip(), m.group(2)
    if len(label.split()) > MAX_LABEL_WORDS or URL_RE.fullmatch(rest.strip()):
        return None, text, 0
    return label, rest.rstrip(), m.start(2)


def _final_char(text: str) -> str:
    return text.rstrip().rstrip(CLOSERS)[-1:]


def ends_with_terminal(text: str) -> bool:
    """Whether the sentence ends with . ! ? (closing quotes skipped)."""
    return _final_char(text) in TERMINAL and _final_char(text) != ""


# ---------------------------------------------------------------- single-sentence roles


def is_greeting(text: str) -> bool:
    """Seasonal wishes, thanks and "hör gärna av dig" lines of a newsletter."""
    body = strip_marker(text)[0].lower()
    return has_phrase(body, _roles()["greetings"])


def is_signature(text: str) -> bool:
    """Sign-offs ("Med vänliga hälsningar") and name + title lines ("Jonas Karlsson - Näringslivschef")."""
    body = strip_marker(text)[0].strip().rstrip(".,")
    low = body.lower()
    roles = _roles()
    if any(
        low == s or low.startswith(s + ",") or low.startswith(s + " ") for s in roles["signoffs"]
    ):
        return True
    if low in roles["titles"]:
        return True
    m = SIGNATURE_NAME_RE.match(body)
    if not m:
        return False
    title = m.group(1).strip().lower()
    if len(title.split()) > MAX_LABEL_WORDS:
        return False
    last = words(title)[-1:] or [""]
    return title in roles["titles"] or any(last[0].endswith(s) for s in roles["title_suffixes"])


def is_url_line(text: str) -> bool:
    """A link line: a bare URL, "Här kan du läsa mer ...", or text whose tail after ':' is only links."""
    body = strip_marker(text)[0].strip()
    low = body.lower()
    if any(re.search(p, low) for p in _roles()["read_more"]):
        return True
    urls = URL_RE.findall(body)
    if not urls:
        return False
    rest = URL_RE.sub(" ", body)
    if len(words(rest)) <= MAX_URL_LINE_WORDS:
        return True
    tail = rest.rsplit(":", 1)[1] if ":" in rest else None
    return tail is not None and not words(tail)


def is_furniture(text: str) -> bool:
    """Page furniture: "Publicerad ...", "Sidan uppdaterad ...", page numbers, title bars with '|'."""
    low = strip_marker(text)[0].strip().lower()
    return any(p.search(low) for p in _compiled(tuple(_roles()["furniture"])))


def is_logistics(text: str) -> bool:
    """Meeting logistics in minutes: "Tid för nästa träff: ...", "Närvarande", "Justeras"."""
    low = strip_marker(text)[0].strip().lower()
    return any(p.search(low) for p in _compiled(tuple(_roles()["logistics"])))


def is_question(text: str) -> bool:
    """Questions ask, they do not report."""
    return _final_char(text) == "?"


def is_general_statement(text: str) -> bool:
    """Opinions and truths ("Samarbete är avgörande ...", "Vi lever fortfarande med ...")."""
    low = strip_marker(text)[0].lower()
    return any(p.search(low) for p in _compiled(tuple(_roles()["general"])))


def is_heading(text: str, *, followed_by_text: bool | None = None) -> bool:
    """A short line without final punctuation that introduces what follows.

    With `followed_by_text` known (document context) a line of up to 14 words counts;
    for a bare string only up to 8, and callers should still weigh action cues, since
    a bare "Digitala och fysiska företagsbesök" may just as well be a list item.
    """
    if followed_by_text is False or is_list_item(text):
        return False
    body = text.strip()
    if not body or _final_char(body) in TERMINAL + ":;,":
        return False
    if not (body[0].isupper() or body[0].isdigit() or body[0] in "”\"'"):
        return False
    limit = MAX_HEADING_WORDS if followed_by_text else MAX_BARE_HEADING_WORDS
    return len(words(body)) <= limit


def is_boilerplate(text: str) -> bool:
    """Greeting, signature, link, furniture, logistics or question: never content."""
    return (
        is_greeting(text)
        or is_signature(text)
        or is_url_line(text)
        or is_furniture(text)
        or is_logistics(text)
        or is_question(text)
    )


# ---------------------------------------------------------------- lead-ins


def _lead_in_cues() -> dict:
    return load_cues("initiative_cues.json")["lead_in"]


def looks_like_lead_in(text: str) -> bool:
    """A line that sets the status of what follows ("Planen är att ... ska;", "Insatser som genomförts")."""
    body = strip_marker(text)[0].strip()
    if _final_char(body) in ":;":
        return True
    return has_phrase(body, _lead_in_cues()["cues"])


def is_topic_lead_in(text: str) -> bool:
    """A lead-in to a list of themes ("De områden som ... är:"): its items are not initiatives."""
    return has_phrase(text, _lead_in_cues()["topic"])


def is_activity_lead_in(text: str) -> bool:
    """A lead-in that announces activities ("satsningar och arbeten har gjorts", "ska;")."""
    return has_phrase(text, _lead_in_cues()["activity"]) and not is_topic_lead_in(text)


def is_section_reset(text: str) -> bool:
    """A heading that starts a new kind of section (results, lessons, contact ...)."""
    return has_phrase(text, _roles()["section_reset"])


# ---------------------------------------------------------------- document layout


@dataclass(frozen=True)
class Layout:
    """Where a sentence sits: line start, list item (first sentence of a list line) and so on."""

    starts_line: bool
    in_item: bool
    item: bool
    heading: bool
    lead_in_line: bool


def _starts_line(prev: Sentence | None, cur: Sentence, text: str | None) -> bool:
    if prev is None:
        return True
    if text is not None:
        return "\n" in text[prev.end : cur.start]
    if is_list_item(cur.text) or not ends_with_terminal(prev.text):
        return True
    if cur.start - prev.end >= 2:
        return True
    # A single separator after a full stop: a space or a line break. Short unpunctuated
    # sentences are taken to be lines of their own (headings rather than tails).
    return not ends_with_terminal(cur.text) and len(words(cur.text)) <= MAX_BARE_HEADING_WORDS


def layout(sentences: Sequence[Sentence], text: str | None = None) -> list[Layout]:
    """The layout of every sentence; `text` (the clean text) makes line starts exact."""
    starts: list[bool] = []
    for i, s in enumerate(sentences):
        starts.append(_starts_line(sentences[i - 1] if i else None, s, text))
    out: list[Layout] = []
    line_is_item = False
    for i, s in enumerate(sentences):
        if starts[i]:
            line_is_item = is_list_item(s.text)
        item = starts[i] and line_is_item
        nxt = sentences[i + 1] if i + 1 < len(sentences) else None
        next_starts_line = nxt is not None and starts[i + 1]
        heading = (
            not line_is_item
            and starts[i]
            and (next_starts_line or nxt is None)
            and is_heading(s.text, followed_by_text=nxt is not None)
        )
        lead_in_line = (
            not line_is_item
            and _final_char(s.text) in ":;"
            and nxt is not None
            and next_starts_line
            and is_list_item(nxt.text)
        )
        out.append(Layout(starts[i], line_is_item, item, heading, lead_in_line))
    return out
