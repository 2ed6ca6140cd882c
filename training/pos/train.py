"""Train the Swedish POS model: tags (SUC), UPOS + features, lemmas, from UD Talbanken.

Steps: write the fixed split (``corpus.py``) as DocBins, build the hunspell-sv lexicon
(``lexicon.py``), train ``config.cfg`` with spaCy's train API on one thread (dev picks the
best step), copy the best pipeline to ``training/build/pos_model`` and score it with
``pipeline.evaluate.pos`` on dev (and on test only with ``--score-test``), next to the plain
lookup-table lemmas; ``--install`` copies the model to ``pipeline/resources/pos_model``.

    OMP_NUM_THREADS=1 python -m training.pos.train [--max-minutes 20] [--score-test] [--install]
"""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import json
import re
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import load_config, registry

from pipeline.evaluate.pos import PosScores, score_pos
from pipeline.nlp import pos_lemmas, pos_lexicon  # noqa: F401  (factories, architecture)
from pipeline.nlp.loader import load_spacy
from training.pos.corpus import REPO_ROOT, SPLIT_SEED, WORK_DIR, make_split, write_corpus
from training.pos.lexicon import build_lexicon

CONFIG = Path(__file__).resolve().parent / "config.cfg"
MODEL_DIR = REPO_ROOT / "training" / "build" / "pos_model"
INSTALL_DIR = REPO_ROOT / "pipeline" / "resources" / "pos_model"
SPEED_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
KEEP_FILES = ("README.md",)  # in INSTALL_DIR: written by hand, kept on --install


class TimeLimitReached(Exception):
    """Raised from the before_update callback to stop training; model-best stays."""


@registry.callbacks("kommunlens.pos_time_limit.v1")
def make_time_limit(max_minutes: float = 20.0) -> Callable[[Language, dict], None]:
    started: list[float] = []

    def before_update(nlp: Language, args: dict) -> None:
        now = time.monotonic()
        if not started:
            started.append(now)
        if max_minutes and now - started[0] > max_minutes * 60:
            raise TimeLimitReached(f"stopped after {max_minutes} minutes")

    return before_update


def train_model(
    config: Path, work_dir: Path, max_minutes: float, overrides: dict | None = None
) -> tuple[Path, float]:
    """spaCy's train on the split in ``work_dir``; returns model-best and the seconds used."""
    from spacy.cli.train import train

    all_overrides = {
        "paths.train": str(work_dir / "train.spacy"),
        "paths.dev": str(work_dir / "dev.spacy"),
        "paths.lexicon": str(work_dir / "lexicon.npz"),
        "training.before_update.max_minutes": max_minutes,
        **(overrides or {}),
    }
    output = work_dir / "training"
    if output.exists():
        shutil.rmtree(output)
    start = time.monotonic()
    try:
        train(config, output, use_gpu=-1, overrides=all_overrides)
    except TimeLimitReached as exc:
        print(f"training: {exc}", file=sys.stderr)
    return output / "model-best", time.monotonic() - start


def copy_model(best: Path, model_dir: Path) -> None:
    """``best`` into ``model_dir`` with a config that needs no training files or callbacks."""
    if model_dir.exists():
        shutil.rmtree(model_dir)
    shutil.copytree(best, model_dir)
    cfg = load_config(model_dir / "config.cfg", interpolate=False)
    cfg["training"]["before_update"] = None
    for key in ("train", "dev", "lexicon"):
        cfg["paths"][key] = None
    cfg.to_disk(model_dir / "config.cfg")
    nlp = spacy.load(model_dir)
    if not len(nlp.get_pipe("pos_lexicon").lexicon):
        raise RuntimeError("the trained model has an empty lexicon")


def install(model_dir: Path, target: Path = INSTALL_DIR) -> None:
    """Replace the committed model by ``model_dir`` (README.md is kept)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in target.iterdir():
        if path.name in KEEP_FILES:
            continue
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    for path in model_dir.iterdir():
        dest = target / path.name
        shutil.copytree(path, dest) if path.is_dir() else shutil.copy2(path, dest)


def lookup_baseline(conllu: Path) -> PosScores:
    """The project's plain lookup lemmatizer (spacy-lookups-data) on the same tokens."""
    nlp = spacy.blank("sv")
    nlp.add_pipe("kommunlens_lemmas")
    return score_pos(nlp, conllu)


