"""agents: the OPJ who designated a délégué OPJ (R-AUTH-3: only their visa counts)

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Délégués enrolled before have none: any OPJ of the station may still give them the visa, until the
    # administrator names theirs (Agents screen).
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("designated_by", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("designated_by")
