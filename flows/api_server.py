"""The temporary Prefect API for a run without PREFECT_API_URL, in its own session.

Prefect starts a temporary API server in a child process when no PREFECT_API_URL is set.
That child shares the terminal's process group, so Ctrl-C killed it together with the run,
and the run then spent over a minute retrying a dead API. Started here first, in a session
of its own, the signal reaches only the run; the server is stopped when the run exits
(Prefect's own atexit hook), and Prefect's clients find and reuse this instance.
"""

from __future__ import annotations

import subprocess
from typing import Any
from unittest import mock


def start_api_server() -> str | None:
    """Start the temporary API in its own session unless an API is configured; its URL."""
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        return None
    from prefect.server.api import server as server_module

    class DetachedServer(server_module.SubprocessASGIServer):
        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            popen = subprocess.Popen

            def detached(*args: Any, **kwargs: Any) -> subprocess.Popen[Any]:
                return popen(*args, start_new_session=True, **kwargs)

            with mock.patch.object(server_module.subprocess, "Popen", detached):
                return super()._run_uvicorn_command()

    server = DetachedServer()  # registered as Prefect's default instance (port None)
    server.start()
    return server.api_url
