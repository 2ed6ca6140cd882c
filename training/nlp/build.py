"""Assemble the project's spaCy pipeline artefact, pipeline/resources/nlp.

    python -m training.nlp.build [--ner build/ner/model] [--lexicons training/lexicons]

The artefact is one folder that ``spacy.load`` opens on its own: the trained NER (with the
feature component and the word lists it was trained with), the lookup lemmatizer, the
sentence rules, and the domain components initialised from ``training/lexicons`` (organisation
and place gazetteer, person names, entity merger), each saving its data inside the folder.
Rule tables (dates, amounts) stay run-time resources in pipeline/resources/.

The NER's own folder keeps its README.md and metrics.json, which are copied along. Without
a freshly trained NER (``build/ner/model``), the NER of the current artefact is reused, with
the word lists it was trained with: rebuilding then only refreshes the other components.
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.util import load_config

from pipeline import __version__
from pipeline.nlp.loader import DOMAIN_COMPONENTS, NER_PARTS, load_spacy, nlp_path
from training.paths import BUILD, LEXICONS, REPO

DEFAULT_LEXICONS = LEXICONS
DEFAULT_NER = BUILD / "ner" / "model"
DEFAULT_POS = REPO / "pipeline" / "resources" / "pos_model"
FEATURES = "ner_features"
KEPT_FILES = ("README.md", "metrics.json", "LICENSE")
PIPELINE_NAME = "kommunlens_sv"


POS_PARTS = (
    "pos_lexicon",
    "tok2vec",
    "tagger",
    "morphologizer",
    "trainable_lemmatizer",
    "pos_lemmas",
)
POS_TOK2VEC = "pos_tok2vec"


def add_pos_components(nlp: Language, pos_model: Path) -> None:
    """The tagger, morphologizer and lemmatizer (with their own tok2vec) after the NER.

    They overwrite token.tag_ (where the NER's feature component left its marks) and set
    the lemmas, so the lookup lemmatizer is left out; the copied components write into this
    pipeline's vocab (morphology), not the one they were loaded with.
    """
    pos = load_spacy(pos_model)
    if "kommunlens_lemmas" in nlp.pipe_names:
        nlp.remove_pipe("kommunlens_lemmas")
    for name in POS_PARTS:
        if name not in pos.pipe_names:
            continue
        pipe = nlp.add_pipe(name, name=POS_TOK2VEC if name == "tok2vec" else name, source=pos)
        if "overwrite" in getattr(pipe, "cfg", {}):
            pipe.cfg["overwrite"] = True
        if hasattr(pipe, "vocab"):
            pipe.vocab = nlp.vocab


def assemble(ner_model: Path, lexicon_dir: Path, pos_model: Path | None = None) -> Language:
    """The full pipeline: NER (+ its feature lists) from ``ner_model``, the rest added here."""
    has_features = (ner_model / FEATURES / "organisations.jsonl").exists()
    names = load_config(ner_model / "config.cfg")["nlp"]["pipeline"]
    skipped = [n for n in names if n not in NER_PARTS or (n == FEATURES and not has_features)]
    nlp = load_spacy(ner_model, exclude=skipped)
    if not has_features:  # a model saved before the features owned their lists
        nlp.add_pipe("kommunlens_ner_features", name=FEATURES, first=True).initialize(
            lexicon_dir=lexicon_dir
        )
    nlp.add_pipe("kommunlens_sentences", first=True)
    nlp.add_pipe("kommunlens_lemmas", after="kommunlens_sentences")
    for name in DOMAIN_COMPONENTS:
        pipe = nlp.add_pipe(name)
        if hasattr(pipe, "initialize"):
            pipe.initialize(lexicon_dir=lexicon_dir)
    if pos_model is not None and (pos_model / "config.cfg").exists():
        add_pos_components(nlp, pos_model)
    nlp.meta.update(
        {
            "name": PIPELINE_NAME,
            "version": __version__,
            "description": "kommunlens Swedish pipeline: sentence rules, lookup lemmas, NER "
            "with gazetteer features, gazetteers, person names, date and amount rules.",
            "license": "CC BY-SA 4.0 (tagger, morphologizer, lemmatizer: from UD "
            "Swedish-Talbanken); NER weights from the Swedish NER corpus (CC BY 4.0) and the "
            "project's own annotation of municipal documents; code MIT",
            "sources": [
                {
                    "name": "Swedish NER corpus (Webbnyheter 2012, Språkbanken)",
                    "url": "http://spraakbanken.gu.se/eng/resource/webbnyheter2012",
                    "license": "CC BY 4.0",
                },
                {
                    "name": "kommunlens annotation of municipal documents "
                    "(training/data/annotations)",
                    "license": "MIT (the annotation); texts not included",
                },
                {
                    "name": "UD Swedish-Talbanken (tagger, morphologizer, lemmatizer)",
                    "url": "https://github.com/UniversalDependencies/UD_Swedish-Talbanken",
                    "license": "CC BY-SA 4.0",
                },
            ],
        }
    )
    return nlp


def build(
    ner_model: Path, lexicon_dir: Path, out: Path, pos_model: Path | None = DEFAULT_POS
) -> Path:
    """Write the artefact to ``out`` (replacing it), keeping the NER's README and metrics."""
    nlp = assemble(ner_model, lexicon_dir, pos_model)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    nlp.to_disk(tmp)  # the NER is in memory now, so ner_model may be `out` itself
    for name in KEPT_FILES:
        for source in (ner_model / name, out / name):
            if source.exists():
                shutil.copy2(source, tmp / name)
                break
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--ner",
        type=Path,
        default=None,
        help="trained NER pipeline (default build/ner/model, else the current artefact's NER)",
    )
    parser.add_argument("--lexicons", type=Path, default=DEFAULT_LEXICONS)
    parser.add_argument("--out", type=Path, default=nlp_path())
    args = parser.parse_args(argv)
    if args.ner is None:
        args.ner = DEFAULT_NER if (DEFAULT_NER / "config.cfg").exists() else args.out
    if not (args.ner / "config.cfg").exists():
        parser.error(f"no trained NER at {args.ner}; run `python -m training.ner.train` first")
    out = build(args.ner, args.lexicons, args.out)
    print(f"wrote {out}: {', '.join(load_spacy(out).pipe_names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
