"""Benchmark the whole flow on corpora of N documents, with 1 and 2 worker processes.

    python -m benchmarks.flow_benchmark [--sizes 100 1000 5000] [--workers 1 2] [--json FILE]

For each size the corpus is built once (benchmarks/corpus.py), then for each
worker count a fresh Python process runs the flow from an empty output folder
and once more over the unchanged corpus (the incremental re-run), so no run
inherits another's memory. Prints documents/s, words/s, the
time per stage (summed over workers), the NLP stage's words/s, and the peak
resident memory of the whole process tree (the flow's process plus its
workers), sampled every 0.1 s. Not a test: the numbers depend on the machine.

The flow runs against whatever Prefect API is configured: a running server
(PREFECT_API_URL) or a temporary one, started before anything is timed (its
memory counts: it is a child of the measured process).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


class PeakMemory:
    """Peak summed RSS of this process and all its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self.at_peak: dict[str, int] = {}  # process -> RSS MiB when the sum peaked
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> dict[str, int]:
        me = psutil.Process()
        sizes = {}
        for proc in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a worker may exit between the calls
                label = "flow" if proc.pid == me.pid else _label(proc)
                sizes[f"{label} {proc.pid}"] = proc.memory_info().rss
        return sizes

    def _run(self) -> None:
        while not self._stop.is_set():
            sizes = self._sample()
            if sum(sizes.values()) > self.peak:
                self.peak = sum(sizes.values())
                self.at_peak = {k: round(v / 2**20) for k, v in sizes.items()}
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _label(proc: psutil.Process) -> str:
    """A short name for a child process: prefect-server, worker, dask or python."""
    try:
        cmd = " ".join(proc.cmdline())
    except psutil.Error:
        return "?"
    if "uvicorn" in cmd or ("prefect" in cmd and "server" in cmd):
        return "prefect-server"
    if "multiprocessing" in cmd:
        return "worker"
    return "dask" if "dask" in cmd or "distributed" in cmd else "python"


def machine() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next(
                line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": psutil.cpu_count(logical=True),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def run_once(corpus: Path, out: Path, workers: int, batch_size: int) -> dict[str, float]:
    from flows.kommunlens_flow import analyse_corpus

    with PeakMemory() as memory:
        started = time.perf_counter()
        summary = analyse_corpus(str(corpus), str(out), workers=workers, batch_size=batch_size)
        seconds = time.perf_counter() - started
    nlp_seconds = summary.stage_seconds.get("nlp", 0.0)
    return {
        "documents": summary.n_documents,
        "processed": summary.n_processed,
        "errors": summary.n_errors,
        "words": summary.n_words,
        "seconds": round(seconds, 2),
        "docs_per_s": round(summary.n_processed / seconds, 1) if summary.n_processed else 0.0,
        "words_per_s": round(summary.n_words / seconds) if summary.n_words else 0,
        # the NLP stage's throughput: words over its time, summed over workers, per worker
        "nlp_words_per_s": round(summary.n_words / nlp_seconds * workers) if nlp_seconds else 0,
        "stage_seconds": summary.stage_seconds,
        "peak_rss_mib": round(memory.peak / 2**20),
        "rss_at_peak_mib": memory.at_peak,
    }


def warm_up_prefect() -> None:
    """Start the temporary API (if no server is configured) before anything is timed."""
    from prefect import flow

    @flow(name="warm-up")
    def nothing() -> None:
        return None

    nothing()


def measure(n: int, workers: int, corpus: Path, out: Path, batch_size: int) -> list[dict]:
    """First run and re-run of one configuration, in this process."""
    warm_up_prefect()
    shutil.rmtree(out, ignore_errors=True)
    rows = []
    for label in ("first", "rerun"):
        row = run_once(corpus, out, workers, batch_size)
        row.update({"n": n, "workers": workers, "run": label})
        rows.append(row)
    return rows


def main() -> None:
    from benchmarks.corpus import build_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--work-dir", type=Path, default=REPO / "build" / "bench")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument(
        "--child", nargs=2, type=int, metavar=("N", "WORKERS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()

    if args.child:  # one configuration in a fresh process; the parent reads the JSON
        n, workers = args.child
        rows = measure(
            n,
            workers,
            args.work_dir / f"corpus-{n}",
            args.work_dir / f"out-{n}-{workers}",
            args.batch_size,
        )
        print("RESULT " + json.dumps(rows))
        return

    results: dict = {"machine": machine(), "runs": []}
    print(f"machine: {results['machine']}")
    print(
        f"{'docs':>6} {'workers':>7} {'run':>6} {'seconds':>8} {'docs/s':>7} {'words/s':>8} "
        f"{'NLP w/s':>8} {'peak MiB':>8}  stage seconds (summed over workers)"
    )
    for n in args.sizes:
        build_corpus(args.work_dir / f"corpus-{n}", n)
        for workers in args.workers:
            cmd = [
                sys.executable,
                "-m",
                "benchmarks.flow_benchmark",
                "--child",
                str(n),
                str(workers),
            ]
            cmd += ["--batch-size", str(args.batch_size), "--work-dir", str(args.work_dir)]
            done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
            lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
            if done.returncode or not lines:
                raise SystemExit(
                    f"benchmark of {n} documents with {workers} workers failed:\n{done.stderr[-3000:]}"
                )
            for row in json.loads(lines[-1][len("RESULT ") :]):
                results["runs"].append(row)
                stages = ", ".join(f"{k} {v:.1f}" for k, v in row["stage_seconds"].items())
                print(
                    f"{n:>6} {workers:>7} {row['run']:>6} {row['seconds']:>8.1f} "
                    f"{row['docs_per_s']:>7.1f} {row['words_per_s']:>8} "
                    f"{row['nlp_words_per_s']:>8} {row['peak_rss_mib']:>8}  {stages}",
                    flush=True,
                )
                print(f"{'':>31}memory at the peak (MiB): {row['rss_at_peak_mib']}", flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
