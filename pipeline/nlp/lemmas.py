"""The Swedish lookup lemmas of spacy-lookups-data, loaded once per process, kept compact.

spaCy's Table holds the 660 000 entries as a Python dict: about 190 MB in
every worker process. Here they are a sorted array of key hashes, an array of
indexes and the 93 000 distinct lemmas: about 15 MB. The lemmatizer, the
common-word lexicon and the classifiers' features all read this one copy.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.metadata
import os
import tempfile
import zipfile
from functools import cache
from pathlib import Path

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.lookups import Lookups, Table, load_lookups
from spacy.strings import get_string_id
from spacy.tokens import Doc


class LemmaTable:
    """Read-only word -> lemma lookups with the interface of spaCy's Table.get."""

    def __init__(self, keys: numpy.ndarray, lemma_index: numpy.ndarray, lemmas: list[str]):
        self._keys = keys  # sorted uint64 string hashes
        self._index = lemma_index  # int32, lemma of each key
        self._lemmas = lemmas
        self._hot: dict[int, str | None] = {}  # lookups already made (the running vocabulary)

    @classmethod
    def from_table(cls, table: Table) -> LemmaTable:
        keys = numpy.fromiter(table.keys(), dtype=numpy.uint64, count=len(table))
        number: dict[str, int] = {}
        index = numpy.fromiter(
            (number.setdefault(v, len(number)) for v in table.values()),
            dtype=numpy.int32,
            count=len(table),
        )
        order = numpy.argsort(keys, kind="stable")
        return cls(keys[order], index[order], list(number))

    def __len__(self) -> int:
        return len(self._keys)

    def get(self, key: str | int, default: str | None = None) -> str | None:
        """The lemma of a word (or of its string hash), else default."""
        h = get_string_id(key)
        found = self._hot.get(h, _MISSING)
        if found is _MISSING:
            pos = int(numpy.searchsorted(self._keys, numpy.uint64(h)))
            hit = pos < len(self._keys) and int(self._keys[pos]) == h
            found = self._hot[h] = self._lemmas[self._index[pos]] if hit else None
        return default if found is None else found

    def lemmas(self) -> list[str]:
        """The distinct lemmas."""
        return list(self._lemmas)


_MISSING = object()
CACHE_FORMAT = "1"


def load_spacy_table() -> Table:
    """spacy-lookups-data's table as spaCy loads it (190 MB; for comparisons)."""
    return load_lookups("sv", ["lemma_lookup"]).get_table("lemma_lookup")


def cache_file() -> Path:
    """Where the compact table is kept between runs (one per spacy-lookups-data version)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    version = importlib.metadata.version("spacy-lookups-data")
    return base / "kommunlens" / f"sv_lemma_lookup-{version}-{CACHE_FORMAT}.npz"


def _save(table: LemmaTable, path: Path) -> None:
    lemmas = table.lemmas()
    if any("\n" in lemma for lemma in lemmas):  # the file separates lemmas by newlines
        return
    text = "\n".join(lemmas).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as fh:
            numpy.savez(
                fh, keys=table._keys, index=table._index, lemmas=numpy.frombuffer(text, numpy.uint8)
            )
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _load(path: Path) -> LemmaTable | None:
    try:
        with numpy.load(path) as data:
            lemmas = data["lemmas"].tobytes().decode("utf-8").split("\n")
            keys, index = data["keys"], data["index"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None
    if len(keys) != len(index) or (len(index) and int(index.max()) >= len(lemmas)):
        return None  # a damaged file: build again
    return LemmaTable(keys, index, lemmas)


@cache
def swedish_lemma_table() -> LemmaTable:
    """The compact table: from the cache file, or built from spacy-lookups-data once.

    Building needs spaCy's full table for a moment, and the process keeps some
    of that memory; the cache spares every later process the build.
    """
    path = cache_file()
    compact = _load(path)
    if compact is not None:
        return compact
    table = load_spacy_table()
    compact = LemmaTable.from_table(table)
    del table
    gc.collect()
    with contextlib.suppress(OSError):  # no writable cache: build again next time
        _save(compact, path)
    return compact


def lemma_lookups() -> Lookups:
    """spaCy's Lookups with the original table, for spaCy's own lemmatizer (tests)."""
    lookups = Lookups()
    lookups.set_table("lemma_lookup", load_spacy_table())
    return lookups


class LookupLemmatizer:
    """spaCy's lookup lemmatizer (same table, same lemmas) working on the Doc's arrays.

    spaCy's own component makes a Token object per word; reading and writing the
    ORTH and LEMMA columns instead made lemmatising several times faster.
    """

    def __init__(self) -> None:
        self._lemma_of: dict[int, int] = {}  # orth hash -> lemma hash, grows with the vocab

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        table = swedish_lemma_table()
        strings = doc.vocab.strings
        lemma_of = self._lemma_of
        lemmas = []
        for orth in doc.to_array([ORTH]).tolist():
            lemma = lemma_of.get(orth)
            if lemma is None:
                text = strings[orth]
                lemma = lemma_of[orth] = strings.add(table.get(text, text))
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory("kommunlens_lemmas", assigns=["token.lemma"])
def make_lookup_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    """Lookup lemmas from the pinned spacy-lookups-data package (no data of its own)."""
    return LookupLemmatizer()
