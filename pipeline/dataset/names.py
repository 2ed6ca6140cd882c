"""Municipality names as people type them: 'Ostersund', 'Kalix kommun', 'Östersunds kommun', '2514'.

`compare`, the dataset filters and corrections accept a name in any of these forms. A name is
matched exactly (case-insensitively) first, then without diacritics; a loose form that fits
two municipalities ('Habo' and 'Håbo') is reported as ambiguous rather than guessed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from pipeline.resources import load_csv

SUFFIXES = (" kommun", " kommuns", " stad")


def fold(name: object) -> str:
    """Comparison form of a name: NFC, stripped, case-folded ('Östersund' == 'östersund')."""
    return unicodedata.normalize("NFC", str(name)).strip().casefold()


def loose(name: object) -> str:
    """fold() without diacritics, repeated spaces, or a trailing 'kommun' ('Östersunds kommun'
    -> 'ostersunds')."""
    text = unicodedata.normalize("NFKD", fold(name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.replace("-", " ").split())
    for suffix in SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


@dataclass(frozen=True)
class Municipality:
    """One of the 290 municipalities (pipeline/resources/municipalities.csv)."""

    name: str
    code: str
    county: str


@cache
def _official() -> tuple[dict[str, Municipality], dict[str, set[Municipality]]]:
    """Exact and loose keys of every form of every municipality's name (and its code)."""
    exact: dict[str, Municipality] = {}
    by_loose: dict[str, set[Municipality]] = {}
    for row in load_csv("municipalities.csv"):
        m = Municipality(row["name"], row["code"], row["county"])
        forms = [row["name"], row["official_name"], row["genitive"], row["code"]]
        forms += [a for a in (row.get("aliases") or "").split("|") if a.strip()]
        for form in forms:
            exact.setdefault(fold(form), m)
            by_loose.setdefault(loose(form), set()).add(m)
    return exact, by_loose


def official_municipality(name: str) -> Municipality | None:
    """The municipality a name or kommunkod means; None when unknown or ambiguous."""
    exact, by_loose = _official()
    hit = exact.get(fold(name))
    if hit is not None:
        return hit
    found = by_loose.get(loose(name), set())
    return next(iter(found)) if len(found) == 1 else None


class NameMatcher:
    """Matches requested names against the municipalities a dataset has.

    `available` are the canonical names; `codes` maps kommunkod -> canonical name. Forms of
    the official list ('Östersunds kommun', the genitive) count when they mean an available
    municipality.
    """

    def __init__(self, available: Iterable[str], codes: Mapping[str, str] | None = None):
        self.available = list(available)
        self.exact: dict[str, str] = {fold(n): n for n in self.available}
        self.by_loose: dict[str, set[str]] = {}
        for n in self.available:
            self.by_loose.setdefault(loose(n), set()).add(n)
        for code, n in (codes or {}).items():
            self.exact.setdefault(fold(code), n)

    def match(self, name: str) -> str | None:
        """The canonical name, or None when nothing (or more than one) fits."""
        hit = self.exact.get(fold(name))
        if hit is not None:
            return hit
        found = self.by_loose.get(loose(name), set())
        if len(found) == 1:
            return next(iter(found))
        if not found:
            official = official_municipality(name)
            if official is not None and official.name in self.exact.values():
                return official.name
            key = loose(name)
            if key.endswith("s"):  # a genitive not in the official list: 'Kalixs kommun'
                found = self.by_loose.get(key[:-1], set())
                if len(found) == 1:
                    return next(iter(found))
        return None

    def ambiguous(self, name: str) -> list[str]:
        """The names a loose form could mean when it means more than one."""
        if fold(name) in self.exact:
            return []
        found = sorted(self.by_loose.get(loose(name), set()))
        return found if len(found) > 1 else []
