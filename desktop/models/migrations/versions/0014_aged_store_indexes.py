"""An aged store's indexes: the audit log by time, the outbox by verdict, status changes by time, validity ends

A station after a year of service holds hundreds of thousands of audit events and tens of thousands of acts. The
Journal's newest events, the Tableau de bord's 30 days, the Activité du jour's changes of the day, the status bar's
count of refusals and the start-up's retention purge each read every row of their table without these (bench/
aged_desk.py, docs/PERFORMANCE.md « A station after a year of service »).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_events_at", "audit_events", ["at"], unique=False)
    op.create_index("ix_outbox_verdict", "outbox", ["verdict"], unique=False)
    op.create_index("ix_procuration_events_at", "procuration_events", ["at"], unique=False)
    op.create_index("ix_procurations_valid_until", "procurations", ["valid_until"], unique=False)
    op.create_index("ix_procurations_election", "procurations", ["election_id", "rounds"], unique=False)
    op.create_index("ix_electors_created_at", "electors", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_electors_created_at", table_name="electors")
    op.drop_index("ix_procurations_election", table_name="procurations")
    op.drop_index("ix_procurations_valid_until", table_name="procurations")
    op.drop_index("ix_procuration_events_at", table_name="procuration_events")
    op.drop_index("ix_outbox_verdict", table_name="outbox")
    op.drop_index("ix_audit_events_at", table_name="audit_events")
