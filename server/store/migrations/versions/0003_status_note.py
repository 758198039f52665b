"""A status note beside the status: its text and when it stops showing.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server.store.tables import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("availability") as batch:
        batch.add_column(sa.Column("status_note", sa.String(100), nullable=True))
        batch.add_column(sa.Column("status_note_expires_at", UtcDateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("availability") as batch:
        batch.drop_column("status_note_expires_at")
        batch.drop_column("status_note")
