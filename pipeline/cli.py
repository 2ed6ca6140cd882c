"""The `kommunlens` command: run the flow, evaluate, compare municipalities.

kommunlens run [--input DIR] [--output DIR] [--workers N] [--runner local|dask] [--strict]
kommunlens eval ner FILE [--json]
kommunlens eval pos FILE.conllu [--json]
kommunlens eval facts --gold FILE --docs DIR [--json]
kommunlens eval classify [--json]
kommunlens compare Kalix Östersund Hallstahammar [--data DIR] [--format table|csv|json|markdown]
kommunlens review [--data DIR] [--list | --from FILE] [--table initiatives|outcomes] [--limit N]
kommunlens export --format csv|xlsx [--data DIR] [--out PATH]
kommunlens kpi import FILE [FILE ...] [--data DIR] [--kpi ID] [--title TEXT]
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
    cmp_.add_argument(
        "--format",
        choices=["table", "csv", "json", "markdown"],
        default="table",
        help="table/markdown: measures side by side, then each municipality's lists; csv: the "
        "tidy measures; json: the evaluator's view per municipality (README)",
    )

    rev = sub.add_parser(
        "review", help="list the doubtful rows and write corrections (corrections.csv)"
    )
    _add_data_option(rev)
    mode = rev.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="only list the rows to review")
    mode.add_argument(
        "--from",
        dest="from_file",
        type=Path,
        default=None,
        help="append the corrections in this CSV (same columns as corrections.csv) after "
        "checking them against the tables",
    )
    rev.add_argument(
        "--table", choices=["initiatives", "outcomes"], default=None, help="review one table only"
    )
    rev.add_argument("--limit", type=int, default=20, help="rows to review (default 20; 0 = all)")
    rev.add_argument("--format", choices=["table", "csv"], default="table", help="for --list")
    rev.add_argument(
        "--who", default=None, help="your name for the `who` column (default: the login name)"
    )

    exp = sub.add_parser("export", help="write every table as CSV files or an Excel workbook")
    _add_data_option(exp)
    exp.add_argument("--format", choices=["csv", "xlsx"], required=True)
    exp.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for csv (default DATA/export) or file for xlsx (default DATA/kommunlens.xlsx)",
    )

    kpi = sub.add_parser("kpi", help="official indicators from Kolada")
    kpi_sub = kpi.add_subparsers(dest="kpi_command", required=True)
    imp = kpi_sub.add_parser(
        "import", help="read Kolada exports (API JSON or CSV) into the kpi table"
    )
    imp.add_argument("files", nargs="+", type=Path, help="exported files")
    _add_data_option(imp)
    imp.add_argument("--kpi", default=None, help="the KPI id, for a CSV that does not name it")
    imp.add_argument("--title", default=None, help="the KPI's title, for a CSV that lacks it")
    return parser


def _add_data_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data",
        type=Path,
        default=Path("data/processed"),
        help="dataset folder (default data/processed)",
    )


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


def _who(args: argparse.Namespace) -> str:
    if args.who:
        return args.who
    try:
        import getpass

        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a container
        return ""


def cmd_review(args: argparse.Namespace) -> int:
    from pipeline.dataset.load import load_dataset
    from pipeline.review.session import (
        REVIEWED_TABLES,
        already_named,
        doubtful_rows,
        file_session,
        format_doubtful,
        interactive_session,
    )

    if not (args.data / "documents.parquet").exists():
        print(f"error: {args.data} holds no dataset (run kommunlens run first)", file=sys.stderr)
        return 2
    ds = load_dataset(args.data)
    if args.from_file is not None:
        if not args.from_file.is_file():
            print(f"error: {args.from_file} does not exist", file=sys.stderr)
            return 2
        good, problems = file_session(args.data, ds, args.from_file, _who(args))
        for problem in problems:
            print(f"not written: {problem}", file=sys.stderr)
        print(f"Wrote {len(good)} corrections to {args.data / 'corrections.csv'}.")
        print("Run kommunlens run again to apply them.")
        return 1 if problems else 0
    tables = [args.table] if args.table else list(REVIEWED_TABLES)
    rows = doubtful_rows(ds, tables, args.limit or None, exclude=already_named(args.data))
    if args.list:
        print(format_doubtful(rows, args.format))
        return 0
    written = interactive_session(args.data, rows, sys.stdin, sys.stdout, _who(args))
    print(f"\nWrote {len(written)} corrections to {args.data / 'corrections.csv'}.")
    if written:
        print("Run kommunlens run again to apply them.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.dataset.export import ExportError, export_dataset

    try:
        written = export_dataset(args.data, args.format, args.out)
    except (ExportError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    where = written[0].parent if args.format == "csv" else written[0]
    print(f"Wrote {len(written)} file{'s' if len(written) != 1 else ''} to {where}")
    return 0


def cmd_kpi(args: argparse.Namespace) -> int:
    from pipeline.kpi.kolada import KoladaFormatError
    from pipeline.kpi.table import import_files

    try:
        result = import_files(args.data, args.files, args.kpi, args.title)
    except KoladaFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"Imported {result.n_values} values ({result.n_replaced} replaced) of "
        f"{', '.join(result.kpis) or 'no KPI'} for {', '.join(result.municipalities)}; "
        f"the kpi table has {result.n_rows} rows."
    )
    if (args.data / "documents.parquet").exists():
        from pipeline.dataset.manifest import record_report
        from pipeline.report.html import write_report

        write_report(args.data)
        record_report(args.data)
        print(f"Updated {args.data / 'report.html'}")
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
    handler = {
        "run": cmd_run,
        "eval": cmd_eval,
        "compare": cmd_compare,
        "info": cmd_info,
        "review": cmd_review,
        "export": cmd_export,
        "kpi": cmd_kpi,
    }
    try:
        return handler[args.command](args)
    except BrokenPipeError:  # `kommunlens compare ... | head`: the reader left; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
