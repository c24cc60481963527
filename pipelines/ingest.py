"""The ingest flow: files and folders in, documents (or recorded failures) in the database.

Files are hashed first and those already stored by this extractor version are skipped
unread; the rest go to ``extract-batch`` tasks of ``batch_size`` files, which read and
extract. One path stores whatever ran the tasks: the flow's thread, the one writer, stores
each batch that comes back (pipelines.files.store_all: one transaction, a savepoint per
document), while the tasks go on reading. An interrupted run leaves only whole documents
and a re-run picks up the rest.

A PDF with scanned pages is not OCR'd inside its batch: the batch hands it back
(:class:`extractors.readers.PendingOcr`), the flow submits one ``ocr-page`` task per page
that is not in the OCR cache, and when its pages are done an ``extract-scan`` task extracts
it, for the flow to store. Every task (batches, pages, scans) shares the ``workers`` slots,
so pages of one file and of several files are OCR'd in parallel. Files without a scanned
page (and scans whose pages are all in the cache) cost no task beyond their batch.

The tasks run in the flow's threads, or, with ``workers`` ≥ 2 and a backlog
(:data:`PROCESS_MIN_FILES` files to read), in worker processes (Prefect's
ProcessPoolTaskRunner): threads alone would not run Python in parallel. The workers report
to the flow's Prefect API (pipelines.prefect_api) and start no server of their own. On a
Dask cluster into PostgreSQL the workers store what they read themselves, with the same
save code (pipelines.cluster): many writers, each document in its own transaction.
"""
from __future__ import annotations

import queue
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner
from prefect.utilities.annotations import quote
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from extractors.readers import PendingOcr
from models import connect
from models.db import default_url

from .files import (Extracted, FileResult, IngestReport, Unreadable, default_keep_dir,
                    read_and_extract, extract_scan, limited, plan, refuse, store_all, walk_inbox)
from .prefect_api import flow_api

if TYPE_CHECKING:
    from extractors.ocr import OcrPage

@dataclass(frozen=True)
class PageFailed:
    """The OCR of one page failed (Tesseract error, unreadable page): why."""

    page: int
    error: str


@task(name="ocr-page", cache_policy=NO_CACHE)
def ocr_page(path: str, page: int, sha256: str) -> OcrPage | PageFailed:
    """OCR one page (1-based) of a PDF through the OCR cache: an OcrPage, or PageFailed."""
    import pypdfium2 as pdfium  # here: only scans need PDFium and PIL loaded

    from extractors import ocr
    from extractors.errors import LimitExceeded

    from . import sandbox

    started = time.perf_counter()
    try:   # in a worker process, killed at the per-file time limit (VANTHU_FILE_TIMEOUT)
        done = sandbox.run(ocr.ocr_pdf_page, path, page, sha256, path=path,
                           what=f"OCR of page {page}")
    except LimitExceeded as error:   # extract_scan names the limit in the file's failure
        return PageFailed(page, error.detail)
    except (ocr.OcrError, OSError, pdfium.PdfiumError, sandbox.Failed, sandbox.WorkerDied) as error:
        why = getattr(error, "detail", None) or f"{type(error).__name__}: {error}"
        return PageFailed(page, f"page {page}: {why}")
    get_run_logger().info("OCR %s page %d: %.1f s, confidence %.1f", path, page,
                          time.perf_counter() - started, done.confidence)
    return done


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(files: list[tuple[str, str | None]]
                  ) -> list[Extracted | PendingOcr | Unreadable]:
    """Read and extract a batch of files, in a thread or a worker process (no database: the
    flow, the one writer, stores what comes back); a PDF with scanned pages to OCR comes
    back as a PendingOcr."""
    return [limited(read_and_extract, path, sha256, path=path, sha256=sha256) for path, sha256 in files]


@task(name="extract-scan", cache_policy=NO_CACHE)
def extract_ocr_file(pending: PendingOcr, pages: list[Any], ocr_error: str | None = None
                     ) -> Extracted | Unreadable:
    """Extract a scanned PDF from its OCR'd pages (the flow stores it)."""
    return limited(extract_scan, pending, pages, ocr_error, path=pending.path, sha256=pending.sha256)


# Worker processes (``workers`` ≥ 2) take ~10 s to start; they pay it back on a backlog:
# with fewer files to read, the flow's threads do the work.
PROCESS_MIN_FILES = 200
PROCESS_BATCH = 10


class Reporter:
    """What ``vanthu ingest`` shows while it runs: files done, and the page being OCR'd.

    Called with a FileResult when a file is done (from task threads too), with
    :meth:`ocr_started` when a page goes to OCR and :meth:`ocr_done` when it is back."""

    def __call__(self, result: FileResult) -> None:
        pass

    def ocr_started(self, name: str, page: int, pages: int) -> None:
        pass

    def ocr_done(self) -> None:
        pass

    def ocr_planned(self, pages: int) -> None:
        pass


