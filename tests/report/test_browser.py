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


@pytest.fixture(scope="module")
def width_doms(tmp_path_factory, report_path, many_report_path):
    """The DOM after the script ran, per (report, window width), each rendered once."""
    reports = {"three": report_path, "thirty_three": many_report_path}
    cache: dict[tuple[str, int], str] = {}

    def dom(which: str, width: int) -> str:
        if (which, width) not in cache:
            flags = [f for f in FLAGS if not f.startswith("--window-size")]
            flags.append(f"--window-size={width},1200")
            folder = tmp_path_factory.mktemp("chromium")
            done = _run(folder, reports[which], "--dump-dom", flags=flags)
            assert done.returncode == 0, done.stderr[-2000:]
            cache[(which, width)] = done.stdout
        return cache[(which, width)]

    return dom


@pytest.mark.parametrize("width", [1024, 1440, 1920])
@pytest.mark.parametrize("which", ["three", "thirty_three"])
def test_the_page_never_scrolls_sideways(width_doms, width, which):
    dom = width_doms(which, width)
    assert 'lang="sv"' in dom
    inner = int(_attribute(dom, "data-inner-width"))
    assert inner == width
    assert int(_attribute(dom, "data-scroll-width")) <= inner
    # Every chart fits the page (none is cut off or pushes it wider).
    for box in json.loads(_attribute(dom, "data-chart-boxes")):
        assert box["x"] >= 0 and box["x"] + box["w"] <= inner, box


def test_the_focus_heatmap_grows_down_not_across(width_doms):
    """With 33 municipalities the heatmap is taller, its cells no narrower and still inside."""
    boxes = {}
    for which in ("three", "thirty_three"):
        charts = {
            b["id"]: b for b in json.loads(_attribute(width_doms(which, 1440), "data-chart-boxes"))
        }
        boxes[which] = charts["chart-focus-heatmap"]
    assert boxes["thirty_three"]["w"] == boxes["three"]["w"]
    assert boxes["thirty_three"]["h"] > 5 * boxes["three"]["h"] / 2
