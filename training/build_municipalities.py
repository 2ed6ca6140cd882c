"""Build pipeline/resources/municipalities.csv and counties.csv from the shared reference.

The reference (CC0) writes a few official names wrong; the corrections are
listed here so that the resource can be rebuilt and checked:

    python -m training.build_municipalities ../shared/reference
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "resources"

# Official names that the reference gets wrong, by kommunkod.
CORRECTIONS = {
    "2513": "Överkalix kommun",
    "2514": "Kalix kommun",
    "2080": "Falu kommun",
}
# Other names a municipality goes by as an organisation.
ALIASES = {
    "0180": ["Stockholms stad"],
    "1480": ["Göteborgs stad", "Göteborgs Stad"],
    "1280": ["Malmö stad"],
    "0980": ["Region Gotland"],
    "2080": ["Falun"],
}


def genitive(name: str) -> str:
    """Swedish genitive: names ending in s, x or z take no extra s."""
    return name if name[-1] in "sxz" else name + "s"


def official_stem(name: str) -> str:
    """ "Östersunds kommun" but "Södertälje kommun" and "Kalix kommun"."""
    return name if name[-1].lower() in "aeiouyåäösxz" else name + "s"


def main(reference: Path) -> None:
    rows = []
    with open(reference / "municipalities.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            code = r["municipality_code"]
            short = r["municipality_name_short"]
            official = CORRECTIONS.get(code, r["municipality_name"])
            expected = f"{official_stem(short)} kommun"
            if official != expected and code not in CORRECTIONS:
                # keep the reference's name but report it so a human can check
                print(f"note: {code} {official!r} (expected {expected!r})", file=sys.stderr)
            rows.append(
                {
                    "code": code,
                    "name": short,
                    "official_name": official,
                    "genitive": genitive(short),
                    "county_code": r["county_code"],
                    "county": r["county_name"],
                    "aliases": "|".join(ALIASES.get(code, [])),
                }
            )
    rows.sort(key=lambda r: r["code"])
    with open(OUT / "municipalities.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with open(reference / "counties.csv", encoding="utf-8") as fh:
        counties = [
            {"code": r["county_code"], "name": r["county_name"], "short": r["county_name_short"]}
            for r in csv.DictReader(fh)
        ]
    with open(OUT / "counties.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["code", "name", "short"])
        w.writeheader()
        w.writerows(counties)
    print(f"wrote {len(rows)} municipalities and {len(counties)} counties to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/reference"))
