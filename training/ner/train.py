"""Train the project's Swedish NER model on news (Webbnyheter 2012) and municipal text.

Steps: read the news corpus, write reproducible train/dev/test splits to ``build/ner/``; add
our annotation of municipal documents (training/ner/municipal.py: every annotated unit of the
development corpus, ``--municipal-copies`` times; ``--hold-out-fold K`` leaves out the
documents of one cross-validation fold); train with ``training/ner/config.cfg`` (the news dev
split drives spaCy's best-model choice; the feature component reads its word lists from
``training/lexicons``), save the best model to ``build/ner/model`` with its scores on news
dev and the untouched news test part, and assemble the pipeline artefact
``pipeline/resources/nlp`` from it (training/nlp/build.py).

    OMP_NUM_THREADS=1 python -m training.ner.train [--max-minutes 20] [--split-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import spacy
from spacy.language import Language
from spacy.util import load_config, registry

from pipeline.evaluate.ner import evaluate_ner, format_ner_report
from pipeline.nlp.fast_ner import FACTORY as FAST_NER_FACTORY
from pipeline.nlp.loader import load_spacy, nlp_path
from training.ner.corpus import (
    DEFAULT_FRACTIONS,
    NerSentence,
    read_ner_corpus,
    split_corpus,
    swap_mentions,
    to_docbin,
    write_ner_corpus,
)
from training.ner.municipal import MunicipalExample, municipal_examples, select
from training.ner.municipal import summary as municipal_summary
from training.ner.municipal import to_docbin as municipal_docbin
from training.nlp.build import DEFAULT_LEXICONS, build

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "swedish-ner" / "train_corpus.txt"
DEFAULT_CONFIG = Path(__file__).resolve().parent / "config.cfg"
DEFAULT_WORK_DIR = REPO_ROOT / "build" / "ner"
DEFAULT_MODEL_DIR = DEFAULT_WORK_DIR / "model"
MODEL_README = Path(__file__).resolve().parent / "MODEL_README.md"
DEFAULT_SPLIT_SEED = 13
DEFAULT_MUNICIPAL_COPIES = 2
REPORTED_LABELS = frozenset({"PER", "ORG", "LOC"})
ATTRIBUTION = (
    "Swedish NER corpus, Webbnyheter 2012 (Språkbanken), CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/); "
    "http://spraakbanken.gu.se/eng/resource/webbnyheter2012"
)
# Files of a trained pipeline that are kept; everything else (README, metrics) is ours.
_MODEL_PARTS = ("config.cfg", "meta.json", "tokenizer", "vocab", "ner_features", "tok2vec", "ner")


class TimeLimitReached(Exception):
    """Raised from the before_update callback to stop training after ``max_minutes``."""


@registry.callbacks("kommunlens.ner_time_limit.v1")
def make_time_limit(max_minutes: float = 30.0) -> Callable[[Language, dict], None]:
    """Stop training after ``max_minutes`` (0 = no limit); spaCy keeps model-best on disk."""
    started: list[float] = []

    def before_update(nlp: Language, args: dict) -> None:
        now = time.monotonic()
        if not started:
            started.append(now)
        if max_minutes and now - started[0] > max_minutes * 60:
            raise TimeLimitReached(f"stopped after {max_minutes} minutes")

    return before_update


@registry.scorers("kommunlens.ner_scorer.v1")
def make_reported_labels_scorer() -> Callable:
    """spaCy's NER scores plus ``ents_pol_f``: micro F1 over the labels the project reports
    (PER, ORG, LOC), which picks the checkpoint (MISC is trained but not reported)."""
    from spacy.scorer import get_ner_prf

    def score(examples: Sequence, **kwargs: object) -> dict:
        tp = n_pred = n_gold = 0
        for eg in examples:
            gold = {(e.start_char, e.end_char, e.label_) for e in eg.reference.ents}
            pred = {(e.start_char, e.end_char, e.label_) for e in eg.predicted.ents}
            gold = {g for g in gold if g[2] in REPORTED_LABELS}
            pred = {x for x in pred if x[2] in REPORTED_LABELS}
            tp += len(gold & pred)
            n_pred += len(pred)
            n_gold += len(gold)
        f1 = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
        return get_ner_prf(examples) | {"ents_pol_f": f1}

    return score


def write_splits(
    corpus: Path,
    work_dir: Path,
    seed: int = DEFAULT_SPLIT_SEED,
    augment: int = 0,
    municipal: Sequence[MunicipalExample] = (),
    municipal_copies: int = 1,
) -> dict[str, list[NerSentence]]:
    """Write ``{train,dev,test}.txt`` and ``.spacy`` DocBins; same seed, same files.

    With ``augment`` > 0, ``train.spacy`` also holds that many mention-swapped copies of the
    news training sentences (``train.txt`` stays the plain split). The ``municipal``
    examples are added to ``train.spacy`` ``municipal_copies`` times.
    """
    parts = split_corpus(read_ner_corpus(corpus), seed=seed, fractions=DEFAULT_FRACTIONS)
    nlp = spacy.blank("sv")
    work_dir.mkdir(parents=True, exist_ok=True)
    for name, sentences in parts.items():
        write_ner_corpus(sentences, work_dir / f"{name}.txt")
        if name == "train" and augment:
            sentences = [*sentences, *swap_mentions(sentences, seed=seed, copies=augment)]
        docbin = to_docbin(sentences, nlp)
        if name == "train" and municipal:
            docbin.merge(municipal_docbin(municipal, copies=municipal_copies))
        docbin.to_disk(work_dir / f"{name}.spacy")
    return parts


def dev_split(corpus: Path = DEFAULT_CORPUS, seed: int = DEFAULT_SPLIT_SEED) -> list[NerSentence]:
    """The dev sentences exactly as ``write_splits`` makes them (for tests and reports)."""
    return split_corpus(read_ner_corpus(corpus), seed=seed, fractions=DEFAULT_FRACTIONS)["dev"]


def resume_config(config: Path, model: Path, out: Path, learn_rate: float) -> Path:
    """A copy of ``config`` whose components are sourced from ``model`` (training goes on)."""
    cfg = load_config(config, interpolate=False)
    for name in ("tok2vec", "ner"):
        cfg["components"][name] = {"source": str(model.resolve())}
    cfg["training"]["optimizer"]["learn_rate"] = learn_rate
    cfg.to_disk(out)
    return out


def with_pretraining_block(config: Path, out: Path) -> Path:
    """A copy of ``config`` with the ``[pretraining]`` block the weights were made with.

    spaCy loads ``paths.init_tok2vec`` only when the config names the pretrained component
    in ``[pretraining]``; without the block the weights are silently ignored.
    """
    from training.ner.pretrain import DEFAULT_OUT, pretrain_config

    pretrain_config(config, DEFAULT_OUT / "raw.jsonl", epochs=0).to_disk(out)
    return out


def train_model(
    config: Path,
    work_dir: Path,
    max_minutes: float,
    train_seed: int | None = None,
    init_tok2vec: Path | None = None,
) -> tuple[Path, float]:
    """Train with spaCy's Python API; returns the model-best directory and seconds used."""
    from spacy.cli.train import train

    overrides: dict = {
        "paths.train": str(work_dir / "train.spacy"),
        "paths.dev": str(work_dir / "dev.spacy"),
        "paths.lexicons": str(DEFAULT_LEXICONS),
        "training.before_update.max_minutes": max_minutes,
    }
    if train_seed is not None:
        overrides["system.seed"] = train_seed
    if init_tok2vec is not None:
        overrides["paths.init_tok2vec"] = str(init_tok2vec)
        config = with_pretraining_block(config, work_dir / "pretrained.cfg")
    output = work_dir / "training"
    start = time.monotonic()
    try:
        train(config, output, use_gpu=-1, overrides=overrides)
    except TimeLimitReached as exc:
        print(f"training: {exc}", file=sys.stderr)
    return output / "model-best", time.monotonic() - start


