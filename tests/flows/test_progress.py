"""The run's progress line as printed: documents/s of this run and the time left."""

from __future__ import annotations

from flows.kommunlens_flow import print_progress


def test_print_progress_shows_rate_and_time_left_in_a_log(capsys):
    print_progress(30, 100, reused=10, seconds=5.0)  # 20 processed in 5 s: 4/s, 70 left
    err = capsys.readouterr().err
    assert err == "[30/100] documents processed, 4.0 documents/s, about 18 s left\n"


def test_print_progress_before_any_document_is_the_plain_count(capsys):
    print_progress(0, 12)
    assert capsys.readouterr().err == "[0/12] documents processed\n"
