"""Tables of the central store (SQLAlchemy Core): the same schema on PostgreSQL and on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from desktop.rules.textlimits import GIVEN_NAMES_TEXT_MAX, ID_MAX, PLACE_MAX, SURNAME_MAX

metadata = MetaData()
# The largest value of an Integer column (32 bits on PostgreSQL, which refuses a larger one in a query: a 503): an id
# asked for from outside (a review's number in a page's path, on a command line) is checked against it first.
INTEGER_MAX = 2**31 - 1

# A station is a counter laptop; its bearer token is stored only as a SHA-256 digest.
stations = Table(
    "stations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("last_seq", BigInteger, nullable=False, default=0),
    Column("last_contact", DateTime(timezone=True), nullable=False),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    # The kind of place (desktop.rules.terms.PlaceKind) the enrolment file gives the station: where its acts are
    # established (France or abroad) is then the central store's to say, not the station's (central/places.py).
    Column("place_kind", String(32), nullable=True),
    # `station revoke`: set with its tokens' revocation; a push whose token was checked before it is refused when it
    # reaches its batch (central/apply.py), the command having waited for one already being applied.
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

# Station tokens with a life: each renewal adds one; revocation marks them all. Only digests are kept.
station_tokens = Table(
    "station_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("station_id", String(36), nullable=False, index=True),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    # The token's first authenticated use, and the token a renewal traded it for (central/auth.py renew_token: a
    # token renewed again is a lost answer while its successor is unused, a copy in use elsewhere once it is used).
    Column("used_at", DateTime(timezone=True), nullable=True),
    Column("renewed_to", String(64), nullable=True),
)

# One row per batch ever accepted: the digest detects a reused id, the response is replayed verbatim.
batches = Table(
    "batches",
    metadata,
    Column("batch_id", String(36), primary_key=True),
    Column("station_id", String(36), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("response", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

entries = Table(
    "entries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("station_id", String(36), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("batch_id", String(36), nullable=False),
    Column("body", Text, nullable=False),
    Column("established_at", DateTime(timezone=True), nullable=False),
    Column("declared_at", DateTime(timezone=True), nullable=False),
    Column("flags", String(200), nullable=False, default=""),
    Column("received_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("station_id", "seq", name="uq_entries_station_seq"),
)
Index("ix_entries_record", entries.c.record_id)  # who owns a record id (central/ownership.py)
Index("ix_entries_kind", entries.c.kind)  # a NUMIC's internet-vote requests at every station (central/ivote_checks.py)
# The newest entry received: the store's clock reference at each start and purge (central/store_clock.py), read
# from the index's end rather than by a scan of a year of entries (bench/store_clock.py).
Index("ix_entries_received_at", entries.c.received_at)

procurations = Table(
    "procurations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("entry_id", String(36), nullable=False),
    Column("station_id", String(36), nullable=False),
    Column("mandant_key", String(40), nullable=False),
    Column("mandataire_key", String(40), nullable=False),
    Column("mandant_list_kind", String(40), nullable=True),
    Column("established_in", String(12), nullable=False),
    Column("validity_kind", String(10), nullable=False),
    Column("election_id", String(80), nullable=True),
    Column("rounds", String(8), nullable=True),
    Column("valid_from", Date, nullable=True),
    Column("valid_to", Date, nullable=True),
    Column("established_at", DateTime(timezone=True), nullable=False),
    Column("clock_flagged", Boolean, nullable=False, default=False),
    Column("status", String(20), nullable=False),
    Column("rule_id", String(40), nullable=True),
    Column("message", Text, nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("revocation_id", String(36), nullable=True),
    Column("reference", String(6), nullable=True),
)
Index("ix_procurations_mandataire", procurations.c.mandataire_key)
Index("ix_procurations_mandant", procurations.c.mandant_key)

revocations = Table(
    "revocations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("entry_id", String(36), nullable=False),
    Column("station_id", String(36), nullable=False),
    Column("mandant_key", String(40), nullable=False),
    Column("established_at", DateTime(timezone=True), nullable=False),
)
Index("ix_revocations_mandant", revocations.c.mandant_key)

# The electors register, loaded from an REU-like CSV extract (see docs/SYNC.md), each text as long as the import
# lets it be (central/register.py `_text_fault`: the wire's limits). Narrower columns of older stores are widened at
# start-up (db.widen_columns): the given names were a varchar(200), the inscription code a varchar(10).
electors = Table(
    "electors",
    metadata,
    Column("nne", String(9), primary_key=True),
    Column("nom", String(SURNAME_MAX), nullable=False),
    Column("nom_usage", String(SURNAME_MAX), nullable=True),
    Column("prenoms", String(GIVEN_NAMES_TEXT_MAX), nullable=False),  # one space apart
    Column("date_naissance", Date, nullable=False),
    Column("sexe", String(1), nullable=False),
    Column("list_kind", String(40), nullable=False),
    Column("code_inscription", String(PLACE_MAX), nullable=False),
    Column("libelle_inscription", String(PLACE_MAX), nullable=False),
    # register.norm(nom), the names' one fold (desktop/rules/names.py): compatibility forms make it longer than the
    # name (« ㎯ » is « RAD S2 »), no bound but a text. The usage name's, when there is one, is looked up as well
    # (register.resolve); both are re-keyed when the fold changes (register.rekey_electors, NAME_FOLD_VERSION).
    Column("nom_key", Text, nullable=False),
    Column("nom_usage_key", Text, nullable=True),
)
Index("ix_electors_name_birth", electors.c.nom_key, electors.c.date_naissance)
Index("ix_electors_usage_birth", electors.c.nom_usage_key, electors.c.date_naissance)

# Deaths and losses of civic rights reported by the register (R-ELIG-5), one row per person key ("nne:…"): the
# mandataire's procurations in force at `recorded_at` are annulled, later ones naming them are refused.
annulments = Table(
    "annulments",
    metadata,
    Column("person_key", String(40), primary_key=True),
    Column("cause", String(30), nullable=False),
    Column("event_date", Date, nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("source", String(20), nullable=False),
)

# Maprocuration online requests waiting for a counter (R-CHAN-A-3).
requests = Table(
    "requests",
    metadata,
    Column("reference", String(6), primary_key=True),
    Column("body", Text, nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
)

# The change feed: cursors are handed out by the sequencer row, under its row lock, so feed order is commit order.
changes = Table(
    "changes",
    metadata,
    Column("cursor", BigInteger, primary_key=True, autoincrement=False),
    Column("station_id", String(36), nullable=False),
    Column("entry_id", String(36), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("status", String(20), nullable=False),
    Column("rule_id", String(40), nullable=True),
    Column("message", Text, nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
    # "revue": a flagged time decided this L73 outcome; a review is open for it (central/review.py).
    Column("flags", String(200), nullable=False, default="", server_default=""),
)
Index("ix_changes_station_cursor", changes.c.station_id, changes.c.cursor)

# A station enrolled again (the same station code, a new bulk token: docs/SYNC.md « A station enrolled again »): each
# earlier id of the code names every later one (central/lineage.py). The earlier id's records' later changes reach
# the later ids' feeds too, and the later ids may take their renewal records' next steps and act with their agents.
station_heirs = Table(
    "station_heirs",
    metadata,
    Column("station_id", String(36), primary_key=True),  # the earlier id
    Column("heir_id", String(36), primary_key=True),  # a later enrolment of the same station code
    Column("since", DateTime(timezone=True), nullable=False),  # the later enrolment
)
Index("ix_station_heirs_heir", station_heirs.c.heir_id)

# Named counters: the feed's (`db.FEED`), and `name_fold`, the version of the names' fold the electors register is
# keyed with (central/register.py `rekey_electors`).
sequencer = Table(
    "sequencer",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Look-ups are logged without personal data (R-DATA-4): who asked, when, how many rows came back.
access_log = Table(
    "access_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("station_id", String(36), nullable=False),
    Column("agent_id", String(ID_MAX), nullable=False),
    Column("action", String(40), nullable=False),
    Column("results", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
# Rate limits count an agent's and a station's recent look-ups here (central/throttle.py).
ACCESS_LOG_INDEXES = (
    Index("ix_access_log_station_at", access_log.c.station_id, access_log.c.at),
    Index("ix_access_log_agent_at", access_log.c.agent_id, access_log.c.at),
)

# Each retention purge (R-DATA-2, central/retention.py): when it ran and how many records it purged; counts only,
# never a person or a record id (R-DATA-4: a deletion is logged).
retention_log = Table(
    "retention_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("procurations", Integer, nullable=False),
    Column("revocations", Integer, nullable=False),
    Column("entries", Integer, nullable=False),  # résiliations refused at reception, purged by their entry
    Column("requests", Integer, nullable=False),
    # Renewal records (passport cases, internet-vote requests) whose entries lost their bodies
    # (central/retention_renewals.py); 0 on the rows of older runs.
    Column("renewals", Integer, nullable=False, default=0, server_default="0"),
)

# Station enrolment tokens issued in bulk: only their SHA-256 digest is kept; each is single-use and bound to one
# station code. `station_id` is the station its use created.
enrolment_tokens = Table(
    "enrolment_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("station_code", String(64), nullable=False),
    Column("label", String(200), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("station_id", String(36), nullable=True),
    Column("place_kind", String(32), nullable=True),  # the file's `type`, given to the station it enrols
)
Index("ix_enrolment_tokens_code", enrolment_tokens.c.station_code)


# Every server time handed to a station (batch answers, feed pages): a station's `last_sync` claim is trusted only
# if it is one of these; `claimed` marks those a station has used, so its claims can only move forward; `pulled`
# marks feed pages, which a station reads only once its outbox is empty (central/contacts.py).
contacts = Table(
    "contacts",
    metadata,
    Column("station_id", String(36), primary_key=True),
    Column("server_time", DateTime(timezone=True), primary_key=True),
    Column("claimed", Boolean, nullable=False, default=False),
    Column("pulled", Boolean, nullable=False, default=False),
)

# The review queue: L73 outcomes decided by a flagged (clamped, skewed or unverified) establishment time, and the
# acts of an agent not the pushing station's own (central/attribution.py): a procuration, or a renewal step.
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # The record under review: a procuration (the one voided or kept on that time), or a renewal record since
    # session 26 (`subject`); the column keeps its first name, which the API's `procuration_id` mirrors.
    Column("procuration_id", String(36), nullable=False, unique=True),
    Column("subject", String(32), nullable=False, default="procuration", server_default="procuration"),
    Column("station_id", String(36), nullable=False),
    Column("mandataire_key", String(40), nullable=False),
    Column("status", String(20), nullable=False),  # the L73 outcome under review
    Column("rule_id", String(40), nullable=True),
    Column("flagged", String(400), nullable=False),  # ids of the procurations whose flagged time decided it
    Column("flags", String(200), nullable=False),  # their clock flags
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("decision", String(20), nullable=True),  # maintenue | contestee
    Column("decided_by", String(64), nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("note", Text, nullable=True),
)
Index("ix_reviews_open", reviews.c.decided_at, reviews.c.opened_at)

# Who did what on the review queue (opened by the apply path, decided by an administrator).
review_log = Table(
    "review_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("review_id", Integer, nullable=False),
    Column("action", String(20), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("note", Text, nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
)


def utc(moment: datetime) -> datetime:
    """Read back a stored instant as aware UTC (SQLite returns naive values)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
