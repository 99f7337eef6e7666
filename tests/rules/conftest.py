"""Shared fixtures for the rules tests: the shipped election calendar."""

from __future__ import annotations

import pytest

from desktop.rules.calendar import ElectionCalendar

from .factories import load_calendar


@pytest.fixture(scope="session")
def calendar() -> ElectionCalendar:
    return load_calendar()
