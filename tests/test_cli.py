"""The command line: argument handling, exit codes and the closing summary."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.kommunlens_flow import RunSummary
from pipeline import cli
from pipeline.dataset.records import ErrorRecord
from tests.conftest import DEMO_DIR, FIXTURES, REPO


def _summary(n_errors: int) -> RunSummary:
    import datetime as dt

    errors = [
        ErrorRecord("bad.pdf", "ingest", "corrupt_pdf", "PDF is damaged", dt.datetime.now(dt.UTC))
    ] * n_errors
    return RunSummary(
        n_files=3,
        n_documents=2,
        n_errors=n_errors,
        by_type={"article": 1, "report": 1},
        by_municipality={"Kalix": 2},
        output_dir="out",
        errors=errors,
    )


@pytest.fixture
def fake_flow(monkeypatch):
    import flows.kommunlens_flow as module

    calls = []

    def run(input_dir, output_dir, show_progress=False, settings=None, **options):
        calls.append(settings or module.run_settings(input_dir, output_dir, **options))
        return _summary(int(calls[-1].batch_size == 1))

    monkeypatch.setattr(module, "analyse_corpus", run)
    monkeypatch.setattr("flows.api_server.start_api_server", lambda: None)
    monkeypatch.setattr("flows.workers.start_workers_early", lambda settings: False)
    return calls


def test_run_reports_summary_and_exits_zero_with_errors(fake_flow, tmp_path, capsys):
    code = cli.main(
        ["run", "--input", str(tmp_path), "--output", str(tmp_path / "o"), "--batch-size", "1"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "by type:         article 1, report 1" in out
    assert "by municipality: Kalix 2" in out
    assert "Errors: 1" in out and "bad.pdf: corrupt_pdf: PDF is damaged" in out
    assert fake_flow[0].input_dir == tmp_path


def test_strict_makes_errors_fatal(fake_flow, tmp_path):
    args = ["run", "--input", str(tmp_path), "--output", str(tmp_path / "o"), "--strict"]
    assert cli.main([*args, "--batch-size", "1"]) == 1
    assert cli.main([*args, "--batch-size", "2"]) == 0


def test_max_file_mb_reaches_the_settings(fake_flow, tmp_path):
    cli.main(["run", "--input", str(tmp_path), "--output", str(tmp_path), "--max-file-mb", "0.5"])
    assert fake_flow[0].max_file_bytes == 512 * 1024


def test_missing_input_folder_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["run", "--input", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-1", "1e999", "fifty"])
def test_max_file_mb_must_be_a_positive_finite_number(fake_flow, tmp_path, capsys, value):
    code = cli.main(["run", "--input", str(tmp_path), "--max-file-mb", value])
    assert code == 2 and not fake_flow
    assert "--max-file-mb must be a positive number" in _one_line(capsys.readouterr().err)


def test_input_that_is_a_file_is_a_usage_error(fake_flow, tmp_path, capsys):
    (tmp_path / "doc.txt").write_text("Kalix kommun.", "utf-8")
    assert cli.main(["run", "--input", str(tmp_path / "doc.txt")]) == 2
    assert "is a file; give the folder" in _one_line(capsys.readouterr().err)


def test_empty_input_over_a_dataset_refuses_unless_allowed(fake_flow, tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (out / "documents.parquet").write_bytes(b"PAR1")
    assert cli.main(["run", "--input", str(src), "--output", str(out)]) == 1
    assert "--allow-empty" in _one_line(capsys.readouterr().err) and not fake_flow
    assert cli.main(["run", "--input", str(src), "--output", str(out), "--allow-empty"]) == 0
    assert len(fake_flow) == 1


def test_busy_output_folder_is_one_line_naming_the_other_run(fake_flow, tmp_path, capsys):
    from tests.test_lock import _holder

    out = tmp_path / "out"
    holder = _holder(out, 30)
    try:
        assert cli.main(["run", "--input", str(tmp_path), "--output", str(out)]) == 1
    finally:
        holder.kill()
        holder.wait()
    assert f"pid {holder.pid}" in _one_line(capsys.readouterr().err) and not fake_flow


@pytest.mark.parametrize(
    ("err", "words"),
    [
        (errno.ENOSPC, "no space left"),
        (errno.EACCES, "cannot write to the output folder"),
        (errno.EROFS, "cannot write to the output folder"),
    ],
)
def test_write_failures_are_one_line_and_exit_1(
    fake_flow, monkeypatch, tmp_path, capsys, err, words
):
    import flows.kommunlens_flow as module

    def fail(*args, **kwargs):
        raise OSError(err, os.strerror(err), str(tmp_path / "out" / "x.parquet"))

    monkeypatch.setattr(module, "analyse_corpus", fail)
    assert cli.main(["run", "--input", str(tmp_path), "--output", str(tmp_path / "out")]) == 1
    assert words in _one_line(capsys.readouterr().err)


def test_unwritable_output_folder_is_one_line(fake_flow, monkeypatch, tmp_path, capsys):
    import pipeline.lock

    real_open = os.open

    def deny(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(pipeline.lock.os, "open", deny)
    assert cli.main(["run", "--input", str(tmp_path), "--output", str(tmp_path / "out")]) == 1
    assert "cannot write to the output folder" in _one_line(capsys.readouterr().err)


def test_tables_of_different_runs_are_one_line_for_readers(tmp_path, capsys):
    import pyarrow.parquet as pq

    from tests.fixtures.dataset.synthetic import write_synthetic_dataset

    data = write_synthetic_dataset(tmp_path / "data")
    for name, gen in (("documents", b"one"), ("entities", b"two")):
        table = pq.read_table(data / f"{name}.parquet")
        table = table.replace_schema_metadata({b"kommunlens.generation": gen})
        pq.write_table(table, data / f"{name}.parquet")
    assert cli.main(["compare", "Kalix", "--data", str(data)]) == 1
    assert "different runs" in _one_line(capsys.readouterr().err)


def test_unknown_command_exits_with_usage():
    with pytest.raises(SystemExit) as exc:
        cli.main(["frobnicate"])
    assert exc.value.code == 2


@pytest.mark.slow
def test_real_cli_run_with_strict(tmp_path):
    """The installed command end to end: one good and one bad file, --strict fails."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEMO_DIR / "hallstahammar_nyhetsbrev_2020-02-17.txt", src)
    shutil.copy(FIXTURES / "ingest" / "corrupt.pdf", src)
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    cmd = [
        sys.executable,
        "-m",
        "pipeline.cli",
        "run",
        "--input",
        str(src),
        "--output",
        str(tmp_path / "out"),
    ]
    done = subprocess.run(
        [*cmd, "--strict"], capture_output=True, text=True, cwd=REPO, env=env, timeout=300
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Documents: 1 of 2 files" in done.stdout
    assert "Errors: 1" in done.stdout
    assert "[2/2] documents processed" in done.stderr
    assert (tmp_path / "out" / "documents.parquet").exists()
    assert Path(tmp_path / "out" / "errors.parquet").exists()


def test_eval_ner_prints_json_per_label_and_overall(capsys):
    import json

    code = cli.main(["eval", "ner", str(FIXTURES / "ner" / "eval_gold.txt"), "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= {"labels", "overall"}
    assert set(result["labels"]) == {"PER", "ORG", "LOC"}
    for scores in [*result["labels"].values(), result["overall"]]:
        assert {"p", "r", "f1"} <= set(scores)
        assert all(0.0 <= scores[k] <= 1.0 for k in ("p", "r", "f1"))


def test_eval_ner_missing_file(capsys, tmp_path):
    assert cli.main(["eval", "ner", str(tmp_path / "nope.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_eval_classify_reports_every_classifier(capsys):
    import json

    assert cli.main(["eval", "classify", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"micro_f1", "macro_f1"} <= set(result["focus_areas"])
    assert "accuracy" in result["initiative_type"] and "accuracy" in result["status"]
    assert result["doc_type_demo"]["accuracy"] == 1.0


def test_eval_pos_prints_the_documented_json_keys(tmp_path, capsys):
    conllu = tmp_path / "tiny.conllu"
    conllu.write_text(
        "# sent_id = 1\n"
        "1\tKommunen\tkommun\tNOUN\tNN|UTR|SIN|DEF|NOM\tCase=Nom|Definite=Def|Gender=Com|"
        "Number=Sing\t2\tnsubj\t_\t_\n"
        "2\tväxer\tväxa\tVERB\tVB|PRS|AKT\tMood=Ind|Tense=Pres|VerbForm=Fin|Voice=Act\t0\troot\t_\t_\n"
        "3\t.\t.\tPUNCT\tMAD\t_\t2\tpunct\t_\t_\n\n",
        encoding="utf-8",
    )
    assert cli.main(["eval", "pos", str(conllu), "--json"]) == 0
    import json

    result = json.loads(capsys.readouterr().out)
    assert {"upos", "feats", "lemma", "n_tokens"} <= set(result)
    assert result["n_tokens"] == 3
    assert result["upos"] >= 2 / 3  # a noun, a verb and a full stop: at most one wrong


def test_kommunlens_alone_prints_the_commands(capsys):
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    for command in ("run", "compare", "review", "export", "kpi"):
        assert command in out


def test_a_closed_pipe_gives_no_traceback(tmp_path):
    """`kommunlens compare ... | head -1`: the reader leaves early; no BrokenPipeError."""
    from pipeline.dataset.load import load_dataset
    from tests.fixtures.dataset.synthetic import write_synthetic_dataset

    data = write_synthetic_dataset(tmp_path / "data", more_municipalities=30)
    names = load_dataset(data).municipalities()  # output far larger than a pipe's buffer
    cmd = [sys.executable, "-m", "pipeline.cli", "compare", *names, "--data", str(data)]
    cmd += ["--format", "json"]
    producer = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    first = producer.stdout.readline()
    producer.stdout.close()  # what `head -1` does
    _, err = producer.communicate(timeout=120)
    assert first.startswith(b"{")
    assert producer.returncode == 0
    assert b"Traceback" not in err and b"BrokenPipe" not in err