def install_model(best: Path, model_dir: Path) -> None:
    """Copy the pipeline parts of ``best`` into ``model_dir`` (README/metrics are kept)."""
    model_dir.mkdir(parents=True, exist_ok=True)
    for part in _MODEL_PARTS:
        target = model_dir / part
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        source = best / part
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.exists():
            shutil.copy2(source, target)
    cfg = load_config(model_dir / "config.cfg", interpolate=False)
    cfg["training"]["before_update"] = None  # the callback lives in training code only
    ner = cfg["components"].get("ner", {})
    if ner.get("factory") == "ner":  # same weights, faster prediction (fast_ner.py)
        ner["factory"] = FAST_NER_FACTORY
    ner["scorer"] = {"@scorers": "spacy.ner_scorer.v1"}  # ours lives in training code only
    cfg["training"]["score_weights"] = {"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0}
    cfg["paths"]["train"] = None
    cfg["paths"]["dev"] = None
    cfg["paths"]["lexicons"] = None
    cfg.to_disk(model_dir / "config.cfg")
    if MODEL_README.exists():
        shutil.copy2(MODEL_README, model_dir / "README.md")


def words_per_second(nlp: Language, sentences: Sequence[NerSentence], repeats: int = 3) -> float:
    """Throughput of ``nlp.pipe`` (tokeniser included) on the space-joined sentences."""
    texts = [" ".join(s.tokens) for s in sentences]
    n_words = sum(len(s.tokens) for s in sentences)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=256):
            pass
        best = min(best, time.perf_counter() - start)
    return n_words / best


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def library_versions() -> dict[str, str]:
    """The versions a model was trained with, recorded beside its scores."""
    import numpy
    import thinc

    return {
        "spacy": spacy.__version__,
        "thinc": thinc.__version__,
        "numpy": numpy.__version__,
        "python": sys.version.split()[0],
    }


