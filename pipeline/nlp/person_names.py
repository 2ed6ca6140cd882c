"""Person names: a known first name followed by one or two surname tokens.

Municipal documents name people as "Kent Sjöström", "Lars-Åke Wassö" or "Carin Becker
Åström", often in lists split over lines by PDF extraction. A list of common Swedish
first names (``pipeline/resources/first_names.txt``) anchors the match; the surname must
be a capitalised word that is not an organisation, title or place word. A genitive
("Kent Sjöströms") keeps its "s" in the span text but not in the value.

The spaCy factory ``kommunlens_person_names`` writes the matches into
``doc.spans["kl_person"]`` with the same extensions as the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.extensions import doc_text
from pipeline.nlp.gazetteer import (
    GazetteerMatch,
    build_trie_pattern,
    is_sentence_initial,
    load_organisations,
    load_places,
    matches_to_spans,
    register_extensions,
)
from pipeline.resources import resource_path

PER = "PER"
SPANS_KEY = "kl_person"

# Capitalised words that end a name rather than continue it: organisation words, titles
# and function words that open a sentence. Kept here, next to the only rule that uses it.
_NOT_SURNAME_WORDS = """
    Kommun Kommuns Kommunen Kommunens Stad Staden Region Regionen Län Länet Landsting AB HB KB
    Företag Företaget Företagen Företagarna Företagspartner Näringsliv Näringslivet Förening
    Föreningen Förbund Förbundet Universitet Högskola Högskolan Centrum Center Group Gruppen
    Sverige Svenska Svensk Nord Syd Öst Väst Mitt Norra Södra Östra Västra Stiftelse Stiftelsen
    Näringslivschef Näringslivschefen Kommunchef Kommundirektör Kommunalråd Ordförande VD
    Projektledare Handläggare Chef Samordnare Utvecklare Strateg Sekreterare Ledamot Ersättare
    Och Men Att Som Det Den De Vi Vår Våra Han Hon Har Är Var Ska Kan Med För Från Till Efter
    Inom Under Om Nu Här Där När Tack Hej Foto Bild Källa Publicerad Uppdaterad Läs Mer
    Måndag Tisdag Onsdag Torsdag Fredag Lördag Söndag Jul God Gott Nytt År
"""
_NOT_SURNAME = frozenset(_NOT_SURNAME_WORDS.split())
# Endings that make a capitalised word look like a Swedish surname; required for a second
# surname token and for a first name that is also an everyday word at a sentence start.
_SURNAME_ENDINGS = (
    "son", "sen", "ström", "strom", "berg", "borg", "gren", "lund", "qvist", "kvist",
    "quist", "holm", "dahl", "dal", "stedt", "sted", "stad", "bäck", "blad", "man", "mann",
    "ell", "én", "ér", "fors", "ling", "lin", "lind", "hed", "hammar", "mark", "ryd", "sjö",
    "vall", "löf", "lööf", "fält", "feldt", "gård", "gaard", "näs", "ås", "ander", "ius",
    "ek", "rot", "öm", "ros", "by", "ner", "der", "ter",
)  # fmt: skip
_PARTICLES = ("af", "von", "de", "van", "der", "den", "la", "le", "di", "da", "du")
_NAME_CHARS = "a-zåäöéèüæøáíóúñç'"
_TOKEN = rf"[A-ZÅÄÖÉÜÆØ][{_NAME_CHARS}]+(?:-[A-ZÅÄÖÉÜÆØ][{_NAME_CHARS}]+)?"
_PARTICLE = "(?:" + "|".join(_PARTICLES) + r")[ \t]+"
_SURNAME = rf"(?:{_PARTICLE}){{0,2}}{_TOKEN}"
# Between first name and surname: spaces, or a line break (PDF lists split names).
_GAP = r"(?:[ \t\u00a0]+|[ \t\u00a0]*\r?\n[ \t\u00a0\r\n]{0,4})"


@dataclass(frozen=True)
class _FirstNames:
    names: frozenset[str]
    everyday: frozenset[str]


@cache
def load_first_names() -> _FirstNames:
    """First names from the resource file; names marked " *" are also everyday words."""
    names, everyday = set(), set()
    for line in resource_path("first_names.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        names.add(parts[0])
        if len(parts) > 1 and parts[1] == "*":
            everyday.add(parts[0])
    return _FirstNames(frozenset(names), frozenset(everyday))


@cache
def _pattern() -> re.Pattern[str]:
    first = build_trie_pattern(load_first_names().names)
    return re.compile(
        rf"(?<![\w-])(?P<first>{first}){_GAP}(?P<s1>{_SURNAME})"
        rf"(?:[ \t\u00a0]+(?P<s2>{_SURNAME}))?(?![\w])"
    )


@cache
def _blocked_words() -> frozenset[str]:
    """Single words that are organisations or unambiguous places, never surnames."""
    words = set(_NOT_SURNAME)
    for entry in load_organisations():
        words.update(s for s in entry.surfaces if " " not in s)
    for entry in load_places():
        if not entry.needs_context:
            words.update(s for s in entry.surfaces if " " not in s)
    return frozenset(words)


def _last_word(token: str) -> str:
    return token.split()[-1]


def _stem(word: str) -> str:
    """A word without a genitive "s" when that is plausible for a surname."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is", "as", "os")):
        return word
    if word in load_first_names().names:
        return word
    stem = word[:-1]
    if stem[-1] in "aeiouyåäöéè" or stem.endswith("er") or stem[-1] in "bcdfghjklmnpqtvw":
        return stem
    return word


def _is_surname(token: str, strict: bool) -> bool:
    word = _last_word(token)
    blocked = _blocked_words()
    if word in blocked or _stem(word) in blocked or word.upper() == word:
        return False
    if not strict:
        return True
    return _stem(word).lower().endswith(_SURNAME_ENDINGS) or "-" in word


def strip_genitive(name: str) -> str:
    """ "Kent Sjöströms" -> "Kent Sjöström"; "Ingrid Mars" stays as it is."""
    head, _, last = name.rpartition(" ")
    stem = _stem(last)
    return f"{head} {stem}" if head else stem


def find_person_names(text: str) -> list[GazetteerMatch]:
    """Persons named with first name and surname; value is the name without genitive."""
    first_names = load_first_names()
    pattern = _pattern()
    found: list[GazetteerMatch] = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        pos = m.end("first")
        first = m.group("first")
        strict = first in first_names.everyday and is_sentence_initial(text, m.start())
        if not _is_surname(m.group("s1"), strict):
            continue
        end = m.end("s1")
        parts = [first, m.group("s1")]
        if m.group("s2") and _is_surname(m.group("s2"), strict=True):
            end = m.end("s2")
            parts.append(m.group("s2"))
        value = strip_genitive(" ".join(" ".join(parts).split()))
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
    """Pipeline component: person names into ``doc.spans[spans_key]``."""

    def __init__(self, spans_key: str = SPANS_KEY) -> None:
        register_extensions()
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = matches_to_spans(doc, find_person_names(doc_text(doc)))
        return doc


@Language.factory("kommunlens_person_names", default_config={"spans_key": SPANS_KEY})
def make_person_names(nlp: Language, name: str, spans_key: str) -> PersonNameComponent:
    """Factory for ``nlp.add_pipe("kommunlens_person_names")``."""
    return PersonNameComponent(spans_key=spans_key)
