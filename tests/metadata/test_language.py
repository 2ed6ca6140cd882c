from __future__ import annotations

from pipeline.metadata.language import detect_language


def test_swedish():
    assert (
        detect_language(
            "Kommunen har lanserat nya e-tjänster för att det ska bli enklare för företag."
        )
        == "sv"
    )


def test_english():
    assert (
        detect_language(
            "The municipality has launched new services for the companies in the region."
        )
        == "en"
    )


def test_undetermined():
    assert detect_language("12345 67890") == "und"
