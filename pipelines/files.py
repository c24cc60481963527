"""The steps of ingesting files, as plain functions (no Prefect): find the files, hash them,
skip what is stored, read + extract + store one file, keep a copy of a file that failed.

A scanned PDF can be stored in two steps, so that its pages are OCR'd in between by whoever
calls (the flow: one Prefect task per page): :func:`start_file` returns its
:class:`extractors.readers.PendingOcr`, :func:`finish_file` stores it with the OCR'd pages."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Engine

from extractors import document as extractor
from extractors import extract, read_file
from extractors.errors import limit_in
from extractors.opening import safe_text
from extractors.readers import PendingOcr, Source, start_read
from models import record_failure, save_extraction, save_extractions, stored_versions
from models.db import sqlite_path

if TYPE_CHECKING:
    from extractors.ocr import OcrPage

Outcome = Literal["ingested", "updated", "skipped", "failed"]
# Files over this size are not copied for review; only their path is recorded.
KEEP_MAX_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class FileResult:
    path: str
    outcome: Outcome
    sha256: str | None = None
    document_id: int | None = None
    code: str | None = None
    message_vi: str | None = None
    detail: str | None = None
    kept_path: str | None = None

    @property
    def name(self) -> str:
        """The file name as it may be printed: valid Unicode, no control characters (a
        name with ESC [2J must not clear the screen, one with a newline forge a line)."""
        return printable(safe_text(Path(self.path).name))


_CONTROL = dict.fromkeys([*range(0x20), 0x7F, *range(0x80, 0xA0)])


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` escapes."""
    if not any(ord(c) in _CONTROL for c in text):
        return text
    return "".join(f"\\x{ord(c):02x}" if ord(c) in _CONTROL else c for c in text)


@dataclass
class IngestReport:
    """What one ingest did: counts per outcome and the files that failed, with why."""

    ingested: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[FileResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.ingested + self.updated + self.skipped + self.failed

    def add(self, result: FileResult) -> None:
        setattr(self, result.outcome, getattr(self, result.outcome) + 1)
        if result.outcome == "failed":
            self.failures.append(result)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files named, and the files under folders named (recursively, sorted, hidden files and
    folders left out), as absolute paths, each once; those that :func:`walk_inbox` refuses
    too (they fail when read, and so are reported)."""
    files, refused = walk_inbox(paths)
    return list(dict.fromkeys([*files, *refused]))


def walk_inbox(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], dict[str, str]]:
    """The files to read, and the entries refused with why: the inbox is untrusted. Under a
    folder, a symbolic link is followed only when it leads inside one of the folders given
    (``ln -s /etc/shadow`` is refused), folders reached through links are not walked, and
    hidden files and folders are left out. A FIFO, device or socket is listed: it is refused
    with its reason when read (extractors.opening), never opened for reading."""
    given = [Path(p).absolute() for p in paths]
    roots = [os.path.realpath(p) for p in given if p.is_dir()]
    files: list[str] = []
    refused: dict[str, str] = {}
    for p in given:
        if not p.is_dir():
            files.append(str(p))                # named on the command line: the user's choice
            continue
        found: list[str] = []
        for folder, dirs, names in os.walk(p, followlinks=False):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in [n for n in names if not n.startswith(".")]:
                f = os.path.join(folder, name)
                if os.path.islink(f) and not _inside(os.path.realpath(f), roots):
                    refused[f] = f"a symbolic link to {os.path.realpath(f)}, outside the folders given"
                else:
                    found.append(f)
            for d in dirs:     # linked folders are not walked; one leading out is refused
                link = os.path.join(folder, d)
                if os.path.islink(link) and not _inside(os.path.realpath(link), roots):
                    refused[link] = f"a symbolic link to {os.path.realpath(link)}, outside the folders given"
        files.extend(sorted(found))
    return list(dict.fromkeys(files)), refused


def _inside(real: str, roots: list[str]) -> bool:
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def hash_file(path: str) -> str | None:
    """The file's sha256, or ``None`` when it is not a regular file that can be read (it is
    reported when read). Never blocks on a FIFO, never reads /proc."""
    from extractors.opening import open_file

    try:
        return open_file(path, allow_empty=True).sha256
    except Exception:  # noqa: BLE001 - any reason is reported when the file is read
        return None


def plan(engine: Engine, files: list[str]) -> tuple[list[tuple[str, str | None]], list[FileResult]]:
    """Split files into (path, sha256) pairs to read and the results of those to skip without
    reading: content already stored by the current extractor version. A second copy met in
    the same run is read (and reported skipped when the first was stored): a good file is
    never skipped because a broken copy with the same bytes failed."""
    hashes = [(path, hash_file(path)) for path in files]
    stored = stored_versions(engine, [sha for _, sha in hashes if sha])
    version = extractor.EXTRACTOR_VERSION
    todo: list[tuple[str, str | None]] = []
    skipped: list[FileResult] = []
    for path, sha in hashes:
        if sha is not None and stored.get(sha) == version:
            skipped.append(FileResult(path, "skipped", sha))
        else:
            todo.append((path, sha))
    return todo, skipped


class Refused(Exception):
    """An inbox entry refused before reading (a link out of the folders)."""

    code = "refused_link"
    message_vi = "Liên kết trỏ ra ngoài thư mục được nhập: không đọc"

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(detail)
        self.path, self.detail = path, detail


def refuse(engine: Engine, path: str, reason: str) -> FileResult:
    """Record an entry refused before reading; no copy is kept (it may be a secret)."""
    row = record_failure(engine, safe_text(path), None, Refused(path, reason), None)
    return FileResult(path, "failed", None, code=row.code, message_vi=row.message_vi,
                      detail=row.detail)




def default_keep_dir(db_url: str) -> Path:
    """Where failed files are copied: ``quarantine`` beside the SQLite database; for another
    database, a quarantine of its own in the user data directory (named by its server and
    database, never by its password)."""
    db_file = sqlite_path(db_url)
    if db_file is not None:
        return db_file.absolute().parent / "quarantine"
    import hashlib

    from platformdirs import user_data_dir
    from sqlalchemy import make_url

    url = make_url(db_url)
    ident = (f"{url.get_backend_name()}://{url.username or ''}@{url.host or ''}:{url.port or ''}"
             f"/{url.database or ''}")
    name = f"{url.get_backend_name()}-{url.host or 'local'}-{url.database or ''}-" \
           f"{hashlib.sha256(ident.encode()).hexdigest()[:8]}"
    return Path(user_data_dir("vanthu")) / "quarantine" / "".join(
        c if c.isalnum() or c in "-_." else "_" for c in name)


def keep_copy(path: str, sha256: str | None, keep_dir: str | os.PathLike[str],
              max_bytes: int = KEEP_MAX_BYTES) -> str | None:
    """Copy a failed file to ``keep_dir/<sha256[:12]>_<name>`` for review (folder 0700, copy
    0600); ``None`` when it is too large, not a regular file, or cannot be copied (its path
    is recorded either way). The copy is written from the bytes read through one
    descriptor (extractors.opening): a FIFO, a device or /proc is never copied."""
    from extractors.opening import open_file

    try:
        opened = open_file(path, max_bytes, allow_empty=True)
    except Exception:  # noqa: BLE001 - nothing to keep: the failure says why
        return None
    try:
        folder = Path(keep_dir)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = safe_text(Path(path).name)
        target = folder / f"{(sha256 or opened.sha256)[:12]}_{name}"
        if not target.exists():
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(opened.data)
        return str(target)
    except OSError:
        return None


def ingest_files(engine: Engine, files: Sequence[tuple[str, str | None]],
                 keep_dir: str | os.PathLike[str],
                 on_done: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """What the ingest flow does with (path, sha256) files, without Prefect, one file after
    the other: read (OCR'ing scanned pages here), extract, store (:func:`store_all`)."""
    from .sandbox import STOP, Stopped

    results: list[FileResult] = []
    for path, sha256 in files:
        if STOP.is_set():
            raise Stopped(path)
        results.extend(store_all(engine, [limited(read_whole, path, sha256, path=path,
                                                  sha256=sha256)], keep_dir))
        if on_done is not None:
            on_done(results[-1])
    return results


def process_file(engine: Engine, path: str, sha256: str | None,
                 keep_dir: str | os.PathLike[str]) -> FileResult:
    """Read (OCR'ing scanned pages here), extract and store one file in its own transaction.
    Reading and extraction run in a worker process under the per-file limits
    (:mod:`pipelines.sandbox`). Any error is recorded in ``failures`` with a copy of the file
    kept, and returned, never raised."""
    return store_extracted(engine, limited(read_whole, path, sha256, path=path, sha256=sha256),
                           keep_dir)


def start_file(engine: Engine, path: str, sha256: str | None,
               keep_dir: str | os.PathLike[str]) -> FileResult | PendingOcr:
    """:func:`process_file`, except that a PDF with scanned pages to OCR (not in the OCR
    cache) is not stored but returned as a PendingOcr, for :func:`finish_file`."""
    item = limited(read_and_extract, path, sha256, path=path, sha256=sha256)
    return item if isinstance(item, PendingOcr) else store_extracted(engine, item, keep_dir)


def finish_file(engine: Engine, pending: PendingOcr, pages: Sequence[OcrPage],
                keep_dir: str | os.PathLike[str], ocr_error: str | None = None) -> FileResult:
    """Extract and store a PendingOcr whose pages are OCR'd (``pages``), or record it as
    failed with ``ocr_error`` when the OCR of a page failed."""
    item = limited(extract_scan, pending, pages, ocr_error, path=pending.path,
                   sha256=pending.sha256)
    return store_extracted(engine, item, keep_dir)


def limited(fn: Callable[..., Extracted | PendingOcr | Unreadable], *args: object, path: str,
            sha256: str | None) -> Extracted | PendingOcr | Unreadable:
    """``fn(*args)`` in a worker process under the per-file time limit; a timeout, a worker
    that died or an error becomes an Unreadable naming it."""
    from . import sandbox

    try:
        return sandbox.run(fn, *args, path=path)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return Unreadable.of(path, sha256, error)


def read_whole(path: str, sha256: str | None) -> Extracted | Unreadable:
    """Read (OCR'ing scanned pages here) and extract, never raising."""
    try:
        source = read_file(path)
        return Extracted(source, extract(source))
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return Unreadable.of(path, sha256, error)


@dataclass(frozen=True)
class Extracted:
    """A file read and extracted in a worker process, to be stored by the flow's one writer."""

    source: Source
    data: dict


@dataclass(frozen=True)
class Unreadable:
    """Why a worker process could not read or extract a file, in a form that crosses process
    boundaries (an exception class may not): what :func:`models.record_failure` reads."""

    path: str
    sha256: str | None
    code: str
    message_vi: str
    detail: str

    @classmethod
    def of(cls, path: str, sha256: str | None, error: BaseException) -> Unreadable:
        from models.store import INTERNAL_ERROR, INTERNAL_ERROR_VI

        return cls(path, sha256, getattr(error, "code", INTERNAL_ERROR),
                   getattr(error, "message_vi", INTERNAL_ERROR_VI),
                   getattr(error, "detail", None) or f"{type(error).__name__}: {error}")


def read_and_extract(path: str, sha256: str | None) -> Extracted | PendingOcr | Unreadable:
    """:func:`start_file` without the database: read and extract (no OCR: a PDF with scanned
    pages to OCR comes back as a PendingOcr), never raising."""
    try:
        started = start_read(path)
        return started if isinstance(started, PendingOcr) else Extracted(started,
                                                                         extract(started))
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return Unreadable.of(path, sha256, error)


def extract_scan(pending: PendingOcr, pages: Sequence[OcrPage], ocr_error: str | None = None
                 ) -> Extracted | Unreadable:
    """:func:`finish_file` without the database."""
    try:
        if ocr_error is not None:
            raise limit_in(pending.path, ocr_error) or pending.failed(ocr_error)
        source = pending.finish(pages)
        return Extracted(source, extract(source))
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return Unreadable.of(pending.path, pending.sha256, error)


def store_all(engine: Engine, items: Sequence[Extracted | Unreadable],
              keep_dir: str | os.PathLike[str]) -> list[FileResult]:
    """Store what was read and extracted (or record why not), in order, never raising: the
    one way results reach the database, whoever read them. The documents go in one
    transaction (a savepoint each, models.save_extractions); the failures are recorded
    after it, each with a copy of its file kept."""
    stored = [item for item in items if isinstance(item, Extracted)]
    try:
        saved = save_extractions(engine, [(item.source, item.data) for item in stored])
    except Exception as error:  # noqa: BLE001 - the database went away: each file says so
        saved = [error] * len(stored)
    outcome = dict(zip(map(id, stored), saved))
    results: list[FileResult] = []
    for item in items:
        if isinstance(item, Unreadable):
            results.append(failed(engine, item.path, item.sha256, keep_dir, item))  # type: ignore[arg-type]
            continue
        done = outcome[id(item)]
        if isinstance(done, Exception):
            results.append(failed(engine, item.source.path, item.source.sha256, keep_dir, done))
        else:
            document, status = done
            results.append(FileResult(item.source.path, status, item.source.sha256, document.id))
    return results


def store_extracted(engine: Engine, item: Extracted | Unreadable,
                    keep_dir: str | os.PathLike[str]) -> FileResult:
    """Store what a worker process extracted (or record why it could not), never raising."""
    if isinstance(item, Unreadable):
        return failed(engine, item.path, item.sha256, keep_dir, item)  # type: ignore[arg-type]
    try:
        document, status = save_extraction(engine, item.source, item.data)
        return FileResult(item.source.path, status, item.source.sha256, document.id)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return failed(engine, item.source.path, item.source.sha256, keep_dir, error)


def failed(engine: Engine, path: str, sha256: str | None, keep_dir: str | os.PathLike[str],
           error: BaseException | Unreadable) -> FileResult:
    """Record ``error`` for the file in ``failures``, keep a copy of it; its FileResult."""
    kept = keep_copy(path, sha256, keep_dir)
    row = record_failure(engine, safe_text(path), sha256, error, kept)
    return FileResult(path, "failed", sha256, code=row.code, message_vi=row.message_vi,
                      detail=row.detail, kept_path=kept)
