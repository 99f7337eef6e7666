"""Procurations, their status history and revocations, as recorded at this counter."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, UTCDateTime
from desktop.models.people import Elector


class Procuration(Base):
    """One procuration de vote; `status` follows DESIGN.md (provisoire until the central store answers)."""

    __tablename__ = "procurations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7, made here
    receipt_number: Mapped[str] = mapped_column(String(32), unique=True)
    mandant_id: Mapped[str] = mapped_column(ForeignKey("electors.id"), index=True)
    mandataire_id: Mapped[str] = mapped_column(ForeignKey("electors.id"), index=True)
    channel: Mapped[str] = mapped_column(String(24))  # maprocuration, cerfa_14952, cerfa_12668, cerfa_16199
    request_reference: Mapped[str | None] = mapped_column(String(16), index=True)
    place_kind: Mapped[str] = mapped_column(String(24))
    established_in: Mapped[str] = mapped_column(String(8))  # FRANCE or ETRANGER
    station_code: Mapped[str] = mapped_column(String(32))
    agent_id: Mapped[str] = mapped_column(String(36))
    authority_name: Mapped[str] = mapped_column(String(120))
    authority_capacity: Mapped[str] = mapped_column(String(40))
    validity_kind: Mapped[str] = mapped_column(String(8))  # SCRUTIN or DUREE
    election_id: Mapped[str | None] = mapped_column(String(40))
    rounds: Mapped[str | None] = mapped_column(String(4))  # T1, T2, BOTH
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, index=True)  # the retention purge's (0014)
    home_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    established_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    status: Mapped[str] = mapped_column(String(12), index=True)
    status_rule_id: Mapped[str | None] = mapped_column(String(24))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    mandant: Mapped[Elector] = relationship(foreign_keys=[mandant_id])
    mandataire: Mapped[Elector] = relationship(foreign_keys=[mandataire_id])
    events: Mapped[list[ProcurationEvent]] = relationship(back_populates="procuration", order_by="ProcurationEvent.id")


class ProcurationEvent(Base):
    """One status change of a procuration: who or what changed it, when, and under which rule."""

    __tablename__ = "procuration_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    procuration_id: Mapped[str] = mapped_column(ForeignKey("procurations.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)  # the changes of a day (0014)
    status: Mapped[str] = mapped_column(String(12))
    rule_id: Mapped[str | None] = mapped_column(String(24))
    source: Mapped[str] = mapped_column(String(12))  # guichet or central
    note: Mapped[str | None] = mapped_column(Text)

    procuration: Mapped[Procuration] = relationship(back_populates="events")


class Revocation(Base):
    """A résiliation: it ends every procuration of the mandant established before it (R-REVOKE-2)."""

    __tablename__ = "revocations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_number: Mapped[str] = mapped_column(String(32), unique=True)
    mandant_id: Mapped[str] = mapped_column(ForeignKey("electors.id"), index=True)
    channel: Mapped[str] = mapped_column(String(24))
    station_code: Mapped[str] = mapped_column(String(32))
    agent_id: Mapped[str] = mapped_column(String(36))
    # The authority who received it, as its receipt prints them (R-AUTH-5), kept at the act so that a reprint by
    # another agent names the same one. NULL for résiliations recorded before 0011.
    authority_name: Mapped[str | None] = mapped_column(String(120))
    authority_capacity: Mapped[str | None] = mapped_column(String(40))
    established_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(12))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    mandant: Mapped[Elector] = relationship()


Index("ix_procurations_mandataire_status", Procuration.mandataire_id, Procuration.status)
# The Tableau de bord counts acts per day and channel over 30 days: from the index alone, no row fetched (0008).
Index("ix_procurations_established_channel", Procuration.established_at, Procuration.channel)
Index("ix_revocations_established_channel", Revocation.established_at, Revocation.channel)
# The retention purge asks which scrutins the store holds procurations for, and those of one scrutin (0014).
Index("ix_procurations_election", Procuration.election_id, Procuration.rounds)
