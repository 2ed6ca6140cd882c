"""Read official indicator values exported from Kolada (the municipal statistics database).

Two kinds of file are read, both keyed by municipality code (kommunkod), KPI id and year:

- **Kolada API JSON** (v3, and v2 which has the same layout). A data request such as
  `https://api.kolada.se/v3/data/kpi/N00914/municipality/2514,2380/year/2019,2020,2021`
  answers `{"values": [{"kpi": "N00914", "municipality": "2514", "period": 2021,
  "values": [{"gender": "T", "count": 1, "status": "", "value": 87.0}]}], "count": 1,
  "next_url": ...}`: one object per KPI, municipality and year, with at most three values
  (gender T total, K women, M men). Saved pages may be concatenated into a JSON array. A KPI
  metadata answer (`/v3/kpi/N00914`: objects with `id` and `title`) and a municipality answer
  (`/v3/municipality`: `id`, `title`, `type`) in the same import give titles and names.
  Based on the API description by RKA in github.com/Hypergene/kolada (README, "Query data")
  and the v3 response layout used by the rKolada client (LCHansson/rKolada, tests of its v3
  support: `values` of objects with `kpi`, `municipality`, `period` and a nested `values`
  list); kolada.se/om-oss/api announces v3 (2025-04-04) and its Swagger page.
- **CSV** as Kolada's web tools and common clients export it. Kolada's download from
  kolada.se is a spreadsheet (Excel or CSV) whose layout depends on the view, so the reader
  accepts both layouts seen: long (one row per municipality, KPI, year and gender, as the API
  flattened: columns like `kpi, municipality_id, municipality, year, gender, value`, which is
  what rKolada's `get_values()` gives) and wide (one column per year). Headers are matched in
  Swedish or English (`Kommun`, `Kommun-ID`/`Kommunkod`, `Nyckeltal`/`Nyckeltal-ID`, `År`,
  `Kön`, `Värde`), `;`, `,` or tab separated, with decimal commas.

Nothing here fetches anything: the files are downloaded by the user (see the README).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.dataset.names import loose, official_municipality

GENDERS = {"t": "T", "k": "K", "m": "M", "f": "K"}  # v2 docs also name women F
GENDER_WORDS = {
    "totalt": "T",
    "total": "T",
    "alla": "T",
    "kvinnor": "K",
    "women": "K",
    "female": "K",
    "man": "M",
    "män": "M",
    "men": "M",
    "male": "M",
}
COUNTRY = {"0000": "Riket"}
KPI_ID = re.compile(r"^\s*([A-Z]\d{5})\b\s*[-–:]?\s*(.*)$")
YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*$")
MISSING = {"", "..", "-", "–", ".", "x", "null", "nan"}

HEADERS = {  # loose(header) -> field
    "code": {
        "municipality_id",
        "municipality id",
        "municipality code",
        "municipality_code",
        "kommun id",
        "kommunid",
        "kommunkod",
        "kommun kod",
        "kod",
        "id kommun",
    },
    "name": {"kommun", "kommunnamn", "municipality_name", "namn", "kommun/region", "region"},
    "ambiguous_municipality": {"municipality"},
    "kpi": {"kpi", "kpi_id", "kpi id", "nyckeltal id", "nyckeltalsid", "nyckeltals id", "id"},
    "title": {"kpi_title", "kpi title", "nyckeltal", "nyckeltalsnamn", "title", "titel"},
    "year": {"year", "period", "ar", "artal"},
    "gender": {"gender", "kon"},
    "value": {"value", "varde", "utfall"},
}


class KoladaFormatError(ValueError):
    """A file that is not a Kolada export this reader knows; the message says why."""


@dataclass(frozen=True)
class KpiValue:
    """One value of one KPI for one municipality (or the country, 0000) and year."""

    municipality_code: str
    kpi_id: str
    year: int
    value: float | None
    gender: str | None = None
    kpi_title: str | None = None
    municipality: str | None = None


def _gender(value: Any) -> str | None:
    if value is None:
        return None
    key = str(value).strip().lower()
    return GENDERS.get(key) or GENDER_WORDS.get(key) or (str(value).strip().upper() or None)


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if text.lower() in MISSING:
        return None
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")  # 1.234,5
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError as exc:
        raise KoladaFormatError(f"{value!r} is not a number") from exc


def _code(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    if re.fullmatch(r"\d{1,4}", text):
        return text.zfill(4)
    return text or None


def _year(value: Any) -> int:
    found = re.match(r"^\s*(\d{4})", str(value))
    if not found:
        raise KoladaFormatError(f"{value!r} is not a year")
    return int(found.group(1))


# ---------------------------------------------------------------- JSON


def _objects(data: Any) -> list[dict]:
    """The objects of an API answer, of a list of answers (pages), or of a bare list."""
    if isinstance(data, dict):
        if isinstance(data.get("values"), list) and not {"kpi", "period"} & set(data):
            return [v for v in data["values"] if isinstance(v, dict)]
        return [data]
    if isinstance(data, list):
        out: list[dict] = []
        for item in data:
            out += _objects(item)
        return out
    raise KoladaFormatError("the JSON is neither a Kolada answer nor a list of them")


def parse_json(text: str) -> tuple[list[KpiValue], dict[str, str], dict[str, str]]:
    """(values, KPI titles by id, municipality names by code) from a Kolada API JSON file."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KoladaFormatError(f"not JSON ({exc.msg}, line {exc.lineno})") from exc
    values: list[KpiValue] = []
    titles: dict[str, str] = {}
    names: dict[str, str] = {}
    skipped_ou = 0
    for obj in _objects(data):
        if "kpi" in obj and isinstance(obj.get("values"), list):
            if "municipality" not in obj:
                skipped_ou += "ou" in obj
                continue
            code = _code(obj["municipality"])
            for v in obj["values"]:
                if not isinstance(v, dict):
                    continue
                period = v.get("period", obj.get("period"))
                if period is None or code is None:
                    continue
                value = _number(v.get("value"))
                gender = _gender(v.get("gender"))
                values.append(KpiValue(code, str(obj["kpi"]), _year(period), value, gender))
        elif "id" in obj and "title" in obj:
            if re.fullmatch(r"\d{4}", str(obj["id"])) or obj.get("type") in ("K", "L", "R"):
                names[str(obj["id"])] = str(obj["title"])
            else:
                titles[str(obj["id"])] = str(obj["title"])
    if not values and not titles and not names:
        more = " (organisational-unit data is not read)" if skipped_ou else ""
        raise KoladaFormatError(f"no Kolada values, KPIs or municipalities in the JSON{more}")
    return values, titles, names


