from pathlib import Path

import spacy

from training.ner.corpus import (
    NerSentence,
    read_ner_corpus,
    sentence_spans,
    split_corpus,
    to_docbin,
    write_ner_corpus,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ner"


def test_reads_tab_separated_and_normalises_outside_tags():
    sentences = read_ner_corpus(FIXTURES / "tiny_tab.txt")
    assert len(sentences) == 3
    assert sentences[0].tokens == ["Anna", "Svensson", "bor", "i", "Östersund", "."]
    assert sentences[0].tags == ["PER", "PER", "O", "O", "LOC", "O"]
    assert sentences[1].tags[0] == "O"  # "O" stays "O"
    assert sentences[2].tags == ["O", "O", "O", "MISC", "O"]


def test_reads_space_separated_with_repeated_blank_lines():
    sentences = read_ner_corpus(FIXTURES / "tiny_space.txt")
    assert [len(s.tokens) for s in sentences] == [9, 3]
    assert sentences[0].tokens[:2] == ["Per", "Larsson"]
    assert sentences[0].tags[-1] == "O"


def test_io_spans_join_runs_and_split_on_label_change():
    first, _ = read_ner_corpus(FIXTURES / "tiny_space.txt")
    assert sentence_spans(first.tags) == [(0, 2, "PER"), (3, 4, "LOC"), (5, 8, "ORG")]
    assert sentence_spans(["LOC", "O", "LOC"]) == [(0, 1, "LOC"), (2, 3, "LOC")]
    assert sentence_spans(["PER", "ORG", "0"]) == [(0, 1, "PER"), (1, 2, "ORG")]
    assert sentence_spans(["O", "O"]) == []


def test_write_then_read_round_trips(tmp_path):
    sentences = read_ner_corpus(FIXTURES / "tiny_space.txt")
    out = tmp_path / "out.txt"
    write_ner_corpus(sentences, out)
    assert "\t" in out.read_text(encoding="utf-8").splitlines()[0]
    assert read_ner_corpus(out) == sentences


def _synthetic(n: int) -> list[NerSentence]:
    return [NerSentence([f"ord{i}", "och", f"namn{i % 7}"], ["O", "O", "PER"]) for i in range(n)]


def test_split_is_deterministic_disjoint_and_sized():
    sentences = _synthetic(200)
    a = split_corpus(sentences, seed=5, fractions=(0.8, 0.1, 0.1))
    b = split_corpus(list(sentences), seed=5, fractions=(0.8, 0.1, 0.1))
    c = split_corpus(sentences, seed=6, fractions=(0.8, 0.1, 0.1))
    assert a == b
    assert a["dev"] != c["dev"]
    assert [len(a[k]) for k in ("train", "dev", "test")] == [160, 20, 20]
    seen = [tuple(s.tokens) for part in a.values() for s in part]
    assert len(seen) == len(set(seen)) == 200


def test_duplicate_sentences_stay_in_one_part():
    sentences = _synthetic(50) + _synthetic(50)
    parts = split_corpus(sentences, seed=1, fractions=(0.8, 0.1, 0.1))
    keys = {name: {tuple(s.tokens) for s in part} for name, part in parts.items()}
    assert not keys["train"] & keys["dev"]
    assert not keys["train"] & keys["test"]
    assert sum(len(p) for p in parts.values()) == 100


def test_to_docbin_keeps_gold_tokens_and_entities():
    nlp = spacy.blank("sv")
    sentences = read_ner_corpus(FIXTURES / "tiny_space.txt")
    docs = list(to_docbin(sentences, nlp).get_docs(nlp.vocab))
    assert [t.text for t in docs[0]] == sentences[0].tokens
    assert [(e.text, e.label_) for e in docs[0].ents] == [
        ("Per Larsson", "PER"),
        ("Sundsvall", "LOC"),
        ("Region Jämtland Härjedalen", "ORG"),
    ]
    assert [e.text for e in docs[1].ents] == ["Umeå", "Kiruna"]
