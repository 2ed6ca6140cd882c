"""Serve analyse_corpus as a Prefect deployment: runs on a schedule or from the Prefect UI.

    prefect server start                                  # in one terminal
    export PREFECT_API_URL=http://127.0.0.1:4200/api      # in another
    python -m flows.serve --input /data/raw --output /data/processed --cron "0 3 * * 1"

The process stays up and runs the flow whenever the schedule fires or someone
starts a run ("Run" in the UI, or `prefect deployment run
analyse-corpus/kommunlens --param input_dir=...`). Each run is incremental:
documents already processed are reused.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from prefect.deployments.runner import RunnerDeployment

from flows.kommunlens_flow import analyse_corpus

DEPLOYMENT_NAME = "kommunlens"


def build_deployment(
    input_dir: str,
    output_dir: str,
    name: str = DEPLOYMENT_NAME,
    cron: str | None = None,
    workers: int | None = None,
    runner: str | None = None,
) -> RunnerDeployment:
    """The deployment: default parameters a UI user can override, and an optional schedule."""
    parameters: dict[str, object] = {
        "input_dir": str(Path(input_dir).resolve()),
        "output_dir": str(Path(output_dir).resolve()),
    }
    if workers is not None:
        parameters["workers"] = workers
    if runner is not None:
        parameters["runner"] = runner
    return analyse_corpus.to_deployment(
        name=name,
        parameters=parameters,
        cron=cron,
        tags=["kommunlens"],
        description="Process a folder of municipal documents into the kommunlens tables.",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True, help="folder of documents")
    parser.add_argument("--output", required=True, help="folder for the tables")
    parser.add_argument("--name", default=DEPLOYMENT_NAME, help="deployment name")
    parser.add_argument("--cron", default=None, help='schedule, e.g. "0 3 * * 1" (Mondays 03:00)')
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--runner", choices=["local", "dask"], default=None)
    args = parser.parse_args(argv)
    from prefect import serve

    deployment = build_deployment(
        args.input, args.output, args.name, args.cron, args.workers, args.runner
    )
    serve(deployment)


if __name__ == "__main__":
    main()
