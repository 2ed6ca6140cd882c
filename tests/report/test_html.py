"""The HTML report: self-contained, one section per municipality, document text escaped."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from pipeline.dataset.assemble import table_errors as tables_errors
from pipeline.dataset.io import write_table
from pipeline.dataset.load import load_dataset
from pipeline.dataset.schema import to_arrow
from pipeline.report.html import render_report, write_report
from tests.fixtures.dataset.synthetic import SCRIPT, WHEN, write_synthetic_dataset


class _Elements(HTMLParser):
    """Start tags with their attributes, and the text inside <script> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def _parse(text: str) -> _Elements:
    parser = _Elements()
    parser.feed(text)
    return parser


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    return write_synthetic_dataset(tmp_path_factory.mktemp("hostile"), hostile=True)


@pytest.fixture(scope="module")
def report(hostile_dir) -> str:
    return write_report(hostile_dir).read_text(encoding="utf-8")


def test_write_report_writes_report_html(hostile_dir, report):
    assert (hostile_dir / "report.html").exists()
    assert report.startswith("<!DOCTYPE html>")
    assert not list(hostile_dir.glob(".report.html.*"))  # no temporary file left behind


def test_report_is_self_contained(report):
    elements = _parse(report)
    for tag, attrs in elements.tags:
        for attr in ("src", "href"):
            value = attrs.get(attr) or ""
            assert not value.startswith(("http://", "https://", "//")), (tag, attr, value)
        if tag == "link":
            pytest.fail(f"external stylesheet or resource: {attrs}")
        if tag == "script":
            assert "src" not in attrs
    assert "Content-Security-Policy" in report and "default-src 'none'" in report
    assert not re.search(r"url\(\s*['\"]?https?:", report)
    assert "@import" not in report


def test_one_section_per_municipality(report):
    sections = [
        a
        for t, a in _parse(report).tags
        if t == "section" and "municipality" in (a.get("class") or "").split()
    ]
    assert sorted(a["id"] for a in sections) == ["m-1961", "m-2380", "m-2514"]
    assert 'href="#m-2514"' in report


def test_overview_heatmap_timeline_and_evidence(report):
    ids = {a.get("id") for _, a in _parse(report).tags}
    assert {"overview", "focus-areas", "timeline"} <= ids
    assert {"chart-focus-heatmap", "chart-initiative-timeline", "chart-docs-year"} <= ids
    assert report.count('<details class="ev">') > 20
    # An evidence sentence with its document.
    assert "Tillväxtverket beviljade Kalix kommun 1 760 000 kr per år under 2018–2024." in report
    assert "kalix_slutrapport_2024.pdf" in report
    assert "bad/corrupt.pdf" in report  # the errors count opens onto the errors


def test_document_text_is_escaped(report):
    elements = _parse(report)
    assert elements.scripts and not any("alert(1)" in s for s in elements.scripts)
    assert sum(1 for t, _ in elements.tags if t == "script") == 1  # only the report's own
    assert SCRIPT not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report


def test_render_report_degrades_on_an_empty_dataset(tmp_path):
    text = render_report(load_dataset(tmp_path))
    assert "<section" in text and 'class="municipality"' not in text
    assert "Inga dokument." in text


def test_initiatives_without_status_draw_no_bar(hostile_dir):
    ds = load_dataset(hostile_dir)
    ini = ds.initiatives.copy()
    ini["status"] = None
    text = render_report(replace(ds, initiatives=ini))
    timeline = text[text.index('id="chart-initiative-timeline"') :]
    timeline = timeline[: timeline.index("</svg>")]
    assert "<rect" not in timeline
    assert " None</title>" not in timeline and " nan</title>" not in timeline


def test_long_lists_are_cut_and_say_where_the_rest_is(hostile_dir, monkeypatch):
    from pipeline.report import html as report_html

    monkeypatch.setattr(report_html, "MAX_LIST", 2)
    text = render_report(load_dataset(hostile_dir), ["Kalix"])
    kalix = text[text.index('id="m-2514"') :]
    assert "… och 4 till" in kalix  # six initiatives, two shown
    assert "kommunlens compare --format json" in kalix


def test_report_is_swedish_and_marks_corrections(hostile_dir, tmp_path):
    import shutil

    from pipeline.review.corrections import apply_corrections, read_corrections
    from tests.fixtures.dataset.synthetic import synthetic_tables

    folder = tmp_path / "data"
    shutil.copytree(hostile_dir, folder)
    tables = synthetic_tables(hostile=True)
    row = next(
        r for r in tables["initiatives"].to_pylist() if r["text"] == "genomfört frukostmöten"
    )
    (folder / "corrections.csv").write_text(
        "table,row_id,action,column,value,note,who,when\n"
        f"initiatives,{row['row_id']},set,status,planned,enligt protokollet,anna,\n"
        "initiatives,ffffffffffffffff,drop,,,,,\n",
        "utf-8",
    )
    corrections, _ = read_corrections(folder / "corrections.csv")
    applied = apply_corrections(tables, corrections, WHEN)
    for name, table in applied.tables.items():
        write_table(folder, name, table)
    errors = to_arrow("errors", [*tables_errors(tables), *applied.problems])
    write_table(folder, "errors", errors)
    text = write_report(folder).read_text("utf-8")
    assert '<html lang="sv">' in text and "Korpus" in text
    assert 'class="corrected" title="set status planned enligt protokollet (anna)"' in text
    assert 'id="corrections"' in text and "inaktuell" in text
