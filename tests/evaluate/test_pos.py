"""The POS scorer on a tiny hand-made CoNLL-U text with known answers."""

import json

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.evaluate.pos import (
    canonical_feats,
    compare,
    parse_conllu,
    score_pos,
    token_doc,
)

CONLLU = """\
# newdoc id = d1
# sent_id = s1
# text = Katten sov.
1\tKatten\tkatt\tNOUN\tNN|UTR|SIN|DEF|NOM\tNumber=Sing|Definite=Def|Gender=Com|Case=Nom\t2\tnsubj\t_\t_
2\tsov\tsova\tVERB\tVB|PRT|AKT\tMood=Ind|Tense=Past|VerbForm=Fin|Voice=Act\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\tMAD\t_\t2\tpunct\t_\t_

# sent_id = s2
# text = Hon läser
1\tHon\then\tPRON\tPN|UTR|SIN|DEF|SUB\tCase=Nom|Definite=Def|Gender=Com|Number=Sing|PronType=Prs\t2\tnsubj\t_\t_
1.1\tx\tx\tX\t_\t_\t_\t_\t_\t_
2\tläser\tläsa\tVERB\tVB|PRS|AKT\tMood=Ind|Tense=Pres|VerbForm=Fin|Voice=Act\t0\troot\t_\t_
"""

# what a fake pipeline predicts for the 5 tokens: (pos, morph, lemma, tag)
PREDICTED = {
    "Katten": (
        "NOUN",
        "Case=Nom|Definite=Def|Gender=Com|Number=Sing",
        "katt",
        "NN|UTR|SIN|DEF|NOM",
    ),
    "sov": ("VERB", "Mood=Ind|Tense=Past|VerbForm=Fin", "sova", "VB|PRT|AKT"),  # Voice missing
    ".": ("PUNCT", "", ".", "MAD"),
    "Hon": ("DET", "Case=Nom|Definite=Def|Gender=Com|Number=Sing|PronType=Prs", "Hon", "x"),
    "läser": ("VERB", "Mood=Ind|Tense=Pres|VerbForm=Fin|Voice=Act", "läsa", "VB|PRS|AKT"),
}


@Language.component("test_fake_pos")
def fake_pos(doc: Doc) -> Doc:
    for token in doc:
        pos, morph, lemma, tag = PREDICTED[token.text]
        token.pos_, token.lemma_, token.tag_ = pos, lemma, tag
        token.set_morph(morph or None)
    return doc


def test_parse_conllu_reads_tokens_spaces_and_skips_empty_nodes():
    sentences = parse_conllu(CONLLU)
    assert [s.sent_id for s in sentences] == ["s1", "s2"]
    assert sentences[0].newdoc and not sentences[1].newdoc
    assert sentences[0].words == ["Katten", "sov", "."]
    assert sentences[0].spaces == [True, False, True]
    assert sentences[1].words == ["Hon", "läser"]  # the empty node 1.1 is not a token
    assert sentences[0].tokens[2].feats == ""
    assert sentences[0].tokens[1].head == 0 and sentences[0].tokens[0].head == 2


def test_parse_conllu_rejects_a_short_line():
    with pytest.raises(ValueError, match="columns"):
        parse_conllu("1\tord\tord\tNOUN\n")


def test_canonical_feats_sorts_and_empties():
    assert canonical_feats("Number=Sing|Case=Nom") == "Case=Nom|Number=Sing"
    assert canonical_feats("_") == canonical_feats("") == ""


def test_score_pos_counts_known_answers():
    nlp = spacy.blank("sv")
    nlp.add_pipe("test_fake_pos")
    scores = score_pos(nlp, parse_conllu(CONLLU))
    assert scores.n_tokens == 5
    assert scores.upos == pytest.approx(4 / 5)  # Hon: DET for PRON
    assert scores.feats == pytest.approx(4 / 5)  # sov lacks Voice=Act; "." has none, right
    assert scores.lemma == pytest.approx(4 / 5)  # Hon -> "Hon", gold "hen"
    assert scores.xpos is None  # no pipe declares that it predicts tags
    assert json.loads(scores.to_json()) == {
        "upos": 0.8,
        "feats": 0.8,
        "lemma": 0.8,
        "n_tokens": 5,
    }


def test_score_pos_reads_a_file(tmp_path):
    path = tmp_path / "gold.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    nlp = spacy.blank("sv")
    nlp.add_pipe("test_fake_pos")
    assert score_pos(nlp, path).to_dict()["n_tokens"] == 5


def test_blank_pipeline_scores_only_featureless_tokens():
    scores = score_pos(spacy.blank("sv"), parse_conllu(CONLLU))
    assert scores.upos == 0.0
    assert scores.feats == pytest.approx(1 / 5)  # only "." has no features
    assert scores.lemma == 0.0  # a blank pipeline sets no lemmas


def test_compare_needs_the_gold_tokens():
    sentences = parse_conllu(CONLLU)
    nlp = spacy.blank("sv")
    docs = [token_doc(sentences[0], nlp.vocab), nlp("Hon läser en bok")]
    with pytest.raises(ValueError, match="tokens"):
        compare(sentences, docs)
