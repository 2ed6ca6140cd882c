"""Status of an initiative (completed / ongoing / planned) from tense, modal verbs and lead-ins.

Status is carried by a handful of grammatical signals ("har genomförts", "ska", "pågår") and,
for bullet lists, by the line that introduces the list ("Planen är att kommunen ska:"). Rules
beat a statistical model here because the signals are few and explicit; all cues live in
`resources/status_cues.json` so that they can be tuned without touching code.

Where the sentence was tagged, `Evidence` adds what word patterns cannot see: the tense of
the main verbs ("har en lots" has no supine, so it is no perfect tense; a bare present tense
is ongoing), a date in the document's future, and a list that belongs to a programme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.resources import load_json

WORD_RE = re.compile(r"\w+(?:-\w+)*")
RELATIVE_RE = re.compile(r"\bsom\b", re.IGNORECASE)
BULLET_RE = re.compile(r"^\s*(?:[-–—•▪●◦*·]|\d+[.)])\s*")


@dataclass(frozen=True)
class _Cue:
    status: str
    pattern: re.Pattern[str]
    weight: float
    needs: frozenset[str] = frozenset()  # verb forms one of which must be present, if tagged


@dataclass(frozen=True)
class Evidence:
    """What the analysed sentence says beyond the mention's own words.

    `forms`: forms of the main verbs inside the mention ("Pres", "Past", "Sup", "Inf", "Part"),
    meaningful only when `tagged`; `future_date`: the mention names a day or month after the
    document's date; `plan_list`: it is a list item under a lead-in about a programme or plan.
    """

    forms: tuple[str, ...] = ()
    tagged: bool = False
    future_date: bool = False
    plan_list: bool = False


@dataclass(frozen=True)
class _Rules:
    statuses: tuple[str, ...]
    default: str
    strong_weight: float
    relative_clause_weight: float
    tie_order: tuple[str, ...]
    cues: tuple[_Cue, ...]
    lead_cues: tuple[_Cue, ...]
    lead_cue_weight: float
    general_cue_factor: float
    v2_weight: float
    v2_max_position: int
    v2_suffixes: tuple[str, ...]
    v2_not_verbs: frozenset[str]
    infinitives: frozenset[str]
    infinitive_suffixes: tuple[str, ...]
    infinitive_weight: float
    lead_in_max_chars: int
    lead_in_endings: tuple[str, ...]
    lead_in_patterns: tuple[re.Pattern[str], ...]
    present_weight: float
    future_date_weight: float
    dated_present_weight: float
    day_month: re.Pattern[str]
    reporting_verbs: re.Pattern[str]
    plan_context: re.Pattern[str]


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@cache
def _rules() -> _Rules:
    """Read and compile the cue file once per process."""
    data = load_json("status_cues.json")
    cues = tuple(
        _Cue(status, _compile(c["pattern"]), float(c["weight"]), frozenset(c.get("needs", ())))
        for status, items in data["cues"].items()
        for c in items
    )
    weights = data["lead_in_weights"]
    lead_cues = tuple(
        _Cue(status, _compile(p), float(weights["lead_cue"]))
        for status, patterns in data["lead_in"].items()
        for p in patterns
    )
    v2 = data["verb_second"]
    inf = data["infinitive_bullet"]
    lead = data["is_lead_in"]
    morph = data["morphology"]
    return _Rules(
        statuses=tuple(data["statuses"]),
        default=data["default"],
        strong_weight=float(data["strong_weight"]),
        relative_clause_weight=float(data["relative_clause_weight"]),
        tie_order=tuple(data["tie_order"]),
        cues=cues,
        lead_cues=lead_cues,
        lead_cue_weight=float(weights["lead_cue"]),
        general_cue_factor=float(weights["general_cue_factor"]),
        v2_weight=float(v2["weight"]),
        v2_max_position=int(v2["max_position"]),
        v2_suffixes=tuple(v2["suffixes"]),
        v2_not_verbs=frozenset(w.lower() for w in v2["not_verbs"]),
        infinitives=frozenset(w.lower() for w in inf["verbs"]),
        infinitive_suffixes=tuple(inf["suffixes"]),
        infinitive_weight=float(inf["weight"]),
        lead_in_max_chars=int(lead["max_chars"]),
        lead_in_endings=tuple(lead["endings"]),
        lead_in_patterns=tuple(_compile(p) for p in lead["patterns"]),
        present_weight=float(morph["present_weight"]),
        future_date_weight=float(morph["future_date_weight"]),
        dated_present_weight=float(morph["dated_present_weight"]),
        day_month=_compile(morph["day_month"]),
        reporting_verbs=_compile(morph["reporting_verbs"]),
        plan_context=_compile(morph["plan_context"]),
    )


def _strip_bullet(text: str) -> str:
    return BULLET_RE.sub("", text.strip())


def _cue_scores(
    text: str,
    cues: tuple[_Cue, ...],
    forms: frozenset[str] | None = None,
    own_text: bool = False,
) -> dict[str, float]:
    """Per status: the strongest matching cue plus a small bonus for further matches.

    `forms`: the tagged verb forms of the text (None: untagged, every cue counts).
    `own_text`: the initiative's own words, where a cue found only after "som" (a relative
    clause: "en filmserie som visar hur de jobbar med ...") describes the thing, not when
    the initiative happens, and is weak."""
    rules = _rules()
    best: dict[str, float] = dict.fromkeys(rules.statuses, 0.0)
    extra: dict[str, float] = dict.fromkeys(rules.statuses, 0.0)
    relative = RELATIVE_RE.search(text) if own_text else None
    for cue in cues:
        if cue.needs and forms is not None and not cue.needs & forms:
            continue
        starts = [m.start() for m in cue.pattern.finditer(text)]
        if not starts:
            continue
        weight = cue.weight
        if relative is not None and min(starts) > relative.start():
            weight = min(weight, rules.relative_clause_weight)
        if weight > best[cue.status]:
            extra[cue.status] += best[cue.status] * 0.1
            best[cue.status] = weight
        else:
            extra[cue.status] += weight * 0.1
    return {s: best[s] + extra[s] for s in rules.statuses}


def _verb_second(text: str) -> bool:
    """True when a full sentence has a present-tense verb in second to fourth position."""
    rules = _rules()
    words = WORD_RE.findall(text)
    if len(words) < 3:
        return False
    for word in words[1 : rules.v2_max_position]:
        w = word.lower()
        if w in rules.v2_not_verbs or len(w) < 3:
            continue
        if w.endswith(rules.v2_suffixes):
            return True
    return False


def _opens_with_infinitive(text: str) -> bool:
    rules = _rules()
    words = WORD_RE.findall(text)
    if not words:
        return False
    first = words[0].lower()
    return first in rules.infinitives or (
        len(first) > 5 and first.endswith(rules.infinitive_suffixes)
    )


def _pick(scores: dict[str, float]) -> str | None:
    rules = _rules()
    top = max(scores.values())
    if top <= 0:
        return None
    for status in rules.tie_order:
        if scores[status] == top:
            return status
    return None


def _time_scores(body: str, forms: frozenset[str], future_date: bool) -> float:
    """Planned weight from time reference: a present tense (or no verb) with a date in the
    document's future, or a present tense with a day and month ("4 mars bjuder vi in")."""
    rules = _rules()
    if "Past" in forms:  # a preterite places the event in the past whatever the date says
        return 0.0
    if future_date:
        return rules.future_date_weight
    if "Pres" in forms and "Sup" not in forms and rules.day_month.search(body):
        return rules.dated_present_weight
    return 0.0


