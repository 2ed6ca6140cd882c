"""municipality_summary: one row per municipality, conforming to the contract."""

from __future__ import annotations

import datetime as dt
import json

from pipeline.dataset.schema import to_arrow, validate_frame
from pipeline.dataset.summary import build_municipality_summary
from tests.fixtures.dataset.synthetic import synthetic_tables


def _rows() -> dict[str, dict]:
    table = build_municipality_summary(synthetic_tables())
    return {row["municipality"]: row for row in table.to_pylist()}


def test_summary_validates_against_the_schema():
    table = build_municipality_summary(synthetic_tables())
    assert validate_frame("municipality_summary", table) == []
    assert table.num_rows == 3


def test_empty_input_gives_an_empty_valid_table():
    empty = {name: to_arrow(name, []) for name in synthetic_tables()}
    table = build_municipality_summary(empty)
    assert table.num_rows == 0
    assert validate_frame("municipality_summary", table) == []


def test_one_row_per_municipality_and_regional_documents_count_nowhere():
    rows = _rows()
    assert sorted(rows) == ["Hallstahammar", "Kalix", "Östersund"]
    assert sum(r["n_documents"] for r in rows.values()) == 6  # 7 documents, 1 regional
    assert all(r["money_total_sek"] < 37_000_000 for r in rows.values())
    # Tax paid by Östersund's firms and the cost of breakfast meetings are not funding.
    assert rows["Östersund"]["money_total_sek"] == 0
    assert rows["Östersund"]["n_money_amounts"] == 2


def test_kalix_row():
    kalix = _rows()["Kalix"]
    assert kalix["municipality_code"] == "2514"
    assert json.loads(kalix["doc_types"]) == {"minutes": 1, "newsletter": 1, "report": 1}
    assert kalix["first_date"] == dt.date(2018, 1, 1)
    assert kalix["last_date"] == dt.date(2025, 12, 31)
    shares = json.loads(kalix["focus_area_shares"])
    assert shares["competence_supply"] == round(2 / 3, 4)
    assert shares["digitalisation"] == 0.0  # score 0.2 is below the threshold
    assert kalix["n_initiatives"] == 6
    assert json.loads(kalix["initiatives_by_status"]) == {
        "completed": 4,
        "ongoing": 1,
        "planned": 1,
    }
    # 1 760 000 per year over 2018–2024 is stated twice in the same report: counted once,
    # for seven years; the 250 000 the municipality grants is funding too.
    assert kalix["money_total_sek"] == 7 * 1_760_000 + 250_000
    assert kalix["money_per_year_sek"] == 1_760_000
    assert kalix["n_money_amounts"] == 3
    assert json.loads(kalix["money_by_funder"]) == {
        "Tillväxtverket": 12_320_000,
        "Kalix kommun": 250000,
    }
    by_year = json.loads(kalix["money_by_funder_and_year"])
    assert by_year["Tillväxtverket"] == {str(y): 1_760_000 for y in range(2018, 2025)}
    assert by_year["Kalix kommun"] == {"2023": 250_000}
    assert kalix["top_organisations"][0] == "Tillväxtverket"
    assert "Kalix kommun" not in kalix["top_organisations"]
    assert json.loads(kalix["outcome_indicators"]) == {"NKI": 2}
    assert json.loads(kalix["scores"]) == {"NKI": 87.9}  # the 2024 report beats the 2022 letter


def test_summary_by_parts_equals_summary_of_whole_dataset():
    """The write step measures a few municipalities at a time, without the sentences
    (memory); the table must equal the summary of the whole dataset at once."""
    import pyarrow as pa

    from pipeline.dataset import summary
    from pipeline.dataset.load import TABLE_NAMES, Dataset, empty_frame

    frames = {
        n: f.to_pandas() if isinstance(f, pa.Table) else f for n, f in synthetic_tables().items()
    }
    whole = summary.to_arrow(
        summary.TABLE,
        summary.summary_rows(Dataset(**{n: frames.get(n, empty_frame(n)) for n in TABLE_NAMES})),
    )
    assert whole.num_rows >= 2
    arrow = {n: pa.Table.from_pandas(f, preserve_index=False) for n, f in frames.items()}
    assert any("sentence" in t.column_names and t.num_rows for t in arrow.values())
    for size in (1, 2, 10_000):
        assert build_municipality_summary(arrow, part_documents=size).equals(whole)
    assert build_municipality_summary(frames, part_documents=1).equals(whole)
