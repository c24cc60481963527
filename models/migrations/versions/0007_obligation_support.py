"""The units that support an obligation ("phối hợp với …") as a column.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Documents stored before keep NULL until re-extracted (the extractor version changes).
    op.add_column("obligations", sa.Column("support", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
                                           nullable=True))


def downgrade() -> None:
    op.drop_column("obligations", "support")
