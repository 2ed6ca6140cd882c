"""spaCy's entity recognizer without its per-token label check: the project's NER factory.

Before every batch, spaCy's transition-based NER looks through each token of each document
for entity labels it does not know yet (``_ensure_labels_are_added``), creating a Python
``Token`` object per token. On our documents that check took about a sixth of the NER's
time. ``kommunlens_ner`` reads the same labels from the documents' ``ENT_TYPE`` arrays
instead; everything else is spaCy's ``EntityRecognizer``, weights and outputs unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy
from spacy.attrs import ENT_TYPE
from spacy.language import Language
from spacy.pipeline._parser_internals.transition_system import TransitionSystem
from spacy.pipeline.ner import DEFAULT_NER_MODEL, EntityRecognizer
from spacy.tokens import Doc
from thinc.api import Model

FACTORY = "kommunlens_ner"


def preset_labels(docs: Iterable[Doc]) -> set[str]:
    """Entity labels already set on the documents' tokens."""
    labels: set[str] = set()
    for doc in docs:
        if len(doc) == 0:
            continue
        for key in numpy.unique(doc.to_array(ENT_TYPE)):
            if key:
                labels.add(doc.vocab.strings[int(key)])
    return labels


class FastEntityRecognizer(EntityRecognizer):
    """``EntityRecognizer`` whose new-label check reads arrays instead of tokens."""

    def _ensure_labels_are_added(self, docs: Iterable[Doc]) -> int:
        resized = False
        for label in preset_labels(docs):
            for action in self.moves.action_types:
                if self.moves.add_action(action, label):
                    self.vocab.strings.add(label)
                    resized = True
        if resized:
            self._resize()
            return 1
        return 0


@Language.factory(
    FACTORY,
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "model": DEFAULT_NER_MODEL,
        "incorrect_spans_key": None,
        "scorer": {"@scorers": "spacy.ner_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_fast_ner(
    nlp: Language,
    name: str,
    model: Model,
    moves: TransitionSystem | None,
    update_with_oracle_cut_size: int,
    incorrect_spans_key: str | None,
    scorer: Callable | None,
) -> FastEntityRecognizer:
    """Same arguments as spaCy's ``ner`` factory."""
    return FastEntityRecognizer(
        nlp.vocab,
        model,
        name=name,
        moves=moves,
        update_with_oracle_cut_size=update_with_oracle_cut_size,
        incorrect_spans_key=incorrect_spans_key,
        scorer=scorer,
    )
