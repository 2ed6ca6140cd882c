"""HTML markup left inside plain-text files (texts saved from web viewers and CMSs).

Such files hold "<br />", "<strong>", entities and "<!-- sida 3 -->" page markers. The tags
become line breaks (block tags) or nothing (inline tags), entities their characters, and a
page marker a form feed, which the text reader then splits pages on. Text without any of
the known tags is returned unchanged, so a "<" in ordinary text is never touched.
"""

from __future__ import annotations

import html
import re

PAGE_BREAK = "\f"

_BLOCK = r"p|div|h[1-6]|ul|ol|table|thead|tbody|tfoot|tr|section|article|blockquote|hr|dl|dt|dd|pre|figure|figcaption|header|footer|main|center|address"
_INLINE = r"span|strong|b|i|em|u|a|sup|sub|font|small|big|mark|abbr|cite|code|s|strike|ins|del|label|time|img|wbr"
_BR_AT_EOL = re.compile(r"[ \t]*<br\s*/?>[ \t]*(?=\r?\n)", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LI = re.compile(r"<li\b[^<>]*>", re.IGNORECASE)
_CELL = re.compile(r"</t[dh]>\s*<t[dh]\b[^<>]*>", re.IGNORECASE)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK}|li|td|th)\b[^<>]*>", re.IGNORECASE)
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE})\b[^<>]*>", re.IGNORECASE)
_ANY_KNOWN = re.compile(rf"</?(?:br|li|td|th|{_BLOCK}|{_INLINE})\b[^<>]*>", re.IGNORECASE)
_PAGE_MARKER = re.compile(r"<!--\s*(?:sida|sidan|page|s\.)\s*\d+\s*-->", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


def has_markup(text: str) -> bool:
    """True when the text carries HTML tags, comments or entities."""
    return bool(_ANY_KNOWN.search(text) or _PAGE_MARKER.search(text) or _ENTITY.search(text))


def strip_markup(text: str) -> str:
    """The text with HTML tags, comments and entities turned into plain text."""
    if not has_markup(text):
        return text
    text = _PAGE_MARKER.sub(PAGE_BREAK, text)
    text = _COMMENT.sub("", text)
    text = _BR_AT_EOL.sub("", text)
    text = _BR.sub("\n", text)
    text = _LI.sub("\n• ", text)
    text = _CELL.sub(" | ", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _INLINE_TAG.sub("", text)
    return html.unescape(text) if _ENTITY.search(text) else text
