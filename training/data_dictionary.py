"""Write docs/data-dictionary.md from pipeline/resources/schema.json.

python -m training.data_dictionary
"""

from __future__ import annotations

from pipeline.dataset.dictionary import render_data_dictionary
from training.paths import REPO

TARGET = REPO / "docs" / "data-dictionary.md"


def main() -> int:
    TARGET.write_text(render_data_dictionary(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
