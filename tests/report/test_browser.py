"""Open report.html in headless Chromium: it renders offline, without console errors,
with every section in the DOM after the script ran and charts that are not blank."""

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


def _run(tmp_path: Path, report: Path, *extra: str) -> subprocess.CompletedProcess:
    args = [_chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *extra, report.as_uri()]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


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
