"""Who attended a meeting, with party and role where the minutes write them.

The cover page of minutes lists persons under labels ("Beslutande", "Ledamöter",
"Tjänstgörande ersättare", "Övriga närvarande", "Frånvarande", "Utses att justera"). Each
entry is a name, then perhaps a party ("(M)", ", S") and a role ("Ordförande",
"kommunsekreterare", "Region Halland"): "Lisa Andersson (M), Ordförande", "Andrea Egerlundh,
kommunsekreterare", "Elisabet Lassen (S) X Ordförande" (an attendance table: X present, -
absent), "Benny Carlson (BC), Marinfloc (ordf.)" (initials, not a party). A person named
after "ersättare för" is the absent member being replaced. The list ends at a label that
opens something else ("Plats och tid", "Underskrifter") or at the first agenda item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.minutes.lines import TextLine
from pipeline.resources import load_json, load_lines

_PARTICLES = r"(?:(?:de|van|der|von|af|da|la|di)\s+){0,2}"
_NAME_PART = r"(?:[A-ZÅÄÖÉÜ][a-zåäöéüøèáí]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüøèáí]+)?|[A-ZÅÄÖ]-[A-ZÅÄÖ])"
_NAME = rf"{_NAME_PART}(?:\s+{_NAME_PART}){{0,2}}\s+{_PARTICLES}{_NAME_PART}"
_PERSON = re.compile(
    rf"(?<![\wåäöÅÄÖ-])(?P<name>{_NAME})"
    r"(?:\s*\((?P<paren>[^()]{1,12})\)|,\s?(?P<comma>[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,5})(?=\.?(?:[,\s]|$)))?"
)
_ROLE_WORD = re.compile(r"[^\W\d_]+")
_ROLE_NOISE = frozenset({"och", "samt", "ej", "för", "del", "av", "med"})
FIRST_NAMES = "nlp/kommunlens_person_names/first_names.txt"
_MARK = re.compile(r"^\s*(?P<mark>[Xx✓×-])(?:\s|$)")
_SECTION_REF = re.compile(
    r",?\s*§§?\s*[\d,\s–-]+(?:och\s+\d+)?$|\s+\d{1,3}(?:\s*[-–,]\s*\d{1,3})*$"
)
_ROLE_STOP = re.compile(r"\s(?:deltar|ej|från|§|tjänstgör|närvarande|del av)\b.*$", re.I)


@dataclass(frozen=True)
class Attendee:
    name: str
    party: str | None
    role: str | None
    present: bool
    start: int
    end: int


@cache
def _data() -> dict:
    return load_json("minutes_rules.json")


@cache
def _parties() -> frozenset[str]:
    return frozenset(load_json("layout_rules.json")["party_codes"])


_ALONE = re.compile(
    rf"^{_NAME}(?:\s*\([A-ZÅÄÖ][A-Za-zÅÄÖåäö]{{0,5}}\)|,\s?[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{{0,5}})$"
)


@cache
def _stop_only() -> re.Pattern[str]:
    words = sorted(_data()["stop_labels"], key=len, reverse=True)
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<=\s)(?=[A-ZÅÄÖ])(?i:{alts})(?![\wåäö])")


@cache
def _first_names() -> frozenset[str]:
    """First names the shipped spaCy pipeline's person-name matcher knows."""
    return frozenset(n.lower() for n in load_lines(FIRST_NAMES))


@cache
def _inline_stop() -> re.Pattern[str]:
    """A label inside a line: the list (or the role before it) ends there."""
    roles = {"ordförande", "sekreterare", "justerare", "protokolljusterare", "justerande"}
    labels = {*_data()["stop_labels"], *(w for w in _data()["list_labels"] if w not in roles)}
    alts = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(labels, key=len, reverse=True)
    )
    return re.compile(
        rf"(?:^|(?<=\s))(?<!,\s)(?:(?=[A-ZÅÄÖ])(?i:{alts})|representanter|deltagare)(?![\wåäö])"
    )


