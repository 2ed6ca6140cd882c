"""The UD Swedish-Talbanken sentences, their fixed train/dev/test split and the DocBins.

The two files we have (Talbanken's dev and test, 1 723 sentences) are pooled in file order
(dev, then test), shuffled by sentence with ``random.Random(SPLIT_SEED)`` and cut 80/10/10.
The resulting sentence ids are committed in ``split.tsv`` beside this file; ``make_split``
checks that the computation still gives that file, so the held-out test part cannot move.

    python -m training.pos.corpus [--write-split]   # writes training/build/pos/{part}.{conllu,spacy}
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from pipeline.evaluate.pos import ConlluSentence, read_conllu

REPO_ROOT = Path(__file__).resolve().parents[2]
UD_DIR = REPO_ROOT.parent / "shared" / "corpora" / "ud-swedish"
UD_FILES = ("sv_talbanken-ud-dev.conllu", "sv_talbanken-ud-test.conllu")
SPLIT_FILE = Path(__file__).resolve().parent / "split.tsv"
WORK_DIR = REPO_ROOT / "training" / "build" / "pos"
SPLIT_SEED = 13
FRACTIONS = (0.8, 0.1, 0.1)
PARTS = ("train", "dev", "test")


def read_pool(ud_dir: Path = UD_DIR) -> list[ConlluSentence]:
    """All sentences of the UD files, in file order."""
    sentences: list[ConlluSentence] = []
    for name in UD_FILES:
        sentences.extend(read_conllu(ud_dir / name))
    ids = [s.sent_id for s in sentences]
    if len(set(ids)) != len(ids):
        raise ValueError("sentence ids repeat across the UD files")
    return sentences


def split_ids(
    ids: Sequence[str], seed: int = SPLIT_SEED, fractions: Sequence[float] = FRACTIONS
) -> dict[str, list[str]]:
    """Sentence ids per part: shuffled with ``seed``, cut by ``fractions`` (rounded)."""
    order = list(ids)
    random.Random(seed).shuffle(order)
    n_train = round(fractions[0] * len(order))
    n_dev = round(fractions[1] * len(order))
    return {
        "train": order[:n_train],
        "dev": order[n_train : n_train + n_dev],
        "test": order[n_train + n_dev :],
    }


def write_split_file(parts: dict[str, list[str]], path: Path = SPLIT_FILE) -> None:
    lines = ["sent_id\tpart"]
    lines += [f"{sid}\t{part}" for part in PARTS for sid in parts[part]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_split_file(path: Path = SPLIT_FILE) -> dict[str, list[str]]:
    parts: dict[str, list[str]] = {part: [] for part in PARTS}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        sid, part = line.split("\t")
        parts[part].append(sid)
    return parts


def make_split(ud_dir: Path = UD_DIR, check: bool = True) -> dict[str, list[ConlluSentence]]:
    """The sentences of each part; with ``check``, the ids must equal ``split.tsv``."""
    pool = read_pool(ud_dir)
    ids = split_ids([s.sent_id for s in pool])
    if check and ids != read_split_file():
        raise RuntimeError(f"the computed split differs from {SPLIT_FILE}")
    by_id = {s.sent_id: s for s in pool}
    return {part: [by_id[sid] for sid in ids[part]] for part in PARTS}


def gold_doc(sentence: ConlluSentence, vocab: Vocab, with_deps: bool = True) -> Doc:
    """The sentence with all its gold annotation (tags, POS, morphology, lemmas, tree)."""
    tokens = sentence.tokens
    heads = [t.head - 1 if t.head else i for i, t in enumerate(tokens)]
    deps = ["ROOT" if t.head == 0 else (t.deprel or "dep") for t in tokens]
    return Doc(
        vocab,
        words=sentence.words,
        spaces=sentence.spaces,
        tags=[t.xpos for t in tokens],
        pos=[t.upos for t in tokens],
        morphs=[t.feats for t in tokens],
        lemmas=[t.lemma for t in tokens],
        heads=heads if with_deps else None,
        deps=deps if with_deps else None,
        sent_starts=[True] + [False] * (len(tokens) - 1),
    )


def conllu_text(sentences: Sequence[ConlluSentence]) -> str:
    """The sentences back as CoNLL-U (basic columns; what the scorer needs)."""
    out: list[str] = []
    for s in sentences:
        out.append(f"# sent_id = {s.sent_id}")
        if s.text:
            out.append(f"# text = {s.text}")
        for i, t in enumerate(s.tokens, 1):
            misc = "_" if t.space_after else "SpaceAfter=No"
            cols = [str(i), t.form, t.lemma, t.upos or "_", t.xpos or "_", t.feats or "_"]
            cols += [str(t.head), t.deprel or "_", "_", misc]
            out.append("\t".join(cols))
        out.append("")
    return "\n".join(out) + "\n"


def write_corpus(parts: dict[str, list[ConlluSentence]], work_dir: Path = WORK_DIR) -> None:
    """``{part}.conllu`` and ``{part}.spacy`` (one Doc per sentence) for each part."""
    work_dir.mkdir(parents=True, exist_ok=True)
    vocab = Vocab()
    for part, sentences in parts.items():
        (work_dir / f"{part}.conllu").write_text(conllu_text(sentences), encoding="utf-8")
        DocBin(docs=[gold_doc(s, vocab) for s in sentences]).to_disk(work_dir / f"{part}.spacy")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud-dir", type=Path, default=UD_DIR)
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR)
    parser.add_argument(
        "--write-split", action="store_true", help="(re)write split.tsv from the seed"
    )
    args = parser.parse_args(argv)
    if args.write_split:
        pool = read_pool(args.ud_dir)
        write_split_file(split_ids([s.sent_id for s in pool]))
    parts = make_split(args.ud_dir)
    write_corpus(parts, args.work_dir)
    for part, sentences in parts.items():
        print(part, len(sentences), "sentences", sum(len(s.tokens) for s in sentences), "tokens")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
