"""outbox: the seq on the wire, and entries set aside with the central store's reason

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wire_seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("set_aside_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("refusal", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_wire_seq"), ["wire_seq"], unique=False)
    # Until now the wire carried `seq` itself: what was already sent keeps it.
    op.execute("UPDATE outbox SET wire_seq = seq WHERE batch_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_wire_seq"))
        batch_op.drop_column("refusal")
        batch_op.drop_column("set_aside_at")
        batch_op.drop_column("wire_seq")
