"""The progress line of a run: documents done, documents per second, and the time left.

Pure text from counts and a clock, so it can be tested without a run; flows/ prints it.
The rate counts only the documents processed in this run (those reused from an earlier
run cost nothing and would make the estimate far too hopeful).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """Where a run stands: `done` of `total`, of which `reused` were already done at the start."""

    done: int
    total: int
    reused: int = 0
    seconds: float = 0.0  # since the first document was handed out


def duration(seconds: float) -> str:
    """12 s, 3 min 05 s, 1 h 02 min: rounded the way a person reads a countdown."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def progress_line(p: Progress) -> str:
    """`[120/1000] documents processed, 8.5 documents/s, about 1 min 44 s left`."""
    line = f"[{p.done}/{p.total}] documents processed"
    processed = p.done - p.reused
    if processed <= 0 or p.seconds <= 0:
        return line
    rate = processed / p.seconds
    line += f", {rate:.1f} documents/s"
    if p.done < p.total:
        line += f", about {duration((p.total - p.done) / rate)} left"
    return line
