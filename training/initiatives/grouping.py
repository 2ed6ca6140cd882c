"""How well mentions are grouped into initiatives, cross-validated by document on our own
annotation (build time); chooses train.SAME_THRESHOLD.

The initiative sentences of each document (as a run makes them mentions) are grouped the
way a run groups them, with a pair model fitted on the other folds, and compared with the
annotated initiative ids by B-cubed precision and recall. No gold file is read.

    python -m training.initiatives.grouping
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from pipeline.classify.features import lemmatise
from pipeline.extract.mentions import REFERS_BACK, content_lemmas, document_idf, group_mentions
from training.initiatives.corpus import aligned_corpus
from training.initiatives.cv2 import FOLDS
from training.initiatives.examples import folds
from training.initiatives.models import fit_same_model, sentence_mentions

THRESHOLDS = (0.3, 0.5, 0.7, 0.9)


def bcubed(groups: list[list[int]], ids: list[frozenset[str]]) -> tuple[float, float]:
    """Summed B-cubed precision and recall over mentions (a sentence may hold several ids)."""
    group_of = {i: g for g in groups for i in g}
    p = r = 0.0
    for i, mine in enumerate(ids):
        same = [j for j, other in enumerate(ids) if mine & other]
        p += sum(bool(ids[j] & mine) for j in group_of[i]) / len(group_of[i])
        r += sum(j in group_of[i] for j in same) / len(same)
    return p, r


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--containment", type=float, default=0.5)
    args = parser.parse_args(argv)
    by_name = {a.doc.name: a for a in aligned_corpus()}
    fold_of = folds(list(by_name), FOLDS)
    docs = {}
    for n, a in by_name.items():
        found = sentence_mentions(a)
        if len(found) > 1:
            lemma_sets = [content_lemmas(s.lemmas or lemmatise(s.text)) for s in a.doc.sentences]
            docs[n] = (found, document_idf(lemma_sets))
    models = {}
    for f in range(FOLDS):
        model = fit_same_model([a for n, a in by_name.items() if fold_of[n] != f])
        models |= {n: model for n in docs if fold_of[n] == f}
    for t in (None, *THRESHOLDS):
        sp = sr = 0.0
        k = 0
        for n, (found, idf) in docs.items():

            def same(x: np.ndarray, m=models[n], t=t) -> np.ndarray:
                linked = x[:, 0] >= args.containment
                if t is not None:
                    refers = (x[:, list(REFERS_BACK)] > 0).any(axis=1)
                    linked |= refers & (m.predict_proba(x)[:, 1] >= t)
                return linked.astype(float)

            groups = group_mentions([m for m, _ in found], same, idf)
            p, r = bcubed(groups, [ids for _, ids in found])
            sp, sr, k = sp + p, sr + r, k + len(found)
        p, r = sp / k, sr / k
        label = "containment only" if t is None else f"same_threshold {t}"
        print(f"{label:20s} B3 P {p:.3f} R {r:.3f} F {2 * p * r / (p + r):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