def write_metrics(
    model_dir: Path,
    work_dir: Path,
    config: Path,
    seconds: float | None,
    split_seed: int,
    parts: dict[str, list[NerSentence]],
    municipal: dict | None = None,
    command: str | None = None,
) -> dict:
    """Score the installed model on dev and test and write ``metrics.json`` beside it.

    The training record (command, library versions) is written by the run that trained;
    figures measured by other commands on an earlier model are not carried over."""
    nlp = load_spacy(model_dir)
    metrics = {
        "corpus": ATTRIBUTION,
        "municipal_annotation": municipal,
        "date": dt.date.today().isoformat(),
        "config_sha256": hashlib.sha256(config.read_bytes()).hexdigest(),
        "training_seconds": round(seconds, 1) if seconds is not None else None,
        "split_seed": split_seed,
        "split_fractions": list(DEFAULT_FRACTIONS),
        "sentences": {name: len(s) for name, s in parts.items()},
        "tokens": {name: sum(len(x.tokens) for x in s) for name, s in parts.items()},
        "labels_scored": ["PER", "ORG", "LOC"],
        "dev": evaluate_ner(work_dir / "dev.txt", nlp),
        "test": evaluate_ner(work_dir / "test.txt", nlp),
        "dev_all_labels": evaluate_ner(work_dir / "dev.txt", nlp, ["PER", "ORG", "LOC", "MISC"]),
        "words_per_second": round(words_per_second(nlp, parts["dev"])),
        "model_bytes": directory_size(model_dir),
    }
    if seconds is not None:
        metrics["training"] = {
            "command": command or "python -m training.ner.train",
            "threads": os.environ.get("OMP_NUM_THREADS", "default"),
            "libraries": library_versions(),
        }
    previous = model_dir / "metrics.json"
    if seconds is None and previous.exists():  # --eval-only: keep the training record
        old = json.loads(previous.read_text(encoding="utf-8"))
        for key in ("training_seconds", "training"):
            if key in old:
                metrics[key] = old[key]
    (model_dir / "metrics.json").write_text(
        json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return metrics


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR, help="trained NER")
    parser.add_argument(
        "--nlp-out", type=Path, default=nlp_path(), help="pipeline artefact to assemble"
    )
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    parser.add_argument("--max-minutes", type=float, default=18.0)
    parser.add_argument("--seed", type=int, default=DEFAULT_SPLIT_SEED, help="split seed")
    parser.add_argument("--train-seed", type=int, default=None, help="override system.seed")
    parser.add_argument("--split-only", action="store_true", help="only write the splits")
    parser.add_argument(
        "--augment", type=int, default=2, help="mention-swapped copies added to train.spacy"
    )
    parser.add_argument(
        "--resume-from", type=Path, default=None, help="continue training this pipeline"
    )
    parser.add_argument("--learn-rate", type=float, default=0.0005, help="with --resume-from")
    parser.add_argument(
        "--init-tok2vec",
        type=Path,
        default=None,
        help="pretrained tok2vec weights (python -m training.ner.pretrain)",
    )
    parser.add_argument(
        "--eval-only", action="store_true", help="skip training; score the model in --out"
    )
    parser.add_argument(
        "--municipal-copies",
        type=int,
        default=DEFAULT_MUNICIPAL_COPIES,
        help="copies of each annotated municipal unit in train.spacy (0: news only)",
    )
    parser.add_argument(
        "--hold-out-fold",
        type=int,
        default=None,
        help="leave out the municipal documents of this cross-validation fold",
    )
    args = parser.parse_args(argv)

    municipal: list[MunicipalExample] = []
    if args.municipal_copies and not args.split_only:
        municipal = select(municipal_examples(), args.hold_out_fold)
    parts = write_splits(
        args.corpus, args.work_dir, args.seed, args.augment, municipal, args.municipal_copies
    )
    print({name: len(s) for name, s in parts.items()}, f"municipal units: {len(municipal)}")
    if args.split_only:
        return 0
    municipal_record = None
    if municipal:
        municipal_record = municipal_summary(municipal) | {
            "copies": args.municipal_copies,
            "held_out_fold": args.hold_out_fold,
            "source": "training/data/annotations (our own annotation; texts from ../shared/corpus)",
        }
    seconds = None
    if not args.eval_only:
        config = args.config
        if args.resume_from is not None:
            config = resume_config(
                config, args.resume_from, args.work_dir / "resume.cfg", args.learn_rate
            )
        best, seconds = train_model(
            config, args.work_dir, args.max_minutes, args.train_seed, args.init_tok2vec
        )
        install_model(best, args.out)
    command = "python -m training.ner.train " + " ".join(argv if argv is not None else sys.argv[1:])
    metrics = write_metrics(
        args.out,
        args.work_dir,
        args.config,
        seconds,
        args.seed,
        parts,
        municipal_record,
        command=command.strip(),
    )
    build(args.out, DEFAULT_LEXICONS, args.nlp_out)
    for name in ("dev", "test"):
        print(f"== {name}\n{format_ner_report(metrics[name])}")
    print(f"words/s: {metrics['words_per_second']}  size: {metrics['model_bytes']} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