# ---------------------------------------------------------------- CSV


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KoladaFormatError("the file is neither UTF-8 nor Windows-1252 text")


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", "\t", ",")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _field(header: str) -> str | None:
    key = loose(header).replace("_", " ").strip()
    for name, forms in HEADERS.items():
        if key in forms or key.replace(" ", "_") in forms or loose(header) in forms:
            return name
    return None


def _split_kpi(text: str | None) -> tuple[str | None, str | None]:
    """'N00914 Nöjd Kund Index ...' -> ('N00914', 'Nöjd Kund Index ...')."""
    if not text:
        return None, None
    found = KPI_ID.match(text)
    if found:
        return found.group(1), found.group(2).strip() or None
    return None, text.strip()


def _is_header(cells: list[str]) -> bool:
    """A row that names columns: a known header, or years as column names."""
    return any(_field(c) for c in cells) or any(YEAR.match(c) for c in cells)


def parse_csv(text: str, kpi_id: str | None = None, kpi_title: str | None = None) -> list[KpiValue]:
    """Values from a Kolada CSV export, long or wide (years as columns).

    `kpi_id` (and `kpi_title`) name the KPI when the file does not (an export of one KPI).
    """
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=_delimiter(text)))
    rows = [r for r in rows if any(c.strip() for c in r)]
    header_at = next((i for i, r in enumerate(rows) if _is_header(r)), None)
    if header_at is None:
        raise KoladaFormatError("no header row with Kommun/municipality, År/year or years")
    header = rows[header_at]
    fields = {i: _field(h) for i, h in enumerate(header)}
    year_columns = {i: int(YEAR.match(h).group(1)) for i, h in enumerate(header) if YEAR.match(h)}
    where = {f: i for i, f in reversed(list(fields.items())) if f}
    if "year" not in where and not year_columns:
        raise KoladaFormatError("no year: neither an År/year column nor one column per year")
    if "value" not in where and not year_columns:
        raise KoladaFormatError("no value: neither a Värde/value column nor one column per year")
    out: list[KpiValue] = []
    for number, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = cells + [""] * (len(header) - len(cells))

        def get(name: str, cells: list[str] = cells) -> str | None:
            i = where.get(name)
            return cells[i].strip() if i is not None and cells[i].strip() else None

        code = _code(get("code"))
        name = get("name")
        ambiguous = get("ambiguous_municipality")
        if ambiguous:
            if re.fullmatch(r"\d{1,4}", ambiguous):
                code = code or _code(ambiguous)
            else:
                name = name or ambiguous
        if code is None and name:
            official = official_municipality(name)
            if official is None and loose(name) in ("riket", "sverige", "hela riket"):
                code = "0000"
            code = code or (official.code if official else None)
        if code is None:
            continue  # a note, a total or a source line under the table
        kpi, title = _split_kpi(get("kpi"))
        title_id, title_text = _split_kpi(get("title"))
        kpi = kpi or title_id or kpi_id
        title = title or title_text or kpi_title
        if kpi is None:
            raise KoladaFormatError(
                f"line {number}: the file does not say which KPI it holds; "
                "give its id (kommunlens kpi import FILE --kpi N00914)"
            )
        gender = _gender(get("gender"))
        try:
            if year_columns:
                for i, year in year_columns.items():
                    if i < len(cells):
                        out.append(
                            KpiValue(code, kpi, year, _number(cells[i]), gender, title, name)
                        )
            else:
                out.append(
                    KpiValue(
                        code, kpi, _year(get("year")), _number(get("value")), gender, title, name
                    )
                )
        except KoladaFormatError as exc:
            raise KoladaFormatError(f"line {number}: {exc}") from exc
    if not out:
        raise KoladaFormatError("no rows with a municipality (kommun or kommunkod)")
    return out


# ---------------------------------------------------------------- files


def read_kolada(
    path: Path, kpi_id: str | None = None, kpi_title: str | None = None
) -> tuple[list[KpiValue], dict[str, str], dict[str, str]]:
    """(values, titles, names) of one exported file, JSON or CSV by its content."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KoladaFormatError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text = _decode(data)
    if text.lstrip().startswith(("{", "[")):
        values, titles, names = parse_json(text)
    else:
        values, titles, names = parse_csv(text, kpi_id, kpi_title), {}, {}
    if kpi_title and kpi_id:
        titles.setdefault(kpi_id, kpi_title)
    return values, titles, names


def complete(
    values: list[KpiValue], titles: dict[str, str], names: dict[str, str]
) -> list[KpiValue]:
    """Values with their KPI title and municipality name (the official short name for a
    kommunkod, 'Riket' for 0000) filled in where known."""
    out = []
    for v in values:
        title = v.kpi_title or titles.get(v.kpi_id)
        official = official_municipality(v.municipality_code)
        name = (
            (official.name if official else None)
            or COUNTRY.get(v.municipality_code)
            or names.get(v.municipality_code)
            or v.municipality
        )
        out.append(replace(v, kpi_title=title, municipality=name))
    return out
