"""Our annotation of the development corpus, stored stand-off, and read back with its text.

``python -m training.annotation.standoff IN_DIR`` converts annotation files as the
annotators wrote them (one JSON line per unit with its text, see GUIDELINES.md) into
``training/data/annotations/<document>.jsonl``: the same labels, with every text replaced
by its offsets in the document's source text (anchor.py). ``load_units(corpus)`` reads them
back with the texts, from ../shared/corpus, at training time.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from training.annotation.anchor import Normalised, kept_before, source_text
from training.paths import DATA, SHARED_CORPUS

ANNOTATIONS = DATA / "annotations"
COLLECTIONS = ("seeds", "public", "dev")
LABEL_LISTS = ("initiatives", "outcomes", "money")


def find_document(name: str, corpus: Path = SHARED_CORPUS) -> Path | None:
    for collection in COLLECTIONS:
        path = corpus / collection / name
        if path.exists():
            return path
    return None


def _span(norm: Normalised, pos: int, unit: str, start: int, end: int) -> list[int]:
    """Source offsets of unit[start:end], the unit found at normalised position `pos`."""
    a, b = kept_before(unit, start), kept_before(unit, end)
    return list(norm.source_span(pos + a, pos + b))


def to_standoff(rows: list[dict], source: str) -> tuple[list[dict], int]:
    """Stand-off records for one document's annotated units, and how many could not be found."""
    norm = Normalised.of(source)
    out, missing, cursor = [], 0, 0
    for row in rows:
        unit = row["text"]
        key = Normalised.of(unit).text
        pos = norm.find_key(key, cursor)
        if pos is None:
            pos = norm.find_key(key, 0)
        if pos is None or not key:
            missing += 1
            continue
        cursor = norm.index[pos]
        record: dict[str, Any] = {
            "i": row["i"],
            "part": row.get("part", 0),
            "span": list(norm.source_span(pos, pos + len(key))),
            "role": row["role"],
            "entities": [[*_span(norm, pos, unit, s, e), label] for s, e, label in row["entities"]],
        }
        for kind in LABEL_LISTS:
            items = []
            for item in row.get(kind, []):
                quote = item["quote"]
                at = Normalised.of(unit).find_key(Normalised.of(quote).text)
                if at is None:
                    continue
                k = Normalised.of(quote).text
                items.append(
                    {"span": list(norm.source_span(pos + at, pos + at + len(k)))}
                    | {key_: v for key_, v in item.items() if key_ != "quote"}
                )
            record[kind] = items
        out.append(record)
    return out, missing


@dataclass
class Unit:
    """One annotated unit with its text and labels (offsets into `text`)."""

    doc: str
    i: int
    part: int
    start: int  # in the source text
    text: str
    role: str
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    initiatives: list[dict] = field(default_factory=list)
    outcomes: list[dict] = field(default_factory=list)
    money: list[dict] = field(default_factory=list)


def _relative(record: dict, start: int, text: str) -> dict:
    s, e = record["span"]
    return {k: v for k, v in record.items() if k != "span"} | {
        "start": s - start,
        "end": e - start,
        "quote": text[s - start : e - start],
    }


def load_units(corpus: Path = SHARED_CORPUS, folder: Path = ANNOTATIONS) -> Iterator[Unit]:
    """Every annotated unit with its text read from the corpus (skips absent documents)."""
    for path in sorted(Path(folder).glob("*.jsonl")):
        name = path.name.removesuffix(".jsonl")
        document = find_document(name, corpus)
        if document is None:
            continue
        source = source_text(document)
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            start, end = r["span"]
            text = source[start:end]
            yield Unit(
                doc=name,
                i=r["i"],
                part=r["part"],
                start=start,
                text=text,
                role=r["role"],
                entities=[(s - start, e - start, label) for s, e, label in r["entities"]],
                **{kind: [_relative(x, start, text) for x in r[kind]] for kind in LABEL_LISTS},
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", type=Path, help="folder of annotator files (<document>.jsonl)")
    parser.add_argument("--out", type=Path, default=ANNOTATIONS)
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    total = lost = 0
    for path in sorted(args.inputs.glob("*.jsonl")):
        name = path.name.removesuffix(".jsonl")
        document = find_document(name, args.corpus)
        if document is None:
            print(f"{name}: not in the corpus; skipped")
            continue
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        rows = [json.loads(x) for x in text.splitlines() if x.strip()]
        records, missing = to_standoff(rows, source_text(document))
        with (args.out / path.name).open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        total += len(records)
        lost += missing
        if missing:
            print(f"{name}: {missing} of {len(rows)} units not found in the source text")
    print(f"{total} units written to {args.out}; {lost} not found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
