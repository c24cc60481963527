"""One file's reading and extraction in a forked worker process, killed when it takes longer
than the per-file time limit (VANTHU_FILE_TIMEOUT, extractors.limits) or dies (issue 16).

A hostile file (a zip bomb, a page that renders to gigabytes, a parse that never ends) can
then neither hang the batch nor take the ingest's memory with it: the worker is killed, the
file is recorded as failed with the limit named, and the next file gets a fresh worker. The
worker dies with its parent (PR_SET_PDEATHSIG), so SIGTERM or Ctrl-C leaves no process
behind. The waiting is done in short slices, so the parent answers signals at once.

A fork costs a few milliseconds (the parent has the extractors loaded already). Set
VANTHU_SANDBOX=0 to run in-process (a debugger, a profile).
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from extractors import limits
from extractors.errors import LimitExceeded, ReadError

POLL_S = 0.2
_PR_SET_PDEATHSIG = 1
# Set by the command on SIGTERM / Ctrl-C: running workers are killed within POLL_S, and no
# file is started after it (the file being stored when it came is stored whole, or not).
STOP = threading.Event()


class Stopped(BaseException):
    """The ingest was asked to stop (SIGTERM, Ctrl-C): not a failure of the file."""


def request_stop(signum: int = signal.SIGTERM, _frame: object = None) -> None:
    """Signal handler: stop the ingest (``KeyboardInterrupt`` in the main thread)."""
    STOP.set()
    raise KeyboardInterrupt(f"signal {signum}")


def stop_on_signals() -> None:
    """Make SIGTERM and SIGINT set STOP, then do what they did (Prefect's flow engine puts
    its own SIGTERM handler in place when a flow starts: this chains to it). Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(signum)

        def handler(num: int, frame: object, previous: object = previous) -> None:
            STOP.set()
            if callable(previous):
                previous(num, frame)
            raise KeyboardInterrupt(f"signal {num}")

        signal.signal(signum, handler)


class WorkerDied(ReadError):
    code = "worker_died"
    message_vi = "Tiến trình đọc tệp bị dừng đột ngột (tệp có thể gây tràn bộ nhớ)"


def enabled() -> bool:
    return os.environ.get("VANTHU_SANDBOX", "1") != "0" and hasattr(os, "fork")


# Plain text files up to this size are read in-process: extraction is linear in the text
# (tests/test_scaling.py), so 256 KB takes about a second, and a fork would cost more than
# the reading itself. Anything else (PDF, DOCX, ZIP, larger files) runs in a worker.
INLINE_MAX_BYTES = 256 * 1024
_CONTAINERS = (b"%PDF", b"PK", b"\xd0\xcf\x11\xe0", b"{\\rtf")


def needs_worker(path: str) -> bool:
    """Whether reading ``path`` runs in a worker process (see INLINE_MAX_BYTES)."""
    try:
        if os.path.getsize(path) > INLINE_MAX_BYTES or not os.path.isfile(path):
            return True
        with open(path, "rb", buffering=0) as fh:
            head = fh.read(1024)
    except OSError:
        return True
    return head.lstrip(b"\x00\t\r\n \xef\xbb\xbf").startswith(_CONTAINERS) or b"%PDF" in head


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass                                    # not Linux: the parent kills it on timeout


def _child(conn: Any, fn: Callable[..., Any], args: tuple) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        out: tuple[str, Any] = ("ok", fn(*args))
    except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
        out = ("error", (getattr(error, "code", None), getattr(error, "message_vi", None),
                         getattr(error, "detail", None) or f"{type(error).__name__}: {error}"))
    try:
        conn.send(out)
    finally:
        conn.close()


class Failed(Exception):
    """What went wrong in the worker, with the fields of a ReadError."""

    def __init__(self, path: str, code: str | None, message_vi: str | None, detail: str):
        super().__init__(detail)
        self.path, self.detail = path, detail
        if code:
            self.code = code
        if message_vi:
            self.message_vi = message_vi


def run(fn: Callable[..., Any], *args: Any, path: str = "", timeout: float | None = None,
        what: str = "reading and extraction") -> Any:
    """``fn(*args)`` in a forked worker; its result. Raises LimitExceeded when it runs over
    ``timeout`` seconds (default VANTHU_FILE_TIMEOUT), WorkerDied when it dies, Failed (with
    the error's code, message and detail) when ``fn`` raised."""
    if STOP.is_set():
        raise Stopped(path)
    if not enabled() or (path and not needs_worker(path)):
        return fn(*args)
    limit = limits.FILE_TIMEOUT.value if timeout is None else timeout
    _warm()
    _allow_children()
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_child, args=(send, fn, args), daemon=True)
    with _fork_guard():
        worker.start()
    send.close()
    started = time.monotonic()
    try:
        while not receive.poll(POLL_S):
            if STOP.is_set():
                raise Stopped(path)
            if not worker.is_alive() and not receive.poll(0):
                raise WorkerDied(path, f"the worker process ended with code {worker.exitcode}")
            if time.monotonic() - started > limit:
                raise LimitExceeded(path, limits.FILE_TIMEOUT, time.monotonic() - started, limit,
                                    what)
        try:
            status, value = receive.recv()
        except EOFError as e:
            raise WorkerDied(path, f"the worker process ended with code {worker.exitcode}") from e
    finally:
        receive.close()
        if worker.is_alive():
            worker.kill()
        worker.join(5)
    if status == "error":
        raise Failed(path, *value)
    return value


def _allow_children() -> None:
    """A Dask worker (pipelines.cluster) is a daemonic process, which ``multiprocessing``
    forbids to start children, lest they outlive it; ours die with it (PR_SET_PDEATHSIG)."""
    process = multiprocessing.current_process()
    if process.daemon:
        process._config["daemon"] = False  # type: ignore[attr-defined]


_WARM = threading.Lock()
_warmed = False


def _warm() -> None:
    """Load, once in the parent, what the extractors load lazily (vocabularies, the NLP
    model): each worker then inherits it instead of loading it again (half a second)."""
    global _warmed
    with _WARM:
        if _warmed:
            return
        _warmed = True
        from extractors import extract_text
        from extractors.lexicon import data_dir

        for sample in sorted((data_dir() / "samples").glob("*.txt")):
            try:
                extract_text(sample.read_text(encoding="utf-8"))
            except Exception:  # noqa: BLE001 - warming is only an optimisation
                pass


class _fork_guard:
    """Hold PDFium's lock across the fork: a worker forked while another thread held it would
    wait for it forever."""

    def __enter__(self) -> None:
        from extractors.ocr import PDFIUM_LOCK

        PDFIUM_LOCK.acquire()
        # The worker's garbage collector would otherwise walk (and so copy, page by page)
        # every object it inherited: frozen objects are left alone.
        gc.freeze()

    def __exit__(self, *exc: object) -> None:
        from extractors.ocr import PDFIUM_LOCK

        gc.unfreeze()
        PDFIUM_LOCK.release()
