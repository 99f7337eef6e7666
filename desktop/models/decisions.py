"""Acts waiting for, or carrying, a supervisor's decision (cases the spec sends to a human: R-ELIG-4, R-HOME-4)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UTCDateTime


class SupervisorDecision(Base):
    """One act's supervisor decision: « à décider » until a supervisor accepts or refuses it (who, when, why)."""

    __tablename__ = "supervisor_decisions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))  # procuration
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    agent_id: Mapped[str] = mapped_column(String(36))  # the agent at the counter who asked
    agent_name: Mapped[str] = mapped_column(String(120))
    rule_ids: Mapped[str] = mapped_column(String(120))  # comma-separated, e.g. "R-ELIG-4"
    form: Mapped[str] = mapped_column(Text)  # the act as typed (JSON), kept so nothing is typed again
    status: Mapped[str] = mapped_column(String(12), index=True)  # a_decider, acceptee, refusee
    decided_by_id: Mapped[str | None] = mapped_column(String(36))
    decided_by_name: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)
    record_id: Mapped[str | None] = mapped_column(String(36), index=True)  # the procuration it allowed
