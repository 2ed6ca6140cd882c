"""Open report.html in headless Chromium: it renders offline, without console errors,
with every section in the DOM after the script ran, charts that are not blank, and a page
that never scrolls sideways from 1 024 to 1 920 px, with 3 or with 33 municipalities."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.fixtures.dataset.synthetic import write_synthetic_dataset

WIDTH, HEIGHT = 1200, 2400
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    f"--window-size={WIDTH},{HEIGHT}",
]


def _chromium() -> str:
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    pytest.skip("Chromium is not installed (apt-get install chromium); the browser test needs it")


@pytest.fixture(scope="module")
def report_path(tmp_path_factory) -> Path:
    from pipeline.report.html import write_report

    return write_report(write_synthetic_dataset(tmp_path_factory.mktemp("browser"), hostile=True))


@pytest.fixture(scope="module")
def many_report_path(tmp_path_factory) -> Path:
    """The report of 33 municipalities (30 more with long names)."""
    from pipeline.report.html import write_report

    folder = tmp_path_factory.mktemp("browser_many")
    return write_report(write_synthetic_dataset(folder, hostile=True, more_municipalities=30))


def _run(tmp_path: Path, report: Path, *extra: str, flags=FLAGS) -> subprocess.CompletedProcess:
    args = [_chromium(), *flags, f"--user-data-dir={tmp_path / 'profile'}", *extra, report.as_uri()]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def _attribute(dom: str, name: str) -> str:
    return html.unescape(re.search(rf'{name}="([^"]*)"', dom).group(1))


@pytest.mark.parametrize("width", [1024, 1440, 1920])
@pytest.mark.parametrize("which", ["three", "thirty_three"])
def test_the_page_never_scrolls_sideways(tmp_path, report_path, many_report_path, width, which):
    report = report_path if which == "three" else many_report_path
    flags = [f for f in FLAGS if not f.startswith("--window-size")] + [
        f"--window-size={width},1200"
    ]
    done = _run(tmp_path, report, "--dump-dom", flags=flags)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert 'lang="sv"' in dom
    inner = int(_attribute(dom, "data-inner-width"))
    assert inner == width
    assert int(_attribute(dom, "data-scroll-width")) <= inner
    # Every chart fits the page (none is cut off or pushes it wider).
    for box in json.loads(_attribute(dom, "data-chart-boxes")):
        assert box["x"] >= 0 and box["x"] + box["w"] <= inner, box


def test_the_focus_heatmap_grows_down_not_across(tmp_path, report_path, many_report_path):
    """With 33 municipalities the heatmap is taller, its cells no narrower and still inside."""
    boxes = {}
    for name, report in (("three", report_path), ("many", many_report_path)):
        dom = _run(tmp_path, report, "--dump-dom").stdout
        charts = {b["id"]: b for b in json.loads(_attribute(dom, "data-chart-boxes"))}
        boxes[name] = charts["chart-focus-heatmap"]
    assert boxes["many"]["w"] == boxes["three"]["w"]
    assert boxes["many"]["h"] > 5 * boxes["three"]["h"] / 2


def test_dom_after_script_and_no_console_errors(tmp_path, report_path):
    done = _run(tmp_path, report_path, "--dump-dom", "--enable-logging=stderr", "--v=0")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert 'data-ready="1"' in dom  # the inline script ran to its end
    assert len(re.findall(r'<section class="municipality" id="m-\d{4}"', dom)) == 3
    # The report's script logs nothing: any console line is an error or an uncaught exception.
    console = [
        line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line
    ]
    assert console == []
    assert "Refused to" not in done.stderr  # nothing blocked by the Content-Security-Policy
    assert "alert(1)" not in "".join(re.findall(r"<script>(.*?)</script>", dom, flags=re.S))


def test_charts_are_not_blank(tmp_path, report_path):
    from PIL import Image, ImageStat

    dom = _run(tmp_path, report_path, "--dump-dom").stdout
    boxes = json.loads(html.unescape(re.search(r'data-chart-boxes="([^"]*)"', dom).group(1)))
    shot = tmp_path / "report.png"
    done = _run(tmp_path, report_path, f"--screenshot={shot}")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    image = Image.open(shot).convert("L")
    assert image.size == (WIDTH, HEIGHT)
    checked = 0
    for box in boxes:
        if box["w"] < 20 or box["h"] < 20 or box["y"] + box["h"] > HEIGHT:
            continue  # below the fold of the screenshot
        region = image.crop((box["x"], box["y"], box["x"] + box["w"], box["y"] + box["h"]))
        assert ImageStat.Stat(region).var[0] > 50, box
        checked += 1
    ids = {b["id"] for b in boxes}
    assert {"chart-docs-year", "chart-focus-heatmap", "chart-initiative-timeline"} <= ids
    assert checked >= 3
