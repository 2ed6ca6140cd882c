"""Peak memory and time of one worker for files at the size limit (50 MB by default).

    python -m benchmarks.big_file_benchmark [--mb 50] [--out build/big] [--formats txt html]

Makes a text file and an HTML file of --mb MB from the demo corpus (benchmarks/big_files.py),
then processes each, alone, in a fresh process the way a worker does (read, hash, ingest,
NLP, extraction, store: `pipeline.documents.process_files`). Prints, per file: seconds
(wall clock, and the worker's CPU seconds, which other load on the machine changes less),
the worker's peak resident memory (ru_maxrss, models included), the characters analysed,
the document's warnings and the seconds of each stage. Not a test: numbers depend on the
machine (tests/test_big_files.py asserts the bound).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import resource
import tempfile
import time
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


def process_one(path: str, output_dir: str) -> dict:
    """Process one file as a worker does; return the figures (runs in its own process)."""
    from pipeline.documents import process_files
    from pipeline.runs import store_for
    from pipeline.settings import Settings

    source = Path(path)
    settings = Settings(output_dir=Path(output_dir))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    outcome = process_files([source.name], source.parent, settings, dt.datetime.now(dt.UTC))
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime - cpu_before,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stages": outcome.seconds,
        "errors": [f"{e.error_type}: {e.message}" for e in outcome.errors],
        "n_chars": None,
        "warnings": [],
    }
    doc_id = outcome.done.get(source.name)
    if doc_id is not None:
        result = store_for(settings).load(doc_id)
        if result is not None:
            figures["n_chars"] = result.document.n_chars
            figures["warnings"] = list(result.document.warnings)
            figures["rows"] = {
                "sentences": result.document.n_sentences,
                "entities": len(result.entities),
                "initiatives": len(result.initiatives),
            }
    return figures


def measure(path: Path) -> dict:
    """`process_one` in a fresh spawned process, so the peak is this file's alone."""
    ctx = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as out, ctx.Pool(1) as pool:
        return pool.apply(process_one, (str(path), out))


def main() -> None:
    from benchmarks.big_files import write_html_file, write_text_file

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--out", type=Path, default=Path("build/big"))
    parser.add_argument("--formats", nargs="+", default=["txt", "html"])
    args = parser.parse_args()
    n_bytes = int(args.mb * 1024 * 1024)
    writers = {"txt": write_text_file, "html": write_html_file}
    for fmt in args.formats:
        path = writers[fmt](args.out / f"big-{args.mb:g}mb.{fmt}", n_bytes)
        figures = measure(path)
        stages = ", ".join(f"{k} {v:.1f}" for k, v in figures["stages"].items())
        print(f"{path.name}: {path.stat().st_size / 2**20:.1f} MiB")
        print(f"  seconds:            {figures['seconds']:.1f} ({stages})")
        print(f"  CPU seconds:        {figures['cpu_seconds']:.1f}")
        print(f"  worker peak memory: {figures['peak_mib']:.0f} MiB")
        print(f"  characters analysed: {figures['n_chars']}")
        print(f"  rows:               {figures.get('rows')}")
        for warning in figures["warnings"]:
            print(f"  warning:            {warning}")
        for error in figures["errors"]:
            print(f"  error:              {error}")


if __name__ == "__main__":
    main()
