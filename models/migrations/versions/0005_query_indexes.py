"""Indexes and columns for fast unit, citation and search queries.

A unit's tasks and an entry's citing documents are listed in date order one page at a time:
``obligations``, ``doc_references`` and ``deadlines`` get ``document_issued_on``, a copy of
their document's ``issued_on`` kept by triggers (on insert of the fact row, and when a
document's date changes), so that the order (due, document date, id) / (document date,
document id, id) is an index's order, and a recurring deadline's start is read without the
document row. The composite indexes replace the single-column ones on ``unit_id`` and
``legal_document_id``, which are their first column.

Units: ``canonical_key``, the folded canonical name (filled on insert by the model), indexed,
so that ``--unit NAME`` finds its units without folding the whole directory.

Search (SQLite): ``documents_fts_head``, an FTS5 table of each document's number key and
folded subject with its own copy of them (kept by triggers, like ``documents_fts``), finds
the documents holding every query word in their number or subject and gives the ranking
bonus of any document without reading the document row (models/search.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Fact tables that carry a copy of their document's issued_on.
DATED_FACTS = ("obligations", "doc_references", "deadlines")

INDEXES = [
    ("ix_obligations_unit_order", "obligations",
     ["unit_id", "status", "due", "document_issued_on", "id"]),
    ("ix_obligations_status_order", "obligations",
     ["status", "due", "document_issued_on", "id"]),
    ("ix_doc_references_citing_order", "doc_references",
     ["legal_document_id", "document_issued_on", "document_id", "id", "relation"]),
]
# Partial indexes of the recurring rows: (name, table, columns).
RECURRING = [
    ("ix_obligations_recurring", "obligations",
     ["status", "unit_id", "rrule", "document_issued_on"]),
    ("ix_deadlines_recurring", "deadlines", ["rrule", "document_issued_on"]),
]
# (name, table, columns) of the indexes the composite ones make redundant.
REPLACED = [
    ("ix_obligations_unit_id", "obligations", ["unit_id"]),
    ("ix_doc_references_legal_document_id", "doc_references", ["legal_document_id"]),
]


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_document_date_ai AFTER INSERT ON {table} BEGIN
            UPDATE {table} SET document_issued_on =
                (SELECT issued_on FROM documents WHERE documents.id = new.document_id)
            WHERE id = new.id;
        END""",
        f"""CREATE TRIGGER {table}_document_date_au AFTER UPDATE OF document_id ON {table}
        BEGIN
            UPDATE {table} SET document_issued_on =
                (SELECT issued_on FROM documents WHERE documents.id = new.document_id)
            WHERE id = new.id;
        END""",
    ]


SQLITE_DOCUMENT_TRIGGER = f"""CREATE TRIGGER documents_issued_on_au AFTER UPDATE OF issued_on
    ON documents BEGIN
    {" ".join(f"UPDATE {t} SET document_issued_on = new.issued_on WHERE document_id = new.id;"
              for t in DATED_FACTS)}
END"""

SQLITE_HEAD_FTS = [
    """CREATE VIRTUAL TABLE documents_fts_head USING fts5(number_key, folded_subject,
        tokenize='unicode61')""",
    """INSERT INTO documents_fts_head(rowid, number_key, folded_subject)
        SELECT id, number_key, folded_subject FROM documents""",
    """CREATE TRIGGER documents_fts_head_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts_head(rowid, number_key, folded_subject)
        VALUES (new.id, new.number_key, new.folded_subject);
    END""",
    """CREATE TRIGGER documents_fts_head_ad AFTER DELETE ON documents BEGIN
        DELETE FROM documents_fts_head WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER documents_fts_head_au AFTER UPDATE OF number_key, folded_subject
        ON documents BEGIN
        UPDATE documents_fts_head SET number_key = new.number_key,
            folded_subject = new.folded_subject WHERE rowid = new.id;
    END""",
]

PG_FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION vanthu_fact_document_date() RETURNS trigger AS $$
    BEGIN
        NEW.document_issued_on := (SELECT issued_on FROM documents WHERE id = NEW.document_id);
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION vanthu_document_date_changed() RETURNS trigger AS $$
    BEGIN
        {" ".join(f"UPDATE {t} SET document_issued_on = NEW.issued_on "
                  f"WHERE document_id = NEW.id;" for t in DATED_FACTS)}
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
]


def _pg_triggers(table: str) -> list[str]:
    return [f"""CREATE TRIGGER {table}_document_date BEFORE INSERT OR UPDATE OF document_id
        ON {table} FOR EACH ROW EXECUTE FUNCTION vanthu_fact_document_date()"""]


PG_DOCUMENT_TRIGGER = """CREATE TRIGGER documents_issued_on_au AFTER UPDATE OF issued_on
    ON documents FOR EACH ROW WHEN (OLD.issued_on IS DISTINCT FROM NEW.issued_on)
    EXECUTE FUNCTION vanthu_document_date_changed()"""


def _fill_unit_keys() -> None:
    from extractors.normalize import fold

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, canonical_name FROM units")).all()
    if rows:
        conn.execute(sa.text("UPDATE units SET canonical_key = :key WHERE id = :id"),
                     [{"id": i, "key": fold(name)} for i, name in rows])


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("units", sa.Column("canonical_key", sa.Text(), nullable=True))
    _fill_unit_keys()
    op.create_index("ix_units_canonical_key", "units", ["canonical_key"])
    for table in DATED_FACTS:
        op.add_column(table, sa.Column("document_issued_on", sa.Date(), nullable=True))
    if dialect == "postgresql":
        for table in DATED_FACTS:
            op.execute(f"UPDATE {table} f SET document_issued_on = d.issued_on "
                       "FROM documents d WHERE d.id = f.document_id")
        for statement in PG_FUNCTIONS:
            op.execute(statement)
        for table in DATED_FACTS:
            for statement in _pg_triggers(table):
                op.execute(statement)
        op.execute(PG_DOCUMENT_TRIGGER)
    else:
        for table in DATED_FACTS:
            op.execute(f"UPDATE {table} SET document_issued_on = (SELECT issued_on FROM "
                       f"documents WHERE documents.id = {table}.document_id)")
            for statement in _sqlite_triggers(table):
                op.execute(statement)
        op.execute(SQLITE_DOCUMENT_TRIGGER)
        for statement in SQLITE_HEAD_FTS:
            op.execute(statement)
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    recurring = sa.text("rrule IS NOT NULL")
    for name, table, columns in RECURRING:
        op.create_index(name, table, columns, sqlite_where=recurring,
                        postgresql_where=recurring)
    for name, table, _columns in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, table, columns in REPLACED:
        op.create_index(name, table, columns)
    for name, table, _columns in [*INDEXES, *RECURRING]:
        op.drop_index(name, table_name=table)
    op.execute("DROP TRIGGER IF EXISTS documents_issued_on_au"
               + (" ON documents" if dialect == "postgresql" else ""))
    if dialect == "sqlite":
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS documents_fts_head_{trigger}")
        op.execute("DROP TABLE IF EXISTS documents_fts_head")
    for table in DATED_FACTS:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_document_date ON {table}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_document_date_ai")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_document_date_au")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS vanthu_document_date_changed()")
        op.execute("DROP FUNCTION IF EXISTS vanthu_fact_document_date()")
    for table in DATED_FACTS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("document_issued_on")
    op.drop_index("ix_units_canonical_key", table_name="units")
    with op.batch_alter_table("units") as batch:
        batch.drop_column("canonical_key")
