"""Train the bare baseline's NER: spaCy's default `ner` pipeline, efficiency settings, news only.

The side-by-side benchmark (benchmarks/side_by_side.py) compares a run with what a researcher
would write instead: read the files, run a default spaCy NER, write one table. This command
makes that NER the way the spaCy documentation shows: `spacy init config -l sv -p ner`
(tok2vec + NER, efficiency defaults), trained on the news corpus (Webbnyheter 2012,
../shared/corpora/swedish-ner) for a modest number of steps, so it trains in a few minutes on
2 cores. It is not the project's model and never ships: output under build/baseline-ner.

    OMP_NUM_THREADS=1 python -m training.baseline.train [--max-steps 1500]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import spacy

from training.ner.corpus import read_ner_corpus, split_corpus, to_docbin

REPO = Path(__file__).resolve().parents[2]
NEWS = REPO.parent / "shared" / "corpora" / "swedish-ner" / "train_corpus.txt"
OUT = REPO / "build" / "baseline-ner"


def model_dir(out: Path = OUT) -> Path:
    """Where the trained pipeline is (spaCy's `model-best`)."""
    return out / "model-best"


def prepare(news: Path, out: Path) -> tuple[Path, Path]:
    """train.spacy and dev.spacy from the news corpus (the project's seeded 80/10/10 split)."""
    nlp = spacy.blank("sv")
    parts = split_corpus(read_ner_corpus(news))
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in ("train", "dev"):
        path = out / f"{name}.spacy"
        to_docbin(parts[name], nlp).to_disk(path)
        paths.append(path)
    return paths[0], paths[1]


def train(news: Path = NEWS, out: Path = OUT, max_steps: int = 1500) -> Path:
    """Init the default config, train, and return the model folder."""
    train_path, dev_path = prepare(news, out)
    config = out / "config.cfg"
    spacy_cli = [sys.executable, "-m", "spacy"]
    subprocess.run(
        [
            *spacy_cli,
            "init",
            "config",
            str(config),
            "-l",
            "sv",
            "-p",
            "ner",
            "-o",
            "efficiency",
            "--force",
        ],
        check=True,
    )
    subprocess.run(
        [
            *spacy_cli,
            "train",
            str(config),
            "--output",
            str(out),
            "--paths.train",
            str(train_path),
            "--paths.dev",
            str(dev_path),
            "--training.max_steps",
            str(max_steps),
            "--training.eval_frequency",
            "500",
        ],
        check=True,
    )
    return model_dir(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=Path, default=NEWS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--max-steps", type=int, default=1500)
    args = parser.parse_args(argv)
    if not args.news.exists():
        raise SystemExit(f"the news corpus is missing: {args.news}")
    print(f"baseline NER in {train(args.news, args.out, args.max_steps)}")


if __name__ == "__main__":
    main()
