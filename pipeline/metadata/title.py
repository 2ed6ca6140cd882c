"""A title for every document: the file's own, else its first heading-like line."""

from __future__ import annotations

import re

MAX_TITLE_CHARS = 160
_DATE_ONLY = re.compile(r"^[\d\s./:-]+$")
_NOT_TITLE = re.compile(r"^(publicerad|publicerat|datum|sida \d|sidan uppdaterad)\b", re.I)


def detect_title(text: str, file_title: str | None) -> str | None:
    """Prefer the title the file declares; else the first line that reads like one."""
    if file_title and file_title.strip():
        return " ".join(file_title.split())
    for raw in text.splitlines():
        line = raw.strip().lstrip("•–-▪ ").strip()
        if not line or _DATE_ONLY.match(line) or _NOT_TITLE.match(line):
            continue
        return line if len(line) <= MAX_TITLE_CHARS else line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0]
    return None
