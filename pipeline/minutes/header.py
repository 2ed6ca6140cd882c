"""The meeting date and the meeting body of a set of minutes, from its cover page.

Meeting date: the first day date on a line opened by a meeting-date label ("Sammanträdesdatum
2018-09-11", "Plats och tid Kommunhuset, Storuman 2018-09-11, kl. 13.00", "Datum 2024-04-09"),
or on the line below a label that stands alone ("Plats och tid" / "Folkets Hus/OSD den 17
september 2015"); a date after "Datum då anslaget ..." is the notice board's, not the meeting's.

Body: the organ named by an "Organ" or "Myndighet" line, else the first name of a body in
the first lines ("Kommunstyrelsens arbetsutskott", "Kommunfullmäktiges protokoll",
"Minnesanteckningar för Näringslivsrådet", "KS § 80"), lower-cased, genitive dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import cache

from pipeline.metadata.published import first_day
from pipeline.minutes.lines import TextLine
from pipeline.resources import load_json

HEADER_LINES = 40  # the cover page: where the meeting date and the body are written
# "KS § 80", "KF 35 Dnr 0183/": an item heading opened by the body's abbreviation.
_CODE_HEADING = re.compile(r"^([A-ZÅÄÖ]{2,4}(?:\s[A-ZÅÄÖ]{2})?)\s+(?:§\s*\d|\d{1,4}\s+Dnr\b)")
_ORGAN_LINE = re.compile(r"^(?:organ|myndighet|nämnd|instans)\s*:?\s+(?P<organ>\S.*)$", re.I)


@cache
def _data() -> dict:
    return load_json("minutes_rules.json")


@cache
def _date_cue() -> re.Pattern[str]:
    cues = sorted(_data()["meeting_date_cues"], key=len, reverse=True)
    alts = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues)
    return re.compile(rf"^(?:{alts})(?![\wåäö])(?!\s+(?:då|för)\b)\s*:?\s*", re.I)


@cache
def _organ_pattern() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, _data()["organ_words"]), key=len, reverse=True))
    head = r"[A-ZÅÄÖa-zåäö][a-zåäö-]*"
    return re.compile(
        rf"(?<![\wåäö])(?:(?P<adj>{head})\s+)?(?P<word>(?i:[a-zåäö][a-zåäö-]*?)?(?i:{words}))(?![\wåäö])"
    )


def meeting_date(lines: Sequence[TextLine]) -> dt.date | None:
    """The meeting date written on the cover page, or None."""
    head = [ln for ln in lines[:HEADER_LINES] if ln.kind not in ("signature", "notice", "web")]
    for i, line in enumerate(head):
        cue = _date_cue().match(line.text)
        if not cue:
            continue
        rest = line.text[cue.end() :]
        found = first_day(rest)
        if found:
            return found
        if not rest.strip() and i + 1 < len(head):
            found = first_day(head[i + 1].text)
            if found:
                return found
    return None


def meeting_body(lines: Sequence[TextLine]) -> str | None:
    """The body that met ("kommunstyrelsens arbetsutskott", "näringslivsrådet"), or None."""
    head = [ln for ln in lines[:HEADER_LINES] if ln.kind not in ("signature", "web")]
    for line in head:
        m = _ORGAN_LINE.match(line.text)
        if m:
            organ = _organ(m.group("organ"))
            if organ:
                return organ
    abbreviations = _data()["organ_abbreviations"]
    for line in head:
        code = _CODE_HEADING.match(line.text)
        if code and code.group(1) in abbreviations:
            return abbreviations[code.group(1)]
        organ = _organ(line.text)
        if organ:
            return organ
    return None


def _organ(text: str) -> str | None:
    """The first organ name in `text`, lower-cased, with a genitive -s dropped."""
    for m in _organ_pattern().finditer(text):
        word = m.group("word").lower()
        adj = (m.group("adj") or "").lower()
        if word in ("råd", "rådet", "dialog", "dialogen") and not adj and len(word) < 7:
            continue  # a bare "rådet" is too vague to name a body
        if adj.endswith("s") and len(adj) > 4 and adj not in ("allmänna",):
            # "Kommunstyrelsens arbetsutskott": the genitive belongs to the name
            return f"{adj} {word}"
        if adj in ("allmänna", "allmänt", "tekniska", "sociala", "regionala"):
            return f"{adj} {word}"
        if (word.endswith("s") and not word.endswith(("ss", "ens", "ets"))) or word.endswith(
            ("ens", "ets")
        ):
            word = word[:-1]
        return word
    return None
