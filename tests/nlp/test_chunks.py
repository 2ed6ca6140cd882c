from __future__ import annotations

from pipeline.nlp.chunks import chunk_text


def test_chunks_cover_the_text_and_cut_at_line_breaks():
    text = "\n".join(f"Rad {i} med lite text." for i in range(200))
    pieces = list(chunk_text(text, max_chars=500))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 500 for _, p in pieces)
    assert all(p.endswith("\n") for _, p in pieces[:-1])
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece


def test_a_long_line_is_cut_at_a_space():
    text = "ord " * 1000
    pieces = list(chunk_text(text, max_chars=300))
    assert "".join(p for _, p in pieces) == text
    assert all(p.endswith(" ") for _, p in pieces[:-1])


def test_short_text_is_one_piece():
    assert list(chunk_text("Hej.")) == [(0, "Hej.")]