def speed_texts(corpus_dir: Path = SPEED_CORPUS, max_sentences: int = 4000) -> list[str]:
    """Sentences of real Swedish text: the shared corpus's documents (text, HTML, PDF) as
    the project reads them, split at sentence ends and blank lines, 4 words or more."""
    from pipeline.ingest import read_document

    texts: list[str] = []
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file()):
        try:
            text = read_document(path).text or ""
        except Exception:  # unsupported or unreadable files are not text to time
            continue
        for part in re.split(r"(?<=[.!?])\s+|\n{2,}", re.sub(r"<[^>]+>", " ", text)):
            sentence = " ".join(part.split())
            if len(sentence.split()) >= 4:
                texts.append(sentence)
            if len(texts) >= max_sentences:
                return texts
    return texts


def words_per_second(nlp: Language, texts: Sequence[str], repeats: int = 2) -> float:
    """Whitespace-separated words per second of ``nlp.pipe`` (one process)."""
    n_words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=256):
            pass
        best = min(best, time.perf_counter() - start)
    return n_words / best


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def versions() -> dict[str, str]:
    names = ("spacy", "thinc", "numpy", "spacy-lookups-data", "hunspell-sv")
    out = {"python": sys.version.split()[0]}
    for name in names:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def evaluate(model_dir: Path, work_dir: Path, score_test: bool) -> dict:
    nlp = load_spacy(model_dir)
    parts = ["dev", "test"] if score_test else ["dev"]
    metrics: dict = {}
    for part in parts:
        conllu = work_dir / f"{part}.conllu"
        metrics[part] = score_pos(nlp, conllu).to_dict()
        metrics[part]["lookup_lemma"] = round(lookup_baseline(conllu).lemma, 4)
    if "parser" in nlp.pipe_names:
        for part in parts:
            scores = nlp.evaluate(_examples(nlp, work_dir / f"{part}.spacy"))
            metrics[part]["las"] = round(scores["dep_las"], 4)
            metrics[part]["uas"] = round(scores["dep_uas"], 4)
    texts = speed_texts()
    if texts:
        metrics["words_per_second"] = round(words_per_second(nlp, texts))
        metrics["speed_words"] = sum(len(t.split()) for t in texts)
    metrics["model_bytes"] = directory_size(model_dir)
    return metrics


def _examples(nlp: Language, path: Path) -> list:
    from spacy.tokens import DocBin
    from spacy.training import Example

    docs = DocBin().from_disk(path).get_docs(nlp.vocab)
    return [Example(nlp.make_doc(d.text), d) for d in docs]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--max-minutes", type=float, default=20.0)
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None, help="training seed (system.seed)")
    parser.add_argument("--eval-only", action="store_true", help="score the model in --out")
    parser.add_argument("--score-test", action="store_true", help="also score the test part")
    parser.add_argument("--install", action="store_true", help=f"copy the model to {INSTALL_DIR}")
    args = parser.parse_args(argv)

    parts = make_split()
    write_corpus(parts, args.work_dir)
    lexicon = build_lexicon()
    (args.work_dir / "lexicon.npz").write_bytes(lexicon.to_bytes())
    seconds = None
    if not args.eval_only:
        overrides: dict = {}
        if args.max_steps is not None:
            overrides["training.max_steps"] = args.max_steps
        if args.seed is not None:
            overrides["system.seed"] = args.seed
        best, seconds = train_model(args.config, args.work_dir, args.max_minutes, overrides)
        copy_model(best, args.out)
    metrics = {
        "date": dt.date.today().isoformat(),
        "command": "python -m training.pos.train " + " ".join(argv or sys.argv[1:]),
        "config_sha256": hashlib.sha256(args.config.read_bytes()).hexdigest(),
        "training_seconds": round(seconds, 1) if seconds is not None else None,
        "split": {
            "seed": SPLIT_SEED,
            "sentences": {p: len(s) for p, s in parts.items()},
            "tokens": {p: sum(len(x.tokens) for x in s) for p, s in parts.items()},
        },
        "lexicon_entries": len(lexicon),
        "versions": versions(),
        **evaluate(args.out, args.work_dir, args.score_test),
    }
    previous = args.out / "metrics.json"
    if args.eval_only and previous.exists():  # keep the record of the training run
        old = json.loads(previous.read_text(encoding="utf-8"))
        metrics["training_seconds"] = old.get("training_seconds")
        metrics["command"] = old.get("command", "") + " ; then " + metrics["command"]
    (args.out / "metrics.json").write_text(
        json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(json.dumps(metrics, indent=2, ensure_ascii=False))
    if args.install:
        install(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
