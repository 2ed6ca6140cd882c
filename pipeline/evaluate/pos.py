"""`kommunlens eval pos`: part of speech, morphology and lemmas against a CoNLL-U file.

The pipeline runs on the gold tokens (one Doc per sentence, so tokenisation and sentence
splitting are not scored) and each token is compared with its gold line:

- ``upos``: the universal part of speech (``token.pos_``) equals UPOS;
- ``feats``: ALL morphological features equal FEATS (``token.morph``; "_" is no feature,
  so a token with no features is right only when the model gives it none);
- ``lemma``: ``token.lemma_`` equals LEMMA exactly (case included);
- ``xpos`` (only when some pipe predicts tags): ``token.tag_`` equals XPOS.

Multi-word token ranges ("1-2") and empty nodes ("8.1") are skipped, as in the CoNLL 2018
scorer, which also counts punctuation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, MorphAnalysis
from spacy.vocab import Vocab


@dataclass(frozen=True)
class ConlluToken:
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str  # "" for none ("_" in the file)
    head: int  # 0 for the root, else the 1-based index of the head
    deprel: str
    space_after: bool = True


@dataclass(frozen=True)
class ConlluSentence:
    sent_id: str
    text: str
    tokens: tuple[ConlluToken, ...]
    newdoc: bool = False  # a "# newdoc" comment came before it

    @property
    def words(self) -> list[str]:
        return [t.form for t in self.tokens]

    @property
    def spaces(self) -> list[bool]:
        return [t.space_after for t in self.tokens]


def _field(value: str) -> str:
    return "" if value == "_" else value


def parse_conllu(text: str) -> list[ConlluSentence]:
    """The sentences of a CoNLL-U document (basic dependencies; ranges and empty nodes out)."""
    sentences: list[ConlluSentence] = []
    tokens: list[ConlluToken] = []
    meta: dict[str, str] = {}
    newdoc = False

    def close() -> None:
        nonlocal tokens, meta, newdoc
        if tokens:
            sent_id = meta.get("sent_id", str(len(sentences) + 1))
            sentences.append(ConlluSentence(sent_id, meta.get("text", ""), tuple(tokens), newdoc))
            newdoc = False
        tokens, meta = [], {}

    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            close()
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition("=")
            key = key.strip()
            if key.split()[:1] == ["newdoc"]:
                newdoc = True
            elif sep:
                meta[key] = value.strip()
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise ValueError(f"line {lineno}: {len(cols)} columns, CoNLL-U has 10")
        if "-" in cols[0] or "." in cols[0]:
            continue  # a multi-word token range or an empty node
        misc = cols[9].split("|")
        head = cols[6]
        tokens.append(
            ConlluToken(
                form=cols[1],
                lemma=cols[2],
                upos=_field(cols[3]),
                xpos=_field(cols[4]),
                feats=_field(cols[5]),
                head=int(head) if head.isdigit() else 0,
                deprel=_field(cols[7]),
                space_after="SpaceAfter=No" not in misc,
            )
        )
    close()
    return sentences


def read_conllu(path: str | Path) -> list[ConlluSentence]:
    return parse_conllu(Path(path).read_text(encoding="utf-8"))


def canonical_feats(feats: str) -> str:
    """FEATS in one spelling: features sorted by name, "" for none."""
    if not feats or feats == "_":
        return ""
    return "|".join(sorted(f for f in feats.split("|") if f))


def morph_string(morph: MorphAnalysis) -> str:
    return canonical_feats(str(morph))


def token_doc(sentence: ConlluSentence, vocab: Vocab) -> Doc:
    """The sentence as an unannotated Doc on the gold tokens (what the pipeline gets)."""
    doc = Doc(vocab, words=sentence.words, spaces=sentence.spaces)
    if len(doc):
        doc[0].is_sent_start = True
        for token in doc[1:]:
            token.is_sent_start = False
    return doc


@dataclass(frozen=True)
class PosScores:
    upos: float
    feats: float
    lemma: float
    n_tokens: int
    xpos: float | None = None  # None when no pipe predicts token.tag_
    counts: dict[str, int] = field(default_factory=dict, compare=False)  # right answers

    def to_dict(self) -> dict[str, Any]:
        """The JSON of `kommunlens eval pos --json`: upos, feats, lemma, n_tokens (+ xpos)."""
        out: dict[str, Any] = {
            "upos": round(self.upos, 4),
            "feats": round(self.feats, 4),
            "lemma": round(self.lemma, 4),
            "n_tokens": self.n_tokens,
        }
        if self.xpos is not None:
            out["xpos"] = round(self.xpos, 4)
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


def predicts_tags(nlp: Language) -> bool:
    """Whether a pipe of ``nlp`` sets ``token.tag_`` as its prediction (a tagger)."""
    return any(
        "token.tag" in nlp.get_pipe_meta(name).assigns
        and getattr(nlp.get_pipe(name), "labels", None)
        for name in nlp.pipe_names
    )


def _docs(nlp: Language, sentences: list[ConlluSentence], batch_size: int) -> Iterator[Doc]:
    return nlp.pipe((token_doc(s, nlp.vocab) for s in sentences), batch_size=batch_size)


def compare(
    sentences: Iterable[ConlluSentence], docs: Iterable[Doc], with_xpos: bool = True
) -> PosScores:
    """Scores of predicted Docs (same tokens as the sentences, same order) against gold."""
    right = {"upos": 0, "feats": 0, "lemma": 0, "xpos": 0}
    n = 0
    for sentence, doc in zip(sentences, docs, strict=True):
        if len(doc) != len(sentence.tokens):
            raise ValueError(
                f"{sentence.sent_id}: {len(doc)} tokens, gold has {len(sentence.tokens)}"
            )
        for gold, token in zip(sentence.tokens, doc, strict=True):
            n += 1
            right["upos"] += token.pos_ == gold.upos
            right["feats"] += morph_string(token.morph) == canonical_feats(gold.feats)
            right["lemma"] += token.lemma_ == gold.lemma
            right["xpos"] += token.tag_ == gold.xpos
    if n == 0:
        return PosScores(0.0, 0.0, 0.0, 0, None, right)
    return PosScores(
        upos=right["upos"] / n,
        feats=right["feats"] / n,
        lemma=right["lemma"] / n,
        n_tokens=n,
        xpos=right["xpos"] / n if with_xpos else None,
        counts=right,
    )


def score_pos(
    nlp: Language,
    conllu: str | Path | list[ConlluSentence],
    batch_size: int = 256,
) -> PosScores:
    """UPOS, feature and lemma accuracy of ``nlp`` on a CoNLL-U file (or parsed sentences).

    Pure: reads the file, runs ``nlp`` on the gold tokens and counts; nothing is written.
    """
    sentences = conllu if isinstance(conllu, list) else read_conllu(conllu)
    docs = _docs(nlp, sentences, batch_size)
    return compare(sentences, docs, with_xpos=predicts_tags(nlp))


def format_pos_report(scores: PosScores, name: str = "") -> str:
    head = f"{name}: " if name else ""
    parts = [f"UPOS {scores.upos:.4f}", f"feats {scores.feats:.4f}", f"lemma {scores.lemma:.4f}"]
    if scores.xpos is not None:
        parts.append(f"XPOS {scores.xpos:.4f}")
    return head + ", ".join(parts) + f" ({scores.n_tokens} tokens)"
