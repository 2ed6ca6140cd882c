"""Status and direction rules against our own annotations (build time; a benchmark script).

The rules learn nothing, so every annotated initiative and outcome is held out: each
annotated initiative is classified from its own words, the list line or heading it stands
under and the evidence of its analysed sentence, exactly as a run does, and compared with
our label; each annotated outcome's direction likewise.

    python -m training.initiatives.status_check
"""

from __future__ import annotations

import json
from collections import Counter

from pipeline.classify.status import classify_status
from pipeline.extract.detect import candidates
from pipeline.extract.outcomes import outcome_direction
from pipeline.extract.status_evidence import status_evidence
from training.initiatives.corpus import AlignedDocument, aligned_corpus


def _check(aligned: list[AlignedDocument]) -> dict:
    status = Counter()
    direction = Counter()
    for a in aligned:
        doc = a.doc
        cands = candidates(doc.sentences, doc.entities, doc.doc_type, doc.text, doc.decisions)
        dates = [e for e in doc.entities if e.label == "DATE"]
        for m in a.mentions:
            i = next(
                (k for k, c in enumerate(cands) if c.sentence.start <= m.start < c.sentence.end),
                None,
            )
            if i is None:
                continue
            text = doc.text[m.start : m.end]
            if m.kind == "initiative" and m.labels.get("status"):
                c = cands[i]
                sent_dates = [e for e in dates if e.sent_idx == c.sentence.idx]
                evidence = status_evidence(cands, i, m.start, m.end, sent_dates, doc.published)
                pred = classify_status(text, c.context or None, evidence)
                status[(m.labels["status"], pred)] += 1
            elif m.kind == "outcome":
                direction[(m.labels.get("direction"), outcome_direction(text))] += 1
    n_s, n_d = sum(status.values()), sum(direction.values())
    return {
        "status_n": n_s,
        "status_acc": round(sum(v for (g, p), v in status.items() if g == p) / n_s, 3),
        "status_confusion (gold, predicted)": {f"{g}->{p}": v for (g, p), v in status.items()},
        "direction_n": n_d,
        "direction_acc": round(sum(v for (g, p), v in direction.items() if g == p) / n_d, 3),
    }


def main() -> int:
    print(json.dumps(_check(aligned_corpus()), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
