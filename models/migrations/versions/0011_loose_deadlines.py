"""Every unit's deadlines at scale: ``deadlines.loose`` marks the deadlines that no task of the
same document carries (listed on their own by ``vanthu deadlines`` without ``--unit`` and on
the dashboard), set when a document is stored and when a task's due date is corrected, so
that listing and counting them reads a partial index instead of checking every deadline
against its document's tasks; and a partial index of the fixed-date tasks (``rrule IS
NULL``), from which every unit's due tasks are counted and listed without reading the rows.

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


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
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
    op.create_index("ix_obligations_fixed_order", "obligations",
                    ["status", "due", "document_issued_on", "id"],
                    sqlite_where=sa.text("rrule IS NULL"), postgresql_where=sa.text("rrule IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_obligations_fixed_order", table_name="obligations")
    op.drop_index("ix_deadlines_loose_recurring", table_name="deadlines")
    op.drop_index("ix_deadlines_loose", table_name="deadlines")
    with op.batch_alter_table("deadlines") as batch:
        batch.drop_column("loose")
