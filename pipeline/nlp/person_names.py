"""Person names: a known first name followed by one or two surname tokens.

Municipal documents name people as "Kent Sjöström", "Lars-Åke Wassö" or "Carin Becker
Åström", often in lists split over lines by PDF extraction. A list of common Swedish
first names anchors the match; the surname must be a capitalised word that is not an
organisation, title or place word. A genitive ("Kent Sjöströms") keeps its "s" in the span
text but not in the value.

The names and rules are edited in ``training/lexicons/`` (first_names.txt,
person_name_rules.json) and saved inside the spaCy pipeline artefact by the
``kommunlens_person_names`` component, which writes its matches into
``doc.spans["kl_person"]`` with the same extensions as the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.extensions import doc_text
from pipeline.nlp.gazetteer import (
    Gazetteer,
    GazetteerMatch,
    build_trie_pattern,
    is_sentence_initial,
    matches_to_spans,
    register_extensions,
)
from pipeline.resources import load_json

PER = "PER"
SPANS_KEY = "kl_person"
FIRST_NAMES_FILE = "first_names.txt"
RULES_FILE = "person_name_rules.json"
ORGANISATION_PATTERNS_FILE = "organisation_patterns.json"  # org_patterns.PATTERNS_FILE
_NAME_CHARS = "a-zåäöéèüæøáíóúñç'"
_TOKEN = rf"[A-ZÅÄÖÉÜÆØ][{_NAME_CHARS}]+(?:-[A-ZÅÄÖÉÜÆØ][{_NAME_CHARS}]+)?"
_INITIALS = r"[A-ZÅÄÖ]-[A-ZÅÄÖ](?=[ \t])"
# Between first name and surname: spaces, or a line break (PDF lists split names).
_GAP = r"(?:[ \t\u00a0]+|[ \t\u00a0]*\r?\n[ \t\u00a0\r\n]{0,4})"


@dataclass(frozen=True)
class FirstNames:
    """First names; `everyday` are also everyday words ("Hans", "Bo", marked " *")."""

    names: frozenset[str]
    everyday: frozenset[str]

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> FirstNames:
        names, everyday = set(), set()
        for line in lines:
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            names.add(parts[0])
            if len(parts) > 1 and parts[1] == "*":
                everyday.add(parts[0])
        return cls(frozenset(names), frozenset(everyday))

    def to_lines(self) -> list[str]:
        return [f"{n} *" if n in self.everyday else n for n in sorted(self.names)]

    @classmethod
    def from_file(cls, path: Path) -> FirstNames:
        return cls.from_lines(Path(path).read_text(encoding="utf-8").splitlines())

    def to_file(self, path: Path) -> None:
        Path(path).write_text("\n".join(self.to_lines()) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class PersonNameRules:
    """What may follow a first name: surname-like words, not organisation or title words."""

    first_names: FirstNames
    blocked: frozenset[str]  # words that are never a surname (organisations, titles, places)
    surname_endings: tuple[str, ...]
    particles: tuple[str, ...] = field(default=())
    not_after_genitive: frozenset[str] = field(default=frozenset())  # "Thunes (M) och"

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        one = build_trie_pattern(self.first_names.names)
        # "Ulla-Maria", "Lars-Göran" (two known names), "K-E" (two initials)
        first = rf"(?:(?:{one})(?:-(?:{one}))?|{_INITIALS})"
        particle = "(?:" + "|".join(self.particles) + r")[ \t]+" if self.particles else "(?!)"
        surname = rf"(?:{particle}){{0,2}}{_TOKEN}"
        return re.compile(
            rf"(?<![\w-])(?P<first>{first}){_GAP}(?P<s1>{surname})"
            rf"(?:[ \t\u00a0]+(?P<s2>{surname}))?(?![\w])"
        )

    def is_first_name(self, word: str) -> bool:
        """A known first name, or two joined by a hyphen ("Lars-Göran")."""
        return all(part in self.first_names.names for part in word.split("-"))

    def to_json(self) -> dict:
        return {
            "blocked": sorted(self.blocked),
            "surname_endings": list(self.surname_endings),
            "particles": list(self.particles),
            "not_after_genitive": sorted(self.not_after_genitive),
        }

    @classmethod
    def from_json(cls, data: dict, first_names: FirstNames) -> PersonNameRules:
        return cls(
            first_names,
            frozenset(data["blocked"]),
            tuple(data["surname_endings"]),
            tuple(data["particles"]),
            frozenset(data.get("not_after_genitive", ())),
        )

    @classmethod
    def from_lexicons(cls, lexicon_dir: Path) -> PersonNameRules:
        """Build time: first names, the rule file and the gazetteer's one-word names."""
        lexicon_dir = Path(lexicon_dir)
        rules = srsly.read_json(lexicon_dir / RULES_FILE)
        blocked = set(rules["not_surname_words"])
        blocked |= Gazetteer.from_dir(lexicon_dir).single_word_names()
        patterns = lexicon_dir / ORGANISATION_PATTERNS_FILE
        if patterns.exists():  # "Klara Arkitekter", "Eksta Bostäder" name companies
            heads = srsly.read_json(patterns)
            words = [*heads.get("legal_forms", ()), *heads.get("heads_after", ())]
            blocked |= {w for w in words if " " not in w and w[:1].isupper()}
        return cls(
            FirstNames.from_file(lexicon_dir / FIRST_NAMES_FILE),
            frozenset(blocked),
            tuple(rules["surname_endings"]),
            tuple(rules["particles"]),
            frozenset(load_json("entity_rules.json")["not_after_genitive"]),
        )


