"""supervisor decisions: acts the spec sends to a human (R-ELIG-4, R-HOME-4)

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervisor_decisions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=False),
        sa.Column("agent_name", sa.String(length=120), nullable=False),
        sa.Column("rule_ids", sa.String(length=120), nullable=False),
        sa.Column("form", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_by_id", sa.String(length=36), nullable=True),
        sa.Column("decided_by_name", sa.String(length=120), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("record_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervisor_decisions")),
    )
    with op.batch_alter_table("supervisor_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervisor_decisions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervisor_decisions_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervisor_decisions_record_id"), ["record_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supervisor_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervisor_decisions_record_id"))
        batch_op.drop_index(batch_op.f("ix_supervisor_decisions_status"))
        batch_op.drop_index(batch_op.f("ix_supervisor_decisions_created_at"))
    op.drop_table("supervisor_decisions")
