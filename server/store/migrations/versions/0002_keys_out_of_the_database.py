"""Signing keys leave the database; sign-ins (token families) get an end.

The access-token key used to be kept in `server_secrets`, readable by anyone who could
read the database. It is dropped: tokens it signed stop verifying, and clients renew
them with their refresh tokens, which stay valid. Families made before this revision
end `FAMILY_DAYS` after they began, as new ones do by default.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

from server.store.tables import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FAMILY_DAYS = 90

_families = sa.table(
    "token_families",
    sa.column("id", sa.String(36)),
    sa.column("created_at", UtcDateTime),
    sa.column("expires_at", UtcDateTime),
)


def upgrade() -> None:
    op.drop_table("server_secrets")
    with op.batch_alter_table("token_families") as batch:
        batch.add_column(sa.Column("expires_at", UtcDateTime, nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(_families.c.id, _families.c.created_at)).all()
    for family_id, created_at in rows:
        connection.execute(
            _families.update()
            .where(_families.c.id == family_id)
            .values(expires_at=created_at + timedelta(days=FAMILY_DAYS))
        )
    with op.batch_alter_table("token_families") as batch:
        batch.alter_column("expires_at", existing_type=UtcDateTime, nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("token_families") as batch:
        batch.drop_column("expires_at")
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