def ocr_line(name: str, page: int, pages: int) -> str:
    """"OCR trang 3/12 — congvan.pdf": page 3 of a 12-page PDF is being OCR'd."""
    return f"OCR trang {page}/{pages} — {name}"


class BarReporter(Reporter):
    """A transient rich progress bar on a terminal: files done / total and, once a scan is
    met, a second row naming the page being OCR'd with the pages done / to do."""

    def __init__(self, bar: Progress, total: int) -> None:
        self.bar = bar
        self.files = bar.add_task("Đang nhập", total=total)
        self.pages: Any = None  # the OCR row, added when the first scan is met
        self.planned = 0

    def __call__(self, result: FileResult) -> None:
        self.bar.advance(self.files)

    def ocr_planned(self, pages: int) -> None:
        self.planned += pages
        if self.pages is None:
            self.pages = self.bar.add_task("OCR", total=self.planned)
        else:
            self.bar.update(self.pages, total=self.planned)

    def ocr_started(self, name: str, page: int, pages: int) -> None:
        self.bar.update(self.pages, description=ocr_line(name, page, pages))

    def ocr_done(self) -> None:
        self.bar.advance(self.pages)


class LineReporter(Reporter):
    """Progress asked for where no bar can be drawn (a pipe, a log file): one line per page
    sent to OCR, nothing per file."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def ocr_started(self, name: str, page: int, pages: int) -> None:
        self.console.print(ocr_line(name, page, pages), markup=False, highlight=False,
                           soft_wrap=True)


@contextmanager
def progress_bar(total: int, show: bool | None) -> Iterator[Reporter]:
    """A Reporter on stderr: a progress bar when ``show`` is true, or when ``show`` is None
    and stderr is a terminal; OCR lines only when ``show`` is true on something else."""
    console = Console(stderr=True)
    if not (console.is_terminal if show is None else show):
        yield Reporter()
        return
    if not console.is_terminal:
        yield LineReporter(console)
        return
    # markup off: a file name like "[2020] cv.pdf" is shown as it is
    columns = (TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        yield BarReporter(bar, total)


@dataclass
class _Scan:
    """A scanned PDF waiting for its pages."""

    pending: PendingOcr
    left: int
    pages: list[OcrPage] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.pending.path).name


class _Scheduler:
    """Runs tasks on the flow's task runner, at most ``slots`` at a time, in this order of
    preference: storing a scan whose pages are done, a batch, a page to OCR."""

    def __init__(self, slots: int, engine: Engine, keep_dir: str, reporter: Reporter,
                 report: IngestReport, processes: TaskRunner | None = None) -> None:
        self.slots, self.engine, self.keep, self.reporter = slots, engine, keep_dir, reporter
        self.report = report
        # With worker processes, tasks only read, extract and OCR; this thread stores.
        self.processes = processes
        # Dask workers into PostgreSQL: they store too (pipelines.cluster), many writers.
        self.store_url: str | None = None
        # quote(): Prefect need not walk the pages' word boxes looking for futures. Dask
        # takes a tuple in a task's arguments for a task of its own: no quote() there.
        self.quote: Callable[[Any], Any] = quote
        self.batches: deque[list[tuple[str, str | None]]] = deque()
        self.pages: deque[tuple[_Scan, int]] = deque()
        self.ready: deque[_Scan] = deque()
        self.done: queue.SimpleQueue[tuple[PrefectFuture[Any], Callable[[Any], None]]] = \
            queue.SimpleQueue()
        self.running = 0

    def _submit(self, future: PrefectFuture[Any], handle: Callable[[Any], None]) -> None:
        self.running += 1
        future.add_done_callback(lambda f: self.done.put((f, handle)))

    def _task(self, task_: Any, **parameters: Any) -> PrefectFuture[Any]:
        """Submit to the worker processes, or to the flow's own task runner (threads)."""
        if self.processes is not None:
            return self.processes.submit(task_, parameters)
        return task_.submit(**parameters)

    def _start_next(self) -> bool:
        if self.ready:
            scan = self.ready.popleft()
            error = "; ".join(scan.errors) or None
            if self.store_url is not None:
                from .cluster import store_scan

                self._submit(self._task(store_scan, pending=scan.pending, pages=scan.pages,
                                        db_url=self.store_url,
                                        keep_dir=self.keep, ocr_error=error), self._file_done)
            else:
                self._submit(self._task(extract_ocr_file, pending=self.quote(scan.pending),
                                        pages=self.quote(scan.pages), ocr_error=error),
                             lambda item: self._extracted([item]))
        elif self.batches:
            if self.store_url is not None:
                from .cluster import store_batch

                self._submit(self._task(store_batch, files=self.batches.popleft(),
                                        db_url=self.store_url, keep_dir=self.keep),
                             self._stored)
            else:
                self._submit(self._task(extract_batch, files=self.batches.popleft()),
                             self._extracted)
        elif self.pages:
            scan, page = self.pages.popleft()
            self.reporter.ocr_started(scan.name, page, scan.pending.page_count)
            self._submit(self._task(ocr_page, path=scan.pending.path, page=page,
                                    sha256=scan.pending.sha256),
                         lambda result, scan=scan: self._page_done(scan, result))
        else:
            return False
        return True

    def run(self) -> None:
        while True:
            while self.running < self.slots and self._start_next():
                pass
            if self.running == 0:
                return
            future, handle = self.done.get()
            self.running -= 1
            # Give the freed slot new work before storing this result, so that workers
            # extract while this thread writes.
            while self.running < self.slots and self._start_next():
                pass
            handle(future.result())

    def _extracted(self, items: list[Extracted | PendingOcr | Unreadable]) -> None:
        """Store what a task read, in one transaction (the flow's one writer); plan the
        pages of the scans among them."""
        self._batch_done([item for item in items if isinstance(item, PendingOcr)])
        for result in store_all(self.engine, [item for item in items
                                              if not isinstance(item, PendingOcr)], self.keep):
            self._file_done(result)

    def _stored(self, results: list[FileResult | PendingOcr]) -> None:
        """A batch stored by Dask workers: report its files, plan its scans' pages."""
        self._batch_done(results)
        for result in results:
            if isinstance(result, FileResult):
                self.reporter(result)

    def _batch_done(self, results: list[FileResult | PendingOcr]) -> None:
        for result in results:
            if isinstance(result, PendingOcr):
                scan = _Scan(result, left=len(result.pages))
                self.pages.extend((scan, page) for page in result.pages)
                self.reporter.ocr_planned(len(result.pages))
            else:
                self.report.add(result)

    def _page_done(self, scan: _Scan, result: OcrPage | PageFailed) -> None:
        self.reporter.ocr_done()
        if isinstance(result, PageFailed):
            scan.errors.append(result.error)
        else:
            scan.pages.append(result)
        scan.left -= 1
        if scan.left == 0:
            self.ready.append(scan)

    def _file_done(self, result: FileResult) -> None:
        self.report.add(result)
        self.reporter(result)


