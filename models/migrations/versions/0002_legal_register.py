"""Register of cited and ingested documents (legal_documents); doc_references link to it and
keep the other dates their citing text gave.

The register of an existing database is filled right after this revision by
:func:`models.db.upgrade` (with the models' own merge rules), not here.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "legal_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number_key", sa.String(128), nullable=False),
        sa.Column("type_key", sa.String(32), server_default="", nullable=False),
        sa.Column("number", sa.String(128), nullable=False),
        sa.Column("doc_type", sa.String(32), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("dates", JSON, nullable=False),
        sa.Column("date_conflict", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("citation_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="SET NULL",
                                name="fk_legal_documents_document_id_documents"),
        sa.PrimaryKeyConstraint("id", name="pk_legal_documents"),
        sa.UniqueConstraint("number_key", "type_key",
                            name="uq_legal_documents_number_key_type_key"),
    )
    op.create_index("ix_legal_documents_document_id", "legal_documents", ["document_id"])
    # SQLite cannot add a foreign key in place: batch mode copies the table.
    with op.batch_alter_table("doc_references") as batch:
        batch.add_column(sa.Column("date_conflicts", JSON, nullable=True))
        batch.add_column(sa.Column("legal_document_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_doc_references_legal_document_id_legal_documents",
                                 "legal_documents", ["legal_document_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_index("ix_doc_references_legal_document_id", ["legal_document_id"])


def downgrade() -> None:
    with op.batch_alter_table("doc_references") as batch:
        batch.drop_index("ix_doc_references_legal_document_id")
        batch.drop_constraint("fk_doc_references_legal_document_id_legal_documents",
                              type_="foreignkey")
        batch.drop_column("legal_document_id")
        batch.drop_column("date_conflicts")
    op.drop_index("ix_legal_documents_document_id", table_name="legal_documents")
    op.drop_table("legal_documents")
