"""One text cleaner shared by every reader, so all formats hand on the same kind of text.

`clean_text` normalises characters and bullets, then mends the line breaks that
copying from a PDF leaves behind (sentences, dates, names and hyphenated words split
over lines, often with a blank line in between). It is deliberately conservative:
headings and list items stay on their own lines.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pipeline.resources import load_json

BULLET = "• "
DASH = "– "

# Characters that carry no text: soft hyphen, zero-width space/joiners, word joiner, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
# Space-like characters (no-break, thin, figure, ideographic, ...) become a plain space.
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\v\u2028\u2029\x85]")

# Bullet glyphs, including the private-use glyphs Word's Symbol/Wingdings fonts leave behind.
_BULLET_GLYPHS = "•▪●◦‣■□◆◇►▸➢✓·\uf0b7\uf0a7\uf0d8\uf076"
_LEADING_BULLET = re.compile(rf"^(?:[{_BULLET_GLYPHS}]\s*|[-*]\s+)(?=\S)")
_LONE_BULLET = re.compile(rf"^[{_BULLET_GLYPHS}]$")
_LEADING_DASH = re.compile(r"^[–—]\s*(?=\S)")
_INLINE_BULLET = re.compile(rf"\s+[{_BULLET_GLYPHS}]\s+(?=\S)")
_GLUED_DATE = re.compile(r"^([A-ZÅÄÖ]{3,12})(?=\d{1,2}\.?\s+[a-zåäö]{3,9}\s+(?:19|20)\d\d\b)")
_ISO_PREFIX = re.compile(r"(?<!\d)(?:19|20)\d\d-[01]\d-$")
_ESCAPED_MARK = re.compile(r"^\\(?=[-*•#+])")
_NUMBERED_ITEM = re.compile(r"^(?:\d{1,2}|[a-z])[.)]\s+\S")

_SENTENCE_END = ".!?:;"
_CLOSERS = "”\"’')]»"
_WORD_CHARS = r"A-Za-zÀ-ÖØ-öø-ÿ"
_HYPHEN_FRAGMENT = re.compile(rf"(?:^|[\s(/”\"])([{_WORD_CHARS}0-9]+)-$")
# A first name right after a comma, "och" or a speech verb ("..., Hans" / "säger Kent").
_NAME_END = re.compile(
    r"(?:,|\b(?:och|samt|säger|sa|berättar|förklarar|enligt))\s+"
    r"([A-ZÅÄÖÉÜ][a-zåäöéüø]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüø]+)?)$"
)
_SURNAME_START = re.compile(
    r"^[A-ZÅÄÖÉÜ][a-zåäöéüø]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüø]+)?(?:[,.;:]|\s+och\s|\s*\(|\s*$)"
)
_THOUSANDS_START = re.compile(r"^\d{3}(?:\s|$)")
_URL_START = re.compile(r"^(?:https?://|www\.|\S+@\S+\.)", re.IGNORECASE)
_HEADING_MAX_WORDS = 8


@cache
def _words(key: str) -> frozenset[str]:
    """A word list of clean_rules.json: compound_continuations (after these a trailing
    hyphen is a shortened compound, "Miljö- och hälsoskydd"), function_words (a line ending
    in one cannot end a sentence, "... inland och i"), months."""
    return frozenset(load_json("clean_rules.json")[key])


@cache
def _abbreviations() -> frozenset[str]:
    """Abbreviations after which a line's final full stop does not end a sentence."""
    return frozenset(a + "." for a in load_json("sentence_rules.json")["abbreviations"])


def clean_text(text: str) -> str:
    """Return `text` with normalised characters, bullets and mended line breaks."""
    lines = [_clean_line(line) for line in normalise_chars(text).split("\n")]
    lines = [item for line in _merge_lone_bullets(lines) for item in _split_inline_bullets(line)]
    lines = [_normalise_bullet(line) for line in lines]
    return "\n".join(_collapse_blank_lines(mend_lines(lines)))