@cache
def _label_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    labels = sorted(_data()["list_labels"], key=len, reverse=True)
    stops = sorted(_data()["stop_labels"], key=len, reverse=True)
    alt = lambda words: "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)  # noqa: E731
    return (
        re.compile(rf"^(?P<label>{alt(labels)})(?![\wåäö])\s*:?\s*", re.I),
        re.compile(rf"^(?:{alt(stops)})(?![\wåäö])", re.I),
    )


def attendance(lines: Sequence[TextLine], stop_at: int | None = None) -> list[Attendee]:
    """The persons listed on the cover page (lines before `stop_at`, an offset)."""
    labels, stops = _label_pattern()
    defaults = _data()["list_labels"]
    out: list[Attendee] = []
    seen: dict[str, int] = {}
    current: tuple[bool, str | None] | None = None
    for line in lines:
        if stop_at is not None and line.start >= stop_at:
            break
        if line.kind is not None:
            continue
        text, offset = line.text, line.start
        label = labels.match(text)
        if label:
            present, role = defaults[" ".join(label.group("label").lower().split())]
            current = (bool(present), role)
            text, offset = text[label.end() :], offset + label.end()
        elif stops.match(text):
            current = None
            continue
        if not text.strip():
            continue
        for segment, seg_offset, state in _segments(text, offset, current):
            current = state
            if not segment.strip():
                continue
            if state is None:
                if not _ALONE.match(segment):
                    continue  # outside a list only a line that is one name and party counts
                state = (True, None)
            for person in _people(segment, seg_offset, *state):
                _add(out, seen, person)
    return out


def _segments(
    text: str, offset: int, current: tuple[bool, str | None] | None
) -> list[tuple[str, int, tuple[bool, str | None] | None]]:
    """The line cut at labels inside it ("... Kommunchef Kommunens representanter Kerstin
    Gadde (KG) ..."), each piece with the list state it is read in."""
    labels, stops = _label_pattern()
    defaults = _data()["list_labels"]
    cuts = [m for m in _inline_stop().finditer(text) if m.start() > 0]
    pieces: list[tuple[str, int, tuple[bool, str | None] | None]] = []
    position, state = 0, current
    for cut in cuts:
        pieces.append((text[position : cut.start()], offset + position, state))
        rest = text[cut.start() :]
        label = labels.match(rest)
        if label and not stops.match(rest):
            present, role = defaults[" ".join(label.group("label").lower().split())]
            state = (bool(present), role)
            position = cut.start() + label.end()
        else:
            state, position = None, cut.start()
    pieces.append((text[position:], offset + position, state))
    return pieces


def _add(out: list[Attendee], seen: dict[str, int], person: Attendee) -> None:
    key = person.name.lower()
    if key in seen:
        old = out[seen[key]]
        out[seen[key]] = Attendee(
            old.name,
            old.party or person.party,
            old.role or person.role,
            old.present,
            old.start,
            old.end,
        )
        return
    seen[key] = len(out)
    out.append(person)


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(_data()["name_stop_words"])


def _name_words(name: str, initials: str | None = None) -> list[str]:
    """The words of a matched name without the words before it that are not part of it.

    Label words ("Paragrafer") go; "Solaster Jan Eriksson (JE)": the initials say the name
    is the last two words; "Samhällsbyggnadsförvaltningen Kristina Grape": a name opens
    with a first name.
    """
    words = name.split()
    while words and words[0].lower() in _stop_words():
        words.pop(0)
    while words and words[-1].lower() in _stop_words():
        words.pop()
    if initials and 2 <= len(initials) < len(words):
        tail = words[-len(initials) :]
        if "".join(w[0] for w in tail) == initials:
            return tail
    while (
        len(words) > 2
        and words[0].lower() not in _first_names()
        and words[1].lower() in _first_names()
    ):
        words.pop(0)
    return words


def _plausible(words: list[str], m: re.Match[str], text: str) -> bool:
    """A name with a party or role after it, alone on its line, or opened by a first name."""
    if m.group("paren") or m.group("comma"):
        return True
    if re.match(r",\s?[a-zåäö]{4,}", text[m.end() :]):
        return True  # "Unto Järvirova, biträdande kommundirektör"
    if words[0].lower() in _first_names() or words[0].split("-")[0].lower() in _first_names():
        return True
    return text.strip() == m.group(0).strip()


