"""Build a benchmark corpus of N distinct documents by varying the demo corpus.

    python -m benchmarks.corpus --n 1000 --out build/bench/corpus-1000

Document k is demo document k mod 10 in its own format (PDF, DOCX, HTML, TXT in
UTF-8 or Windows-1252), with its home municipality replaced by municipality
k mod 290 of the reference list and a closing line that numbers it, so every
file has its own content hash and the pipeline cannot reuse anything.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import make_demo_corpus as demo  # noqa: E402

from pipeline.resources import resource_path  # noqa: E402

RAW = REPO / "data" / "raw"
HOME = {  # file-name prefix -> the municipality the demo document is about
    "kalix": "Kalix",
    "ostersund": "Östersund",
    "hallstahammar": "Hallstahammar",
    "sodertalje": "Södertälje",
}


def municipalities() -> list[str]:
    with open(resource_path("municipalities.csv"), encoding="utf-8") as fh:
        return [row["name"] for row in csv.DictReader(fh)]


def vary(text: str, home: str | None, target: str) -> str:
    """The text with its home municipality renamed (whole words, genitives included)."""
    if home:
        text = re.sub(rf"\b{re.escape(home)}(?=s?\b)", target, text)
    return text


def closing(k: int) -> str:
    return f"Dokumentet ingår i jämförelsekorpusen som nummer {k + 1}."


def _home(name: str) -> str | None:
    return HOME.get(name.split("_", 1)[0])


def build_one(template: Path, k: int, names: list[str], out_dir: Path) -> Path:
    """Variant k of one demo file, in the template's own format."""
    home = _home(template.name)
    name = f"{k:05d}_{template.name}"
    pdfs = {spec.target: spec for spec in demo.PDFS}
    docxs = {spec.target: spec for spec in demo.DOCXS}
    if template.name in pdfs:
        spec = pdfs[template.name]
        for step in range(len(names)):  # the next name when a printed line gets too wide
            target = names[(k + step) % len(names)]
            lines = [vary(line, home, target) for line in demo.read_source(spec.source)]
            varied = replace(spec, target=name, header=vary(spec.header, home, target))
            try:
                return demo.build_pdf(varied, out_dir, [*lines, "", closing(k)])
            except ValueError:
                continue
        raise ValueError(f"no municipality name fits the lines of {template.name}")
    target = names[k % len(names)]
    if template.name in docxs:
        spec = docxs[template.name]
        lines = [vary(line, home, target) for line in demo.read_source(spec.source)]
        return demo.build_docx(replace(spec, target=name), out_dir, [*lines, "", closing(k)])
    data = template.read_bytes()
    encoding = "cp1252" if template.name in {s.target for s in demo.CP1252S} else "utf-8"
    text = vary(data.decode(encoding), home, target)
    if template.suffix in {".html", ".htm"}:
        text = text.replace("</body>", f"<p>{closing(k)}</p>\n</body>", 1)
    else:
        text = f"{text.rstrip()}\n\n{closing(k)}\n"
    path = out_dir / name
    path.write_bytes(text.encode(encoding))
    return path


def build_corpus(out_dir: Path, n: int) -> list[Path]:
    """n files in out_dir (emptied first)."""
    templates = sorted(p for p in RAW.iterdir() if p.is_file() and p.name != "README.md")
    names = municipalities()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    return [build_one(templates[k % len(templates)], k, names, out_dir) for k in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or REPO / "build" / "bench" / f"corpus-{args.n}"
    paths = build_corpus(out, args.n)
    print(f"{len(paths)} documents in {out}")


if __name__ == "__main__":
    main()
