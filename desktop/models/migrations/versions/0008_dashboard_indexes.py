"""The Tableau de bord's indexes: acts per day and channel, outbox entries per day

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The dashboard counts the acts of 30 days per day and channel: with the channel beside the time in the index,
    # SQLite answers from the index alone instead of fetching every row of the period; the outbox's entries per day
    # had no index on their time and scanned the whole table.
    op.create_index("ix_procurations_established_channel", "procurations", ["established_at", "channel"], unique=False)
    op.create_index("ix_revocations_established_channel", "revocations", ["established_at", "channel"], unique=False)
    op.create_index("ix_outbox_created_at", "outbox", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_created_at", table_name="outbox")
    op.drop_index("ix_revocations_established_channel", table_name="revocations")
    op.drop_index("ix_procurations_established_channel", table_name="procurations")