def _people(text: str, offset: int, present: bool, default_role: str | None) -> list[Attendee]:
    """The persons of one piece of a list, in order."""
    out: list[Attendee] = []
    absent_next = False
    found = []
    for m in _PERSON.finditer(text):
        paren = (m.group("paren") or "").strip().rstrip("0123456789")
        words = _name_words(m.group("name"), paren if paren.isupper() else None)
        if len(words) >= 2 and _plausible(words, m, text):
            found.append((m, words, m.start("name") + m.group("name").index(words[0])))
    for n, (m, words, _) in enumerate(found):
        nxt = found[n + 1][2] if n + 1 < len(found) else len(text)
        name_start = offset + m.start("name") + m.group("name").index(words[0])
        if len(words) == 4 and not (m.group("paren") or m.group("comma")):
            # "Owe Pekkari Eva Esberg": two persons written one after the other
            second = offset + m.start("name") + m.group("name").index(words[2])
            for name, start in ((" ".join(words[:2]), name_start), (" ".join(words[2:]), second)):
                out.append(Attendee(name, None, default_role, present, start, start + len(name)))
            continue
        party, role_prefix = _party(m, words)
        name_end = m.end()
        if m.group("comma") and party is None:
            role_prefix, name_end = None, m.end("name")
        tail = text[name_end:nxt]
        if party is None:
            code = re.match(r"^\s+([A-ZÅÄÖ]{1,2}[A-Za-zÅÄÖ]{0,3})(?=[\s,.]|$)", tail)
            if code and code.group(1) in _parties():  # "Tina Pirttijärvi SD"
                party, tail = code.group(1), tail[code.end() :]
        mark = _MARK.match(tail)
        here = present and not absent_next
        if mark:
            here = present and mark.group("mark") != "-"
            tail = tail[mark.end() :]
        role = _role(role_prefix, tail) or default_role
        replaces = bool(re.search(r"\bför\s*$", tail.strip()))
        if replaces and role:
            role = re.sub(r"\s*\bför\s*$", "", role).strip() or default_role
        name = " ".join(words)
        out.append(Attendee(name, party, role, here, name_start, name_start + len(name)))
        absent_next = replaces
    return out


def _party(m: re.Match[str], words: list[str]) -> tuple[str | None, str | None]:
    """(party, role text in the brackets): "(M)" is a party, "(BC)" the person's initials."""
    code = m.group("comma")
    if code:
        return (code, None) if code in _parties() else (None, code)
    paren = (m.group("paren") or "").strip()
    if not paren:
        return None, None
    initials = "".join(w[0] for w in words if w[0].isupper())
    if paren.rstrip("0123456789") in (initials, initials[0] + initials[-1]):
        return None, None
    if paren in _parties() or re.fullmatch(r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,5}", paren):
        return paren, None
    return None, paren


def _role(prefix: str | None, tail: str) -> str | None:
    label = _inline_stop().search(tail.strip().lstrip(",").strip(), 1)
    tail = tail.strip().lstrip(",").strip()
    if label:
        tail = tail[: label.start()]
    tail = re.split(r"(?<=[a-zåäö]{3})\.\s+(?=[A-ZÅÄÖ])|\s[Xx-]\s", tail)[0]
    tail = _SECTION_REF.sub("", tail.strip())
    if not any(len(w) > 2 and w.lower() not in _ROLE_NOISE for w in _ROLE_WORD.findall(tail)):
        tail = ""
    tail = _ROLE_STOP.sub("", tail).strip(" ,.;:-–")
    words = _data()["role_words"]
    parts = [p for p in (prefix, tail) if p]
    role = ", ".join(parts).strip(" ,")
    if not role:
        return None
    role = words.get(role.lower(), role)
    role = re.sub(
        r"\((ordf\.?|sekr\.?|v\. ordf\.)\)",
        lambda r: f"({words.get(r.group(1).lower(), r.group(1))})",
        role,
    )
    return role[:80] if len(role) > 1 else None
