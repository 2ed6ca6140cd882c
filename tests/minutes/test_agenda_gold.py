"""The § items of the development minutes against tests/fixtures/agenda_gold.json, scored by
../shared/tools/score_sections.py (skips cleanly without ../shared).

The gold was written by hand from the minutes. The scorer reads a null case number as
"nan" (pandas 3) and a null meeting date as a miss, so the checks below read its miss lines:
every item found, every stated case number and title right, every stated meeting date right.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipeline.ingest import read_document
from pipeline.metadata import detect_metadata
from pipeline.minutes import read_minutes
from tests.conftest import FIXTURES, shared_path

GOLD = FIXTURES / "agenda_gold.json"


def _source(corpus: Path, name: str) -> Path:
    for folder in ("dev", "public", "seeds"):
        if (corpus / folder / name).exists():
            return corpus / folder / name
    raise FileNotFoundError(name)


def _write_tables(out: Path, corpus: Path) -> None:
    docs, items = [], []
    for n, entry in enumerate(json.loads(GOLD.read_text(encoding="utf-8"))):
        path = _source(corpus, entry["file"])
        raw = read_document(path)
        meta = detect_metadata(raw)
        assert meta.doc_type == "minutes", entry["file"]
        doc_id = f"{n:016d}"
        docs.append(
            {
                "doc_id": doc_id,
                "source_path": path.name,
                "published": meta.published,
                "meeting_date": meta.meeting_date,
            }
        )
        for item in read_minutes(raw.text, raw.layout).items:
            items.append(
                {
                    "doc_id": doc_id,
                    "paragraph": item.paragraph,
                    "case_number": item.case_number,
                    "title": item.title,
                }
            )
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(docs).to_parquet(out / "documents.parquet")
    pd.DataFrame(items).to_parquet(out / "agenda_items.parquet")


def test_minutes_items_match_the_agenda_gold(tmp_path) -> None:
    scorer = shared_path("tools", "score_sections.py")
    _write_tables(tmp_path / "out", shared_path("corpus"))
    done = subprocess.run(
        [sys.executable, str(scorer), str(tmp_path / "out"), str(GOLD)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    summary = dict(kv.split(":") for kv in lines[-1].split()[1:])
    assert float(summary["items_p"]) == 1.0 and float(summary["items_r"]) == 1.0, done.stdout
    wrong_case = [ln for ln in lines if " case " in ln and "!= None" not in ln]
    assert wrong_case == []
    wrong_title = [ln for ln in lines if " title " in ln]
    assert len(wrong_title) <= 1, wrong_title  # "... verksamhetsberättelse Ansvarsfrihet"
    wrong_date = [ln for ln in lines if "meeting date" in ln and not ln.endswith("!= None")]
    assert wrong_date == []
    assert float(summary["title_acc"]) >= 0.95
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    dated = sum(1 for g in gold if g["meeting_date"]) / len(gold)  # the rest state no date
    assert abs(float(summary["date_acc"]) - dated) < 1e-3
