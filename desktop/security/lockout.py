"""Brute-force policy: free retries, then a growing delay after 5 failures, a lock after 10 (spec/security.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class LockState:
    """Whether a login attempt may be made now, and if not, until when (None: until a supervisor unlocks)."""

    allowed: bool
    locked: bool
    retry_at: datetime | None


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    """Failures 1-4 cost nothing; from the 5th a delay of 2^(n-4) s (capped); at 10 the account locks."""

    delay_from: int = 5
    lock_at: int = 10
    max_delay_seconds: int = 300

    def delay_after(self, failures: int) -> timedelta:
        """How long to wait after `failures` consecutive failures."""
        if failures < self.delay_from:
            return timedelta(0)
        return timedelta(seconds=min(2 ** (failures - self.delay_from + 1), self.max_delay_seconds))

    def locks(self, failures: int) -> bool:
        return failures >= self.lock_at

    def state(self, *, failures: int, last_failure_at: datetime | None, locked: bool, now: datetime) -> LockState:
        """The decision for an attempt at `now`; time is passed in so tests need no sleeping."""
        if locked or self.locks(failures):
            return LockState(allowed=False, locked=True, retry_at=None)
        if last_failure_at is None or failures < self.delay_from:
            return LockState(allowed=True, locked=False, retry_at=None)
        retry_at = last_failure_at + self.delay_after(failures)
        return LockState(allowed=now >= retry_at, locked=False, retry_at=retry_at)


DEFAULT_LOCKOUT = LockoutPolicy()
