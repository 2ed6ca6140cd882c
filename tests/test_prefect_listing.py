"""The Prefect listing commands work against the server the project installs.

`prefect deployment ls` and `prefect flow-run ls` failed with 422 against a server of
prefect 3.8.8 under FastAPI 0.151–0.154: those reject the explicit nulls (limit, sort)
the client sends; FastAPI 0.155 and later cannot start the server at all. requirements.lock
pins FastAPI 0.150.0. This test makes the same requests as those commands.
"""

from __future__ import annotations

import asyncio

import pytest


@pytest.mark.slow
def test_listing_deployments_and_flow_runs(prefect_harness):
    from prefect.client.orchestration import get_client

    async def listing() -> tuple[list, list, list]:
        async with get_client() as client:
            deployments = await client.read_deployments()  # prefect deployment ls
            flows = await client.read_flows()  # prefect flow-run ls, first request
            runs = await client.read_flow_runs()
            return deployments, flows, runs

    deployments, flows, runs = asyncio.run(listing())
    assert isinstance(deployments, list) and isinstance(flows, list) and isinstance(runs, list)
