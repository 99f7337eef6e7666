"""Agents who use this counter and the station itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UTCDateTime


class Agent(Base):
    """An agent account; its role decides what it may see and do (R-AUTH-*, R-DATA-3)."""

    __tablename__ = "agents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(24))  # agent_police, agent_consulaire, superviseur, administrateur
    capacity: Mapped[str] = mapped_column(String(40))  # OPJ, APJ, réserviste APJ, délégué OPJ, agent consulaire...
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A délégué OPJ: the OPJ who designated them, the only one whose visa their procurations may carry (R-AUTH-3).
    designated_by: Mapped[str | None] = mapped_column(String(36))


class Station(Base):
    """This counter's enrolled identity (one row); credentials live in the OS keystore, not here."""

    __tablename__ = "stations"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(120))
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    receipt_key_id: Mapped[str | None] = mapped_column(String(8))
