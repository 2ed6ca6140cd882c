"""Where a run's time goes, stage by stage, on one copy of the side-by-side corpus.

    python -m benchmarks.breakdown [--input build/side-by-side/corpus] [--copy 1] [--profile N]

Two parts, both printed as seconds:
1. Start-up, each in a fresh interpreter (wall clock): Python itself, importing the flow
   (Prefect), starting the temporary Prefect server (a trivial flow, minus the import), a
   worker's warm-up (spaCy pipeline, lemma table, classifiers) and, for comparison, loading
   the baseline's spaCy model.
2. The work, in this process on one core, for the files of one copy (default: the files
   named c01_*): reading and hashing; ingest per format, with PDFs split into PDFium's text
   layer, column detection, OCR and layout, per page; metadata; NLP (spaCy with the
   project's components); extraction and classification; storing results; then building and
   writing the tables and the report. With --profile N, the N costliest functions of the
   extraction step (cProfile, cumulative).

Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

STARTUP = {
    "python interpreter": "pass",
    "import the flow (Prefect)": "import flows.kommunlens_flow",
    "import + temporary Prefect server + trivial flow": (
        "from prefect import flow\n@flow\ndef f():\n    return 1\nf()"
    ),
    "worker warm-up (spaCy, lemmas, classifiers)": (
        "from flows.workers import warm_up\nwarm_up(None)"
    ),
    "baseline model load (spacy.load)": (
        "import spacy\nfrom training.baseline.train import model_dir\nspacy.load(model_dir())"
    ),
}


def fresh(code: str) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


class Clock:
    """Seconds per named stage, with a wrapper that adds a function's time to a stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.count: dict[str, int] = defaultdict(int)

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
                self.count[name] += 1

        return timed


def work(files: list[Path], root: Path, profile: int) -> tuple[Clock, dict[str, int]]:
    from pipeline.analysis import analyse_document
    from pipeline.dataset.assemble import build_tables, write_dataset
    from pipeline.documents import _pieces
    from pipeline.ingest import parse_document, pdf_reader
    from pipeline.ingest.registry import reader_for
    from pipeline.ingested import IngestedDocument
    from pipeline.metadata import detect_metadata
    from pipeline.nlp.loader import load_pipeline
    from pipeline.report.html import write_report
    from pipeline.runs import store_for
    from pipeline.settings import Settings

    clock = Clock()
    pdf_reader.extract_pdf = clock.wrap("  PDF: PDFium text layer", pdf_reader.extract_pdf)
    pdf_reader.with_column_pages = clock.wrap(
        "  PDF: column detection (+pdfplumber)", pdf_reader.with_column_pages
    )
    pdf_reader.layout_document = clock.wrap("  PDF: layout rules", pdf_reader.layout_document)
    reader = reader_for(Path("x.pdf"))
    reader._ocr = clock.wrap("  PDF: OCR (scanned pages)", pdf_reader.ocr_pdf)
    out = Path(tempfile.mkdtemp(prefix="kl-breakdown-"))
    settings = Settings.from_env(input_dir=root, output_dir=out, cache_dir=None)
    loaded = load_pipeline(None)
    store = store_for(settings)
    when = dt.datetime.now(dt.UTC)
    sizes = {"files": 0, "pdf pages": 0, "words": 0}
    results = []
    profiler = cProfile.Profile() if profile else None
    for path in files:
        started = time.perf_counter()
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        clock.seconds["read + hash"] += time.perf_counter() - started
        fmt = path.suffix.lower().lstrip(".")
        started = time.perf_counter()
        raw = parse_document(data, path, settings, sha256=sha)
        clock.seconds[f"ingest {fmt}"] += time.perf_counter() - started
        clock.count[f"ingest {fmt}"] += 1
        if fmt == "pdf":
            sizes["pdf pages"] += len(raw.pages)
        started = time.perf_counter()
        meta = detect_metadata(raw)
        clock.seconds["metadata (title, place, type, dates)"] += time.perf_counter() - started
        item = IngestedDocument(sha[:16], sha, path.name, raw, meta)
        sizes["files"] += 1
        sizes["words"] += len(raw.text.split())
        started = time.perf_counter()
        pieces = [(o, d) for _, o, d in _pieces(loaded.nlp, [item])]
        clock.seconds["NLP (spaCy + components)"] += time.perf_counter() - started
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        result = analyse_document(item, pieces, loaded.name, "bench")
        if profiler:
            profiler.disable()
        clock.seconds["extraction + classification"] += time.perf_counter() - started
        started = time.perf_counter()
        store.save(result.document.doc_id, result)
        clock.seconds["store result"] += time.perf_counter() - started
        results.append(result)
    started = time.perf_counter()
    tables = build_tables(results, [], output_dir=out, when=when)
    clock.seconds["build tables"] += time.perf_counter() - started
    started = time.perf_counter()
    write_dataset(out, tables)
    clock.seconds["write tables"] += time.perf_counter() - started
    started = time.perf_counter()
    write_report(out)
    clock.seconds["write report"] += time.perf_counter() - started
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)
    return clock, sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=REPO / "build" / "side-by-side" / "corpus")
    parser.add_argument("--copy", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--no-startup", action="store_true")
    args = parser.parse_args(argv)
    if not args.no_startup:
        print("start-up, fresh interpreter each (wall s):")
        base = fresh("pass")
        for label, code in STARTUP.items():
            print(f"  {label:<52}{fresh(code) if code != 'pass' else base:7.2f}", flush=True)
    files = sorted(args.input.glob(f"c{args.copy:02d}_*"))
    if not files:
        raise SystemExit(f"no files c{args.copy:02d}_* under {args.input}")
    clock, sizes = work(files, args.input, args.profile)
    print(f"work on one core: {sizes}")
    total = sum(v for k, v in clock.seconds.items() if not k.startswith("  "))
    for name, seconds in clock.seconds.items():
        per = ""
        if name.startswith("  PDF") and sizes["pdf pages"]:
            per = f"{1000 * seconds / sizes['pdf pages']:8.1f} ms/page"
        elif name.startswith("ingest"):
            per = f"{1000 * seconds / max(clock.count[name], 1):8.1f} ms/file"
        share = "" if name.startswith("  ") else f"{seconds / total:6.1%}"
        print(f"  {name:<44}{seconds:8.2f} s {share:>6}{per}")
    print(f"  {'total':<44}{total:8.2f} s")


if __name__ == "__main__":
    main()
