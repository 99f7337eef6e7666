"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 03:23:54.108247
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("capacity", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
        sa.UniqueConstraint("login", name=op.f("uq_agents_login")),
    )
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("record_kind", sa.String(length=24), nullable=True),
        sa.Column("record_id", sa.String(length=36), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("mac", sa.LargeBinary(length=32), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_record_id"), ["record_id"], unique=False)

    op.create_table(
        "electors",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("nne", sa.String(length=9), nullable=True),
        sa.Column("last_name", sa.String(length=80), nullable=False),
        sa.Column("usage_name", sa.String(length=80), nullable=True),
        sa.Column("given_names", sa.String(length=120), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("list_kind", sa.String(length=24), nullable=True),
        sa.Column("registration_place", sa.String(length=120), nullable=True),
        sa.Column("registration_code", sa.String(length=10), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("eu_citizen", sa.Boolean(), nullable=False),
        sa.Column("search_name", sa.String(length=200), nullable=False),
        sa.Column("identity_verified", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_electors")),
    )
    with op.batch_alter_table("electors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_electors_nne"), ["nne"], unique=False)
        batch_op.create_index("ix_electors_search", ["search_name", "birth_date"], unique=False)

    op.create_table(
        "ivote_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("receipt_number", sa.String(length=32), nullable=False),
        sa.Column("numic", sa.String(length=20), nullable=False),
        sa.Column("email_digest", sa.String(length=64), nullable=False),
        sa.Column("credential", sa.String(length=12), nullable=False),
        sa.Column("election_id", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("link_used_at", sa.DateTime(), nullable=True),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ivote_requests")),
        sa.UniqueConstraint("receipt_number", name=op.f("uq_ivote_requests_receipt_number")),
    )
    with op.batch_alter_table("ivote_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ivote_requests_numic"), ["numic"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("acked_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("verdict", sa.String(length=12), nullable=True),
        sa.Column("verdict_rule_id", sa.String(length=24), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("id", name=op.f("uq_outbox_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_acked_at"), ["acked_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_record_id"), ["record_id"], unique=False)

    op.create_table(
        "passport_cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_number", sa.String(length=32), nullable=False),
        sa.Column("last_name", sa.String(length=80), nullable=False),
        sa.Column("given_names", sa.String(length=120), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("numic", sa.String(length=20), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("old_passport_number", sa.String(length=9), nullable=True),
        sa.Column("old_passport_issued", sa.Date(), nullable=True),
        sa.Column("old_passport_expiry", sa.Date(), nullable=True),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("security_hash", sa.String(length=128), nullable=True),
        sa.Column("deadline_start", sa.Date(), nullable=True),
        sa.Column("old_passport_returned", sa.Date(), nullable=True),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passport_cases")),
        sa.UniqueConstraint("case_number", name=op.f("uq_passport_cases_case_number")),
    )
    op.create_table(
        "sequence_counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sequence_counters")),
    )
    op.create_table(
        "stations",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=True),
        sa.Column("receipt_key_id", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_stations")),
    )
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.String(length=64), nullable=True),
        sa.Column("server_time", sa.DateTime(), nullable=True),
        sa.Column("monotonic_at_server_time", sa.Float(), nullable=True),
        sa.Column("boot_id", sa.String(length=64), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "passport_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["passport_cases.id"], name=op.f("fk_passport_events_case_id_passport_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passport_events")),
    )
    with op.batch_alter_table("passport_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passport_events_case_id"), ["case_id"], unique=False)

    op.create_table(
        "procurations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("receipt_number", sa.String(length=32), nullable=False),
        sa.Column("mandant_id", sa.String(length=36), nullable=False),
        sa.Column("mandataire_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("request_reference", sa.String(length=16), nullable=True),
        sa.Column("place_kind", sa.String(length=24), nullable=False),
        sa.Column("established_in", sa.String(length=8), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=False),
        sa.Column("authority_name", sa.String(length=120), nullable=False),
        sa.Column("authority_capacity", sa.String(length=40), nullable=False),
        sa.Column("validity_kind", sa.String(length=8), nullable=False),
        sa.Column("election_id", sa.String(length=40), nullable=True),
        sa.Column("rounds", sa.String(length=4), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("home_visit", sa.Boolean(), nullable=False),
        sa.Column("established_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_rule_id", sa.String(length=24), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["mandant_id"], ["electors.id"], name=op.f("fk_procurations_mandant_id_electors")),
        sa.ForeignKeyConstraint(
            ["mandataire_id"], ["electors.id"], name=op.f("fk_procurations_mandataire_id_electors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procurations")),
        sa.UniqueConstraint("receipt_number", name=op.f("uq_procurations_receipt_number")),
    )
    with op.batch_alter_table("procurations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procurations_established_at"), ["established_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_procurations_mandant_id"), ["mandant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_procurations_mandataire_id"), ["mandataire_id"], unique=False)
        batch_op.create_index("ix_procurations_mandataire_status", ["mandataire_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_procurations_request_reference"), ["request_reference"], unique=False)
        batch_op.create_index(batch_op.f("ix_procurations_status"), ["status"], unique=False)

    op.create_table(
        "revocations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("receipt_number", sa.String(length=32), nullable=False),
        sa.Column("mandant_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=False),
        sa.Column("established_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["mandant_id"], ["electors.id"], name=op.f("fk_revocations_mandant_id_electors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revocations")),
        sa.UniqueConstraint("receipt_number", name=op.f("uq_revocations_receipt_number")),
    )
    with op.batch_alter_table("revocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revocations_mandant_id"), ["mandant_id"], unique=False)

    op.create_table(
        "procuration_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("procuration_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("rule_id", sa.String(length=24), nullable=True),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["procuration_id"],
            ["procurations.id"],
            name=op.f("fk_procuration_events_procuration_id_procurations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procuration_events")),
    )
    with op.batch_alter_table("procuration_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procuration_events_procuration_id"), ["procuration_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("procuration_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procuration_events_procuration_id"))

    op.drop_table("procuration_events")
    with op.batch_alter_table("revocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revocations_mandant_id"))

    op.drop_table("revocations")
    with op.batch_alter_table("procurations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procurations_status"))
        batch_op.drop_index(batch_op.f("ix_procurations_request_reference"))
        batch_op.drop_index("ix_procurations_mandataire_status")
        batch_op.drop_index(batch_op.f("ix_procurations_mandataire_id"))
        batch_op.drop_index(batch_op.f("ix_procurations_mandant_id"))
        batch_op.drop_index(batch_op.f("ix_procurations_established_at"))

    op.drop_table("procurations")
    with op.batch_alter_table("passport_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passport_events_case_id"))

    op.drop_table("passport_events")
    op.drop_table("sync_state")
    op.drop_table("stations")
    op.drop_table("sequence_counters")
    op.drop_table("passport_cases")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_record_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_batch_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_acked_at"))

    op.drop_table("outbox")
    with op.batch_alter_table("ivote_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ivote_requests_numic"))

    op.drop_table("ivote_requests")
    with op.batch_alter_table("electors", schema=None) as batch_op:
        batch_op.drop_index("ix_electors_search")
        batch_op.drop_index(batch_op.f("ix_electors_nne"))

    op.drop_table("electors")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_record_id"))

    op.drop_table("audit_events")
    op.drop_table("agents")
