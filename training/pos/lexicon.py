"""Build the POS model's lexicon from hunspell-sv (build time only).

hunspell-sv (LGPL-3.0, Göran Andersson; packaged on PyPI by Daniel Nylander) installs
``share/hunspell/sv_SE.{dic,aff}`` under the Python prefix. Each dictionary entry becomes
``lower-case word -> "flags|case"``: its inflection flags (compounding and spelling-only flags
dropped) and whether the entry is written in lower case ("l"), capitalised ("u") or both.
The aff file's suffix rules are kept as they are. See ``pipeline/nlp/pos_lexicon.py``.

    python -m training.pos.lexicon [--out training/build/pos/lexicon.npz]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.nlp.pos_lexicon import SuffixRule, SwedishLexicon
from training.pos.corpus import WORK_DIR

# flags that say how a word compounds or is spelled, not how it inflects
IGNORED_FLAGS = frozenset("WXUYZ!%¤")
FORBIDDEN_FLAG = "%"


def hunspell_dir() -> Path:
    return Path(sys.prefix) / "share" / "hunspell"


def parse_aff(text: str) -> list[SuffixRule]:
    """The SFX rules ("SFX flag strip add[/flags] condition") of an aff file."""
    rules = []
    for line in text.splitlines():
        cols = line.split()
        if len(cols) < 5 or cols[0] != "SFX" or cols[2] in ("Y", "N"):
            continue
        flag, strip, add, condition = cols[1], cols[2], cols[3], cols[4]
        add = add.split("/", 1)[0]
        rules.append(
            SuffixRule(
                flag=flag,
                strip="" if strip == "0" else strip,
                add="" if add == "0" else add,
                condition=condition,
            )
        )
    return rules


def parse_dic(text: str) -> dict[str, str]:
    """``lower-case word -> "flags|case"`` from a dic file (first line: the entry count)."""
    flags: dict[str, set[str]] = {}
    cases: dict[str, set[str]] = {}
    for line in text.splitlines()[1:]:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, entry_flags = line.partition("/")
        if FORBIDDEN_FLAG in entry_flags or not word:
            continue
        lower = word.lower()
        flags.setdefault(lower, set()).update(f for f in entry_flags if f not in IGNORED_FLAGS)
        cases.setdefault(lower, set()).add("l" if word == lower else "u")
    return {w: "".join(sorted(flags[w])) + "|" + "".join(sorted(cases[w])) for w in sorted(flags)}


def build_lexicon(directory: Path | None = None, name: str = "sv_SE") -> SwedishLexicon:
    directory = directory or hunspell_dir()
    rules = parse_aff((directory / f"{name}.aff").read_text(encoding="utf-8"))
    entries = parse_dic((directory / f"{name}.dic").read_text(encoding="utf-8"))
    return SwedishLexicon.from_entries(entries, rules)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hunspell-dir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=WORK_DIR / "lexicon.npz")
    args = parser.parse_args(argv)
    lexicon = build_lexicon(args.hunspell_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(lexicon.to_bytes())
    print(
        f"{len(lexicon)} entries, {len(lexicon.signatures)} signatures, "
        f"{len(lexicon.rules)} rules -> {args.out} ({args.out.stat().st_size} bytes)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
