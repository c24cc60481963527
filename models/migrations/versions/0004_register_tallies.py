"""Register tallies: each entry counts what its citations say, so storing a document updates
the entries it cites without reading all their citations again; the cited subject per
reference; the ORM insert sentinel of the fact tables.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Fact tables, which get the ORM's insert sentinel (one INSERT for all a document's facts).
FACT_TABLES = ("doc_references", "deadlines", "obligations", "targets", "statistics", "funding")


def upgrade() -> None:
    op.add_column("doc_references", sa.Column("cited_subject", sa.Text(), nullable=True))
    for table in FACT_TABLES:
        op.add_column(table, sa.Column("_sentinel", sa.Integer(), nullable=True))
    op.create_table(
        "register_tallies",
        sa.Column("legal_document_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["legal_document_id"], ["legal_documents.id"],
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("legal_document_id", "field", "value"),
    )
    # The tallies of an existing register are filled by models.db.upgrade (a rebuild).


def downgrade() -> None:
    op.drop_table("register_tallies")
    for table in FACT_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("_sentinel")
    with op.batch_alter_table("doc_references") as batch:
        batch.drop_column("cited_subject")
