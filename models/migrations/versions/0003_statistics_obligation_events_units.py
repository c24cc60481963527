"""Reported statistics; funding's part-of link and words mismatch; obligations' basis, unit
and status history; unit aliases.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "statistics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("metric", sa.Text(), nullable=True),
        sa.Column("min_value", sa.Float(), nullable=True),
        sa.Column("max_value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(64), nullable=True),
        sa.Column("period", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_statistics_document_id_documents"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics")),
    )
    op.create_index(op.f("ix_statistics_document_id"), "statistics", ["document_id"])

    with op.batch_alter_table("funding") as batch:
        batch.add_column(sa.Column("part_of", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("words_mismatch", sa.Boolean(), nullable=True))

    with op.batch_alter_table("obligations") as batch:
        batch.add_column(sa.Column("basis", sa.String(32), nullable=True))
        batch.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_obligations_unit_id_units"), "units", ["unit_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_index(op.f("ix_obligations_unit_id"), ["unit_id"])

    op.create_table(
        "obligation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("obligation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_document_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["obligation_id"], ["obligations.id"],
                                name=op.f("fk_obligation_events_obligation_id_obligations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_document_id"], ["documents.id"],
                                name=op.f("fk_obligation_events_source_document_id_documents"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_obligation_events")),
    )
    op.create_index(op.f("ix_obligation_events_obligation_id"), "obligation_events", ["obligation_id"])

    op.create_table(
        "unit_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("alias_key", sa.String(255), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_unit_aliases_unit_id_units"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_aliases")),
        sa.UniqueConstraint("alias_key", name=op.f("uq_unit_aliases_alias_key")),
    )
    op.create_index(op.f("ix_unit_aliases_unit_id"), "unit_aliases", ["unit_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_unit_aliases_unit_id"), table_name="unit_aliases")
    op.drop_table("unit_aliases")
    op.drop_index(op.f("ix_obligation_events_obligation_id"), table_name="obligation_events")
    op.drop_table("obligation_events")
    with op.batch_alter_table("obligations") as batch:
        batch.drop_index(op.f("ix_obligations_unit_id"))
        batch.drop_constraint(op.f("fk_obligations_unit_id_units"), type_="foreignkey")
        batch.drop_column("unit_id")
        batch.drop_column("basis")
    with op.batch_alter_table("funding") as batch:
        batch.drop_column("words_mismatch")
        batch.drop_column("part_of")
    op.drop_index(op.f("ix_statistics_document_id"), table_name="statistics")
    op.drop_table("statistics")
