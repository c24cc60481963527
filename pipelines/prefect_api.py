"""The flow's Prefect API for the processes it starts (local worker processes, Dask workers).

A task run in another process talks to the API named by its settings. When none is
configured, Prefect runs the flow on a temporary API server of its own (a uvicorn
subprocess), and a worker process without the setting would start one more for itself: about
200 MB and seconds of start-up per worker, for an API the extraction never calls. Inside
:func:`flow_api` the flow's server URL is in the settings that Prefect sends along with each
task (ProcessPoolTaskRunner: the environment of the worker process; prefect-dask: the
task's settings), so every worker reports to the one server and starts none.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext


def flow_api_url() -> str | None:
    """The API URL of the running flow: the configured one, or that of the temporary server
    Prefect started for it; ``None`` when there is neither."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if url:
        return url
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    return server.api_url if server.running else None


@contextmanager
def flow_api() -> Iterator[str | None]:
    """Settings with PREFECT_API_URL pinned to :func:`flow_api_url` (nothing changed when
    there is none); the URL."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    url = flow_api_url()
    with temporary_settings(updates={PREFECT_API_URL: url}) if url else nullcontext():
        yield url
