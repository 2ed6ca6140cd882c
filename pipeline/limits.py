"""Size limits that keep the memory and time one file can cost bounded.

A file at the size limit (50 MB by default) may hold far more text than any real municipal
document; reading and analysing all of it took gigabytes and tens of minutes. So a
document's text is cut after `max_text_chars` characters, at a line break, and the
document says so in its warnings (and gets a `truncated` row in `errors`). The numbers are
data: resources/limits.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pipeline.resources import load_json

TRUNCATED_PREFIX = "text cut:"


@dataclass(frozen=True)
class Limits:
    max_text_chars: int
    max_sentence_chars: int
    nlp_batch_chars: int
    mention_pair_window: int
    zip_max_unpacked_bytes: int
    zip_max_ratio: float


@cache
def limits() -> Limits:
    data = load_json("limits.json")
    return Limits(**{name: data[name] for name in Limits.__dataclass_fields__})


def cut_point(text: str, max_chars: int) -> int:
    """Where to cut `text` to at most `max_chars`: after the last line break (or space)."""
    if len(text) <= max_chars:
        return len(text)
    for sep in ("\n", " "):
        at = text.rfind(sep, max_chars // 2, max_chars)
        if at != -1:
            return at + 1
    return max_chars


def truncation_warning(kept: int, total: int, limit: int) -> str:
    """One line for the document's warnings (and its `truncated` error row)."""
    return (
        f"{TRUNCATED_PREFIX} only the first {kept:,} of {total:,} characters were read and "
        f"analysed (limit {limit:,} characters per document)"
    ).replace(",", " ")


def is_truncation_warning(warning: str) -> bool:
    return warning.startswith(TRUNCATED_PREFIX)
