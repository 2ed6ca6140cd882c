"""The `kommunlens` command: run the flow, evaluate, compare municipalities.

kommunlens run [--input DIR] [--output DIR] [--workers N] [--runner local|dask] [--strict] [--wait] [--allow-empty]
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
import errno
import json
import os
import signal
import sys
from pathlib import Path

from pipeline import __version__

QUIET_PREFECT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Prefect's own log lines carry tracebacks; a run's problems are reported by the CLI,
    # one line each (and are rows in `errors`). Set PREFECT_LOGGING_LEVEL to see them.
    "PREFECT_LOGGING_LEVEL": "CRITICAL",
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
        "--wait",
        action="store_true",
        help="when another run is writing to the output folder, wait for it (default: exit)",
    )
    run.add_argument(
        "--allow-empty",
        action="store_true",
        help="replace an existing dataset even when the input folder has no documents",
    )
    run.add_argument(
        "--max-file-mb",
        default=None,  # checked by the run's settings: a one-line error, not argparse's usage
        help="skip files larger than this many MB, a positive number "
        "(default 50; also KOMMUNLENS_MAX_FILE_MB)",
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


EXIT_FAILURE = 1  # the run could not be done (busy folder, unwritable, disk full, ...)
EXIT_USAGE = 2  # bad arguments: nothing was tried


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) or SIGTERM: stop now, keep what is stored."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_interrupted(signum: int, frame: object) -> None:
    import logging

    for sig in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not break the exit
        signal.signal(sig, signal.SIG_IGN)
    logging.disable(logging.CRITICAL)  # Prefect would log the crash with a traceback
    raise Interrupted(signum)


_COMMAND = False  # main() runs as the `kommunlens` command (not called by a test)


def _exit_now_if_command(code: int) -> None:
    """Exit at once after an interruption: run the exit hooks (they stop Prefect's temporary
    server), flush, and skip the interpreter's clean-up of a large heap, which took seconds.
    Everything kept is already on disk, written atomically."""
    if not _COMMAND:
        return
    import atexit

    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _error(message: str, code: int = EXIT_FAILURE) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def os_error_message(exc: OSError, output: Path) -> str:
    """One line for an OSError met while writing the output folder."""
    if exc.errno == errno.ENOSPC:
        return f"no space left on the device of {output}; free some space and run again"
    if exc.errno == errno.EDQUOT:
        return f"disk quota exceeded writing to {output}; free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write to the output folder {output}: {exc.strerror}"
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def _check_run_paths(args: argparse.Namespace) -> str | None:
    """A one-line usage problem with --input/--output, or None."""
    if not args.input.exists():
        return f"input folder {args.input} does not exist"
    if not args.input.is_dir():
        return f"--input {args.input} is a file; give the folder that holds the documents"
    if args.output.exists() and not args.output.is_dir():
        return f"--output {args.output} is a file; give a folder for the tables"
    return None


def cmd_run(args: argparse.Namespace) -> int:
    for key, value in QUIET_PREFECT.items():
        os.environ.setdefault(key, value)
    from pipeline.lock import LockBusy, output_lock
    from pipeline.runs import PROGRESS, EmptyInputError, refuse_empty_input, scan

    problem = _check_run_paths(args)
    if problem:
        return _error(problem, EXIT_USAGE)
    import flows.kommunlens_flow as flow_module
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
        return _error(str(exc), EXIT_USAGE)
    out = Path(settings.output_dir)
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for sig in previous:
            signal.signal(sig, _raise_interrupted)
        with output_lock(out, wait=args.wait, warn=lambda m: print(m, file=sys.stderr)):
            found = scan(settings.input_dir, exclude=[out])
            if not args.allow_empty:
                refuse_empty_input(len(found.files), settings.input_dir, out)
            summary = flow_module.unchanged_summary(settings)  # then no server, no workers
            if summary is not None:
                print("Nothing changed since the last run: the tables and the report are current.")
            else:
                from flows.api_server import start_api_server
                from flows.workers import start_workers_early

                start_workers_early(settings)  # they load the models while the server starts
                start_api_server()
                flow_module.SIGTERM_HANDLER = _raise_interrupted
                summary = analyse_corpus(
                    str(settings.input_dir),
                    str(out),
                    show_progress=True,
                    settings=settings,
                    allow_empty=args.allow_empty,
                )
    except Interrupted as exc:
        total = PROGRESS.total
        if total is None:
            total = len(scan(settings.input_dir, exclude=[out]).files)
        print(
            f"\ninterrupted: kept {PROGRESS.kept()} of {total} documents; run again to continue",
            file=sys.stderr,
        )
        _exit_now_if_command(128 + exc.signum)
        return 128 + exc.signum
    except (LockBusy, EmptyInputError) as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(os_error_message(exc, out))
    finally:
        from flows.workers import stop_early_workers

        stop_early_workers()  # only when the run ended before it took them over
        for sig, handler in previous.items():
            signal.signal(sig, handler)
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
    from pipeline.lock import LockBusy, output_lock

    try:
        with output_lock(args.data, command="kommunlens kpi import"):
            return _kpi_import(args)
    except LockBusy as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(os_error_message(exc, args.data))


def _kpi_import(args: argparse.Namespace) -> int:
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
    global _COMMAND
    _COMMAND = argv is None
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
    from pipeline.dataset.generations import MixedGenerationsError

    try:
        return handler[args.command](args)
    except MixedGenerationsError as exc:  # a folder pieced together from different runs
        return _error(str(exc))
    except BrokenPipeError:  # `kommunlens compare ... | head`: the reader left; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
