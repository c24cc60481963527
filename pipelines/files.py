"""The steps of ingesting files, as plain functions (no Prefect): find the files, hash them,
skip what is stored, read + extract + store one file, keep a copy of a file that failed.

A scanned PDF can be stored in two steps, so that its pages are OCR'd in between by whoever
calls (the flow: one Prefect task per page): :func:`start_file` returns its
:class:`extractors.readers.PendingOcr`, :func:`finish_file` stores it with the OCR'd pages."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Engine

from extractors import document as extractor
from extractors import extract, read_file
from extractors.readers import PendingOcr, Source, sha256_file, start_read
from models import record_failure, save_extraction, stored_versions
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
        return Path(self.path).name


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


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files named, and the files under folders named (recursively, sorted, hidden files and
    folders left out), as absolute paths, each once. A missing path is kept: it fails when
    read, and so is reported."""
    out: list[str] = []
    for given in paths:
        p = Path(given).absolute()
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and not _hidden(f, p))
        else:
            out.append(str(p))
    return list(dict.fromkeys(out))


def hash_file(path: str) -> str | None:
    """The file's sha256, or ``None`` when it cannot be opened (reported when read)."""
    try:
        return sha256_file(path)
    except OSError:
        return None


def plan(engine: Engine, files: list[str]) -> tuple[list[tuple[str, str | None]], list[FileResult]]:
    """Split files into (path, sha256) pairs to read and the results of those to skip without
    reading: content already stored by the current extractor version, or met earlier in
    this run."""
    hashes = [(path, hash_file(path)) for path in files]
    stored = stored_versions(engine, [sha for _, sha in hashes if sha])
    version = extractor.EXTRACTOR_VERSION
    todo: list[tuple[str, str | None]] = []
    skipped: list[FileResult] = []
    seen: set[str] = set()
    for path, sha in hashes:
        if sha is not None and (stored.get(sha) == version or sha in seen):
            skipped.append(FileResult(path, "skipped", sha))
        else:
            todo.append((path, sha))
        if sha is not None:
            seen.add(sha)
    return todo, skipped


def default_keep_dir(db_url: str) -> Path:
    """Where failed files are copied: ``quarantine`` beside the SQLite database, else in the
    user data directory."""
    db_file = sqlite_path(db_url)
    if db_file is not None:
        return db_file.absolute().parent / "quarantine"
    from platformdirs import user_data_dir

    return Path(user_data_dir("vanthu")) / "quarantine"


def keep_copy(path: str, sha256: str | None, keep_dir: str | os.PathLike[str],
              max_bytes: int = KEEP_MAX_BYTES) -> str | None:
    """Copy a failed file to ``keep_dir/<sha256[:12]>_<name>`` for review; ``None`` when it is
    too large or cannot be copied (its path is recorded either way)."""
    src = Path(path)
    try:
        if not src.is_file() or src.stat().st_size > max_bytes:
            return None
        folder = Path(keep_dir)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / (f"{sha256[:12]}_{src.name}" if sha256 else src.name)
        if not target.exists():
            shutil.copy2(src, target)
        return str(target)
    except OSError:
        return None


def process_file(engine: Engine, path: str, sha256: str | None,
                 keep_dir: str | os.PathLike[str]) -> FileResult:
    """Read (OCR'ing scanned pages here), extract and store one file in its own transaction.
    Any error is recorded in ``failures`` with a copy of the file kept, and returned, never
    raised."""
    try:
        return _store(engine, read_file(path))
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return failed(engine, path, sha256, keep_dir, error)


def start_file(engine: Engine, path: str, sha256: str | None,
               keep_dir: str | os.PathLike[str]) -> FileResult | PendingOcr:
    """:func:`process_file`, except that a PDF with scanned pages to OCR (not in the OCR
    cache) is not stored but returned as a PendingOcr, for :func:`finish_file`."""
    try:
        started = start_read(path)
        return started if isinstance(started, PendingOcr) else _store(engine, started)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return failed(engine, path, sha256, keep_dir, error)


def finish_file(engine: Engine, pending: PendingOcr, pages: Sequence[OcrPage],
                keep_dir: str | os.PathLike[str], ocr_error: str | None = None) -> FileResult:
    """Extract and store a PendingOcr whose pages are OCR'd (``pages``), or record it as
    failed with ``ocr_error`` when the OCR of a page failed."""
    try:
        if ocr_error is not None:
            raise pending.failed(ocr_error)
        return _store(engine, pending.finish(pages))
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return failed(engine, pending.path, pending.sha256, keep_dir, error)


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


def extract_file(path: str, sha256: str | None) -> Extracted | PendingOcr | Unreadable:
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
            raise pending.failed(ocr_error)
        source = pending.finish(pages)
        return Extracted(source, extract(source))
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return Unreadable.of(pending.path, pending.sha256, error)


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


def _store(engine: Engine, source: Source) -> FileResult:
    document, status = save_extraction(engine, source, extract(source))
    return FileResult(source.path, status, source.sha256, document.id)


def failed(engine: Engine, path: str, sha256: str | None, keep_dir: str | os.PathLike[str],
           error: BaseException | Unreadable) -> FileResult:
    """Record ``error`` for the file in ``failures``, keep a copy of it; its FileResult."""
    kept = keep_copy(path, sha256, keep_dir)
    row = record_failure(engine, path, sha256, error, kept)
    return FileResult(path, "failed", sha256, code=row.code, message_vi=row.message_vi,
                      detail=row.detail, kept_path=kept)
