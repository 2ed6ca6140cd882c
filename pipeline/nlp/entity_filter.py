"""What may not start or end a name: form labels, page markers, headings, titles.

Minutes and reports are full of labels and headings set beside names, and a statistical
NER takes them as part of the name: "Hallstahammar Postadress", "Lofsdalen sidan",
"Luleå ISBN", "Dnr KS", "Mathias Brandt Ordförande", "KD Vesa Hiltunen". The words are
data (``training/lexicons/entity_filter.json``), saved inside the pipeline artefact by the
entity merger, which trims them off every proposal that is not an exact gazetteer name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import srsly
from spacy.tokens import Doc, Token

FILTER_FILE = "entity_filter.json"
PARTY_LABELS = frozenset({"PER", "ORG"})


@dataclass(frozen=True)
class EntityFilter:
    """Boundary words (compared in lower case) and tokens (compared as written)."""

    words: frozenset[str] = frozenset()
    tokens: frozenset[str] = frozenset()

    @classmethod
    def from_json(cls, data: dict) -> EntityFilter:
        return cls(
            frozenset(w.lower() for w in data.get("boundary_words", ())),
            frozenset(data.get("boundary_tokens", ())),
        )

    def to_json(self) -> dict:
        return {"boundary_words": sorted(self.words), "boundary_tokens": sorted(self.tokens)}

    @classmethod
    def from_file(cls, path: Path) -> EntityFilter:
        return cls.from_json(srsly.read_json(path))

    def to_file(self, path: Path) -> None:
        srsly.write_json(path, self.to_json())

    def is_boundary(self, token: Token, label: str) -> bool:
        """A token a name of ``label`` cannot start or end with.

        Also punctuation and line breaks, words with three or more digits (case numbers
        "KS-2023-00527", years), and for people any number (places keep theirs: the
        property "Asken 11").
        """
        text = token.text
        if not any(ch.isalnum() for ch in text) or sum(ch.isdigit() for ch in text) >= 3:
            return True
        if label == "PER" and not any(ch.isalpha() for ch in text):
            return True
        if text.lower().rstrip(":.") in self.words:
            return True
        return label in PARTY_LABELS and text in self.tokens

    def trim(self, doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
        """Token bounds without boundary tokens at either end (start == end: nothing left)."""
        while start < end and self.is_boundary(doc[start], label):
            start += 1
        while end > start and self.is_boundary(doc[end - 1], label):
            end -= 1
        return start, end


EMPTY_FILTER = EntityFilter()
