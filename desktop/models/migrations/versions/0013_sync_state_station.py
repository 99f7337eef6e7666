"""sync_state: the station id (central-store enrolment) its acknowledgements and feed cursor belong to

A station enrolled again (a new station id, a new token) keeping its store took the new id's empty history for a
central store that went back, and resent its whole history under the new id: refused as another station's records
(desktop/sync/recovery.py `rebind`). A store from before has none: the station id of its next sync is taken as the
one that acknowledged what it holds.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("station_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("station_id")
