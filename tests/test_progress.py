"""The progress line: rate from this run's documents only, time left from that rate."""

from __future__ import annotations

from pipeline.progress import Progress, duration, progress_line


def test_rate_and_time_left_come_from_the_processed_documents():
    line = progress_line(Progress(done=60, total=100, reused=20, seconds=10.0))
    # 40 processed in 10 s: 4.0 documents/s; 40 left at that rate: 10 s
    assert line == "[60/100] documents processed, 4.0 documents/s, about 10 s left"


def test_no_rate_before_the_first_document_and_no_time_left_at_the_end():
    assert progress_line(Progress(0, 50)) == "[0/50] documents processed"
    assert progress_line(Progress(30, 50, reused=30, seconds=5.0)) == (
        "[30/50] documents processed"
    )
    done = progress_line(Progress(50, 50, seconds=25.0))
    assert done.endswith("2.0 documents/s")
    assert "left" not in done


def test_durations_read_like_a_countdown():
    assert duration(0.4) == "0 s"
    assert duration(59) == "59 s"
    assert duration(185) == "3 min 05 s"
    assert duration(3720) == "1 h 02 min"
