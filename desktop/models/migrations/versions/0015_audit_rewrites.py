"""audit_rewrites: audit events updated or deleted, counted by triggers

The Journal's integrity check verifies the whole chain once per process, then only the events sealed since
(desktop/services/chain_watch.py), as long as nothing of what it verified was rewritten: these triggers count every
update and delete of an audit event (only the retention purge deletes one, and it moves the checkpoint too).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# Written out, not imported: a migration says what it did the day it was written.
_COUNT_ONE = "INSERT INTO audit_rewrites (id, count) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET count = count + 1"


def upgrade() -> None:
    op.create_table(
        "audit_rewrites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(
        f"CREATE TRIGGER IF NOT EXISTS audit_events_updated AFTER UPDATE ON audit_events BEGIN {_COUNT_ONE}; END"
    )
    op.execute(
        f"CREATE TRIGGER IF NOT EXISTS audit_events_deleted AFTER DELETE ON audit_events BEGIN {_COUNT_ONE}; END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_events_updated")
    op.execute("DROP TRIGGER IF EXISTS audit_events_deleted")
    op.drop_table("audit_rewrites")
