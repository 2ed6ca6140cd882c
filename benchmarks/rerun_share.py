"""What a re-run costs from the shell: first run, unchanged re-run, one changed file.

    python -m benchmarks.rerun_share [--n 120] [--workers 2] [--work-dir build/rerun]

Builds N distinct documents (benchmarks/corpus.py), then times `kommunlens run`
(`python -m pipeline.cli run`, this checkout) three times with the default temporary
Prefect server (PREFECT_API_URL unset): from an empty output folder, again over the
unchanged folder, and after one file changed. Prints the seconds, each re-run's share of
the first run and what the CLI said it processed. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.side_by_side import REPO, clean_env, kommunlens_cmd


def run(cmd: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, env=clean_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    said = re.search(r"\((\d+) processed, (\d+) unchanged", done.stdout)
    return seconds, said.group(0)[1:] if said else "?"


def main(argv: list[str] | None = None) -> None:
    from benchmarks.corpus import build_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work-dir", type=Path, default=REPO / "build" / "rerun")
    args = parser.parse_args(argv)
    corpus, out = args.work_dir / "corpus", args.work_dir / "out"
    paths = build_corpus(corpus, args.n)
    shutil.rmtree(out, ignore_errors=True)
    cmd = kommunlens_cmd(corpus, out, args.workers)
    first, said = run(cmd)
    print(f"first run:            {first:6.1f} s  ({said})", flush=True)
    again, said = run(cmd)
    print(f"unchanged re-run:     {again:6.1f} s  ({said})  {again / first:.1%} of the first")
    changed = next(p for p in paths if p.suffix == ".txt")
    changed.write_bytes(changed.read_bytes() + b"\nEn rad till.\n")  # ASCII: any encoding
    one, said = run(cmd)
    print(f"one file changed:     {one:6.1f} s  ({said})  {one / first:.1%} of the first")


if __name__ == "__main__":
    sys.exit(main())
