"""Status per member unit of a group task: the member unit a done/reopen event is for.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL: the event is for the whole task (every event recorded before).
    op.add_column("obligation_events", sa.Column("unit", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("obligation_events") as batch:
        batch.drop_column("unit")
