"""Organisation and place gazetteers: fast, case-sensitive dictionary matching.

The entries live in ``pipeline/resources/organisations.jsonl`` and ``places.jsonl``
(municipalities are generated from ``municipalities.csv``). Every surface form is
compiled once into a trie-shaped regular expression per label, so matching costs
one scan of the text instead of one scan per name. A match may carry a Swedish
genitive ending ("Tillväxtverkets", "LRF:s"): the span text keeps it, the value is
the canonical nominative name.

The spaCy factory ``kommunlens_gazetteer`` writes the matches as spans into
``doc.spans["kl_gazetteer"]`` with the extensions ``kl_value``, ``kl_kb_id`` and
``kl_source``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.extensions import doc_text, set_span_values
from pipeline.resources import resource_path

ORG = "ORG"
LOC = "LOC"
SOURCE = "gazetteer"
SPANS_KEY = "kl_gazetteer"

_LOWER = "a-zåäöéèüæø"
_UPPER = "A-ZÅÄÖÉÜÆØ"
# A name starts where no word character or hyphen precedes it and ends where no word
# character follows; a genitive "s" or ":s" may be glued on. Organisation names may also
# start or end at a lower-to-upper case change, which repairs words glued together by
# text extraction ("Växtkraft SödertörnOmtag Nu").
_LEFT = r"(?<![\w-])"
# A name is never the first label of a web address ("Kalix.se").
_RIGHT = r"(?![\w])(?!\.(?:se|nu|com|org|net|eu|info)\b)"
_CAMEL_LEFT = rf"(?:{_LEFT}|(?<=[{_LOWER}])(?=[{_UPPER}]))"
_CAMEL_RIGHT = rf"(?:{_RIGHT}|(?<=[{_LOWER}])(?=[{_UPPER}]))"
_GENITIVE = r"(?P<gen>:s|s)?"

# What may precede a name that opens a sentence (or a line, a bullet, the text).
_SENTENCE_START = re.compile(r"(?:^|[.!?…][\"”'’)]*\s+|\n[ \t]*(?:[-–•▪*►][ \t]*)?)$")
_NUMBERED_ITEM = re.compile(r"\d\.\s+$")


@dataclass(frozen=True)
class GazetteerMatch:
    """One name found in a text; ``text == source[start:end]``, ``value`` is canonical."""

    start: int
    end: int
    text: str
    label: str
    value: str
    kb_id: str | None
    entry_id: str


@dataclass(frozen=True)
class GazetteerEntry:
    """One organisation or place with every surface form it is written as."""

    id: str
    name: str
    label: str
    kind: str
    kb_id: str | None
    surfaces: tuple[str, ...]
    needs_context: bool = False
    municipality_code: str | None = None


def normalise_surface(text: str) -> str:
    """Collapse runs of whitespace (line breaks inside names) to one space."""
    return " ".join(text.split())


def _read_jsonl(name: str) -> list[dict]:
    with resource_path(name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@cache
def load_organisations() -> tuple[GazetteerEntry, ...]:
    """Organisation entries; kb_id is the kommunkod for municipalities, else the entry id."""
    entries = []
    for row in _read_jsonl("organisations.jsonl"):
        surfaces = (row["name"], *row.get("aliases", []), *row.get("abbreviations", []))
        entries.append(
            GazetteerEntry(
                id=row["id"],
                name=row["name"],
                label=ORG,
                kind=row["kind"],
                kb_id=row.get("kb_id") or row["id"],
                surfaces=tuple(dict.fromkeys(normalise_surface(s) for s in surfaces)),
            )
        )
    return tuple(entries)


@cache
def load_places() -> tuple[GazetteerEntry, ...]:
    """Place entries; kb_id is the kommunkod for municipalities, else None."""
    entries = []
    for row in _read_jsonl("places.jsonl"):
        surfaces = (row["name"], *row.get("aliases", []))
        entries.append(
            GazetteerEntry(
                id=row["id"],
                name=row["name"],
                label=LOC,
                kind=row["kind"],
                kb_id=row.get("kb_id"),
                surfaces=tuple(dict.fromkeys(normalise_surface(s) for s in surfaces)),
                needs_context=bool(row.get("needs_context", False)),
                municipality_code=row.get("municipality_code"),
            )
        )
    return tuple(entries)


def build_trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation for many words, shaped as a trie and greedy (longest first).

    A space in a word matches any run of whitespace, so names broken over lines match.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends_here = "" in node
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        if len(branches) == 1 and not ends_here:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends_here else body

    return emit(trie)


@dataclass(frozen=True)
class _Matcher:
    pattern: re.Pattern[str]
    lookup: dict[str, GazetteerEntry]


def _compile(entries: tuple[GazetteerEntry, ...], camel: bool) -> _Matcher:
    lookup: dict[str, GazetteerEntry] = {}
    for entry in entries:
        for surface in entry.surfaces:
            lookup.setdefault(surface, entry)
    left, right = (_CAMEL_LEFT, _CAMEL_RIGHT) if camel else (_LEFT, _RIGHT)
    body = build_trie_pattern(lookup)
    return _Matcher(re.compile(f"{left}(?P<name>{body}){_GENITIVE}{right}"), lookup)


@cache
def _organisation_matcher() -> _Matcher:
    return _compile(load_organisations(), camel=True)


@cache
def _place_matcher() -> _Matcher:
    return _compile(load_places(), camel=False)


def is_sentence_initial(text: str, start: int) -> bool:
    """True when the word at ``start`` opens the text, a line, a bullet or a sentence."""
    before = text[max(0, start - 40) : start]
    if start < 40 and not text[:start].strip():
        return True
    if _NUMBERED_ITEM.search(before):
        return False
    return bool(_SENTENCE_START.search(before))


def _run(matcher: _Matcher, text: str) -> list[GazetteerMatch]:
    found = []
    for m in matcher.pattern.finditer(text):
        entry = matcher.lookup.get(normalise_surface(m.group("name")))
        if entry is None:  # pragma: no cover - the pattern only contains known surfaces
            continue
        if entry.needs_context and is_sentence_initial(text, m.start()):
            continue
        found.append(
            GazetteerMatch(
                start=m.start(),
                end=m.end(),
                text=m.group(0),
                label=entry.label,
                value=entry.name,
                kb_id=entry.kb_id,
                entry_id=entry.id,
            )
        )
    return found


def find_organisations(text: str) -> list[GazetteerMatch]:
    """Organisations named in ``text`` (case-sensitive, genitive allowed)."""
    return _run(_organisation_matcher(), text)


def find_places(text: str) -> list[GazetteerMatch]:
    """Places named in ``text``; ambiguous names are skipped at a sentence start."""
    return _run(_place_matcher(), text)


def resolve_overlaps(matches: Iterable[GazetteerMatch]) -> list[GazetteerMatch]:
    """Keep non-overlapping matches: the longest wins, ORG before LOC on equal spans."""
    ranked = sorted(
        matches, key=lambda m: (-(m.end - m.start), m.label != ORG, m.start, m.entry_id)
    )
    kept: list[GazetteerMatch] = []
    for match in ranked:
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: (m.start, m.end))


def find_gazetteer_matches(text: str) -> list[GazetteerMatch]:
    """Organisations and places, overlaps resolved (``Östersunds kommun`` is one ORG)."""
    return resolve_overlaps([*find_organisations(text), *find_places(text)])


# --- spaCy ----------------------------------------------------------------------------


def register_extensions() -> None:
    """Register the span extensions once; safe to call many times."""
    for name in ("kl_value", "kl_kb_id", "kl_source"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


def char_span_for(doc: Doc, match: GazetteerMatch) -> Span | None:
    """The token span of a match, or None when it cannot be aligned to tokens.

    A genitive or glued-on fragment may sit inside a token; the span is then widened to
    whole tokens when that adds at most three characters.
    """
    span = doc.char_span(match.start, match.end, label=match.label, kb_id=match.kb_id or "")
    if span is not None:
        return span
    wide = doc.char_span(
        match.start, match.end, label=match.label, kb_id=match.kb_id or "", alignment_mode="expand"
    )
    if wide is not None and len(wide.text) - len(match.text) <= 3:
        return wide
    return None


def matches_to_spans(doc: Doc, matches: Iterable[GazetteerMatch]) -> list[Span]:
    """Spans with ``kl_value``, ``kl_kb_id`` and ``kl_source`` set; unaligned matches dropped."""
    register_extensions()
    spans = []
    for match in matches:
        span = char_span_for(doc, match)
        if span is None:
            continue
        set_span_values(
            span,
            kl_value=match.value,
            kl_kb_id=match.kb_id,
            kl_source=SOURCE,
        )
        spans.append(span)
    return spans


class GazetteerComponent:
    """Pipeline component: organisation and place matches into ``doc.spans[spans_key]``."""

    def __init__(self, spans_key: str = SPANS_KEY) -> None:
        register_extensions()
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        organisations, places = doc_matches(doc)
        doc.spans[self.spans_key] = matches_to_spans(
            doc, resolve_overlaps([*organisations, *places])
        )
        return doc


def doc_matches(doc: Doc) -> tuple[list[GazetteerMatch], list[GazetteerMatch]]:
    """(organisations, places) in the Doc's text, searched once per Doc.

    Both the NER's feature component and the gazetteer component need them.
    """
    found = doc.user_data.get("kl_gazetteer_matches")
    if found is None:
        text = doc_text(doc)
        found = (find_organisations(text), find_places(text))
        doc.user_data["kl_gazetteer_matches"] = found
    return found


@Language.factory("kommunlens_gazetteer", default_config={"spans_key": SPANS_KEY})
def make_gazetteer(nlp: Language, name: str, spans_key: str) -> GazetteerComponent:
    """Factory for ``nlp.add_pipe("kommunlens_gazetteer")``."""
    return GazetteerComponent(spans_key=spans_key)
