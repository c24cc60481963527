"""Writing: one extraction per transaction, and the record of files that failed."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from extractors import document as extractor
from extractors.opening import safe_text
from extractors.readers import Source

from .contract import FACT_KINDS, fill_document
from .corrections import apply_corrections
from .documents import Document, Failure, utcnow
from .facts import mark_loose
from .linking import assign_units, link_obligations, manual_history, restore_history
from .register import retract, update_register

Status = Literal["ingested", "updated", "skipped"]
# Unexpected exceptions (not a ReadError) are stored under this code.
INTERNAL_ERROR = "internal_error"
INTERNAL_ERROR_VI = "Lỗi không mong đợi khi xử lý tệp"


def writer(engine: Engine) -> Engine:
    """The engine for write transactions (SQLite takes its write lock at BEGIN)."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def stored_versions(engine: Engine, sha256s: Iterable[str], chunk: int = 500) -> dict[str, str]:
    """sha256 → extractor_version for the given hashes that are already stored."""
    wanted = list(dict.fromkeys(sha256s))
    found: dict[str, str] = {}
    with engine.connect() as conn:
        for i in range(0, len(wanted), chunk):
            rows = conn.execute(select(Document.sha256, Document.extractor_version)
                                .where(Document.sha256.in_(wanted[i:i + chunk])))
            found.update({sha: version for sha, version in rows})
    return found


def save_extraction(engine: Engine, source: Source, data: dict[str, Any]
                    ) -> tuple[Document, Status]:
    """Store one extraction with all its facts in a single transaction.

    ``skipped``: this content is already stored by the same extractor version.
    ``updated``: stored by another (older) version; its facts are replaced, same id.
    ``ingested``: new content. A failure recorded earlier for this path is cleared.
    The register of cited documents (models/register.py), the units of the obligations and
    the links between reports and the directives they answer (models/linking.py) are
    updated in the same transaction.
    """
    version = str(data.get("extractor_version") or extractor.EXTRACTOR_VERSION)
    try:
        return _save(engine, source, data, version)
    except DBAPIError as e:
        # Another worker stored the same content between our check and our insert, or
        # two workers updating the same register entries deadlocked (PostgreSQL).
        if not isinstance(e, IntegrityError) and _sqlstate(e) not in RETRY_SQLSTATES:
            raise
        return _save(engine, source, data, version)


# PostgreSQL: deadlock detected, serialization failure.
RETRY_SQLSTATES = frozenset({"40P01", "40001"})


def _sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)


def save_extractions(engine: Engine, items: Sequence[tuple[Source, dict[str, Any]]]
                     ) -> list[tuple[Document, Status] | Exception]:
    """:func:`save_extraction` for several extractions in one transaction, each in a
    savepoint of its own: what is stored is the same as storing them one by one, in order
    (same rows, same ids, same register), for one commit instead of one per document. An
    extraction that cannot be stored is rolled back alone; its exception is returned in its
    place. When the transaction itself fails (another writer stored the same content a
    moment ago, a deadlock on PostgreSQL), each extraction is stored in its own."""
    if not items:
        return []
    try:
        with Session(writer(engine), expire_on_commit=False) as session, session.begin():
            out: list[tuple[Document, Status] | Exception] = []
            for source, data in items:
                version = str(data.get("extractor_version") or extractor.EXTRACTOR_VERSION)
                try:
                    with session.begin_nested():
                        out.append(_store(session, source, data, version))
                except DBAPIError:
                    raise                   # the transaction may be gone: one by one below
                except Exception as error:  # noqa: BLE001 - one bad document, not the batch
                    out.append(error)
            return out
    except DBAPIError:
        results: list[tuple[Document, Status] | Exception] = []
        for source, data in items:
            try:
                results.append(save_extraction(engine, source, data))
            except Exception as error:  # noqa: BLE001 - returned for the caller to record
                results.append(error)
        return results


def _save(engine: Engine, source: Source, data: dict[str, Any], version: str
          ) -> tuple[Document, Status]:
    with Session(writer(engine), expire_on_commit=False) as session, session.begin():
        return _store(session, source, data, version)


def _store(session: Session, source: Source, data: dict[str, Any], version: str
           ) -> tuple[Document, Status]:
    """Store one extraction in ``session``'s transaction (see :func:`save_extraction`)."""
    doc = session.scalar(select(Document).where(Document.sha256 == source.sha256))
    path = safe_text(source.path)
    if doc is None:    # a file changed in place replaces the version stored from its path
        doc = session.scalar(select(Document).where(Document.path == path)
                             .order_by(Document.id.desc()).limit(1))
    if doc is not None and doc.extractor_version == version and doc.sha256 == source.sha256:
        for relation, _cls in FACT_KINDS.values():
            getattr(doc, relation)  # load the facts: the caller gets a whole document
        return doc, "skipped"
    status: Status = "ingested"
    touched: set[int] = set()
    history: dict = {}
    if doc is None:
        doc = Document()
        session.add(doc)
    else:
        status = "updated"
        touched = retract(session, doc.id)
        history = manual_history(session, doc.id)
        for _relation, cls in FACT_KINDS.values():
            session.execute(delete(cls).where(cls.document_id == doc.id))
        session.expire(doc, [relation for relation, _cls in FACT_KINDS.values()])
    fill_document(doc, source, data, version)
    apply_corrections(session, doc)  # what people corrected, over the new extraction
    mark_loose(doc.deadlines, doc.obligations)
    issuer = assign_units(session, doc)  # before the insert: obligations go in with units
    own = update_register(session, doc, touched)  # inserts the document and its facts
    # reports ↔ directives
    link_obligations(session, doc, issuer, own_entry=own)
    restore_history(session, doc, history)   # done/reopen recorded by people
    session.execute(delete(Failure).where(Failure.path == path))
    return doc, status


def record_failure(engine: Engine, path: str, sha256: str | None, error: BaseException,
                   kept_path: str | None = None) -> Failure:
    """Upsert the failure of ``path`` (with this content): attempts += 1, last_seen = now.

    A :class:`extractors.ReadError` gives its code, Vietnamese message and detail; any other
    exception is stored as ``internal_error`` with its type and message as the detail."""
    code = getattr(error, "code", INTERNAL_ERROR)
    message_vi = getattr(error, "message_vi", INTERNAL_ERROR_VI)
    detail = getattr(error, "detail", None) or f"{type(error).__name__}: {error}"
    # what the file system and the error give may hold undecodable bytes or NUL (PostgreSQL
    # refuses both): stored as escapes
    path, detail = safe_text(path), safe_text(str(detail)).replace("\x00", "\\x00")
    now: datetime = utcnow()
    with Session(writer(engine), expire_on_commit=False) as session, session.begin():
        row = session.scalar(select(Failure).where(
            Failure.path == path,
            Failure.sha256 == sha256 if sha256 is not None else Failure.sha256.is_(None)))
        if row is None:
            row = Failure(path=path, sha256=sha256, attempts=0, first_seen=now)
            session.add(row)
        row.attempts += 1
        row.code, row.message_vi, row.detail = code, message_vi, detail
        row.last_seen = now
        row.kept_path = kept_path or row.kept_path
        return row
