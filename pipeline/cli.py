"""The `kommunlens` command: run the flow, evaluate, compare municipalities.

kommunlens run [--input DIR] [--output DIR] [--workers N] [--runner local|dask] [--strict]
kommunlens eval ner FILE [--json]
kommunlens eval pos FILE.conllu [--json]
kommunlens eval facts --gold FILE --docs DIR [--json]
kommunlens eval classify [--json]
kommunlens compare Kalix Östersund Hallstahammar [--data DIR] [--format table|csv|json|markdown]
kommunlens info [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from pipeline import __version__

QUIET_PREFECT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}


def _add_model_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--nlp-model",
        default=None,
        help="spaCy pipeline to use (default: sv_core_news_lg/md/sm when installed, "
        "else the project's own; also KOMMUNLENS_NLP_MODEL)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kommunlens",
        description="Turn Swedish municipal documents into a traceable dataset.",
    )
    parser.add_argument("--version", action="version", version=f"kommunlens {__version__}")
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="process a folder of documents into tables")
    run.add_argument(
        "--input",
        type=Path,
        default=Path("data/raw"),
        help="folder of documents (default data/raw)",
    )
    run.add_argument(
        "--output",
        type=Path,
        default=Path("data/processed"),
        help="folder for the tables (default data/processed)",
    )
    run.add_argument("--strict", action="store_true", help="exit non-zero when any document fails")
    run.add_argument(
        "--max-file-mb",
        type=float,
        default=None,
        help="skip files larger than this (default 50; also KOMMUNLENS_MAX_FILE_MB)",
    )
    run.add_argument("--batch-size", type=int, default=None, help="documents per task (default 8)")
    run.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes (default: one per core; also KOMMUNLENS_WORKERS)",
    )
    run.add_argument(
        "--runner",
        choices=["local", "dask"],
        default=None,
        help="local process pool (default) or a Dask cluster (also KOMMUNLENS_RUNNER)",
    )
    run.add_argument(
        "--dask-address",
        default=None,
        help="Dask scheduler to use with --runner dask, e.g. tcp://10.0.0.5:8786 "
        "(default: start a local cluster; also KOMMUNLENS_DASK_ADDRESS)",
    )
    _add_model_option(run)

    ev = sub.add_parser("eval", help="evaluate the extraction and the classifiers")
    ev_sub = ev.add_subparsers(dest="what", required=True)
    ner = ev_sub.add_parser("ner", help="P/R/F1 per label on a file in the NER corpus format")
    ner.add_argument("file", type=Path, help="token TAB tag per line, blank line between sentences")
    ner.add_argument("--json", action="store_true", help="print JSON")
    ner.add_argument(
        "--labels", default="PER,ORG,LOC", help="labels to score (default PER,ORG,LOC)"
    )
    ner.add_argument(
        "--ner-only",
        action="store_true",
        help="score the statistical NER alone, without gazetteers, rules and filters",
    )
    _add_model_option(ner)
    pos = ev_sub.add_parser(
        "pos", help="UPOS, feature and lemma accuracy on a CoNLL-U file (UD treebank format)"
    )
    pos.add_argument("file", type=Path, help="a .conllu file")
    pos.add_argument("--json", action="store_true", help="print JSON")
    _add_model_option(pos)
    facts = ev_sub.add_parser("facts", help="score the pipeline against a gold fact list")
    facts.add_argument(
        "--gold",
        type=Path,
        required=True,
        help='gold facts, JSON lines of {"doc", "label", "value"} '
        "(the project's: tests/fixtures/gold_facts.jsonl)",
    )
    facts.add_argument(
        "--docs", type=Path, required=True, help="folder of the documents the gold names"
    )
    facts.add_argument("--json", action="store_true", help="print JSON")
    _add_model_option(facts)
    classify = ev_sub.add_parser(
        "classify", help="held-out scores of the classifiers, as recorded when they were trained"
    )
    classify.add_argument("--json", action="store_true", help="print JSON")

    info = sub.add_parser("info", help="versions, the spaCy pipeline, classifiers, optional parts")
    info.add_argument("--json", action="store_true", help="print JSON")
    _add_model_option(info)

    cmp_ = sub.add_parser("compare", help="compare municipalities side by side")
    cmp_.add_argument("municipalities", nargs="+", help="municipality names, e.g. Kalix Östersund")
    cmp_.add_argument(
        "--data",
        type=Path,
        default=Path("data/processed"),
        help="dataset folder (default data/processed)",
    )
    cmp_.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    for key, value in QUIET_PREFECT.items():
        os.environ.setdefault(key, value)
    from flows.kommunlens_flow import analyse_corpus, run_settings

    try:
        settings = run_settings(
            args.input,
            args.output,
            workers=args.workers,
            runner=args.runner,
            dask_address=args.dask_address,
            batch_size=args.batch_size,
            nlp_model=args.nlp_model,
            max_file_mb=args.max_file_mb,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not settings.input_dir.is_dir():
        print(f"error: input folder {settings.input_dir} does not exist", file=sys.stderr)
        return 2
    summary = analyse_corpus(
        str(settings.input_dir), str(settings.output_dir), show_progress=True, settings=settings
    )
    print(f"\nWrote tables to {summary.output_dir}")
    print(
        f"Documents: {summary.n_documents} of {summary.n_files} files "
        f"({summary.n_processed} processed, {summary.n_reused} unchanged since the last run)"
    )
    print("  by type:         " + ", ".join(f"{k} {v}" for k, v in summary.by_type.items()))
    print("  by municipality: " + ", ".join(f"{k} {v}" for k, v in summary.by_municipality.items()))
    print(f"Errors: {summary.n_errors}")
    for err in summary.errors:
        print(f"  {err.source_path}: {err.error_type}: {err.message}")
    return 1 if args.strict and summary.n_errors else 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.what == "ner":
        from pipeline.evaluate.ner import evaluate_ner, format_ner_report
        from pipeline.nlp.loader import load_pipeline

        if not args.file.exists():
            print(f"error: {args.file} does not exist", file=sys.stderr)
            return 2
        labels = [x.strip() for x in args.labels.split(",") if x.strip()]
        if args.ner_only:
            from pipeline.nlp.loader import ner_only

            nlp = ner_only(args.nlp_model)
        else:
            nlp = load_pipeline(args.nlp_model).nlp
        result = evaluate_ner(args.file, nlp, labels)
        print(json.dumps(result, indent=2) if args.json else format_ner_report(result))
        return 0
    if args.what == "pos":
        from pipeline.evaluate.pos import format_pos_report, score_pos
        from pipeline.nlp.loader import pos_pipeline

        if not args.file.exists():
            print(f"error: {args.file} does not exist", file=sys.stderr)
            return 2
        scores = score_pos(pos_pipeline(args.nlp_model), args.file)
        print(
            json.dumps(scores.to_dict(), indent=2)
            if args.json
            else format_pos_report(scores, args.file.name)
        )
        return 0
    if args.what == "facts":
        from pipeline.evaluate.facts import evaluate_facts, format_facts_report

        result = evaluate_facts(args.gold, args.docs, args.nlp_model)
        print(
            json.dumps(result, indent=2, ensure_ascii=False)
            if args.json
            else format_facts_report(result)
        )
        return 0
    from pipeline.evaluate.classify import classifier_metrics, format_classify_report

    try:
        result = classifier_metrics()
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        json.dumps(result, indent=2, ensure_ascii=False)
        if args.json
        else format_classify_report(result)
    )
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from pipeline.dataset.compare import UnknownMunicipalityError, compare_command

    try:
        print(compare_command(args.data, args.municipalities, args.format))
    except UnknownMunicipalityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from pipeline.info import collect_info, format_info

    info = collect_info(args.nlp_model)
    print(json.dumps(info, indent=2, ensure_ascii=False) if args.json else format_info(info))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `kommunlens` alone: the overview, not a usage error
        parser.print_help()
        return 0
    handler = {"run": cmd_run, "eval": cmd_eval, "compare": cmd_compare, "info": cmd_info}
    try:
        return handler[args.command](args)
    except BrokenPipeError:  # `kommunlens compare ... | head`: the reader left; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
