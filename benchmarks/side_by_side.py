"""kommunlens against the bare script a researcher writes instead, on one corpus, side by side.

    python -m benchmarks.side_by_side [--min-files 500] [--workers 2] [--work-dir build/side-by-side]

1. Builds the corpus (once): every document of ../shared/corpus/seeds, public and dev
   (including the long PDFs), copied until there are at least --min-files files, each copy
   made distinct: a text file gets a closing line with its copy number; a PDF gets its copy
   number in its metadata through an incremental update (the original bytes, then a new
   trailer), which PDFium and pdfplumber read as before.
2. Runs `kommunlens run` from the shell (`python -m pipeline.cli run`, this checkout), from an
   empty output folder, with the default temporary Prefect server (PREFECT_API_URL unset) and
   --workers 2.
3. Runs the baseline (benchmarks/baseline.py: pdfplumber, read_text, a default spaCy NER
   trained on news, `nlp.pipe(n_process=2)`, one Parquet table); its model is trained first
   when missing (`python -m training.baseline.train`, a few minutes).
4. Prints both wall-clock times (each includes its interpreter's start-up and model loading)
   and the ratio kommunlens / baseline; then, with --rerun, the unchanged re-run of
   kommunlens and its share of the first run.

Not a test: the numbers depend on the machine. Run nothing else heavy at the same time.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"
SOURCES = ("seeds", "public", "dev")
SKIPPED = {"meta.jsonl"}


def source_files(shared: Path = SHARED) -> list[Path]:
    """The documents of seeds, public and dev (not their metadata files)."""
    found = []
    for name in SOURCES:
        folder = shared / name
        found += sorted(
            p
            for p in folder.iterdir()
            if p.is_file() and p.name not in SKIPPED and not p.name.startswith(".")
        )
    return found


def distinct_copy(path: Path, copy: int) -> bytes:
    """The file's bytes made distinct for copy number `copy` (see the module docstring)."""
    data = path.read_bytes()
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfWriter

        logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd dictionaries

        writer = PdfWriter(io.BytesIO(data), incremental=True)
        writer.add_metadata({"/Subject": f"Kopia {copy}"})
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    return data.rstrip() + f"\n\nKopia nummer {copy}.\n".encode("ascii")


def build_corpus(out: Path, min_files: int, shared: Path = SHARED) -> list[Path]:
    """At least min_files distinct files in out (emptied first): whole rounds of copies."""
    sources = source_files(shared)
    if not sources:
        raise SystemExit(f"no documents under {shared}")
    copies = -(-min_files // len(sources))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    written = []
    for copy in range(1, copies + 1):
        for path in sources:
            target = out / f"c{copy:02d}_{path.parent.name}_{path.name}"
            target.write_bytes(distinct_copy(path, copy))
            written.append(target)
    return written


def count_pages(paths: list[Path]) -> int:
    import pypdfium2

    pages = 0
    for path in paths:
        if path.suffix.lower() == ".pdf":
            pdf = pypdfium2.PdfDocument(str(path))
            pages += len(pdf)
            pdf.close()
    return pages


def clean_env() -> dict[str, str]:
    """The user's environment without a configured Prefect API: the temporary server is used."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    return env


def timed(cmd: list[str], log: Path) -> float:
    """Wall-clock seconds of one command, output to log; stops the benchmark on failure."""
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as fh:
        done = subprocess.run(cmd, cwd=REPO, env=clean_env(), stdout=fh, stderr=fh, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed (exit {done.returncode}); see {log}")
    return seconds


def kommunlens_cmd(corpus: Path, out: Path, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline.cli",
        "run",
        "--input",
        str(corpus),
        "--output",
        str(out),
        "--workers",
        str(workers),
    ]


def ensure_baseline_model() -> Path:
    from training.baseline.train import model_dir

    model = model_dir()
    if not model.exists():
        print("training the baseline NER first (python -m training.baseline.train) ...")
        subprocess.run([sys.executable, "-m", "training.baseline.train"], cwd=REPO, check=True)
    return model


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-files", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work-dir", type=Path, default=REPO / "build" / "side-by-side")
    parser.add_argument("--reuse-corpus", action="store_true", help="do not rebuild the corpus")
    parser.add_argument("--rerun", action="store_true", help="also time an unchanged re-run")
    args = parser.parse_args(argv)
    corpus = args.work_dir / "corpus"
    if args.reuse_corpus and corpus.is_dir():
        files = sorted(p for p in corpus.iterdir() if p.is_file())
    else:
        files = build_corpus(corpus, args.min_files)
    pdfs = [p for p in files if p.suffix.lower() == ".pdf"]
    print(
        f"corpus: {len(files)} files ({len(pdfs)} PDFs, {count_pages(pdfs)} PDF pages) in {corpus}"
    )
    model = ensure_baseline_model()

    out = args.work_dir / "kommunlens-out"
    shutil.rmtree(out, ignore_errors=True)
    ours = timed(kommunlens_cmd(corpus, out, args.workers), args.work_dir / "kommunlens.log")
    print(f"kommunlens run:  {ours:7.1f} s", flush=True)
    base_cmd = [sys.executable, "-m", "benchmarks.baseline", "--input", str(corpus)]
    base_cmd += ["--output", str(args.work_dir / "baseline" / "entities.parquet")]
    base_cmd += ["--model", str(model), "--processes", str(args.workers)]
    theirs = timed(base_cmd, args.work_dir / "baseline.log")
    print(f"baseline script: {theirs:7.1f} s", flush=True)
    print(f"ratio kommunlens / baseline: {ours / theirs:.2f}")
    if args.rerun:
        again = timed(kommunlens_cmd(corpus, out, args.workers), args.work_dir / "rerun.log")
        print(f"kommunlens re-run (unchanged): {again:.1f} s, {again / ours:.1%} of the first run")


if __name__ == "__main__":
    main()
