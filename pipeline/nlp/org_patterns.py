"""Organisation names by how Swedish names them: a name and a head word.

The NER is trained on little text and the gazetteer lists only known organisations, yet
most local companies and associations announce themselves: a legal form or a kind after
the name ("Tempohus Kungsbacka AB", "Västerbottens handelskammare", "Pajala kommun",
"Luleå Hockey"), a kind before it ("Företagarna Töre", "Räddningstjänsten Storgöteborg"),
or a name built on an organisation word ("Kalixföretagarna", "Naturvårdsverket"). The heads
and suffixes are data (``training/lexicons/organisation_patterns.json``), copied into the
pipeline artefact by this component like the gazetteer's names.

A name is one to three capitalised words (a line break, or a blank line, may fall between them). Leading ordinary words go
("Inom Kalix kommun" -> "Kalix kommun") as long as a word that is not ordinary is left, so
"Klara Arkitekter AB" stays whole; a word built only on an organisation suffix counts only
inside a sentence (at a sentence start "Reningsverket" is a common noun). After a head
before the name, any capitalised word that is not a function word counts ("Töre" is also
an ordinary word). The matches go into
``doc.spans["kl_org_patterns"]``; the merger ranks them below the gazetteer and above the
statistical NER.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import srsly
from spacy.lang.sv.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.extensions import doc_text
from pipeline.nlp.gazetteer import (
    GazetteerMatch,
    is_sentence_initial,
    matches_to_spans,
    register_extensions,
)
from pipeline.nlp.lexicon import has_common_noun_suffix, is_common_word

ORG = "ORG"
SPANS_KEY = "kl_org_patterns"
PATTERNS_FILE = "organisation_patterns.json"
_UPPER = "A-ZÅÄÖÉÜÆØ"
# A capitalised word ("Tempohus", "K-Bygg", "H&M", "3M" is left out), or "&" between words.
_WORD = rf"[{_UPPER}][\wåäöéüæø&'’-]*"
# Spaces, or one line break (PDF text breaks names over lines).
_GAP = r"(?:[ \t\u00a0]*(?:\r?\n[ \t\u00a0]*){1,2}|[ \t\u00a0]+)"
_GENITIVE = r"(?P<gen>:s|s)?"
_END = r"(?![\w])"


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", _GAP) for w in ordered) or "(?!)"


@dataclass(frozen=True)
class OrganisationPatterns:
    """Heads after a name, heads before a name, and organisation-word suffixes."""

    legal_forms: tuple[str, ...] = ()  # "AB", "ekonomisk förening": any words before them
    heads_after: tuple[str, ...] = ()  # "handelskammare", "kommun", "Hockey"
    heads_before: tuple[str, ...] = ()  # "Företagarna", "Räddningstjänsten"
    suffixes: tuple[str, ...] = ()  # "företagarna", "verket" (lower case)
    not_names: frozenset[str] = field(default=frozenset())  # never a name word (lower case)

    @classmethod
    def from_json(cls, data: dict) -> OrganisationPatterns:
        return cls(
            tuple(data.get("legal_forms", ())),
            tuple(data.get("heads_after", ())),
            tuple(data.get("heads_before", ())),
            tuple(s.lower() for s in data.get("suffixes", ())),
            frozenset(w.lower() for w in data.get("not_names", ())),
        )

    def to_json(self) -> dict:
        return {
            "legal_forms": list(self.legal_forms),
            "heads_after": list(self.heads_after),
            "heads_before": list(self.heads_before),
            "suffixes": list(self.suffixes),
            "not_names": sorted(self.not_names),
        }

    @cached_property
    def _after(self) -> re.Pattern[str]:
        name = rf"{_WORD}(?:{_GAP}(?:&{_GAP})?{_WORD}){{0,2}}"
        heads = _alternation((*self.legal_forms, *self.heads_after))
        return re.compile(rf"(?<![\w-])(?P<name>{name}){_GAP}(?P<head>{heads}){_GENITIVE}{_END}")

    @cached_property
    def _before(self) -> re.Pattern[str]:
        heads = _alternation(self.heads_before)
        name = rf"{_WORD}(?:{_GAP}{_WORD}){{0,2}}"
        return re.compile(rf"(?<![\w-])(?P<head>{heads}){_GAP}(?P<name>{name}){_END}")

    @cached_property
    def _suffixed(self) -> re.Pattern[str]:
        suffixes = _alternation(self.suffixes)
        return re.compile(
            rf"(?<![\w-])(?P<name>[{_UPPER}][\wåäöéü-]{{2,}}?(?i:{suffixes})){_GENITIVE}{_END}"
        )

    def _is_name_word(self, word: str) -> bool:
        return word != "&" and word.lower() not in self.not_names and not is_common_word(word)

    def _may_follow_head(self, word: str) -> bool:
        lower = word.lower()
        return (
            word != "&"
            and lower not in self.not_names
            and lower not in STOP_WORDS
            and not has_common_noun_suffix(word)  # "AB Årsredovisning"
        )

    def _trim_leading(self, words: list[str]) -> int:
        """How many leading words to drop: ordinary or excluded words, while a name word is
        left after them."""
        n = 0
        while n < len(words) and (
            words[n].lower() in self.not_names
            or words[n].lower() in STOP_WORDS
            or (is_common_word(words[n]) and any(self._is_name_word(w) for w in words[n + 1 :]))
        ):
            n += 1
        return n

    def find(self, text: str) -> list[GazetteerMatch]:
        """Organisation names in ``text``; values are the names without a genitive ending."""
        found = []
        for m in self._after.finditer(text):
            words = [(w.start(), w.group()) for w in re.finditer(r"\S+", m.group("name"))]
            names = [w for _, w in words]
            drop = self._trim_leading(names)
            if drop == len(words) or names[drop] == "&":
                continue
            head = " ".join(m.group("head").split())
            # after a legal form or a capitalised head ("Klara Arkitekter") ordinary words
            # may make the whole name; after "kommun" or "förening" a name word must be there
            loose = head in self.legal_forms or head[:1].isupper()
            if not loose and not any(self._is_name_word(w) for w in names[drop:]):
                continue
            start = m.start("name") + words[drop][0]
            found.append(self._match(text, start, m.end("head"), m.end()))
        for m in self._before.finditer(text):
            ends = [w.end() for w in re.finditer(r"\S+", m.group("name"))]
            words = m.group("name").split()
            keep = 0  # a capitalised word after the head names it, even a word ("Töre")
            while keep < len(words) and self._may_follow_head(words[keep]):
                keep += 1
            if not keep:
                continue
            end = m.start("name") + ends[keep - 1]
            owned = _OWNED.match(text, end)
            if words[keep - 1].endswith("s") and owned and owned.group(1) not in STOP_WORDS:
                end = owned.end()  # "Föreningen Jämtlands vikingadagar"
            value_end = end - 2 if text[end - 2 : end] == ":s" else end
            found.append(self._match(text, m.start(), value_end, end))
        for m in self._suffixed.finditer(text):
            word = m.group("name")
            if is_sentence_initial(text, m.start()):  # "Reningsverket byggs" is no name
                continue
            if word.lower() in self.not_names or word.lower() in self.suffixes:
                continue
            found.append(self._match(text, m.start(), m.end("name"), m.end()))
        return found

    @staticmethod
    def _match(text: str, start: int, value_end: int, end: int) -> GazetteerMatch:
        return GazetteerMatch(
            start=start,
            end=end,
            text=text[start:end],
            label=ORG,
            value=" ".join(text[start:value_end].split()),
            kb_id=None,
            entry_id="pattern",
        )


_OWNED = re.compile(r"[ \t\u00a0]+([a-zåäöé][a-zåäöé-]+)(?![\w])")


def resolve(matches: Iterable[GazetteerMatch]) -> list[GazetteerMatch]:
    """Non-overlapping matches, the longest first."""
    kept: list[GazetteerMatch] = []
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


EMPTY_PATTERNS = OrganisationPatterns()


class OrganisationPatternComponent:
    """Pipeline component: pattern matches into ``doc.spans[spans_key]``; owns its patterns."""

    def __init__(
        self, nlp: Language, name: str = "kommunlens_org_patterns", spans_key: str = SPANS_KEY
    ):
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.patterns = EMPTY_PATTERNS

    def initialize(
        self,
        get_examples: Callable | None = None,
        *,
        nlp: Language | None = None,
        lexicon_dir: str | None = None,
    ) -> None:
        """Read the patterns from ``lexicon_dir`` (build time)."""
        if lexicon_dir is None:
            raise ValueError(f"{self.name}: initialize needs lexicon_dir (the word-list folder)")
        self.patterns = OrganisationPatterns.from_json(
            srsly.read_json(Path(lexicon_dir) / PATTERNS_FILE)
        )

    def __call__(self, doc: Doc) -> Doc:
        matches = resolve(self.patterns.find(doc_text(doc)))
        doc.spans[self.spans_key] = matches_to_spans(doc, matches, source="rule")
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        srsly.write_json(Path(path) / PATTERNS_FILE, self.patterns.to_json())

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = ()
    ) -> OrganisationPatternComponent:
        self.patterns = OrganisationPatterns.from_json(srsly.read_json(Path(path) / PATTERNS_FILE))
        return self


@Language.factory(
    "kommunlens_org_patterns", default_config={"spans_key": SPANS_KEY}, assigns=["doc.spans"]
)
def make_org_patterns(nlp: Language, name: str, spans_key: str) -> OrganisationPatternComponent:
    """Factory for ``nlp.add_pipe("kommunlens_org_patterns")``; initialize with a lexicon_dir."""
    return OrganisationPatternComponent(nlp, name, spans_key=spans_key)