def normalise_chars(text: str) -> str:
    """NFC, invisible characters dropped, every space-like character a plain space."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _LINE_BREAKS.sub("\n", text)
    return _SPACES.sub(" ", text)


def _clean_line(line: str) -> str:
    # Digit groups ("1 760 000") keep their single spaces; only runs are collapsed.
    line = re.sub(r" {2,}", " ", line).strip()
    line = _GLUED_DATE.sub(r"\1 ", line)  # "NYHET10 juni 2022" -> "NYHET 10 juni 2022"
    return _ESCAPED_MARK.sub("", line)  # "\- punkt" (Markdown escape) -> "- punkt"


def _merge_lone_bullets(lines: list[str]) -> list[str]:
    """A bullet glyph alone on its line (common in PDFs) belongs to the next text line."""
    out: list[str] = []
    pending = ""
    for line in lines:
        if _LONE_BULLET.match(line):
            pending = line
            continue
        if pending and line:
            line = f"{pending} {line}"
            pending = ""
        out.append(line)
    return out


def _split_inline_bullets(line: str) -> list[str]:
    """'a • b • c' lists that lost their line breaks get one item per line again."""
    if not _INLINE_BULLET.search(line):
        return [line]
    parts = _INLINE_BULLET.split(line)
    head, items = parts[0], parts[1:]
    out = [head] if head else []
    out.extend(BULLET + item.strip() for item in items if item.strip())
    return out


def _normalise_bullet(line: str) -> str:
    if _LEADING_DASH.match(line):
        return _LEADING_DASH.sub(DASH, line, count=1)
    if _LEADING_BULLET.match(line):
        return _LEADING_BULLET.sub(BULLET, line, count=1)
    return line


def is_list_line(line: str) -> bool:
    """Bullet, dash or numbered item: these start a new line and are never glued on."""
    return line.startswith((BULLET, DASH, "—")) or bool(_NUMBERED_ITEM.match(line))


def ends_sentence(line: str) -> bool:
    """True when the line ends with sentence punctuation (closing quotes skipped)."""
    stripped = line.rstrip(_CLOSERS)
    if not stripped:
        return False
    if stripped[-1] not in _SENTENCE_END:
        return False
    return not (stripped[-1] == "." and _ends_with_abbreviation(stripped))


def _ends_with_abbreviation(line: str) -> bool:
    last = line.rsplit(" ", 1)[-1].lower().lstrip("(")
    return last in _abbreviations()


def is_heading_like(line: str) -> bool:
    """A short line without final punctuation: likely a heading or a label."""
    return (
        bool(line)
        and len(line.split()) <= _HEADING_MAX_WORDS
        and line.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END + ","
    )


def _starts_lower(line: str) -> bool:
    return line[:1].islower()


def _open_quote(line: str) -> bool:
    """An unbalanced quote or bracket: the quoted text goes on in the next line."""
    return (
        line.count("”") % 2 == 1
        or line.count('"') % 2 == 1
        or line.count("“") > line.count("”")
        or line.count("(") > line.count(")")
    )


def _name_continues(line: str, nxt: str) -> bool:
    """'..., Hans' + 'Svensson, Maria ...': a first name whose surname went to the next line."""
    return bool(_NAME_END.search(line)) and bool(_SURNAME_START.match(nxt))


def hyphen_join(line: str, nxt: str) -> str | None:
    """Join a line ending in a hyphenated fragment with the next, or None if it does not.

    'kom-' + 'munledning' -> 'kommunledning'; 'Miljö-' + 'och hälsoskydd' keeps the
    hyphen and a space; 'EU-' + 'medel' and 'e-' + 'tjänster' keep the hyphen.
    """
    if _ISO_PREFIX.search(line) and re.match(r"^[0-3]\d(?!\d)", nxt):
        return line + nxt  # "2016-06-" + "16, § 106": a date broken at its hyphen
    match = _HYPHEN_FRAGMENT.search(line)
    if not match or not nxt or is_list_line(nxt):
        return None
    fragment = match.group(1)
    first_word = nxt.split(" ", 1)[0].lower()
    if first_word in _words("compound_continuations"):
        return f"{line} {nxt}"
    if not (nxt[0].isalnum()):
        return None
    if _starts_lower(nxt) and len(fragment) > 1 and not fragment.isupper() and fragment.isalpha():
        return line[:-1] + nxt
    return line + nxt


def should_join(line: str, nxt: str) -> bool:
    """Whether `nxt` continues the sentence that `line` left unfinished."""
    if not line or not nxt or is_list_line(nxt) or ends_sentence(line):
        return False
    if _standalone(line) or _standalone(nxt):
        return False  # a web viewer's button or a signature line stands alone
    if _URL_START.match(nxt) or " | " in line or " | " in nxt:
        return False  # web addresses and table rows stand alone
    if _starts_lower(nxt):
        return True
    if nxt[0].isdigit():
        if line[-1].islower() or line[-1] == ",":
            return True
        return line[-1].isdigit() and bool(_THOUSANDS_START.match(nxt))
    if line[-1].isdigit() and nxt.split(" ", 1)[0].lower().rstrip(".,") in _words("months"):
        return True
    if line.rsplit(" ", 1)[-1] in _words("function_words"):
        return True
    return _open_quote(line) or _name_continues(line, nxt)


def _standalone(line: str) -> bool:
    from pipeline.ingest.layout import line_kind  # lazy: layout builds on this module

    return line_kind(line) in {"web", "signature", "notice"}


def join_pair(line: str, nxt: str, across_blank: bool = False) -> str | None:
    """The two lines as one if they belong together, else None.

    Across a blank line a line that opens with a digit is a new paragraph ("Rubrik" /
    "4-5 mars bjuder ..."), unless it completes a date or a number broken at a hyphen.
    """
    joined = hyphen_join(line, nxt)
    if joined is not None:
        return joined
    if across_blank and nxt[:1].isdigit():
        return None
    if should_join(line, nxt):
        return f"{line} {nxt}"
    return None


def mend_lines(lines: list[str]) -> list[str]:
    """Glue broken lines back together, looking past at most one blank line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            out.append(line)
            continue
        while True:
            j = i + 1 if i < len(lines) and not lines[i] else i
            if j >= len(lines) or not lines[j]:
                break
            joined = join_pair(line, lines[j], across_blank=j > i)
            if joined is None:
                break
            line, i = joined, j + 1
        out.append(line)
    return out


def _collapse_blank_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out
