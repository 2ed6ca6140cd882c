"""Which municipality a document is about, with its SCB code and county.

The rule, in order:

1. Every mention of a municipality is counted: "Kalix kommun(s)" / "Östersunds
   kommun(s)" weigh 3, the bare name or its genitive ("Östersund",
   "Hallstahammars") weighs 1; mentions in the title or the first lines weigh
   double.
2. The municipality with the highest weight is the document's municipality
   when it is named at least twice (or once as "X kommun") and holds at
   least half of all points, so a place mentioned in passing ("Stockholm",
   "Ragunda") never wins.
   A document that names one municipality only, once, is about it when it speaks as a
   municipality ("kommunfullmäktige", "kommunen"): the minutes of a council that names
   its town once.
3. Otherwise the document is regional (or national): municipality is null.
   It gets a county when it reads as regional: it names a region or county
   ("Region JH", "Jämtlands län") twice, or once together with a regional cue
   ("länet", "länsnivå", "regionala"); failing that, when it has a regional
   cue and every municipality it mentions lies in one county. A national text
   that names a county in passing gets no county.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from pipeline.nlp.lexicon import is_common_word
from pipeline.resources import load_csv, load_json

MIN_MENTIONS = 2
HEADER_CHARS = 400
COMPOUND_MIN_CHARS = 5  # shorter names start too many ordinary words ("Lund" -> "Lundgren")


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    official_name: str
    genitive: str
    county_code: str
    county: str


@dataclass(frozen=True)
class MunicipalityResult:
    municipality: str | None
    municipality_code: str | None
    county: str | None


@cache
def municipalities() -> dict[str, Municipality]:
    """All 290 municipalities by kommunkod."""
    rows = load_csv("municipalities.csv")
    return {
        r["code"]: Municipality(
            r["code"], r["name"], r["official_name"], r["genitive"], r["county_code"], r["county"]
        )
        for r in rows
    }


@cache
def counties() -> dict[str, str]:
    """County name by county code."""
    return {r["code"]: r["name"] for r in load_csv("counties.csv")}


@cache
def municipality_by_name() -> dict[str, Municipality]:
    """Short name, case-folded, to municipality: for users typing names on the CLI."""
    return {m.name.casefold(): m for m in municipalities().values()}


def _boundary(alternatives: list[str]) -> re.Pattern[str]:
    alts = sorted({a for a in alternatives if a}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, alts)) + r")(?![\w-])")


@cache
def _patterns() -> tuple[re.Pattern[str], dict[str, tuple[str, int]], re.Pattern[str], dict]:
    """One regex for all municipality forms, one for region/county names."""
    forms: dict[str, tuple[str, int]] = {}
    for m in municipalities().values():
        stem = m.official_name.removesuffix(" kommun")
        for form in (m.official_name, m.official_name + "s", f"{m.genitive} kommun"):
            forms[form] = (m.code, 3)
            forms[form.upper()] = (m.code, 3)  # "KUNGSBACKA KOMMUN" in letterheads
        for alias in _aliases(m.code):
            forms[alias] = (m.code, 3)
        forms.setdefault(m.name, (m.code, 1))
        forms.setdefault(m.genitive, (m.code, 1))
        forms.setdefault(stem, (m.code, 1))
    regions = {r["name"]: r["county_code"] for r in load_csv("regions.csv")}
    for code, name in counties().items():
        regions[name] = code
    return _boundary(list(forms)), forms, _boundary(list(regions)), regions


@cache
def _alias_table() -> dict[str, list[str]]:
    return {
        r["code"]: [a for a in r["aliases"].split("|") if a] for r in load_csv("municipalities.csv")
    }


def _aliases(code: str) -> list[str]:
    return _alias_table().get(code, [])


def municipality_points(text: str, title: str | None = None) -> Counter[str]:
    """Weighted mention counts per kommunkod."""
    return _mentions(text, title)[0]


@cache
def _compound_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """Names long enough to be told apart as the first part of a compound ("Orustvillan")."""
    names = {
        m.name: m.code
        for m in municipalities().values()
        if len(m.name) >= COMPOUND_MIN_CHARS and " " not in m.name
    }
    alts = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alts})(?=[a-zåäö]{{3,}})"), names


@cache
def _region_words() -> tuple[str, ...]:
    """First words of county and region names ("gävleborgs", "västerbottens")."""
    names = [r["name"] for r in load_csv("regions.csv")] + list(counties().values())
    words = {n.split()[0].lower() for n in names if n.split()}
    words |= {w.removesuffix("s") for w in words}
    return tuple(sorted(w for w in words if len(w) > 4))


def _mentions(text: str, title: str | None) -> tuple[Counter[str], Counter[str]]:
    """(weighted points, plain 'named' counts) per kommunkod; "X kommun" counts as named twice.

    The name as the first part of a compound or an organisation's name ("Orustvillan",
    "Kalixföretag") counts as a bare mention: a local company carries its place's name.
    """
    pattern, forms, _, _ = _patterns()
    compound, by_name = _compound_pattern()
    points: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for source, weight in ((title or "", 2), (text, 1)):
        for match in pattern.finditer(source):
            code, base = forms[match.group(1)]
            early = 2 if source is text and match.start() < HEADER_CHARS else 1
            points[code] += base * max(weight, early)
            named[code] += 2 if base > 1 else 1
        for match in compound.finditer(source):
            word = re.match(r"[\w-]+", source[match.start() :])
            if word and word.group(0).lower().startswith(_region_words()):
                continue  # "Gävleborg" is a county, not a compound of Gävle
            if word and is_common_word(word.group(0)):
                continue  # "Sjöbodar" are boathouses, not a compound of Sjöbo
            code = by_name[match.group(1)]
            points[code] += max(weight, 2 if match.start() < HEADER_CHARS else 1)
            named[code] += 1
    return points, named


@cache
def _self_cue() -> re.Pattern[str]:
    return _boundary(load_json("metadata_cues.json")["municipal_self_cues"])


def _speaks_as_municipality(text: str) -> bool:
    """The text speaks of "kommunen", "kommunfullmäktige" ...: a municipality's own document."""
    return _self_cue().search(text.lower()) is not None


@cache
def _regional_cue() -> re.Pattern[str]:
    cues = load_json("metadata_cues.json")["regional_cues"]
    return _boundary(cues)


def region_county(text: str) -> str | None:
    """County code of the region or county the text names most, if it reads as regional."""
    _, _, pattern, regions = _patterns()
    found = Counter(regions[m.group(1)] for m in pattern.finditer(text))
    if not found:
        return None
    code, n = found.most_common(1)[0]
    return code if n >= 2 or _regional_cue().search(text) else None


def detect_municipality(text: str, title: str | None = None) -> MunicipalityResult:
    """Apply the rule in the module docstring."""
    points, named = _mentions(text, title)
    table = municipalities()
    if points:
        (best, best_points), *_ = points.most_common(1)
        enough = named[best] >= MIN_MENTIONS or (len(points) == 1 and _speaks_as_municipality(text))
        if enough and best_points * 2 >= sum(points.values()):
            m = table[best]
            return MunicipalityResult(m.name, m.code, m.county)
    county_code = region_county(text)
    if county_code is None and _regional_cue().search(text):
        mentioned = {table[c].county_code for c in points}
        county_code = mentioned.pop() if len(mentioned) == 1 else None
    return MunicipalityResult(None, None, counties().get(county_code) if county_code else None)
