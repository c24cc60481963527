"""The ingest flow: files and folders in, documents (or recorded failures) in the database.

Files are hashed first and those already stored by this extractor version are skipped
unread; the rest go to tasks of ``batch_size`` files, at most ``workers`` at a time. Each
file is stored in its own transaction, so an interrupted run leaves only whole documents
and a re-run picks up the rest.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from models import connect
from models.db import default_url

from .files import FileResult, IngestReport, default_keep_dir, expand_paths, plan, process_file

OnDone = Callable[[FileResult], None]


@task(name="ingest-batch", cache_policy=NO_CACHE)
def ingest_batch(files: list[tuple[str, str | None]], engine: Engine, keep_dir: str,
                 on_done: OnDone | None = None) -> list[FileResult]:
    """Read, extract and store a batch of (path, sha256) files, one transaction each."""
    results = []
    for path, sha256 in files:
        result = process_file(engine, path, sha256, keep_dir)
        results.append(result)
        if on_done is not None:
            on_done(result)
    return results


@contextmanager
def progress_bar(total: int, show: bool | None) -> Iterator[OnDone]:
    """A callback advancing a rich progress bar (files done / total) on stderr, shown when
    ``show`` is true, or when ``show`` is None and stderr is a terminal."""
    console = Console(stderr=True)
    if not (console.is_terminal if show is None else show):
        yield lambda _result: None
        return
    columns = (TextColumn("Đang nhập"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        job = bar.add_task("ingest", total=total)
        yield lambda _result: bar.advance(job)


@flow(name="vanthu-ingest")
def ingest_flow(paths: list[str], db_url: str | None = None, workers: int = 1,
                keep_dir: str | None = None, batch_size: int = 25,
                progress: bool | None = None) -> IngestReport:
    """Ingest files and folders into the database at ``db_url`` (default: $VANTHU_DB or the
    user's SQLite file). Failed files are recorded and copied to ``keep_dir``."""
    logger = get_run_logger()
    url = db_url or default_url()
    engine = connect(url)
    keep = keep_dir or str(default_keep_dir(url))
    files = expand_paths(paths)
    todo, skipped = plan(engine, files)
    logger.info("%d files: %d to read, %d already stored", len(files), len(todo), len(skipped))
    report = IngestReport()
    for result in skipped:
        report.add(result)
    batches = [todo[i:i + batch_size] for i in range(0, len(todo), batch_size)]
    with progress_bar(len(files), progress) as advance:
        for result in skipped:
            advance(result)
        running: list[PrefectFuture[list[FileResult]]] = []
        while batches or running:
            while batches and len(running) < max(1, workers):
                running.append(ingest_batch.submit(batches.pop(0), engine, keep, advance))
            for result in running.pop(0).result():
                report.add(result)
    for failure in report.failures:
        logger.warning("%s: %s: %s", failure.path, failure.code, failure.detail)
    logger.info("ingested %d, updated %d, skipped %d, failed %d", report.ingested,
                report.updated, report.skipped, report.failed)
    engine.dispose()
    return report

