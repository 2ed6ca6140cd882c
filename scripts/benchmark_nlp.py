"""Benchmark the NLP stage (spaCy pipeline + fact collection) on the demo corpus.

    python scripts/benchmark_nlp.py [--words 200000] [--input data/raw]

The demo documents are repeated until the corpus has at least --words words;
prints words/s, docs/s and peak memory. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from pipeline.documents import discover
from pipeline.extract.entities import collect
from pipeline.ingest import read_document
from pipeline.ingest.base import IngestError
from pipeline.metadata.published import detect_published
from pipeline.nlp.chunks import chunk_text
from pipeline.nlp.loader import load_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--input", type=Path, default=Path("data/raw"))
    parser.add_argument("--nlp-model", default=None)
    args = parser.parse_args()

    texts = []
    for path in discover(args.input):
        try:
            raw = read_document(path)
        except IngestError:
            continue
        texts.append((raw.text, detect_published(raw.text)))
    if not texts:
        raise SystemExit(f"no readable documents in {args.input}")
    corpus = []
    words = 0
    while words < args.words:
        for text, date in texts:
            corpus.append((text, date))
            words += len(text.split())
    loaded = load_pipeline(args.nlp_model)
    nlp = loaded.nlp
    nlp(texts[0][0])  # load lazily initialised parts (lookup tables) before timing

    start = time.perf_counter()
    docs = []
    index = []
    for n, (text, date) in enumerate(corpus):
        for offset, piece in chunk_text(text):
            doc = nlp.make_doc(piece)
            doc._.kl_doc_date = date
            docs.append(doc)
            index.append((n, offset))
    by_doc: dict[int, list] = {}
    n_entities = 0
    for (n, offset), doc in zip(index, nlp.pipe(docs, batch_size=32), strict=True):
        by_doc.setdefault(n, []).append((offset, doc))
    for n, pieces in by_doc.items():
        n_entities += len(collect(str(n), pieces).entities)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pipeline:   {loaded.name} ({', '.join(nlp.pipe_names)})")
    print(f"documents:  {len(corpus)} ({len(texts)} distinct, repeated)")
    print(f"words:      {words}")
    print(f"entities:   {n_entities}")
    print(f"seconds:    {elapsed:.1f}")
    print(f"words/s:    {words / elapsed:,.0f}")
    print(f"docs/s:     {len(corpus) / elapsed:,.1f}")
    print(f"peak RSS:   {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
