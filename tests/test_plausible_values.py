"""End to end through the document analysis: absurd dates and amounts in a text never
become stored values, periods or totals (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dataset.assemble import build_tables
from pipeline.dataset.compare import compare
from pipeline.dataset.load import dataset_from_tables
from pipeline.documents import analyse_batch, ingest_file
from pipeline.settings import Settings

WHEN = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
TEXT = """Kalix kommun näringslivsrapport

Publicerad 2021-06-15

Kalix kommun har fått 1 760 000 kronor i stöd från Tillväxtverket för att stärka företagsklimatet.
Kalix kommun har fått 1 000 000 000 000 000 000 kr i stöd från Tillväxtverket enligt en felskrivning.
Antalet besökare ökade med 100000000 procent under året.
Mötet hölls 2021-13-45 och nästa möte hölls 2021-02-30 i kommunhuset.
Ett möte hölls den 30 februari 2021 och ett annat 2001-13-45.
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    root = tmp_path_factory.mktemp("plausible")
    path = root / "kalix_rapport.txt"
    path.write_text(TEXT, encoding="utf-8")
    item = ingest_file(path, root, Settings(), WHEN)
    (res,), errors = analyse_batch([item], Settings(), WHEN)
    assert errors == []
    return res


def test_absurd_amounts_are_text_without_value(result) -> None:
    by_text = {a.text: a for a in result.amounts}
    absurd = by_text["1 000 000 000 000 000 000 kr"]
    assert absurd.kind == "money" and absurd.value is None and absurd.warning
    assert absurd.total_sek is None
    percent = by_text["100000000 procent"]
    assert percent.kind == "percent" and percent.value is None and percent.warning
    assert by_text["1 760 000 kronor"].value == 1_760_000
    assert by_text["1 760 000 kronor"].warning is None
    money_entities = {e.text: e.value for e in result.entities if e.label == "MONEY"}
    assert money_entities["1 000 000 000 000 000 000 kr"] is None


def test_dates_are_real_and_the_period_stays_in_range(result) -> None:
    for d in result.dates:
        assert 1900 <= d.date_start.year <= d.date_end.year <= 2100
        assert d.date_end.year - d.date_start.year <= 1, d  # no "2021-13" read as 2021-2113
    doc = result.document
    assert doc.period_start is not None and doc.period_end is not None
    assert doc.period_end.year <= 2021 and doc.period_start.year >= 2021


def test_absurd_amounts_enter_no_total(result) -> None:
    tables = build_tables([result], [], when=WHEN)
    amounts = tables["amounts"].to_pandas()
    assert amounts["value"].isna().sum() == 2
    assert amounts.loc[amounts["value"].isna(), "warning"].notna().all()
    measures = compare(dataset_from_tables(tables), ["Kalix"])
    money = measures[measures["measure"] == "money_total_sek"]
    assert not money.empty
    assert money["value"].astype(float).max() <= 1_760_000 * 7  # never the 1e18 amount
    summary = tables["municipality_summary"].to_pandas()
    assert summary["money_total_sek"].astype(float).max() <= 1_760_000 * 7
