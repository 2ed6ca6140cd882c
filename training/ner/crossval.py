"""Cross-validation by document of the NER trained on news + our municipal annotation.

The shipped NER is trained on the annotation of the development documents, so its scores
on those documents (``../shared/tools/score.py``) are in-sample. For a held-out figure, each
fold of ``training.ner.municipal.assign_folds`` (fixed before any result was seen) is left
out in turn: the NER is trained on news + the municipal units of the other folds, the whole
pipeline built from it runs on the held-out documents, and the three outputs are pooled into
one folder that score.py reads like any run (every document scored by a model that never saw
its annotation). The word lists and rules are the same in every fold: they were written
looking at these documents, so they are not held out.

    OMP_NUM_THREADS=1 python -m training.ner.crossval [--max-minutes 12] [--folds 0 1 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from training.annotation.standoff import ANNOTATIONS, find_document
from training.ner import train
from training.ner.municipal import FOLDS, assign_folds
from training.nlp.build import DEFAULT_LEXICONS, build
from training.paths import BUILD, SHARED, SHARED_CORPUS

DEFAULT_DIR = BUILD / "ner" / "cv"
SCORER = SHARED / "tools" / "score.py"
GOLD = SHARED / "gold" / "facts.json"


def annotated_documents(folder: Path = ANNOTATIONS) -> list[str]:
    return sorted(p.name.removesuffix(".jsonl") for p in Path(folder).glob("*.jsonl"))


def fold_documents(fold: int, corpus: Path = SHARED_CORPUS) -> list[Path]:
    """The corpus files of the documents in ``fold``."""
    folds = assign_folds(annotated_documents())
    paths = [find_document(name, corpus) for name, f in folds.items() if f == fold]
    return sorted(p for p in paths if p is not None)


def run_pipeline(nlp_dir: Path, documents: Sequence[Path], work: Path) -> Path:
    """``kommunlens run`` with the fold's pipeline over its held-out documents."""
    inputs, output = work / "in", work / "out"
    shutil.rmtree(inputs, ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    inputs.mkdir(parents=True)
    for path in documents:
        shutil.copy2(path, inputs / path.name)
    env = os.environ | {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    }
    kommunlens = Path(sys.executable).with_name("kommunlens")
    command = [str(kommunlens), "run", "--input", str(inputs), "--output", str(output)]
    subprocess.run([*command, "--nlp-model", str(nlp_dir)], check=True, env=env)
    return output


def pool(outputs: Sequence[Path], target: Path) -> Path:
    """One output folder with every table of ``outputs`` concatenated."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    names = sorted({p.name for out in outputs for p in out.glob("*.parquet")})
    for name in names:
        frames = [pd.read_parquet(out / name) for out in outputs if (out / name).exists()]
        pd.concat(frames, ignore_index=True).to_parquet(target / name)
    schema = outputs[0] / "schema.json"
    if schema.exists():
        shutil.copy2(schema, target / "schema.json")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--folds", type=int, nargs="*", default=list(range(FOLDS)))
    parser.add_argument("--max-minutes", type=float, default=12.0)
    parser.add_argument(
        "--skip-training",
        action="store_true",
        help="reuse the fold models; rebuild their pipelines with the current word lists",
    )
    args = parser.parse_args(argv)

    outputs = []
    for fold in args.folds:
        work = args.work_dir / str(fold)
        nlp_dir = work / "nlp"
        if not args.skip_training:
            train.main(
                [
                    "--work-dir",
                    str(work),
                    "--out",
                    str(work / "model"),
                    "--nlp-out",
                    str(nlp_dir),
                    "--hold-out-fold",
                    str(fold),
                    "--max-minutes",
                    str(args.max_minutes),
                ]
            )
        else:
            build(work / "model", DEFAULT_LEXICONS, nlp_dir)
        documents = fold_documents(fold)
        print(f"fold {fold}: {len(documents)} held-out documents", flush=True)
        outputs.append(run_pipeline(nlp_dir, documents, work))
    pooled = pool(outputs, args.work_dir / "pooled")
    print(f"pooled output: {pooled}")
    if SCORER.exists() and GOLD.exists():
        subprocess.run([sys.executable, str(SCORER), str(pooled), str(GOLD)], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