EMPTY_RULES = PersonNameRules(FirstNames(frozenset(), frozenset()), frozenset(), ())


def _last_word(token: str) -> str:
    return token.split()[-1]


def _stem(word: str, first_names: FirstNames) -> str:
    """A word without a genitive "s" when that is plausible for a surname."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is", "as", "os")):
        return word
    if word in first_names.names:
        return word
    stem = word[:-1]
    if stem[-1] in "aeiouyåäöéè" or stem.endswith("er") or stem[-1] in "bcdfghjklmnpqtvw":
        return stem
    return word


def _is_surname(token: str, strict: bool, rules: PersonNameRules) -> bool:
    word = _last_word(token)
    stem = _stem(word, rules.first_names)
    if word in rules.blocked or stem in rules.blocked or word.upper() == word:
        return False
    if not strict:
        return True
    return stem.lower().endswith(rules.surname_endings) or "-" in word


def strip_genitive(name: str, first_names: FirstNames) -> str:
    """ "Kent Sjöströms" -> "Kent Sjöström"; "Ingrid Mars" stays as it is."""
    head, _, last = name.rpartition(" ")
    stem = _stem(last, first_names)
    return f"{head} {stem}" if head else stem


_NEXT_WORD = re.compile(r"[ \t\u00a0]+(\w+)")


def genitive_context(text: str, end: int, not_after: frozenset[str]) -> bool:
    """Does the name ending at ``end`` stand in the genitive? Only when a lower-case word
    that can be owned follows ("Kent Sjöströms förslag"); "Henrik Thunes (M)", "Jörgen
    Peters, ordförande" and "Petersson Thunes och" keep their "s"."""
    m = _NEXT_WORD.match(text, end)
    return bool(m) and m.group(1).islower() and m.group(1) not in not_after


def find_person_names(text: str, rules: PersonNameRules) -> list[GazetteerMatch]:
    """Persons named with first name and surname; value is the name without genitive."""
    if not rules.first_names.names:
        return []
    first_names = rules.first_names
    pattern = rules.pattern
    found: list[GazetteerMatch] = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        pos = m.end("first")
        first = m.group("first")
        strict = first in first_names.everyday and is_sentence_initial(text, m.start())
        if not _is_surname(m.group("s1"), strict, rules):
            continue
        end = m.end("s1")
        parts = [first, m.group("s1")]
        s2 = m.group("s2")
        if s2 and _is_surname(s2, True, rules) and not rules.is_first_name(_last_word(s2)):
            end = m.end("s2")  # "Christina Johansson Lars-Göran" is two people
            parts.append(s2)
        value = " ".join(" ".join(parts).split())
        if genitive_context(text, end, rules.not_after_genitive):
            value = strip_genitive(value, first_names)
        found.append(
            GazetteerMatch(
                start=m.start(),
                end=end,
                text=text[m.start() : end],
                label=PER,
                value=value,
                kb_id=None,
                entry_id="person",
            )
        )
        pos = end
    return found


class PersonNameComponent:
    """Pipeline component: person names into ``doc.spans[spans_key]``; owns its name lists."""

    def __init__(
        self, nlp: Language, name: str = "kommunlens_person_names", spans_key: str = SPANS_KEY
    ):
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.rules = EMPTY_RULES

    def initialize(
        self,
        get_examples: Callable | None = None,
        *,
        nlp: Language | None = None,
        lexicon_dir: str | Path | None = None,
    ) -> None:
        """Read first names and rules from ``lexicon_dir`` (build time)."""
        if lexicon_dir is None:
            raise ValueError(f"{self.name}: initialize needs lexicon_dir (the word-list folder)")
        self.rules = PersonNameRules.from_lexicons(Path(lexicon_dir))

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = matches_to_spans(
            doc, find_person_names(doc_text(doc), self.rules)
        )
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.rules.first_names.to_file(path / FIRST_NAMES_FILE)
        srsly.write_json(path / RULES_FILE, self.rules.to_json())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PersonNameComponent:
        path = Path(path)
        first_names = FirstNames.from_file(path / FIRST_NAMES_FILE)
        self.rules = PersonNameRules.from_json(srsly.read_json(path / RULES_FILE), first_names)
        return self


@Language.factory(
    "kommunlens_person_names", default_config={"spans_key": SPANS_KEY}, assigns=["doc.spans"]
)
def make_person_names(nlp: Language, name: str, spans_key: str) -> PersonNameComponent:
    """Factory for ``nlp.add_pipe("kommunlens_person_names")``; initialize with a lexicon_dir."""
    return PersonNameComponent(nlp, name, spans_key=spans_key)
