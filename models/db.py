"""Engines: the default database location, SQLite connection settings, migrations on connect."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url

from .base import json_dumps

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Seconds a SQLite writer waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT = 60
# PostgreSQL advisory lock key held while migrating ("vanthu" in ASCII).
MIGRATION_LOCK_ID = 0x76616E746875
# PostgreSQL advisory lock key held by every write transaction ("vanthuW"): see _pg_setup.
WRITE_LOCK_ID = 0x76616E74687557


def as_url(value: str) -> str:
    """A database as the user gave it: a URL ("sqlite:///x.db", "postgresql+psycopg://…")
    as it is, a plain file path ("/tmp/x.db", "~/vanthu.db", "du_lieu/vanthu.db") as the
    SQLite URL of that file (absolute)."""
    text = value.strip()
    if "://" in text or text.startswith("sqlite:"):
        return text
    return f"sqlite:///{Path(text).expanduser().absolute()}"


def default_url(create: bool = True) -> str:
    """``$VANTHU_DB`` (a URL or a file path), else ``vanthu.db`` in the user data directory
    (created, 0700, if missing and ``create``)."""
    env = os.environ.get("VANTHU_DB")
    if env:
        return as_url(env)
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("vanthu"))
    if create:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'vanthu.db'}"


class MissingFolder(Exception):
    """The folder of a SQLite file the user named does not exist: a mistyped path is not
    created."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


class MissingDatabase(Exception):
    """A command that only reads was given a SQLite file that does not exist."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL or path (``None`` for other databases and in-memory
    ones)."""
    u = make_url(as_url(url))
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _sqlite_setup(engine: Engine) -> None:
    """Foreign keys, WAL (synchronous NORMAL) and a busy timeout on every connection; explicit BEGIN so that
    writers can ask for ``BEGIN IMMEDIATE`` (``execution_options(sqlite_begin="IMMEDIATE")``)
    and never fail on a read-to-write lock upgrade."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # pysqlite: let SQLAlchemy emit BEGIN itself
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL still commits atomically (a crash never leaves half a document),
        # but syncs the disk at checkpoints instead of at every commit: a power cut may lose
        # the last documents stored, which a re-run stores again (idempotent by hash).
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def _pg_setup(engine: Engine) -> None:
    """Many writers, one truth: a write transaction (the ``sqlite_begin="IMMEDIATE"``
    execution option, models.store.writer) first takes a transaction-level advisory lock, so
    PostgreSQL's writers take turns as SQLite's do at ``BEGIN IMMEDIATE``. Storing a document
    touches rows shared with other documents (units, register entries, their tallies, the
    links between reports and directives), found by a SELECT then inserted or updated: under
    the lock, the SELECT sees what the previous writer committed, so two ingests (or Dask
    workers) storing overlapping files leave no duplicate, and with one lock taken first
    there is no lock cycle, so no deadlock. Reading, OCR and extraction, the costly part, run
    in parallel; only the store (milliseconds) is serialised. Readers never wait."""

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("sqlite_begin") == "IMMEDIATE":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_ID})")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """Migration filter: the full-text objects (SQLite ``documents_fts*`` tables, PostgreSQL
    ``documents_search_idx``) are made by raw SQL, not by the models, so autogenerate must
    leave them alone."""
    if type_ == "table" and name is not None and name.startswith("documents_fts"):
        return False
    return not (type_ == "index" and name == "documents_search_idx")


def create(url: str | None = None, must_exist: bool = False, create_folder: bool = True
           ) -> Engine:
    """An engine for ``url`` (default: :func:`default_url`), without migrating. A SQLite file
    is created 0600 unless ``must_exist`` (the commands that only read): then a missing file
    raises MissingDatabase and nothing is created. ``url`` and $VANTHU_DB may be a URL or a
    plain file path. Without ``create_folder`` (the commands: what a user typed), the folder
    of a file the user named must exist (MissingFolder); the default one, in the user data
    directory, is always created (0700)."""
    given = url or os.environ.get("VANTHU_DB")
    url = as_url(given) if given else default_url(create=not must_exist)
    kwargs: dict[str, Any] = {"json_serializer": json_dumps}
    path = sqlite_path(url)
    if path is not None and must_exist and not path.is_file():
        raise MissingDatabase(path)
    if path is not None:
        if given and not create_folder and not path.parent.is_dir():
            raise MissingFolder(path)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():   # the database holds what the inbox held: owner only
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT, "check_same_thread": False}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _sqlite_setup(engine)
    elif engine.dialect.name == "postgresql":
        _pg_setup(engine)
    return engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    """``alembic upgrade`` on ``engine``, from any working directory."""
    from alembic import command
    from alembic.config import Config
    from alembic.migration import MigrationContext

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # One migrator at a time: a second process waits here, then finds the schema current.
    with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
        cfg.attributes["connection"] = conn
        before = MigrationContext.configure(conn).get_current_revision()
        command.upgrade(cfg, revision)
        after = MigrationContext.configure(conn).get_current_revision()
        if before in REVISIONS_BEFORE_TALLIES and after not in REVISIONS_BEFORE_TALLIES:
            _fill_register(conn)


# Revisions whose databases may have documents but no register, or a register without its
# tallies (0002 added the register, 0004 the tallies): the register is rebuilt after them.
REVISIONS_BEFORE_TALLIES = frozenset({"0001", "0002", "0003"})


def _fill_register(conn: Any) -> None:
    """Build the register (and its tallies) of a database that had documents before revision
    0004, in the migration's transaction."""
    from sqlalchemy.orm import Session

    from .register import rebuild_register

    with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
        _fill_cited_subjects(session)
        rebuild_register(session)
        session.commit()  # releases the savepoint; the migration's transaction commits it


def _fill_cited_subjects(session: Any) -> None:
    """Revision 0004 added ``doc_references.cited_subject``, which extraction now gives with
    each reference: read it once for the documents stored before, from their stored text."""
    from sqlalchemy import select

    from extractors.cited_subject import SUBJECT_WINDOW, subject_after

    from .documents import Document
    from .facts import DocReference

    rows = session.execute(select(DocReference, Document.text)
                           .join(Document, Document.id == DocReference.document_id)
                           .where(DocReference.number_key.is_not(None),
                                  DocReference.span_end.is_not(None))).all()
    for ref, text in rows:
        after = (text or "")[ref.span_end:ref.span_end + SUBJECT_WINDOW]
        ref.cited_subject = subject_after(after) if after else None
    session.flush()


def connect(url: str | None = None, must_exist: bool = False, create_folder: bool = True
            ) -> Engine:
    """An engine on an up-to-date schema: creates the database (unless ``must_exist``) or
    migrates it to the latest revision, then returns the engine (``create_folder``: see
    :func:`create`)."""
    engine = create(url, must_exist, create_folder)
    if current_revision(engine) != head_revision():
        upgrade(engine)   # alembic is imported (a fifth of a second) only to migrate
    return engine


def head_revision() -> str:
    """The newest migration's revision, from the file names ("0010_member_status.py")."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))


def current_revision(engine: Engine) -> str | None:
    """The database's revision (alembic_version), ``None`` for a new database."""
    from sqlalchemy.exc import DBAPIError

    with engine.connect() as conn:
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except DBAPIError:
            return None
