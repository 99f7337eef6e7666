"""Renewal cases handled at consular desks: remote passport renewal and internet-voting credentials."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, UTCDateTime


class PassportCase(Base):
    """One applicant's remote passport renewal, followed through the 8 steps of seed 002 (R-PASS-STEP-*)."""

    __tablename__ = "passport_cases"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_number: Mapped[str] = mapped_column(String(32), unique=True)
    last_name: Mapped[str] = mapped_column(String(80))
    given_names: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[date] = mapped_column(Date)
    numic: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166 alpha-2 of residence
    old_passport_number: Mapped[str | None] = mapped_column(String(9))
    old_passport_issued: Mapped[date | None] = mapped_column(Date)
    old_passport_expiry: Mapped[date | None] = mapped_column(Date)
    step: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20))
    security_hash: Mapped[str | None] = mapped_column(String(128))  # the numéro de sécurité, hashed only
    deadline_start: Mapped[date | None] = mapped_column(Date)
    old_passport_returned: Mapped[date | None] = mapped_column(Date)
    station_code: Mapped[str] = mapped_column(String(32))
    agent_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    events: Mapped[list[PassportEvent]] = relationship(back_populates="case", order_by="PassportEvent.id")


class PassportEvent(Base):
    """One step or decision on a passport case, with the agent who recorded it."""

    __tablename__ = "passport_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("passport_cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    step: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    agent_id: Mapped[str] = mapped_column(String(36))
    note: Mapped[str | None] = mapped_column(Text)
    # The step's own date as the agent gave it (steps 5 to 8), since migration 0010; `at` is when it was recorded.
    on_date: Mapped[date | None] = mapped_column(Date)

    case: Mapped[PassportCase] = relationship(back_populates="events")


class IvoteRequest(Base):
    """A request to renew the internet-voting identifier OR password (never both, R-IVOTE-5)."""

    __tablename__ = "ivote_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_number: Mapped[str] = mapped_column(String(32), unique=True)
    numic: Mapped[str] = mapped_column(String(20), index=True)
    email_digest: Mapped[str] = mapped_column(String(64))  # the e-mail on file is compared, never stored in clear
    credential: Mapped[str] = mapped_column(String(12))  # identifiant or mot_de_passe
    election_id: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    link_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    station_code: Mapped[str] = mapped_column(String(32))
    agent_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
