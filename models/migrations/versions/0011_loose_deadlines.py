"""Every unit's deadlines at scale: ``deadlines.loose`` marks the deadlines that no task of the
same document carries (listed on their own by ``vanthu deadlines`` without ``--unit`` and on
the dashboard), set when a document is stored and when a task's due date is corrected, so
that listing and counting them reads a partial index instead of checking every deadline
against its document's tasks; and a partial index of the fixed-date tasks (``rrule IS
NULL``), from which every unit's due tasks are listed without reading the rows.

``task_tallies``: how many tasks per status, recurring or not, and due date (0001-01-01 for
none), kept by triggers on ``obligations`` (insert, delete, a change of status, due date or
rule), so that every unit's totals (``vanthu obligations``/``deadlines`` without ``--unit``,
the dashboard's counts and weeks) are a sum over at most one row per day
(models/tallies.py).

``ix_documents_head``: the header columns of the documents (number, type, date, issuer, file
name, subject) beside the id, so that a page of documents is read from the index on SQLite,
whose rows put them after the long text columns (reaching them walks the text's overflow
pages).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOOSE = {"sqlite": "loose = 1", "postgresql": "loose = true"}


def _same(dialect: str, a: str, b: str) -> str:
    return f"{a} IS {b}" if dialect == "sqlite" else f"{a} IS NOT DISTINCT FROM {b}"


# The tally key of a row of obligations (NEW or OLD).
def _key(row: str, dialect: str) -> str:
    undated = "'0001-01-01'" if dialect == "sqlite" else "DATE '0001-01-01'"
    return f"{row}.status, ({row}.rrule IS NOT NULL), coalesce({row}.due, {undated})"


def _add(row: str, dialect: str) -> str:
    return (f"INSERT INTO task_tallies (status, recurring, day, n) VALUES ({_key(row, dialect)},"
            " 1) ON CONFLICT (status, recurring, day) DO UPDATE SET n = task_tallies.n + 1;")


def _remove(row: str, dialect: str) -> str:
    undated = "'0001-01-01'" if dialect == "sqlite" else "DATE '0001-01-01'"
    return (f"UPDATE task_tallies SET n = n - 1 WHERE status = {row}.status"
            f" AND recurring = ({row}.rrule IS NOT NULL)"
            f" AND day = coalesce({row}.due, {undated});")


def _tally_triggers(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER obligations_tally_ai AFTER INSERT ON obligations BEGIN "
            f"{_add('new', dialect)} END",
            f"CREATE TRIGGER obligations_tally_ad AFTER DELETE ON obligations BEGIN "
            f"{_remove('old', dialect)} END",
            f"CREATE TRIGGER obligations_tally_au AFTER UPDATE OF status, due, rrule ON "
            f"obligations BEGIN {_remove('old', dialect)} {_add('new', dialect)} END",
        ]
    return [
        f"""CREATE OR REPLACE FUNCTION vanthu_task_tally() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN {_remove('OLD', dialect)} END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add('NEW', dialect)} END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER obligations_tally AFTER INSERT OR DELETE OR UPDATE OF status, due, rrule
        ON obligations FOR EACH ROW EXECUTE FUNCTION vanthu_task_tally()""",
        # TRUNCATE (of obligations or, cascading, of documents) fires no row trigger.
        """CREATE OR REPLACE FUNCTION vanthu_task_tally_truncate() RETURNS trigger AS $$
        BEGIN DELETE FROM task_tallies; RETURN NULL; END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER obligations_tally_truncate AFTER TRUNCATE ON obligations
        FOR EACH STATEMENT EXECUTE FUNCTION vanthu_task_tally_truncate()""",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "task_tallies",
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("recurring", sa.Boolean(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("status", "recurring", "day", name="pk_task_tallies"),
    )
    undated = "'0001-01-01'" if dialect == "sqlite" else "DATE '0001-01-01'"
    op.execute("INSERT INTO task_tallies (status, recurring, day, n) SELECT status,"
               f" (rrule IS NOT NULL), coalesce(due, {undated}), count(*) FROM obligations"
               f" GROUP BY status, (rrule IS NOT NULL), coalesce(due, {undated})")
    for statement in _tally_triggers(dialect):
        op.execute(statement)
    op.add_column("deadlines", sa.Column("loose", sa.Boolean(), nullable=False,
                                         server_default="0"))
    # The same rule as models.facts.mark_loose, for the deadlines stored before.
    plus = "+" if dialect == "sqlite" else ""   # the document_id index, not the due one
    true = "1" if dialect == "sqlite" else "true"
    op.execute(f"""UPDATE deadlines SET loose = {true} WHERE
        (due IS NOT NULL OR rrule IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM obligations o WHERE o.document_id = deadlines.document_id
            AND {_same(dialect, plus + 'o.due', 'deadlines.due')}
            AND {_same(dialect, 'o.rrule', 'deadlines.rrule')})
        AND NOT EXISTS (SELECT 1 FROM deadlines t WHERE t.document_id = deadlines.document_id
            AND {_same(dialect, plus + 't.due', 'deadlines.due')}
            AND {_same(dialect, 't.rrule', 'deadlines.rrule')} AND t.id < deadlines.id)""")
    cond = LOOSE[dialect]
    op.create_index("ix_deadlines_loose", "deadlines", ["due", "id"],
                    sqlite_where=sa.text(f"{cond} AND rrule IS NULL AND due IS NOT NULL"),
                    postgresql_where=sa.text(f"{cond} AND rrule IS NULL AND due IS NOT NULL"))
    op.create_index("ix_deadlines_loose_recurring", "deadlines",
                    ["rrule", "document_issued_on", "id"],
                    sqlite_where=sa.text(f"{cond} AND rrule IS NOT NULL"),
                    postgresql_where=sa.text(f"{cond} AND rrule IS NOT NULL"))
    op.create_index("ix_documents_head", "documents",
                    ["id", "issued_on", "number", "doc_type", "issuer", "file_name", "subject"])
    op.create_index("ix_obligations_fixed_order", "obligations",
                    ["status", "due", "document_issued_on", "id"],
                    sqlite_where=sa.text("rrule IS NULL"),
                    postgresql_where=sa.text("rrule IS NULL"))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS obligations_tally_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS obligations_tally ON obligations")
        op.execute("DROP TRIGGER IF EXISTS obligations_tally_truncate ON obligations")
        op.execute("DROP FUNCTION IF EXISTS vanthu_task_tally()")
        op.execute("DROP FUNCTION IF EXISTS vanthu_task_tally_truncate()")
    op.drop_table("task_tallies")
    op.drop_index("ix_obligations_fixed_order", table_name="obligations")
    op.drop_index("ix_documents_head", table_name="documents")
    op.drop_index("ix_deadlines_loose_recurring", table_name="deadlines")
    op.drop_index("ix_deadlines_loose", table_name="deadlines")
    # (SQLite drops the column in place: a batch copy of the table would trip over the
    # triggers that name it.)
    op.execute("ALTER TABLE deadlines DROP COLUMN loose")
