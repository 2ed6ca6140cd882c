"""Raw text for pretraining the NER's tok2vec, and the config that makes spaCy load it."""

from __future__ import annotations

import spacy
import srsly
from spacy.schemas import ConfigSchemaPretrain
from spacy.util import registry

from pipeline.evaluate.ner_format import NerSentence, write_ner_corpus
from pipeline.nlp.ner_features import ORG_MARK
from training.ner.pretrain import (
    DEFAULT_CONFIG,
    make_pretrain_reader,
    paragraphs,
    pretrain_config,
    write_raw_text,
)
from training.ner.train import with_pretraining_block
from training.nlp.build import DEFAULT_LEXICONS


def test_paragraphs_join_lines_and_cut_long_blocks():
    text = "Första raden\nfortsätter här.\n\nAndra stycket.\n\n\n" + "\n".join(["ord " * 10] * 5)
    parts = list(paragraphs(text, max_chars=100))
    assert parts[:2] == ["Första raden fortsätter här.", "Andra stycket."]
    assert len(parts) > 3 and all(len(p) <= 100 for p in parts[2:])
    assert " ".join(parts[2:]).split() == ["ord"] * 50


def test_raw_text_holds_news_tokens_and_unique_document_paragraphs(tmp_path):
    news = tmp_path / "train.txt"
    write_ner_corpus(
        [NerSentence(("Hon", "bor", "i", "Kalix", "."), ("O", "O", "O", "LOC", "O"))], news
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    paragraph = "Kommunen har startat ett nytt projekt för företag i Kalix."
    (docs / "a.txt").write_text(f"{paragraph}\n\nKort.\n\n{paragraph}\n", encoding="utf-8")
    (docs / "b.bin").write_bytes(b"\x00 not a document")
    out = tmp_path / "raw.jsonl"
    counts = write_raw_text(out, news, [docs, tmp_path / "missing"])
    rows = list(srsly.read_jsonl(out))
    assert rows == [{"tokens": ["Hon", "bor", "i", "Kalix", "."]}, {"text": paragraph}]
    assert counts == {"news_train": 5, "documents": len(paragraph.split())}


def test_reader_sets_the_gazetteer_marks_the_ner_trains_with(tmp_path):
    raw = tmp_path / "raw.jsonl"
    srsly.write_jsonl(raw, [{"text": "Han arbetar på Tillväxtverket i Kalix."}])
    docs = list(make_pretrain_reader(raw, DEFAULT_LEXICONS)(spacy.blank("sv")))
    assert len(docs) == 1
    assert ORG_MARK in docs[0][3].tag_.split("+")


def test_training_config_names_the_pretrained_component(tmp_path):
    """Without a [pretraining] block spaCy ignores init_tok2vec without a word."""
    assert not spacy.util.load_config(DEFAULT_CONFIG).get("pretraining")
    path = with_pretraining_block(DEFAULT_CONFIG, tmp_path / "pretrained.cfg")
    cfg = spacy.util.load_config(path, interpolate=True)
    block = registry.resolve(cfg["pretraining"], schema=ConfigSchemaPretrain)
    assert block["component"] == "tok2vec" and block["layer"] == ""
    assert (
        cfg["components"]
        == pretrain_config(DEFAULT_CONFIG, tmp_path, 1).interpolate()["components"]
    )
