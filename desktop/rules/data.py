"""Data protection (spec §11-12): retention dates, agent login normalisation."""

from __future__ import annotations

from datetime import date

from desktop.rules.validity import add_months, add_years


def retention_until(validity_end: date) -> date:
    """R-DATA-2: a procuration's personal data is kept 1 year after the end of its validity."""
    return add_years(validity_end, 1)


def unestablished_request_destroyed_on(requested_on: date) -> date:
    """R-DATA-2: a request never established is destroyed 2 months after the online request."""
    return add_months(requested_on, 2)


def normalize_login(text: str) -> str | None:
    """R-PWD-1: an e-mail address (lower-cased) or a licence number zero-padded to 8 digits; None if neither."""
    value = text.strip()
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local}@{domain.lower()}" if local and "." in domain else None
    if value.isascii() and value.isdigit() and len(value) <= 8:
        return value.zfill(8)
    return None
