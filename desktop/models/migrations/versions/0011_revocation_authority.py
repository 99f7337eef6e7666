"""revocations: the authority who received the résiliation (name and capacity), as its receipt prints them

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Résiliations recorded before have none: their receipt names the agent's stored account (receipting.py).
    with op.batch_alter_table("revocations") as batch:
        batch.add_column(sa.Column("authority_name", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("authority_capacity", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("revocations") as batch:
        batch.drop_column("authority_capacity")
        batch.drop_column("authority_name")
