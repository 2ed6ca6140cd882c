"""Lexicon features for the POS model: what a Swedish word list says each word can be.

The tagger, morphologizer and lemmatizer learn from ~24 000 training tokens, so most words
of a municipal text are new to them. A spelling lexicon knows many more: hunspell-sv lists
~280 000 Swedish words, each with the affix flags of its paradigm ("förälder/AEIY": a
common-gender noun of the plural class -ar/-er; "stor/kOQ": an adjective), and its suffix
rules say which endings make which forms ("föräldrarnas" is "förälder" + rule I "rnas").

For each token this component writes three ids into ``doc._.pos_lexicon`` (a uint64 array,
one row per token), which the tok2vec embeds with the usual attributes
(``kommunlens.LexiconHashEmbed.v1`` below):

- ``base``: the flags of the word itself as a dictionary entry, with its case
  ("AEIY|l", "|u" for a name, "" for an unknown word);
- ``forms``: the suffix rules that derive the word from an entry ("Grna Irnas"): the
  ending and the paradigm it belongs to;
- ``compound``: for a word the lexicon does not know, the same two analyses of its longest
  known tail ("bostadsbyggandet" is analysed as "byggandet"), marked as such.

The model learns from the training data what the flags mean (nouns, verbs, adjectives,
gender, declension); nothing here maps flags to parts of speech by hand. The lexicon is
built at training time (``training/pos/lexicon.py``) and saved with the model through
``to_disk``/``from_disk``, so a loaded model reads no file outside its folder.
"""

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
from spacy import util
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.ml.featureextractor import FeatureExtractor
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Span
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
)
from thinc.types import Floats2d, Ints2d

FACTORY = "kommunlens_pos_lexicon"
EXTENSION = "pos_lexicon"
N_COLUMNS = 3  # base, forms, compound
MIN_PART = 2  # letters of a compound's first part, at least
MIN_TAIL = 3  # letters of the known tail of a compound, at least
DATA_FILE = "lexicon.npz"


@dataclass(frozen=True)
class SuffixRule:
    flag: str
    strip: str  # removed from the entry's end
    add: str  # then added
    condition: str  # regular expression the entry's end must match ("." for any)

    def applies_to(self, stem: str) -> bool:
        return _condition(self.condition).search(stem) is not None


_CONDITIONS: dict[str, re.Pattern[str]] = {}


def _condition(condition: str) -> re.Pattern[str]:
    pattern = _CONDITIONS.get(condition)
    if pattern is None:
        pattern = _CONDITIONS[condition] = re.compile(f"(?:{condition})$")
    return pattern


def _key(word: str) -> int:
    return get_string_id(word)


