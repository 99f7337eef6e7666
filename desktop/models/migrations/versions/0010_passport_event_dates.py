"""passport_events: the date the agent gave for a step (its own day, not the day it was recorded)

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Events recorded before have none: the case screen shows the day they were recorded, as it did.
    with op.batch_alter_table("passport_events") as batch:
        batch.add_column(sa.Column("on_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("passport_events") as batch:
        batch.drop_column("on_date")
