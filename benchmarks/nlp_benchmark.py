"""Benchmark the NLP stage alone (the spaCy pipeline with the project's components).

    python -m benchmarks.nlp_benchmark [--words 200000] [--processes 1] [--input data/raw]

The readable documents of --input are repeated until the corpus has at least
--words words (whitespace-separated). With --processes P the corpus is split
into P shares, each processed by its own process (spawned, one BLAS thread
each); the clock runs from the moment the first process starts its share to
the moment the last one finishes, so model loading is not counted. Prints
words/s, documents/s and peak memory (the parent's plus every worker's peak
RSS). Then, in one process, the cost of each component: the same documents
(up to --component-words words) go through the tokenizer and then each
component in turn (``pipe`` over all documents), timed apart. Not a test:
numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import time
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


def _texts(input_dir: Path) -> list[tuple[str, object]]:
    from pipeline.documents import discover
    from pipeline.ingest import read_document
    from pipeline.ingest.base import IngestError
    from pipeline.metadata.published import detect_published

    texts = []
    for path in discover(input_dir):
        try:
            raw = read_document(path)
        except IngestError:
            continue
        texts.append((raw.text, detect_published(raw.text)))
    return texts


def process_share(share: list[tuple[str, object]], nlp_model: str | None) -> dict[str, float]:
    """Run the NLP stage over one share; returns word count, start/end time and peak RSS."""
    from pipeline.nlp.chunks import chunk_text
    from pipeline.nlp.loader import load_pipeline

    loaded = load_pipeline(nlp_model)
    nlp = loaded.nlp
    nlp(share[0][0])  # lazily initialised parts (lookup tables) load before the clock starts

    def docs():  # made as the pipe asks for them, as the flow does batch by batch
        for text, date in share:
            for _offset, piece in chunk_text(text):
                doc = nlp.make_doc(piece)
                doc._.kl_doc_date = date
                yield doc

    started = time.time()
    n_ents = sum(len(doc.ents) for doc in nlp.pipe(docs(), batch_size=32))
    return {
        "words": sum(len(text.split()) for text, _ in share),
        "entities": n_ents,
        "start": started,
        "end": time.time(),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "model": loaded.name,
    }


def component_costs(
    texts: list[tuple[str, object]], nlp_model: str | None, max_words: int
) -> tuple[list[tuple[str, float]], int]:
    """Seconds spent in the tokenizer and in each pipeline component, in pipeline order, and
    the number of words timed."""
    from pipeline.nlp.chunks import chunk_text
    from pipeline.nlp.loader import load_pipeline

    nlp = load_pipeline(nlp_model).nlp
    nlp(texts[0][0])  # lazily initialised parts load before the clock starts
    pieces, words = [], 0
    for text, date in texts:
        if words >= max_words:
            break
        pieces += [(piece, date) for _offset, piece in chunk_text(text)]
        words += len(text.split())
    costs = []
    start = time.perf_counter()
    docs = []
    for piece, date in pieces:
        doc = nlp.make_doc(piece)
        doc._.kl_doc_date = date
        docs.append(doc)
    costs.append(("tokenizer", time.perf_counter() - start))
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=32))
        else:
            docs = [proc(doc) for doc in docs]
        costs.append((name, time.perf_counter() - start))
    return costs, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--input", type=Path, default=Path("data/raw"))
    parser.add_argument("--nlp-model", default=None)
    parser.add_argument(
        "--component-words", type=int, default=100_000, help="words for the per-component costs"
    )
    args = parser.parse_args()

    texts = _texts(args.input)
    if not texts:
        raise SystemExit(f"no readable documents in {args.input}")
    corpus = []
    words = 0
    while words < args.words:
        for item in texts:
            corpus.append(item)
            words += len(item[0].split())
    shares = [corpus[i :: args.processes] for i in range(args.processes)]
    if args.processes == 1:
        stats = [process_share(shares[0], args.nlp_model)]
    else:
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(args.processes) as pool:
            stats = pool.starmap(process_share, [(s, args.nlp_model) for s in shares])
    elapsed = max(s["end"] for s in stats) - min(s["start"] for s in stats)
    parent_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak = parent_mib + (sum(s["peak_mib"] for s in stats) if args.processes > 1 else 0)
    print(f"pipeline:   {stats[0]['model']}")
    print(f"processes:  {args.processes}")
    print(f"documents:  {len(corpus)} ({len(texts)} distinct, repeated)")
    print(f"words:      {words}")
    print(f"entities:   {sum(s['entities'] for s in stats):.0f}")
    print(f"seconds:    {elapsed:.1f}")
    print(f"words/s:    {words / elapsed:,.0f}")
    print(f"docs/s:     {len(corpus) / elapsed:,.1f}")
    print(f"peak RSS:   {peak:,.0f} MiB (sum over processes)")
    if args.component_words:
        costs, n_words = component_costs(corpus, args.nlp_model, args.component_words)
        total = sum(seconds for _, seconds in costs)
        print(f"per component, one process, {n_words} words ({n_words / total:,.0f} words/s):")
        for name, seconds in costs:
            share = seconds / total
            print(
                f"  {name:26s} {seconds * 1000:8.0f} ms  {share:6.1%}  {n_words / seconds:>10,.0f} words/s"
            )


if __name__ == "__main__":
    main()
