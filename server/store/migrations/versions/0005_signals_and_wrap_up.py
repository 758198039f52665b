"""Signals beyond the keyboard and the wrap-up after a session.

Availability gains the wrap-up length, the "busy in calls" and "busy while Do Not
Disturb is on" settings, and the end of the wrap-up under way; devices gain their
readings: a call, a busy calendar event's end, Do Not Disturb.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server.store.tables import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("availability") as batch:
        batch.add_column(
            sa.Column("wrap_up_minutes", sa.Integer, nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("busy_in_calls", sa.Boolean, nullable=False, server_default=sa.true())
        )
        batch.add_column(
            sa.Column(
                "busy_in_do_not_disturb", sa.Boolean, nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(sa.Column("wrap_up_until", UtcDateTime, nullable=True))
    with op.batch_alter_table("devices") as batch:
        batch.add_column(
            sa.Column("in_call", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("calendar_busy_until", UtcDateTime, nullable=True))
        batch.add_column(
            sa.Column("do_not_disturb", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("do_not_disturb")
        batch.drop_column("calendar_busy_until")
        batch.drop_column("in_call")
    with op.batch_alter_table("availability") as batch:
        batch.drop_column("wrap_up_until")
        batch.drop_column("busy_in_do_not_disturb")
        batch.drop_column("busy_in_calls")
        batch.drop_column("wrap_up_minutes")
