"""Custom attributes the project's components share, registered once."""

from __future__ import annotations

from spacy.tokens import Doc, Span

SPAN_VALUES = ("kl_value", "kl_kb_id", "kl_source", "kl_date", "kl_amount")


def register_extensions() -> None:
    """Idempotent: components call this from their factories."""
    for name in SPAN_VALUES:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("kl_doc_date"):
        Doc.set_extension("kl_doc_date", default=None)


def doc_text(doc: Doc) -> str:
    """doc.text, built once per Doc.

    spaCy rebuilds Doc.text from every token on each access, which cost the
    NLP stage about a tenth of its time when each component asked for it.
    """
    text = doc.user_data.get("kl_text")
    if text is None:
        text = doc.text
        doc.user_data["kl_text"] = text
    return text


def set_span_values(span: Span, **values: object) -> None:
    """Set span extensions (``span._.kl_value`` ...) of a span.

    spaCy keeps a span's extension values in ``doc.user_data`` under
    ``("._.", name, start_char, end_char)``; writing there directly skips building an
    ``Underscore`` object per value, which was a third of the merger's time. Spans
    with the same offsets share their values, so None is stored too: it clears what
    an earlier span there set.
    """
    data, start, end = span.doc.user_data, span.start_char, span.end_char
    for name, value in values.items():
        data[("._.", name, start, end)] = value


def span_values(span: Span) -> tuple:
    """The values of ``SPAN_VALUES`` for a span, read the same direct way."""
    data, start, end = span.doc.user_data, span.start_char, span.end_char
    return tuple(data.get(("._.", name, start, end)) for name in SPAN_VALUES)


register_extensions()
