"""Organisation and place gazetteers: fast, case-sensitive dictionary matching.

The names are edited in ``training/lexicons/organisations.jsonl`` and ``places.jsonl``
(municipalities generated from ``municipalities.csv`` by scripts/build_municipalities.py)
and copied into the spaCy pipeline artefact when it is built, so a run only ever sees the
names the pipeline was built with. Every surface form is
compiled once into a trie-shaped regular expression per label, so matching costs
one scan of the text instead of one scan per name. A match may carry a Swedish
genitive ending ("Tillväxtverkets", "LRF:s"): the span text keeps it, the value is
the canonical nominative name.

The spaCy factory ``kommunlens_gazetteer`` writes the matches as spans into
``doc.spans["kl_gazetteer"]`` with the extensions ``kl_value``, ``kl_kb_id`` and
``kl_source``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp import extensions
from pipeline.nlp.extensions import doc_text, set_span_values

ORG = "ORG"
LOC = "LOC"
SOURCE = "gazetteer"
SPANS_KEY = "kl_gazetteer"
ORGANISATIONS_FILE = "organisations.jsonl"
PLACES_FILE = "places.jsonl"

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


def organisation_entries(rows: Iterable[dict]) -> tuple[GazetteerEntry, ...]:
    """Organisation entries from their rows; kb_id is the kommunkod for municipalities, else
    the entry id.

    A row's ``former_names`` (each with its own aliases and abbreviations) become entries of
    their own with the row's kb_id: a renamed organisation is one organisation, but a text
    from before the change named it by the name it had then ("SKL", 2005), and that name
    is the value.
    """
    entries = []
    for row in rows:
        kb_id = row.get("kb_id") or row["id"]
        names = [row, *row.get("former_names", [])]
        for n, named in enumerate(names):
            surfaces = (named["name"], *named.get("aliases", []), *named.get("abbreviations", []))
            entries.append(
                GazetteerEntry(
                    id=row["id"] if n == 0 else f"{row['id']}#{n}",
                    name=named["name"],
                    label=ORG,
                    kind=row["kind"],
                    kb_id=kb_id,
                    surfaces=tuple(dict.fromkeys(normalise_surface(s) for s in surfaces)),
                )
            )
    return tuple(entries)


def upper_case_forms(
    entries: Iterable[GazetteerEntry], min_letters: int = 5
) -> dict[str, GazetteerEntry]:
    """Organisation names as headings and letterheads write them: "PAJALA KOMMUN".

    Only names of two or more words, or one word of at least ``min_letters`` letters, so
    that short words in capitals ("MARK", "ALE") are not read as names.
    """
    forms: dict[str, GazetteerEntry] = {}
    for entry in entries:
        for surface in entry.surfaces:
            upper = surface.upper()
            if upper == surface or (" " not in surface and len(surface) < min_letters):
                continue
            forms.setdefault(upper, entry)
    return forms


def place_entries(rows: Iterable[dict]) -> tuple[GazetteerEntry, ...]:
    """Place entries from their rows; kb_id is the kommunkod for municipalities, else None."""
    entries = []
    for row in rows:
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


def _compile(entries: tuple[GazetteerEntry, ...], camel: bool, upper: bool = False) -> _Matcher:
    lookup: dict[str, GazetteerEntry] = {}
    for entry in entries:
        for surface in entry.surfaces:
            lookup.setdefault(surface, entry)
    if upper:
        for form, entry in upper_case_forms(entries).items():
            lookup.setdefault(form, entry)
    left, right = (_CAMEL_LEFT, _CAMEL_RIGHT) if camel else (_LEFT, _RIGHT)
    body = build_trie_pattern(lookup)
    return _Matcher(re.compile(f"{left}(?P<name>{body}){_GENITIVE}{right}"), lookup)


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


class Gazetteer:
    """Organisation and place names with their compiled matchers; built from rows (as in
    ``training/lexicons/organisations.jsonl`` and ``places.jsonl``) and saved as rows."""

    def __init__(self, organisation_rows: Iterable[dict], place_rows: Iterable[dict]) -> None:
        self.organisation_rows = [dict(r) for r in organisation_rows]
        self.place_rows = [dict(r) for r in place_rows]
        self.organisations = organisation_entries(self.organisation_rows)
        self.places = place_entries(self.place_rows)
        body = json.dumps([self.organisation_rows, self.place_rows], sort_keys=True)
        self.fingerprint = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]

    @cached_property
    def _organisation_matcher(self) -> _Matcher:
        return _compile(self.organisations, camel=True, upper=True)

    @cached_property
    def _place_matcher(self) -> _Matcher:
        return _compile(self.places, camel=False)

    def __len__(self) -> int:
        return len(self.organisations) + len(self.places)

    def find_organisations(self, text: str) -> list[GazetteerMatch]:
        """Organisations named in ``text`` (case-sensitive, genitive allowed)."""
        return _run(self._organisation_matcher, text) if self.organisations else []

    def find_places(self, text: str) -> list[GazetteerMatch]:
        """Places named in ``text``; ambiguous names are skipped at a sentence start."""
        return _run(self._place_matcher, text) if self.places else []

    def find(self, text: str) -> list[GazetteerMatch]:
        """Organisations and places, overlaps resolved (``Östersunds kommun`` is one ORG)."""
        return resolve_overlaps([*self.find_organisations(text), *self.find_places(text)])

    def single_word_names(self, places_needing_context: bool = False) -> set[str]:
        """One-word surfaces of organisations and of places (optionally also ambiguous ones)."""
        words = {s for e in self.organisations for s in e.surfaces if " " not in s}
        for entry in self.places:
            if places_needing_context or not entry.needs_context:
                words.update(s for s in entry.surfaces if " " not in s)
        return words

    @classmethod
    def from_dir(cls, path: Path) -> Gazetteer:
        """Read ``organisations.jsonl`` and ``places.jsonl`` from a folder."""
        path = Path(path)
        return cls(
            srsly.read_jsonl(path / ORGANISATIONS_FILE), srsly.read_jsonl(path / PLACES_FILE)
        )

    def to_dir(self, path: Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / ORGANISATIONS_FILE, self.organisation_rows)
        srsly.write_jsonl(path / PLACES_FILE, self.place_rows)


EMPTY_GAZETTEER = Gazetteer([], [])


# --- spaCy ----------------------------------------------------------------------------


def register_extensions() -> None:
    """Register the span extensions once; safe to call many times."""
    extensions.register_extensions()


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


def matches_to_spans(
    doc: Doc, matches: Iterable[GazetteerMatch], source: str = SOURCE
) -> list[Span]:
    """Spans with ``kl_value``, ``kl_kb_id`` and ``kl_source`` set; unaligned matches dropped."""
    spans = []
    for match in matches:
        span = char_span_for(doc, match)
        if span is None:
            continue
        set_span_values(
            span,
            kl_value=match.value,
            kl_kb_id=match.kb_id,
            kl_source=source,
        )
        spans.append(span)
    return spans


def doc_matches(
    doc: Doc, gazetteer: Gazetteer
) -> tuple[list[GazetteerMatch], list[GazetteerMatch]]:
    """(organisations, places) of a gazetteer in the Doc's text, searched once per Doc.

    The NER's feature component and the gazetteer component each own a gazetteer; when both
    hold the same names (the same fingerprint), the second reads the first one's result.
    """
    key = ("kl_gazetteer_matches", gazetteer.fingerprint)
    found = doc.user_data.get(key)
    if found is None:
        text = doc_text(doc)
        found = (gazetteer.find_organisations(text), gazetteer.find_places(text))
        doc.user_data[key] = found
    return found


class GazetteerComponent:
    """Pipeline component: organisation and place matches into ``doc.spans[spans_key]``.

    Owns its names like spaCy's SpanRuler owns its patterns: ``initialize`` reads them from
    a lexicon folder at build time, ``to_disk``/``from_disk`` keep them inside the pipeline.
    """

    def __init__(
        self, nlp: Language, name: str = "kommunlens_gazetteer", spans_key: str = SPANS_KEY
    ):
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.gazetteer = EMPTY_GAZETTEER

    def initialize(
        self,
        get_examples: Callable | None = None,
        *,
        nlp: Language | None = None,
        lexicon_dir: str | Path | None = None,
    ) -> None:
        """Load the names from ``lexicon_dir`` (organisations.jsonl, places.jsonl)."""
        if lexicon_dir is None:
            raise ValueError(f"{self.name}: initialize needs lexicon_dir (the word-list folder)")
        self.gazetteer = Gazetteer.from_dir(Path(lexicon_dir))

    def __call__(self, doc: Doc) -> Doc:
        organisations, places = doc_matches(doc, self.gazetteer)
        doc.spans[self.spans_key] = matches_to_spans(
            doc, resolve_overlaps([*organisations, *places])
        )
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.gazetteer.to_dir(Path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> GazetteerComponent:
        self.gazetteer = Gazetteer.from_dir(Path(path))
        return self


@Language.factory(
    "kommunlens_gazetteer",
    default_config={"spans_key": SPANS_KEY},
    assigns=["doc.spans"],
)
def make_gazetteer(nlp: Language, name: str, spans_key: str) -> GazetteerComponent:
    """Factory for ``nlp.add_pipe("kommunlens_gazetteer")``; initialize with a lexicon_dir."""
    return GazetteerComponent(nlp, name, spans_key=spans_key)
