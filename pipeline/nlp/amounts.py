"""Find Swedish amounts (money, quantities, percentages, scores) and normalise them.

Money is given in SEK ("2,5 mnkr" -> 2500000); a quantity needs a unit noun from
quantity_units.json after the number (up to two listed adjectives between), or
"stycken"/"st" that refers back to the nearest plural unit noun earlier in the sentence.
A score is an indicator (NKI, Insikt, SBA) with the first non-year number after it in the
sentence, or a ranking ("plats 63", "63:e plats"). A plain number without a unit is never
an amount, nor are years, dates ("24/2"), ordinals ("1:a"), times ("kl. 07.30") or phone
numbers. An amount may wrap over one line break (PDF text) but never over a blank line.
Decisions:

- "37 miljoner" without a unit is money only when the sentence speaks of money (budget,
  stöd, medel, ...); "miljarder" without a unit is always money.
- "en"/"ett" count only before a scale, money or percent word ("en miljon kronor"),
  never as a quantity: they are usually articles ("en vecka").
- "ett 20-tal", "ett sextiotal" are approximate (approx=True); the span starts at the number.
- "500 fler i sysselsättning" is the quantity 500 with unit "sysselsatta".
- "10-15 personer" is 10 personer with approx=True (the lower bound).
- "stycken" with no unit noun before it keeps the unit "stycken".
- Durations in years ("5 år") are not quantities: "år" is no unit noun.
- Amounts in other currencies (euro) are not recognised.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from pipeline.nlp.numbers import (
    GROUP_SPACES,
    format_value_number,
    longest_non_overlapping,
    parse_number_word,
    parse_swedish_number,
)
from pipeline.plausible import amount_warning
from pipeline.resources import load_json


@dataclass(frozen=True)
class AmountValue:
    """A normalised amount; value is in SEK for money.

    `value` is None, and `warning` says why, when the number is not plausible
    (pipeline.plausible): the amount is kept as text but enters no total.
    """

    kind: str  # "money" | "quantity" | "percent" | "score"
    value: float | None
    unit: str | None  # "SEK", "%", a unit noun ("företag"), an indicator ("NKI", "ranking")
    approx: bool
    per: str | None  # "year" or None
    warning: str | None = None


def checked(amount: AmountValue) -> AmountValue:
    """The amount, or the same amount without its value when the value is implausible."""
    if amount.value is None:
        return amount
    warning = amount_warning(amount.kind, amount.value)
    return amount if warning is None else replace(amount, value=None, warning=warning)


@dataclass(frozen=True)
class AmountMatch:
    """An amount found in a text; start/end are character offsets into that text."""

    start: int
    end: int
    text: str
    amount: AmountValue


@cache
def _vocab() -> dict[str, Any]:
    return load_json("amounts_sv.json")


@cache
def _unit_vocab() -> dict[str, Any]:
    return load_json("quantity_units.json")


@cache
def _unit_forms(plural_only: bool = False) -> dict[str, str]:
    forms: dict[str, str] = {}
    for canonical, inflected in _unit_vocab()["units"].items():
        forms[canonical.lower()] = canonical
        for form in inflected["plural"] + ([] if plural_only else inflected["singular"]):
            forms[form.lower()] = canonical
    return forms


@lru_cache(maxsize=65536)
def unit_noun(word: str, plural_only: bool = False) -> str | None:
    """Canonical unit noun of a word, also of a compound ("landsbygdskommuner" -> "kommuner")."""
    low = word.lower()
    forms = _unit_forms(plural_only)
    if low in forms:
        return forms[low]
    vocab = _unit_vocab()
    if any(low.endswith(x) for x in vocab["compound_exceptions"]):
        return None
    min_prefix = int(vocab["compound_min_prefix"])
    min_suffix = int(vocab["compound_min_suffix"])
    for i in range(min_prefix, len(low) - min_suffix + 1):
        canonical = forms.get(low[i:])
        if canonical is not None:
            return canonical
    return None


def _alternation(words: list[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_GS = GROUP_SPACES
# Whitespace inside an amount: at most one line break (PDF line wraps), never a blank line.
_WS0 = r"[^\S\n]*\n?[^\S\n]*"
_WS1 = r"(?:[^\S\n]+\n?|\n)[^\S\n]*"
_DIGITS = (
    rf"(?:\d{{1,3}}(?:[{_GS}]\d{{3}})+(?![\d])|\d{{1,3}}(?:\.\d{{3}})+(?![\d])|\d+)(?:[.,]\d+)?"
)
_NUM_TAIL = r"(?![\d])(?!:[\wåäö])(?!/\d)(?![.,]\d)(?![-–]\d)"


@dataclass(frozen=True)
class _Patterns:
    number: re.Pattern[str]
    approx_before: re.Pattern[str]
    tal: re.Pattern[str]
    percent: re.Pattern[str]
    money_scale: re.Pattern[str]
    scale: re.Pattern[str]
    money_unit: re.Pattern[str]
    per_year: re.Pattern[str]
    word: re.Pattern[str]
    count_back: re.Pattern[str]
    phrase_unit: re.Pattern[str]
    money_context: re.Pattern[str]
    indicator: re.Pattern[str]
    ranking_before: re.Pattern[str]
    ranking_after: re.Pattern[str]
    sentence_end: re.Pattern[str]
    unit_after: re.Pattern[str]
    word_token: re.Pattern[str]
    percent_units: dict[str, str]
    money_scales: dict[str, float]
    scales: dict[str, float]
    indicator_names: dict[str, str]
    adjectives: frozenset[str]
    articles: frozenset[str]
    phrase_units: dict[str, str]
    time_markers: frozenset[str]


@cache
def _P() -> _Patterns:
    v = _vocab()
    words = _alternation(list(v["number_words"]))
    number = re.compile(
        rf"(?<![\w/:.,\-–−])(?:(?P<neg>[-−])(?=\d))?(?P<num>{_DIGITS})"
        rf"(?:{_WS0}[-–]{_WS0}(?P<hi>{_DIGITS}))?{_NUM_TAIL}"
        rf"|(?<![\w-])(?P<word>(?:{words})+)(?P<wtal>tal(?:et)?)?(?![\w-])",
        re.IGNORECASE,
    )
    money_units = [u for u in v["money_units"] if u != ":-"]
    percent_units = {k.lower(): val for k, val in v["percent_units"].items()}
    indicator_names: dict[str, str] = {}
    for name, aliases in v["score_indicators"].items():
        for alias in aliases:
            indicator_names[re.sub(r"[\s-]+", " ", alias.lower())] = name
    aliases = [a for al in v["score_indicators"].values() for a in al]
    alias_rx = "|".join(
        re.escape(a).replace(r"\ ", r"[\s-]").replace(r"\-", r"[\s-]")
        for a in sorted(aliases, key=len, reverse=True)
    )
    suffixes = _alternation(v["indicator_suffixes"])
    ranking_words = _alternation(v["ranking_words"])
    ranking_nouns = _alternation(v["ranking_nouns_after_ordinal"])
    stems = _alternation(v["money_context_stems"])
    phrase_units = {re.sub(r"\s+", " ", k.lower()): val for k, val in v["phrase_units"].items()}
    fillers = _alternation(v["phrase_unit_fillers"])
    all_unit_words = (
        money_units + list(v["money_scale_units"]) + list(v["scale_words"]) + ["procent"]
    )
    return _Patterns(
        number=number,
        approx_before=re.compile(rf"(?<![\w])(?:{_alternation(v['approx_words'])}){_WS1}$", re.I),
        tal=re.compile(rf"(?:{_alternation(v['tal_suffix'])})(?![\w])", re.I),
        percent=re.compile(rf"{_WS0}(?P<u>{_alternation(list(percent_units))})(?![\w])", re.I),
        money_scale=re.compile(
            rf"{_WS0}(?P<u>{_alternation(list(v['money_scale_units']))})(?![\w])", re.I
        ),
        scale=re.compile(
            rf"{_WS1}(?P<u>{_alternation(list(v['scale_words']))})(?:\.(?=[^\S\n]))?(?![\w])",
            re.I,
        ),
        money_unit=re.compile(
            rf"{_WS0}(?P<u>{_alternation(money_units)})(?![\w])|(?P<colon>:-)", re.I
        ),
        per_year=re.compile(
            rf"(?:{_WS0}/{_WS0}år|{_WS1}(?:{_alternation([p for p in v['per_year'] if not p.startswith('/')])}))(?![\w])",
            re.I,
        ),
        word=re.compile(rf"(?P<sp>{_WS0})(?P<w>\w[\w-]*\w|\w|m²)", re.I),
        count_back=re.compile(rf"{_WS0}(?:{_alternation(v['count_back_words'])})(?![\w])", re.I),
        phrase_unit=re.compile(
            rf"{_WS1}(?:(?:{fillers}){_WS1})?(?P<p>{_alternation(list(phrase_units))})(?![\w])",
            re.I,
        ),
        money_context=re.compile(rf"(?:{stems})", re.I),
        indicator=re.compile(rf"(?<![\w])(?P<ind>{alias_rx})(?:{suffixes})?(?![\w])"),
        ranking_before=re.compile(
            rf"(?<![\w])(?:{ranking_words}){_WS1}(?:nr\.?{_WS0}|nummer{_WS1})?(?P<n>\d{{1,3}})"
            rf"(?![\d])(?![.,:/]\d)",
            re.I,
        ),
        ranking_after=re.compile(
            rf"(?<![\w/.,:])(?P<n>\d{{1,3}}):?[ea]{_WS1}(?:{ranking_nouns})(?![\w])", re.I
        ),
        # a line break ends a sentence only before a capital, digit or bullet (not a PDF wrap)
        sentence_end=re.compile(r"[.!?]+(?=\s|$)|\n(?=\s*[A-ZÅÄÖ0-9▪•*–-])|\n\s*\n"),
        unit_after=re.compile(
            rf"{_WS0}(?:%|:-|(?P<u>{_alternation(all_unit_words)})(?![\w]))|{_WS1}(?P<w>\w[\w-]*)",
            re.I,
        ),
        word_token=re.compile(r"\w[\w-]*"),
        percent_units=percent_units,
        money_scales={k.lower(): float(x) for k, x in v["money_scale_units"].items()},
        scales={k.lower(): float(x) for k, x in v["scale_words"].items()},
        indicator_names=indicator_names,
        adjectives=frozenset(a.lower() for a in v["adjectives"]),
        articles=frozenset(a.lower() for a in v["articles"]),
        phrase_units=phrase_units,
        time_markers=frozenset(w.lower() for w in v["time_markers"]),
    )


def unit_follows(text: str, pos: int) -> bool:
    """True when an amount unit (kronor, mnkr, procent, a unit noun) follows text[pos:]."""
    m = _P().unit_after.match(text, pos)
    if m is None:
        return False
    if m["w"] is None:
        return True
    return unit_noun(m["w"]) is not None


class _Sentences:
    def __init__(self, text: str) -> None:
        self.text = text
        self._ends: list[int] | None = None

    def bounds(self, pos: int) -> tuple[int, int]:
        if self._ends is None:
            self._ends = [m.end() for m in _P().sentence_end.finditer(self.text)]
        i = bisect.bisect_right(self._ends, pos)
        start = self._ends[i - 1] if i >= 1 else 0
        stop = self._ends[i] if i < len(self._ends) else len(self.text)
        return start, stop


def _is_year_like(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2099


def _with_per(text: str, end: int) -> tuple[int, str | None]:
    m = _P().per_year.match(text, end)
    return (m.end(), "year") if m else (end, None)


def _amount_at(
    m: re.Match[str], text: str, sents: _Sentences, lenient: bool
) -> tuple[int, int, AmountValue] | None:
    """Read the amount that starts with number match m, or None when it is not one."""
    p = _P()
    start, end = m.start(), m.end()
    approx = False
    if m["word"]:
        value = parse_number_word(m["word"])
        if value is None:
            return None
        number = float(value)
        raw = m["word"]
        is_article = raw.lower() in p.articles and not m["wtal"]
        approx = m["wtal"] is not None  # "ett sextiotal"
    else:
        try:
            number = parse_swedish_number(m["num"])
        except ValueError:  # "1 500.5": mixed separators, not a number we trust
            return None
        if m["neg"]:
            number = -number
        raw = m["num"]
        is_article = False
        if m["hi"]:
            approx = True  # "10-15 personer": the lower bound
    before = text[max(0, start - 10) : start].split()
    if before and before[-1].lower() in p.time_markers:
        return None  # "kl. 07.30–09.00"
    a = p.approx_before.search(text, max(0, start - 30), start)
    if a:
        start, approx = a.start(), True
    t = p.tal.match(text, end)
    if t and not m["word"]:
        end, approx = t.end(), True
    year_like = _is_year_like(raw) and not m["hi"]

    def money(value: float, stop: int) -> tuple[int, int, AmountValue]:
        stop, per = _with_per(text, stop)
        return start, stop, AmountValue("money", round(value, 6), "SEK", approx, per)

    # percent
    u = p.percent.match(text, end)
    if u:
        unit = p.percent_units[u["u"].lower()]
        return start, u.end(), AmountValue("percent", number, unit, approx, None)
    # 2,5 mnkr / 500 tkr / 37 MSEK
    u = p.money_scale.match(text, end)
    if u:
        return money(number * p.money_scales[u["u"].lower()], u.end())
    # 2,5 miljoner (kronor | personer)
    u = p.scale.match(text, end)
    if u:
        word = u["u"].lower()
        scaled = number * p.scales[word]
        cur = p.money_unit.match(text, u.end())
        if cur:
            return money(scaled, u.end("u") if cur["colon"] else cur.end())
        q = _quantity_unit(text, u.end(), allow_glued=False)
        if q:
            unit, stop = q
            stop, per = _with_per(text, stop)
            return start, stop, AmountValue("quantity", round(scaled, 6), unit, approx, per)
        if word in _vocab()["scale_words_never_alone"]:
            return None
        if word in _vocab()["scale_words_money_without_context"] or lenient:
            return money(scaled, u.end("u"))  # "3 milj." ends before the dot
        s0, s1 = sents.bounds(m.start())
        if p.money_context.search(text, s0, s1):
            return money(scaled, u.end("u"))
        return None
    # 1 760 000 kronor / 500 000:-
    u = p.money_unit.match(text, end)
    if u:
        return money(number, end if u["colon"] else u.end())
    if is_article:
        return None
    # 500 fler i sysselsättning
    u = p.phrase_unit.match(text, end)
    if u and not year_like:
        unit = p.phrase_units[re.sub(r"\s+", " ", u["p"].lower())]
        return start, u.end(), AmountValue("quantity", number, unit, approx, None)
    # 650 företag / 15 olika e-tjänster
    q = _quantity_unit(text, end, allow_glued=True, max_adjectives=0 if year_like else 2)
    if q:
        unit, stop = q
        stop, per = _with_per(text, stop)
        return start, stop, AmountValue("quantity", number, unit, approx, per)
    # företagen, cirka 650 stycken
    u = p.count_back.match(text, end)
    if u and not year_like:
        s0, _ = sents.bounds(m.start())
        unit = _vocab()["count_back_fallback_unit"]
        for w in reversed(p.word_token.findall(text, s0, m.start())):
            found = unit_noun(w, plural_only=True)  # "650 stycken" counts plural things
            if found:
                unit = found
                break
        return start, u.end(), AmountValue("quantity", number, unit, approx, None)
    return None


def _quantity_unit(
    text: str, pos: int, allow_glued: bool, max_adjectives: int = 2
) -> tuple[str, int] | None:
    """Unit noun after pos, allowing up to max_adjectives adjectives before it."""
    p = _P()
    for i in range(max_adjectives + 1):
        w = p.word.match(text, pos)
        if w is None:
            return None
        glued = not w["sp"]
        if glued and (i > 0 or not allow_glued):
            return None
        unit = unit_noun(w["w"]) if w["w"][0].islower() else None
        if unit is not None:
            return unit, w.end()
        if glued or w["w"].lower() not in p.adjectives:
            return None
        pos = w.end()
    return None


def _scores(text: str, sents: _Sentences) -> list[tuple[int, int, AmountValue]]:
    p = _P()
    found: list[tuple[int, int, AmountValue]] = []
    for m in p.indicator.finditer(text):
        name = p.indicator_names[re.sub(r"[\s-]+", " ", m["ind"].lower())]
        _, stop = sents.bounds(m.start())
        stop = min(stop, m.end() + 100)
        for n in p.number.finditer(text, m.end(), stop):
            if n["word"] or n["hi"] or _is_year_like(n["num"]):
                continue
            try:
                value = parse_swedish_number(n["num"])
            except ValueError:
                break
            found.append((m.start(), n.end(), AmountValue("score", value, name, False, None)))
            break
    ranking = _vocab()["ranking_unit"]
    for rx in (p.ranking_before, p.ranking_after):
        for m in rx.finditer(text):
            value = float(m["n"])
            if value >= 1:
                found.append(
                    (m.start(), m.end(), AmountValue("score", value, ranking, False, None))
                )
    return found


def _find(text: str, lenient: bool) -> list[AmountMatch]:
    sents = _Sentences(text)
    candidates = _scores(text, sents)
    for m in _P().number.finditer(text):
        got = _amount_at(m, text, sents, lenient)
        if got is not None:
            candidates.append(got)
    return [
        AmountMatch(s, e, text[s:e], checked(v)) for s, e, v in longest_non_overlapping(candidates)
    ]


def find_amounts(text: str) -> list[AmountMatch]:
    """All amounts in text, non-overlapping and sorted by start (longest wins)."""
    return _find(text, lenient=False)


def normalise_amount(expr: str) -> AmountValue | None:
    """The amount an expression stands for ("ca 37 miljoner", "NKI 87,9"), or None.

    The caller vouches that expr is an amount, so "37 miljoner" alone counts as money here.
    """
    matches = _find(expr, lenient=True)
    if not matches:
        return None
    return max(matches, key=lambda a: a.end - a.start).amount


def amount_label(a: AmountValue) -> str:
    """Entity label of an amount: "MONEY", "QUANTITY", "PERCENT" or "SCORE"."""
    return a.kind.upper()


def amount_entity_value(a: AmountValue) -> str | None:
    """Value string per CONVENTIONS.md: "1760000", "650 företag", "20", "NKI 87.9"; None
    when the value is not plausible."""
    if a.value is None:
        return None
    number = format_value_number(a.value)
    if a.kind == "quantity":
        return f"{number} {a.unit}"
    if a.kind == "score":
        return f"{a.unit} {number}"
    return number
