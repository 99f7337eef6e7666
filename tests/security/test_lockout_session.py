"""Lockout timing and the session policy, with the clock passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop.security.lockout import LockoutPolicy
from desktop.security.session import SessionPolicy, SessionState

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_four_failures_cost_nothing_then_the_delay_doubles() -> None:
    policy = LockoutPolicy()
    for n in range(0, 5):
        assert policy.delay_after(n) == timedelta(0)
    assert [policy.delay_after(n).total_seconds() for n in range(5, 10)] == [2, 4, 8, 16, 32]
    assert policy.delay_after(30).total_seconds() == 300  # capped


def test_delay_is_enforced_until_retry_time() -> None:
    policy = LockoutPolicy()
    state = policy.state(failures=6, last_failure_at=T0, locked=False, now=T0 + timedelta(seconds=3))
    assert not state.allowed and not state.locked and state.retry_at == T0 + timedelta(seconds=4)
    assert policy.state(failures=6, last_failure_at=T0, locked=False, now=T0 + timedelta(seconds=4)).allowed
    assert policy.state(failures=4, last_failure_at=T0, locked=False, now=T0).allowed


def test_ten_failures_lock_until_unlocked() -> None:
    policy = LockoutPolicy()
    later = T0 + timedelta(days=30)
    state = policy.state(failures=10, last_failure_at=T0, locked=False, now=later)
    assert state.locked and not state.allowed and state.retry_at is None
    assert policy.state(failures=0, last_failure_at=None, locked=True, now=later).locked


def test_session_locks_after_idle_and_expires_after_twelve_hours() -> None:
    policy = SessionPolicy(idle_minutes=15)
    login = T0
    assert policy.state(T0 + timedelta(minutes=14, seconds=59), T0, login) is SessionState.ACTIVE
    assert policy.state(T0 + timedelta(minutes=15), T0, login) is SessionState.LOCKED
    active = T0 + timedelta(hours=11, minutes=59)
    assert policy.state(active, active, login) is SessionState.ACTIVE
    assert policy.state(T0 + timedelta(hours=12), T0 + timedelta(hours=12), login) is SessionState.EXPIRED


@pytest.mark.parametrize("minutes", [0, 31, 60])
def test_idle_setting_is_bounded(minutes: int) -> None:
    with pytest.raises(ValueError):
        SessionPolicy(idle_minutes=minutes)
    assert SessionPolicy(idle_minutes=30).idle_minutes == 30
