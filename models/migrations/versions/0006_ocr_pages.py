"""OCR facts of a document as columns.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""
from __future__ import annotations

from collections.abc import Sequence

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE … ADD COLUMN on every database: a batch copy of ``documents`` on
    # SQLite would drop the full-text triggers on it.
    op.add_column("documents", sa.Column("ocr_pages", sa.Integer(), nullable=False,
                                         server_default=sa.text("0")))
    op.add_column("documents", sa.Column("ocr_min_confidence", sa.Float(), nullable=True))
    _fill()


def _fill() -> None:
    """Documents OCR'd before this revision: the facts from their stored extraction."""
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, extraction FROM documents WHERE ocr = :yes"),
                        {"yes": True}).all()
    for doc_id, extraction in rows:
        data: Any = json.loads(extraction) if isinstance(extraction, str) else extraction
        pages = ((data or {}).get("source") or {}).get("ocr_pages") or []
        # blank pages (no word read: confidence exactly 0) say nothing about the reading
        confs = [float(p["confidence"]) for p in pages
                 if isinstance(p, dict) and p.get("confidence")]
        conn.execute(sa.text("UPDATE documents SET ocr_pages = :n, ocr_min_confidence = :c "
                             "WHERE id = :id"),
                     {"n": len(pages), "c": min(confs) if confs else None, "id": doc_id})


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35), for the same reason.
    op.drop_column("documents", "ocr_min_confidence")
    op.drop_column("documents", "ocr_pages")
