"""The central store's security tables (agents, reset codes, escrow copies, station keys, audit anchors) and the
refusal every security function raises; `central.security`, `central.reset_codes` and `central.security_keys` share
them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, Column, DateTime, Integer, LargeBinary, MetaData, String, Table, Text, UniqueConstraint

from desktop.rules.textlimits import EMAIL_MAX, ID_MAX, RULE_ID_MAX

metadata = MetaData()

agents = Table(
    "security_agents",
    metadata,
    # As long as the wire lets an agent id be (ID_MAX, the ledger's too): 36 refused a longer one on PostgreSQL with
    # a 503 (session 25: found by the benchmarks' agents, "bench-" and a station id).
    Column("id", String(ID_MAX), primary_key=True),
    Column("station_id", String(36), nullable=False),
    # The login and the e-mail are kept in lower case: the wire refuses one longer then (desktop/sync/wire/security.py).
    Column("login", String(ID_MAX), nullable=False),
    Column("role", String(24), nullable=False),
    Column("capacity", String(RULE_ID_MAX), nullable=False),  # AgentEnrol.capacity: a Text40
    Column("email", String(EMAIL_MAX)),  # the agent's professional address, to send reset codes
    Column("active", Boolean, nullable=False, default=True),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    # When the station removed the agent (or an escrow roster left them out): their acts dated after it are no
    # authority's (central/agent_authority.py). Added to older stores at start-up, set then for those inactive already.
    Column("deactivated_at", DateTime(timezone=True)),
    UniqueConstraint("station_id", "login", name="uq_security_agents_station_login"),
)
reset_codes = Table(
    "security_reset_codes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agent_id", String(ID_MAX), nullable=False, index=True),
    Column("code_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False, default=0),
)
escrows = Table(
    "security_escrows",
    metadata,
    Column("station_id", String(36), primary_key=True),
    Column("station_code", String(32), nullable=False),
    Column("box", LargeBinary, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
station_keys = Table(
    "security_station_keys",
    metadata,
    Column("station_id", String(36), primary_key=True),
    Column("public_key", LargeBinary(32), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    # The receipt key id its receipts carry (desktop/receipts/keys.derive_key_id): one station's only, so the
    # published trusted keys (central/receipt_keys.py) hold one key per id. Filled in for older rows at start-up.
    Column("key_id", String(4)),  # a few thousand rows: read whole, no index
)
anchors = Table(
    "security_anchors",
    metadata,
    Column("station_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("station_code", String(32), nullable=False),
    Column("mac", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("signature", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)


class SecurityError(Exception):
    """A refused request; `status` is the HTTP status and `message` French."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def aware(moment: datetime) -> datetime:
    """A time read back from the store, with its time zone (SQLite gives naive UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
