"""The fixed UD split and the conversion of CoNLL-U sentences to training Docs."""

import spacy

from pipeline.evaluate.pos import parse_conllu
from tests.conftest import shared_path
from training.pos.corpus import (
    SPLIT_FILE,
    conllu_text,
    gold_doc,
    make_split,
    read_split_file,
    split_ids,
)

CONLLU = """\
# sent_id = a
# text = Barnen läste.
1\tBarnen\tbarn\tNOUN\tNN|NEU|PLU|DEF|NOM\tCase=Nom|Definite=Def|Gender=Neut|Number=Plur\t2\tnsubj\t_\t_
2\tläste\tläsa\tVERB\tVB|PRT|AKT\tMood=Ind|Tense=Past|VerbForm=Fin|Voice=Act\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\tMAD\t_\t2\tpunct\t_\t_
"""


def test_split_is_seeded_and_cut_80_10_10():
    ids = [f"s{i}" for i in range(1000)]
    parts = split_ids(ids)
    assert [len(parts[p]) for p in ("train", "dev", "test")] == [800, 100, 100]
    assert sorted(i for p in parts.values() for i in p) == sorted(ids)
    assert split_ids(ids) == parts
    assert split_ids(ids, seed=14) != parts


def test_committed_split_file_is_disjoint_and_complete():
    parts = read_split_file(SPLIT_FILE)
    assert [len(parts[p]) for p in ("train", "dev", "test")] == [1378, 172, 173]
    every = [i for p in parts.values() for i in p]
    assert len(set(every)) == len(every) == 1723


def test_the_split_recomputed_from_the_treebank_equals_the_committed_one():
    ud_dir = shared_path("corpora", "ud-swedish")
    parts = make_split(ud_dir)  # raises when the ids differ from split.tsv
    assert sum(len(s.tokens) for s in parts["test"]) > 2500


def test_gold_doc_carries_every_annotation():
    sentence = parse_conllu(CONLLU)[0]
    doc = gold_doc(sentence, spacy.blank("sv").vocab)
    assert doc.text == "Barnen läste. "
    assert [t.pos_ for t in doc] == ["NOUN", "VERB", "PUNCT"]
    assert [t.tag_ for t in doc] == ["NN|NEU|PLU|DEF|NOM", "VB|PRT|AKT", "MAD"]
    assert [t.lemma_ for t in doc] == ["barn", "läsa", "."]
    assert str(doc[0].morph) == "Case=Nom|Definite=Def|Gender=Neut|Number=Plur"
    assert [t.head.i for t in doc] == [1, 1, 1]
    assert [t.dep_ for t in doc] == ["nsubj", "ROOT", "punct"]


def test_conllu_text_round_trips():
    sentences = parse_conllu(CONLLU)
    assert parse_conllu(conllu_text(sentences)) == sentences
