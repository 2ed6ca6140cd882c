"""Compare the tables of two output folders (used to check that a refactoring changed nothing).

    python -m training.compare_tables BEFORE_DIR AFTER_DIR [--ignore table.column ...]

Prints one line per difference and `identical` when there is none; exits 1 on differences.
`documents.pipeline_version` and `errors.when` are always ignored (they record the code
version and the run's time, not results).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

ALWAYS_IGNORED = ("documents.pipeline_version", "errors.when")
TABLES = (
    "documents",
    "entities",
    "dates",
    "amounts",
    "initiatives",
    "outcomes",
    "focus_areas",
    "municipality_summary",
    "errors",
)


def table_differences(
    before: Path, after: Path, ignore: Sequence[str] = (), tables: Sequence[str] = TABLES
) -> list[str]:
    """Differences between the two folders' tables, one line each."""
    ignored = {*ALWAYS_IGNORED, *ignore}
    out: list[str] = []
    for name in tables:
        a_path, b_path = Path(before) / f"{name}.parquet", Path(after) / f"{name}.parquet"
        if not a_path.exists() or not b_path.exists():
            out.append(f"{name}: missing in {'before' if not a_path.exists() else 'after'}")
            continue
        a, b = pd.read_parquet(a_path), pd.read_parquet(b_path)
        drop = [c.split(".", 1)[1] for c in ignored if c.startswith(name + ".")]
        a = a.drop(columns=[c for c in drop if c in a.columns])
        b = b.drop(columns=[c for c in drop if c in b.columns])
        if list(a.columns) != list(b.columns):
            out.append(f"{name}: columns {list(a.columns)} != {list(b.columns)}")
            continue
        if len(a) != len(b):
            out.append(f"{name}: {len(a)} rows before, {len(b)} after")
            continue
        for col in a.columns:
            left = a[col].map(repr).tolist()
            right = b[col].map(repr).tolist()
            for i, (x, y) in enumerate(zip(left, right, strict=True)):
                if x != y:
                    out.append(f"{name}.{col} row {i}: {x[:80]} != {y[:80]}")
                    break
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore", nargs="*", default=[], help="table.column to skip")
    args = parser.parse_args(argv)
    diffs = table_differences(args.before, args.after, args.ignore)
    for line in diffs:
        print(line)
    print("identical" if not diffs else f"{len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