class SwedishLexicon:
    """Lower-case entries (as sorted string hashes) with their flags, plus suffix rules."""

    def __init__(
        self,
        keys: numpy.ndarray,
        index: numpy.ndarray,
        signatures: Sequence[str],
        rules: Sequence[SuffixRule],
    ):
        if len(keys) != len(index):
            raise ValueError("keys and index differ in length")
        self.keys = numpy.asarray(keys, dtype=numpy.uint64)
        self.index = numpy.asarray(index, dtype=numpy.int32)
        self.signatures = list(signatures)  # "flags|case": "AEIY|l", "kOQ|l", "|u"
        self.rules = list(rules)
        self._flags = [s.partition("|")[0] for s in self.signatures]
        by_add: dict[str, list[SuffixRule]] = {}
        for rule in self.rules:
            by_add.setdefault(rule.add, []).append(rule)
        self._by_add = by_add
        self._max_add = max((len(a) for a in by_add), default=0)
        self._cache: dict[str, tuple[str, str, str]] = {}

    @classmethod
    def from_entries(cls, entries: dict[str, str], rules: Sequence[SuffixRule]) -> "SwedishLexicon":
        """From ``{lower-case word: signature}`` (build time and tests)."""
        number: dict[str, int] = {}
        pairs = sorted((_key(w), number.setdefault(s, len(number))) for w, s in entries.items())
        keys = numpy.array([k for k, _ in pairs], dtype=numpy.uint64)
        index = numpy.array([i for _, i in pairs], dtype=numpy.int32)
        return cls(keys, index, list(number), rules)

    def __len__(self) -> int:
        return len(self.keys)

    def signature(self, word: str) -> int:
        """Index of the entry's signature, or -1 when ``word`` (lower case) is no entry."""
        if not len(self.keys):
            return -1
        h = _key(word)
        pos = int(numpy.searchsorted(self.keys, numpy.uint64(h)))
        if pos < len(self.keys) and int(self.keys[pos]) == h:
            return int(self.index[pos])
        return -1

    def _analyse_simple(self, word: str) -> tuple[str, str]:
        """(base signature, derived forms) of a lower-case word; ("", "") if unknown."""
        entry = self.signature(word)
        base = self.signatures[entry] if entry >= 0 else ""
        forms = set()
        for k in range(min(len(word), self._max_add) + 1):
            rules = self._by_add.get(word[len(word) - k :])
            if not rules:
                continue
            head = word[: len(word) - k]
            for rule in rules:
                stem = head + rule.strip
                if len(stem) < 2:
                    continue
                found = self.signature(stem)
                if found >= 0 and rule.flag in self._flags[found] and rule.applies_to(stem):
                    forms.add(rule.flag + (rule.add or "0"))
        return base, " ".join(sorted(forms))

    def analyse(self, word: str) -> tuple[str, str, str]:
        """(base, forms, compound) strings of a word; cached per word."""
        found = self._cache.get(word)
        if found is not None:
            return found
        lower = word.lower()
        base, forms = self._analyse_simple(lower) if lower.isalpha() or "-" in lower else ("", "")
        compound = ""
        if not base and not forms:
            compound = self._compound(lower)
        result = self._cache[word] = (base, forms, compound)
        return result

    def _compound(self, lower: str) -> str:
        """The analysis of the longest known tail: "bostadsbyggandet" -> "byggandet"."""
        if "-" in lower:  # "U-land", "EU-medel": the part after the last hyphen
            tail = lower.rsplit("-", 1)[1]
            if len(tail) >= 2 and tail.isalpha():
                base, forms = self._analyse_simple(tail)
                if base or forms:
                    return f"-{base}/{forms}"
            return ""
        if not lower.isalpha():
            return ""
        for start in range(MIN_PART, len(lower) - MIN_TAIL + 1):
            base, forms = self._analyse_simple(lower[start:])
            if base or forms:
                return f"+{base}/{forms}"
        return ""

    # serialisation: one .npz file
    def to_bytes(self) -> bytes:
        import io

        buf = io.BytesIO()
        meta = {
            "signatures": self.signatures,
            "rules": [[r.flag, r.strip, r.add, r.condition] for r in self.rules],
        }
        numpy.savez_compressed(
            buf,
            keys=self.keys,
            index=self.index,
            meta=numpy.frombuffer(json.dumps(meta).encode("utf-8"), dtype=numpy.uint8),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "SwedishLexicon":
        import io

        with numpy.load(io.BytesIO(data)) as arrays:
            keys, index = arrays["keys"], arrays["index"]
            meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        rules = [SuffixRule(*r) for r in meta["rules"]]
        return cls(keys, index, meta["signatures"], rules)


EMPTY_LEXICON = SwedishLexicon(numpy.zeros(0, numpy.uint64), numpy.zeros(0, numpy.int32), [], [])


def _register_extension() -> None:
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


_register_extension()


class PosLexicon:
    """Pipeline component: the lexicon's analyses of each token into ``doc._.pos_lexicon``."""

    def __init__(self, nlp: Language, name: str = FACTORY):
        self.name = name
        self.vocab = nlp.vocab
        self.lexicon = EMPTY_LEXICON
        self._ids: dict[int, tuple[int, int, int]] = {}  # orth -> feature ids

    def set_lexicon(self, lexicon: SwedishLexicon) -> None:
        self.lexicon = lexicon
        self._ids = {}

    def features(self, word: str) -> tuple[str, str, str]:
        return self.lexicon.analyse(word)

    def _ids_of(self, orth: int, strings: StringStore) -> tuple[int, int, int]:
        found = self._ids.get(orth)
        if found is None:
            base, forms, compound = self.lexicon.analyse(strings[orth])
            found = self._ids[orth] = (
                _key("B" + base),
                _key("F" + forms),
                _key("C" + compound),
            )
        return found

    def __call__(self, doc: Doc) -> Doc:
        # the Doc's own strings: a component copied into another pipeline (add_pipe(source=))
        # keeps its original vocab, which has never seen the new pipeline's words
        strings = doc.vocab.strings
        ids = [self._ids_of(orth, strings) for orth in doc.to_array(ORTH).tolist()]
        array = numpy.array(ids, dtype=numpy.uint64).reshape(len(doc), N_COLUMNS)
        doc._.set(EXTENSION, array)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        data: str | Path | None = None,
    ) -> None:
        """Load the lexicon built at training time (``[initialize.components]`` data)."""
        if data is not None:
            self.set_lexicon(SwedishLexicon.from_bytes(Path(data).read_bytes()))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({"lexicon": self.lexicon.to_bytes}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "PosLexicon":
        util.from_bytes(
            data,
            {"lexicon": lambda b: self.set_lexicon(SwedishLexicon.from_bytes(b))},
            exclude,
        )
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = util.ensure_path(path)
        util.to_disk(path, {DATA_FILE: lambda p: p.write_bytes(self.lexicon.to_bytes())}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "PosLexicon":
        path = util.ensure_path(path)
        util.from_disk(
            path,
            {DATA_FILE: lambda p: self.set_lexicon(SwedishLexicon.from_bytes(p.read_bytes()))},
            exclude,
        )
        return self


@Language.factory(FACTORY, assigns=["doc._.pos_lexicon"], requires=[], default_config={})
def make_pos_lexicon(nlp: Language, name: str) -> "PosLexicon":
    """Factory for ``nlp.add_pipe("kommunlens_pos_lexicon")``; runs before the tok2vec."""
    return PosLexicon(nlp, name)


# the tok2vec's embedding: spaCy's MultiHashEmbed plus the lexicon columns


def _lexicon_features(
    model: Model, docs: list[Doc | Span], is_train: bool
) -> tuple[list[Ints2d], Callable]:
    attrs_model: Model = model.layers[0]
    base, _ = attrs_model(docs, is_train)
    out: list[Ints2d] = []
    for doc, columns in zip(docs, base, strict=True):
        whole = doc.doc if isinstance(doc, Span) else doc
        lex = whole._.get(EXTENSION)
        if lex is None or len(lex) != len(whole):
            lex = numpy.zeros((len(whole), N_COLUMNS), dtype=numpy.uint64)
        if isinstance(doc, Span):
            lex = lex[doc.start : doc.end]
        out.append(model.ops.asarray2i(numpy.hstack([columns, lex]), dtype="uint64"))
    return out, lambda d_features: []


def LexiconFeatureExtractor(attrs: list[str | int]) -> Model[list[Doc], list[Ints2d]]:
    """The token attributes (spaCy's extractor) followed by the lexicon's three columns."""
    return Model(
        "extract_lexicon_features",
        _lexicon_features,
        layers=[FeatureExtractor(attrs)],
        attrs={"columns": [*attrs, "LEX_BASE", "LEX_FORMS", "LEX_COMPOUND"]},
    )


@registry.architectures("kommunlens.LexiconHashEmbed.v1")
def LexiconHashEmbed(
    width: int, attrs: list[str | int], rows: list[int], lexicon_rows: list[int]
) -> Model[list[Doc], list[Floats2d]]:
    """MultiHashEmbed (without static vectors) with the ``doc._.pos_lexicon`` columns added.

    rows: one per attribute; lexicon_rows: three, for the base, forms and compound ids.
    """
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    if len(lexicon_rows) != N_COLUMNS:
        raise ValueError(f"lexicon_rows needs {N_COLUMNS} numbers")
    all_rows = [*rows, *lexicon_rows]
    embeddings = [
        HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(all_rows)
    ]
    max_out = with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0, normalize=True))
    return chain(
        LexiconFeatureExtractor(attrs),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        max_out,
        ragged2list(),
    )


__all__ = [
    "FACTORY",
    "LexiconHashEmbed",
    "PosLexicon",
    "SuffixRule",
    "SwedishLexicon",
]
