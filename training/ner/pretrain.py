"""Pretrain the NER's tok2vec on raw Swedish text before the NER is trained (build time).

The NER corpus has 90 000 training tokens of news and no word vectors exist offline, so the
tok2vec starts from nothing. spaCy's pretraining objective (predict the first and last
characters of each word from its context, ``spacy.PretrainCharacters.v1``) teaches it Swedish
context from text nobody annotated: the news *training* split (never dev or test), the
municipal documents of ``../shared/corpus`` and ``data/raw``. The Docs carry the same
gazetteer marks (``token.tag_``) as in training, so every embedding the NER uses is
pretrained. The weights go to ``build/ner/pretrain/model-last.bin``;
``python -m training.ner.train --init-tok2vec`` starts from them.

    OMP_NUM_THREADS=1 python -m training.ner.pretrain [--epochs 8]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_config, registry
from thinc.api import Config

from pipeline.evaluate.ner_format import read_ner_corpus
from pipeline.ingest import IngestError, read_document
from pipeline.nlp.ner_features import FeatureLexicon, NerFeatures
from training.nlp.build import DEFAULT_LEXICONS
from training.paths import BUILD

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = Path(__file__).resolve().parent / "config.cfg"
DEFAULT_OUT = BUILD / "ner" / "pretrain"
DEFAULT_NEWS_TRAIN = BUILD / "ner" / "train.txt"  # written by training.ner.train --split-only
DEFAULT_DOCS = (
    REPO_ROOT.parent / "shared" / "corpus",
    REPO_ROOT / "data" / "raw",
)
DOC_SUFFIXES = frozenset({".txt", ".pdf", ".html", ".htm", ".docx"})
MAX_CHARS = 2000  # a raw-text unit: a paragraph, cut at line breaks when longer


def paragraphs(text: str, max_chars: int = MAX_CHARS) -> Iterator[str]:
    """Blank-line paragraphs of a document, long ones cut at line breaks; lines kept as spaces."""
    for block in text.split("\n\n"):
        piece: list[str] = []
        size = 0
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            if piece and size + len(line) > max_chars:
                yield " ".join(piece)
                piece, size = [], 0
            piece.append(line)
            size += len(line) + 1
        if piece:
            yield " ".join(piece)


def document_texts(folders: Iterable[Path]) -> Iterator[str]:
    """The paragraphs of every readable document under ``folders``."""
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in DOC_SUFFIXES or not path.is_file():
                continue
            try:
                doc = read_document(path)
            except IngestError as exc:
                print(f"pretrain: skipped {path.name}: {exc}")
                continue
            yield from paragraphs(doc.text)


def write_raw_text(out: Path, news_train: Path, folders: Sequence[Path]) -> dict[str, int]:
    """JSONL of raw units (``{"text": ...}`` or ``{"tokens": [...]}``); returns word counts."""
    counts = {"news_train": 0, "documents": 0}
    rows: list[dict] = []
    for sentence in read_ner_corpus(news_train):
        rows.append({"tokens": list(sentence.tokens)})
        counts["news_train"] += len(sentence.tokens)
    seen: set[str] = set()
    for paragraph in document_texts(folders):
        if len(paragraph.split()) < 5 or paragraph in seen:
            continue
        seen.add(paragraph)
        rows.append({"text": paragraph})
        counts["documents"] += len(paragraph.split())
    out.parent.mkdir(parents=True, exist_ok=True)
    srsly.write_jsonl(out, rows)
    return counts


@registry.readers("kommunlens.pretrain_text.v1")
def make_pretrain_reader(
    path: Path, lexicons: Path, max_tokens: int = 400
) -> Callable[[Language], Iterator[Doc]]:
    """Docs of the raw text with the gazetteer marks set, as the NER's training Docs have them."""

    lexicon = FeatureLexicon.from_lexicons(Path(lexicons))  # once, not every epoch

    def read(nlp: Language) -> Iterator[Doc]:
        features = NerFeatures(nlp)
        features.set_lexicon(lexicon)
        for row in srsly.read_jsonl(path):
            if "tokens" in row:
                doc = Doc(nlp.vocab, words=row["tokens"])
            else:
                doc = nlp.make_doc(row["text"])
            if len(doc) > max_tokens:
                doc = doc[:max_tokens].as_doc()
            yield features(doc)

    return read


def pretrain_config(base: Path, raw: Path, epochs: int, seed: int = 42) -> Config:
    """The NER config with a ``[pretraining]`` block over ``raw`` (character objective)."""
    cfg = load_config(base, interpolate=False)
    cfg["paths"]["raw_text"] = str(raw)
    cfg["paths"]["lexicons"] = str(DEFAULT_LEXICONS)
    cfg["system"]["seed"] = seed
    cfg["corpora"]["pretrain"] = {
        "@readers": "kommunlens.pretrain_text.v1",
        "path": "${paths.raw_text}",
        "lexicons": "${paths.lexicons}",
    }
    cfg["pretraining"] = {
        "max_epochs": epochs,
        "dropout": 0.2,
        "n_save_every": None,
        "n_save_epoch": None,
        "component": "tok2vec",
        "layer": "",
        "corpus": "corpora.pretrain",
        "batcher": {
            "@batchers": "spacy.batch_by_words.v1",
            "size": 3000,
            "discard_oversize": False,
            "tolerance": 0.2,
            "get_length": None,
        },
        "objective": {
            "@architectures": "spacy.PretrainCharacters.v1",
            "maxout_pieces": 3,
            "hidden_size": 300,
            "n_characters": 4,
        },
        "optimizer": {
            "@optimizers": "Adam.v1",
            "beta1": 0.9,
            "beta2": 0.999,
            "L2_is_weight_decay": True,
            "L2": 0.01,
            "grad_clip": 1.0,
            "use_averages": True,
            "eps": 1e-8,
            "learn_rate": 0.001,
        },
    }
    return cfg


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--news-train", type=Path, default=DEFAULT_NEWS_TRAIN)
    parser.add_argument("--docs", type=Path, action="append", help="document folders")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--epochs", type=int, default=8)
    args = parser.parse_args(argv)
    if not args.news_train.exists():
        parser.error(f"{args.news_train} missing: run python -m training.ner.train --split-only")
    from spacy.training.pretrain import pretrain

    import training.ner.train  # noqa: F401  (registers the factories and the NER scorer)

    raw = args.out / "raw.jsonl"
    counts = write_raw_text(raw, args.news_train, args.docs or DEFAULT_DOCS)
    print(f"raw text: {counts}")
    cfg = pretrain_config(args.config, raw, args.epochs)
    args.out.mkdir(parents=True, exist_ok=True)
    cfg.to_disk(args.out / "pretrain.cfg")
    cfg = cfg.interpolate()
    start = time.monotonic()
    pretrain(cfg, args.out, use_gpu=-1, silent=False)
    print(f"pretraining: {time.monotonic() - start:.0f} s -> {args.out / 'model-last.bin'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
