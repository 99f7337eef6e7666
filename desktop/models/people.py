"""Electors as seen at the counter: the persons named on procurations (mandants and mandataires)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UTCDateTime


class Elector(Base):
    """A voter as declared or read at this counter; the central store's register is the authority (R-LIMIT-8)."""

    __tablename__ = "electors"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nne: Mapped[str | None] = mapped_column(String(9), index=True)  # a string: leading zeros matter (R-ID-NNE-1)
    last_name: Mapped[str] = mapped_column(String(80))
    usage_name: Mapped[str | None] = mapped_column(String(80))
    given_names: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    list_kind: Mapped[str | None] = mapped_column(String(24))
    registration_place: Mapped[str | None] = mapped_column(String(120))  # commune or consulate, as declared
    registration_code: Mapped[str | None] = mapped_column(String(10))  # INSEE code or consular post code
    address: Mapped[str | None] = mapped_column(String(200))  # New Caledonia forms only (R-NC-2)
    eu_citizen: Mapped[bool] = mapped_column(Boolean, default=False)
    # Upper-case, accent-free "NOM PRENOMS" for prefix search; derived from the fields above on every write.
    search_name: Mapped[str] = mapped_column(String(200))
    identity_verified: Mapped[str | None] = mapped_column(String(20))  # puce, mrz, saisie
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)  # the retention's new ones (0014)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_electors_search", "search_name", "birth_date"),
        Index("ix_electors_birth_search", "birth_date", "search_name"),  # name prefix with birth date (0007)
    )
