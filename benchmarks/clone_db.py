"""A large benchmark database from a smaller one: ``--copies`` K copies of every document of a
database built by bench_queries.py (``--build-only``), written to a fresh SQLite file or
PostgreSQL database through the project's schema (``models.connect``: migrations, triggers,
full-text indexes).

    .venv/bin/python benchmarks/bench_queries.py --docs 10000 --build-only --db seed.db
    .venv/bin/python benchmarks/clone_db.py --source seed.db --copies 10 --db q100k.db
    .venv/bin/python benchmarks/clone_db.py --source seed.db --copies 10 \\
        --db postgresql+psycopg://postgres@127.0.0.1/vanthu_bench

Why: storing a document through ``save_extraction`` costs 20 ms of CPU on an idle machine and
three to seven times that on a shared one, so 100,000 documents take hours; copying rows
takes minutes, and both databases get the same rows.

Copy ``k`` (0 … K-1) of document ``d`` is document ``d + k·D`` (D: the source's largest
document id), with the serial of its number ("Số: N/…", the builder's serial, which is
the document id) replaced by its own id, its own sha256, path and file name, and every fact
(references, deadlines, obligations, targets, statistics, funding, OCR pages, status
events) copied with it under ids shifted the same way. Its date, units and text stay those
of its source document: a database of K copies has K times as many documents on each day,
for each unit and citing each register entry (citation counts and register tallies
multiplied by K) as its source; each copy has its own register entry for its own number.
Units, aliases and users are copied once.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, Table, bindparam, func, select, text  # noqa: E402

from models import connect  # noqa: E402
from models.base import Base  # noqa: E402
from models.db import as_url  # noqa: E402
from models.search import PG_VECTOR  # noqa: E402

CHUNK = 500
_SERIAL = re.compile(r"^\d+")
# Tables copied once (k = 0 only), as they are.
ONCE = {"units", "unit_aliases", "users", "failures", "corrections", "alembic_version"}
# Tables the target's triggers fill as the rows above are written.
FILLED = {"task_tallies"}
# Fact tables: own id and document_id shifted.
FACTS = {"doc_references", "deadlines", "obligations", "targets", "statistics", "funding",
         "ocr_pages"}


def _reserial(value: str | None, old: int, new: int) -> str | None:
    """``value`` with its leading serial ``old`` (the builder's) replaced by ``new``."""
    if not value:
        return value
    m = _SERIAL.match(value)
    return f"{new}{value[m.end():]}" if m and int(m.group()) == old else value


def _renamed(value: str, old: int, new: int) -> str:
    """A synthetic path or file name "…/0000123_x.txt" for serial ``new``."""
    return value.replace(f"{old:07d}_", f"{new:07d}_", 1)


class Cloner:
    def __init__(self, source: Engine, target: Engine, copies: int) -> None:
        self.source, self.target, self.copies = source, target, copies
        self.tables = {t.name: t for t in Base.metadata.sorted_tables}
        with source.connect() as conn:
            self.top = {name: int(conn.scalar(select(func.max(t.c.id))) or 0)
                        for name, t in self.tables.items() if "id" in t.c}

    def rows(self, table: Table, where: Any = None) -> Iterator[list[dict[str, Any]]]:
        stmt = select(table)
        if where is not None:
            stmt = stmt.where(where)
        if "id" in table.c:
            stmt = stmt.order_by(table.c.id)
        with self.source.connect() as conn:
            result = conn.execution_options(yield_per=CHUNK).execute(stmt)
            for part in result.partitions(CHUNK):
                yield [dict(r._mapping) for r in part]

    def transform(self, name: str, k: int) -> Callable[[dict[str, Any]], dict[str, Any] | None]:
        d_off = k * self.top.get("documents", 0)
        own = k * self.top.get(name, 0)
        K = self.copies

        def documents(r: dict[str, Any]) -> dict[str, Any]:
            old, new = r["id"], r["id"] + d_off
            r["id"] = new
            if k:
                r["sha256"] = hashlib.sha256(f"{r['sha256']}:{k}".encode()).hexdigest()
                r["path"] = _renamed(r["path"], old, new)
                r["file_name"] = _renamed(r["file_name"], old, new)
                r["number"] = _reserial(r["number"], old, new)
                r["number_key"] = _reserial(r["number_key"], old, new)
            return r

        def legal_documents(r: dict[str, Any]) -> dict[str, Any] | None:
            if k == 0:
                r["citation_count"] = r["citation_count"] * K
                return r
            if r["document_id"] is None:
                return None
            old = r["document_id"]
            r.update(id=r["id"] + own, document_id=old + d_off, citation_count=0,
                     number=_reserial(r["number"], old, old + d_off),
                     number_key=_reserial(r["number_key"], old, old + d_off))
            return r

        def tallies(r: dict[str, Any]) -> dict[str, Any] | None:
            if k:
                return None
            r["n"] = r["n"] * K
            return r

        def fact(r: dict[str, Any]) -> dict[str, Any]:
            r["id"] += own
            r["document_id"] += d_off
            return r

        def events(r: dict[str, Any]) -> dict[str, Any]:
            r["id"] += own
            r["obligation_id"] += k * self.top["obligations"]
            if r.get("source_document_id") is not None:
                r["source_document_id"] += d_off
            return r

        if name == "documents":
            return documents
        if name == "legal_documents":
            return legal_documents
        if name == "register_tallies":
            return tallies
        if name == "obligation_events":
            return events
        if name in FACTS:
            return fact
        return lambda r: r if k == 0 else None

    def new_entries(self, table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The entries of copied documents whose number no entry has yet (a copy's number
        may happen to be a cited one: that copy then has no entry of its own)."""
        keys = {r["number_key"] for r in rows}
        with self.target.connect() as conn:
            taken = set(conn.execute(select(table.c.number_key, table.c.type_key)
                                     .where(table.c.number_key.in_(keys))).tuples())
        return [r for r in rows if (r["number_key"], r["type_key"]) not in taken]

    def copy_units(self, table: Table) -> None:
        rows = [r for chunk in self.rows(table) for r in chunk]
        parents = [{"i": r["id"], "p": r["parent_id"]} for r in rows if r["parent_id"]]
        with self.target.begin() as conn:
            if rows:
                conn.execute(table.insert(), [{**r, "parent_id": None} for r in rows])
            if parents:
                conn.execute(table.update().where(table.c.id == bindparam("i"))
                             .values(parent_id=bindparam("p")), parents)

    def run(self) -> None:
        started = time.perf_counter()
        pg = self.target.dialect.name == "postgresql"
        if pg:   # the full-text index is built once at the end, not row by row
            with self.target.begin() as conn:
                conn.execute(text("DROP INDEX IF EXISTS documents_search_idx"))
        for k in range(self.copies):
            for name, table in self.tables.items():
                if name in FILLED or (name in ONCE and k):
                    continue
                where = table.c.document_id.is_not(None) if name == "legal_documents" and k \
                    else None
                if name == "register_tallies" and k:
                    continue
                change = self.transform(name, k)
                if name == "units":   # parents may come after their members: linked after
                    self.copy_units(table)
                    continue
                for chunk in self.rows(table, where):
                    out = [row for row in map(change, chunk) if row is not None]
                    if name == "legal_documents" and k:
                        out = self.new_entries(table, out)
                    if out:
                        with self.target.begin() as conn:
                            conn.execute(table.insert(), out)
            print(f"copy {k + 1}/{self.copies} written "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
        if pg:
            with self.target.begin() as conn:
                conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
                conn.execute(text("CREATE INDEX documents_search_idx ON documents USING gin "
                                  f"(({PG_VECTOR}))"))
            print(f"full-text index built ({time.perf_counter() - started:.0f} s)", flush=True)
            with self.target.begin() as conn:
                for name, table in self.tables.items():
                    if "id" in table.c and table.c.id.autoincrement:
                        conn.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"))
            # Statistics, as autovacuum would gather them (SQLite gets none: vanthu never
            # runs ANALYZE there, so neither does a user's database). The documents' columns
            # by name: a plain ANALYZE would also sample the full-text index's expression,
            # folding 30,000 whole texts (more than 10 minutes on the shared machine).
            with self.target.begin() as conn:
                for name in self.tables:
                    columns = "(id, issued_on, number, number_key, issuer, doc_type, " \
                        "file_name, subject, ocr_pages)" if name == "documents" else ""
                    conn.execute(text(f"ANALYZE {name} {columns}"))
            # And the visibility map autovacuum would set, without which PostgreSQL reads
            # the table rows behind every index entry (no index-only scans).
            with self.target.connect().execution_options(isolation_level="AUTOCOMMIT") \
                    as conn:
                for name in self.tables:
                    conn.execute(text(f"VACUUM {name}"))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", required=True, help="the database to copy (SQLite file or URL)")
    ap.add_argument("--db", required=True, help="an empty database to write (file or URL)")
    ap.add_argument("--copies", type=int, default=10)
    args = ap.parse_args(argv)
    source, target = connect(as_url(args.source)), connect(as_url(args.db))
    with target.connect() as conn:
        if conn.scalar(text("SELECT count(*) FROM documents")):
            sys.exit(f"{args.db} is not empty")
    t = time.perf_counter()
    Cloner(source, target, args.copies).run()
    with target.connect() as conn:
        n = conn.scalar(text("SELECT count(*) FROM documents"))
    print(f"{n:,} documents in {args.db} after {time.perf_counter() - t:.0f} s")


if __name__ == "__main__":
    main()