@flow(name="vanthu-ingest")
def ingest_flow(paths: list[str], db_url: str | None = None, workers: int = 1,
                keep_dir: str | None = None, batch_size: int = 25,
                progress: bool | None = None,
                process_min_files: int = PROCESS_MIN_FILES,
                dask: str | None = None) -> IngestReport:
    """Ingest files and folders into the database at ``db_url`` (default: $VANTHU_DB or the
    user's SQLite file), ``workers`` tasks at a time (in worker processes when there are
    ``process_min_files`` files or more to read). Failed files are recorded and copied to
    ``keep_dir``. With ``dask`` (a scheduler's address, or ``local:N``) the tasks run on a
    Dask cluster instead (pipelines.cluster), whatever the number of files."""
    logger = get_run_logger()
    from .sandbox import stop_on_signals

    stop_on_signals()   # SIGTERM / Ctrl-C: workers killed within a fraction of a second
    url = db_url or default_url()
    engine = connect(url)
    keep = keep_dir or str(default_keep_dir(url))
    files, refused = walk_inbox(paths)
    todo, skipped = plan(engine, files)
    logger.info("%d files: %d to read, %d already stored, %d refused", len(files), len(todo),
                len(skipped), len(refused))
    report = IngestReport()
    for path, reason in refused.items():
        report.add(refuse(engine, path, reason))
    for result in skipped:
        report.add(result)
    with progress_bar(len(files) + len(refused), progress) as reporter:
        for result in skipped:
            reporter(result)
        if dask is not None and todo:
            from .cluster import dask_runner, runner_slots, workers_store

            size = min(batch_size, PROCESS_BATCH)
            with dask_runner(dask) as runner:
                scheduler = _Scheduler(runner_slots(runner), engine, keep, reporter, report,
                                       runner)
                scheduler.store_url = url if workers_store(url) else None
                scheduler.quote = lambda value: value
                scheduler.batches.extend(todo[i:i + size] for i in range(0, len(todo), size))
                scheduler.run()
        elif workers >= 2 and len(todo) >= process_min_files:
            # Smaller batches: results come back (and are stored) while workers go on.
            size = min(batch_size, PROCESS_BATCH)
            # The flow's API URL goes to the workers: none starts a Prefect server.
            with flow_api(), ProcessPoolTaskRunner(max_workers=workers) as processes:
                scheduler = _Scheduler(workers, engine, keep, reporter, report, processes)
                scheduler.batches.extend(todo[i:i + size] for i in range(0, len(todo), size))
                scheduler.run()
        else:
            scheduler = _Scheduler(max(1, workers), engine, keep, reporter, report)
            scheduler.batches.extend(todo[i:i + batch_size]
                                     for i in range(0, len(todo), batch_size))
            scheduler.run()
    for failure in report.failures:
        logger.warning("%s: %s: %s", failure.path, failure.code, failure.detail)
    logger.info("ingested %d, updated %d, skipped %d, failed %d", report.ingested,
                report.updated, report.skipped, report.failed)
    engine.dispose()
    return report
