"""Peak memory of writing the tables, results loaded all at once against chunk by chunk.

    python -m benchmarks.write_memory OUTPUT_DIR [--copies 1]

Reads the stored results of an output folder's `.store` (every version key found) and
builds the tables twice, each in a fresh process: from a list of every result (how a run
built them before) and from results loaded lazily, 256 at a time (how it builds them now),
then writes them and renders the report from them as a run does; prints the documents, the
process's peak resident memory once the tables are built and at the end (the report
included), and the report's size. --copies N feeds every
result N times (with distinct doc_ids) to see how each way grows with the corpus. Not a
test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def _results(output: Path, copies: int) -> Iterator:
    from pipeline.dataset.store import ResultStore

    stores = [d for d in (output / ".store").iterdir() if d.is_dir()]
    for copy in range(copies):
        for folder in stores:
            store = ResultStore(output / ".store", folder.name)
            for path in sorted(folder.glob("*/*")):
                result = store.load(path.stem)
                if result is None:
                    continue
                if copy:
                    doc_id = f"{result.document.doc_id[:12]}{copy:04d}"
                    result = _renamed(result, doc_id)
                yield result


def _renamed(result, doc_id: str):
    """The same result under another doc_id (every row's doc_id with it)."""
    fields = {}
    for f in dataclasses.fields(result):
        value = getattr(result, f.name)
        if isinstance(value, list):
            value = [dataclasses.replace(r, doc_id=doc_id) for r in value]
        elif dataclasses.is_dataclass(value):
            value = dataclasses.replace(value, doc_id=doc_id)
        fields[f.name] = value
    return type(result)(**fields)


def child(output: Path, mode: str, copies: int) -> None:
    from pipeline.dataset.assemble import build_tables, write_dataset
    from pipeline.report.html import write_report

    started = time.perf_counter()
    results = _results(output, copies)
    if mode == "list":
        results = list(results)
    tables = build_tables(results, [])
    seconds = time.perf_counter() - started
    n = tables["documents"].num_rows
    built = _peak_mib()
    with tempfile.TemporaryDirectory() as folder:
        write_dataset(Path(folder), tables)
        del tables  # as the flow does: the report reads the written tables
        report = write_report(Path(folder), generation=Path(folder))
        size = report.stat().st_size / 2**20
        seconds = time.perf_counter() - started
    print(f"{mode:<6}{n:>8}{seconds:>9.1f}{built:>13.0f}{_peak_mib():>13.0f}{size:>12.1f}")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--child", choices=["list", "chunks"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.output, args.child, args.copies)
        return
    print(f"{'how':<6}{'docs':>8}{'seconds':>9}{'tables MiB':>13}{'report MiB':>13}{'HTML MB':>12}")
    for mode in ("list", "chunks"):
        cmd = [sys.executable, "-m", "benchmarks.write_memory", str(args.output)]
        subprocess.run([*cmd, "--copies", str(args.copies), "--child", mode], check=True)


if __name__ == "__main__":
    main()
