"""The ingest flow on a Dask cluster (``vanthu ingest … --dask ADDRESS`` or ``--dask local:N``).

The flow is the same (pipelines.ingest): its scheduler submits the same tasks, to prefect-dask's
DaskTaskRunner instead of a local process pool. Files travel by path: every worker must see
the inbox at the same path (a shared folder), and reads it itself; only results (text and
facts, OCR'd words) come back through Dask.

Storing: into PostgreSQL, the Dask workers store what they read themselves (tasks
``store-batch`` and ``store-scan``, the same save code as everywhere: pipelines.files), so
writing grows with the workers and is safe with many writers (models.store serialises the
writes of one document with a transaction-level advisory lock). Into SQLite (one file, one
writer, which a worker on another machine could not open anyway) the workers only read and
extract, and the flow stores, as with local worker processes.

Dask workers never start a Prefect server: a task runs with the flow's settings (its API
URL) sent along by prefect-dask, and extraction does not call the API at all.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from sqlalchemy import Engine, make_url

from extractors.readers import PendingOcr

from .files import FileResult, finish_file, start_file
from .prefect_api import flow_api

# Tasks submitted per Dask thread: one runs while the next waits at the worker, so a worker
# never idles while the flow stores or hands out work.
TASKS_PER_THREAD = 2

_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def _engine(db_url: str) -> Engine:
    """One engine per database in each worker process (the flow has migrated the schema)."""
    from models.db import create

    with _ENGINES_LOCK:
        if db_url not in _ENGINES:
            _ENGINES[db_url] = create(db_url)
        return _ENGINES[db_url]


@task(name="store-batch", cache_policy=NO_CACHE)
def store_batch(files: list[tuple[str, str | None]], db_url: str, keep_dir: str
                ) -> list[FileResult | PendingOcr]:
    """Read, extract and store a batch of (path, sha256) files on a Dask worker, one
    transaction each; a PDF with scanned pages to OCR comes back unstored (PendingOcr)."""
    engine = _engine(db_url)
    return [start_file(engine, path, sha256, keep_dir) for path, sha256 in files]


@task(name="store-scan", cache_policy=NO_CACHE)
def store_scan(pending: PendingOcr, pages: list[Any], db_url: str, keep_dir: str,
               ocr_error: str | None = None) -> FileResult:
    """Extract and store a scanned PDF from its OCR'd pages on a Dask worker."""
    return finish_file(_engine(db_url), pending, pages, keep_dir, ocr_error)


def workers_store(db_url: str) -> bool:
    """Whether Dask workers store themselves: into PostgreSQL yes, into SQLite no."""
    return make_url(db_url).get_backend_name() == "postgresql"


def parse_address(dask: str) -> tuple[str | None, int | None]:
    """``local:N`` → (None, N); anything else is a scheduler's address → (address, None)."""
    if dask.startswith("local:"):
        count = dask.removeprefix("local:")
        if not count.isdigit() or not 1 <= int(count) <= 256:
            raise ValueError(f"--dask local:N needs 1 ≤ N ≤ 256, not {count!r}")
        return None, int(count)
    return dask, None


@contextmanager
def dask_runner(dask: str) -> Iterator[Any]:
    """prefect-dask's DaskTaskRunner, started, on the scheduler at ``dask``, or on a
    LocalCluster of N worker processes (one thread each) for ``local:N``.

    Its tasks carry the flow's settings to the workers, with the flow's API URL
    (pipelines.prefect_api), so no worker starts a Prefect server of its own. A cluster on
    other machines needs a Prefect server they can reach (README, "Scaling out")."""
    from prefect_dask import DaskTaskRunner

    address, count = parse_address(dask)
    if address is not None:
        runner = DaskTaskRunner(address=address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": count, "threads_per_worker": 1,
                                                "processes": True,
                                                "dashboard_address": ":0"})
    with flow_api(), runner:
        yield runner


def runner_slots(runner: Any) -> int:
    """Tasks to keep submitted: TASKS_PER_THREAD per thread of the cluster's workers."""
    threads = sum(runner.client.nthreads().values())
    if threads == 0:
        raise RuntimeError("the Dask scheduler has no worker")
    return TASKS_PER_THREAD * threads