def status_scores(text: str, evidence: Evidence | None = None) -> dict[str, float]:
    """Cue scores of the initiative's own text (exposed for debugging and tests)."""
    rules = _rules()
    body = _strip_bullet(text)
    forms = frozenset(evidence.forms) if evidence is not None and evidence.tagged else None
    scores = _cue_scores(body, rules.cues, forms, own_text=True)
    if forms is not None:
        scores["planned"] += _time_scores(
            body, forms, evidence is not None and evidence.future_date
        )
    if max(scores.values()) < rules.strong_weight:
        if _opens_with_infinitive(body):
            scores["planned"] += rules.infinitive_weight
        elif (
            max(scores.values()) == 0
            and forms is not None
            and "Pres" in forms
            and not rules.reporting_verbs.search(body)  # "visar följande" reports, does not act
        ):
            scores["ongoing"] += rules.present_weight
        elif (
            max(scores.values()) == 0 and body.rstrip().endswith((".", "!")) and _verb_second(body)
        ):
            scores["ongoing"] += rules.v2_weight
    return scores


def is_plan_context(text: str) -> bool:
    """True for text that introduces a programme or plan ("... har tagit fram ett program")."""
    return bool(_rules().plan_context.search(text))


def lead_in_status(lead_in: str | None) -> str | None:
    """Status announced by a list's lead-in line, or None when it announces none."""
    if not lead_in or not lead_in.strip():
        return None
    rules = _rules()
    scores = _cue_scores(lead_in, rules.lead_cues)
    general = _cue_scores(lead_in, rules.cues)
    for status in rules.statuses:
        if general[status] >= rules.strong_weight:  # weak cues ("är") announce nothing
            scores[status] += general[status] * rules.general_cue_factor
    return _pick(scores)


def classify_status(text: str, lead_in: str | None = None, evidence: Evidence | None = None) -> str:
    """completed / ongoing / planned for one initiative.

    A strong cue in the text itself ("pågår", "har tagits fram", "ska", a present tense with
    a coming date) wins; otherwise the lead-in decides; otherwise a list under a programme
    is planned; otherwise weak cues (past or present verb forms, an infinitive opening);
    otherwise the default from the cue file.
    """
    rules = _rules()
    scores = status_scores(text, evidence)
    own = _pick(scores)
    if own is not None and scores[own] >= rules.strong_weight:
        return own
    from_lead = lead_in_status(lead_in)
    if from_lead is not None:
        return from_lead
    if evidence is not None and evidence.plan_list:
        return "planned"
    return own or rules.default


def is_lead_in(line: str) -> bool:
    """True for a line that introduces a list ("... bland annat ska;", "Insatser som genomförts")."""
    rules = _rules()
    stripped = _strip_bullet(line).strip()
    if not stripped or len(stripped) > rules.lead_in_max_chars:
        return False
    if stripped.endswith(rules.lead_in_endings):
        return True
    return any(p.search(stripped) for p in rules.lead_in_patterns)
