"""Session policy: lock after idle minutes (at most 30), a new login after 12 hours (spec/security.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

MAX_IDLE_MINUTES = 30


class SessionState(StrEnum):
    """What the application must do with the agent's session now."""

    ACTIVE = "active"
    LOCKED = "verrouillee"  # idle: the lock screen covers the window, the form stays
    EXPIRED = "expiree"  # past the maximum: a full new login


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    """Idle lock and maximum session length; refuses an idle limit over 30 minutes."""

    idle_minutes: int = 15
    max_hours: int = 12

    def __post_init__(self) -> None:
        if not 1 <= self.idle_minutes <= MAX_IDLE_MINUTES:
            raise ValueError("idle lock must be between 1 and 30 minutes")
        if not 1 <= self.max_hours <= 12:
            raise ValueError("session length must be between 1 and 12 hours")

    def lock_at(self, last_activity: datetime) -> datetime:
        return last_activity + timedelta(minutes=self.idle_minutes)

    def expires_at(self, login_at: datetime) -> datetime:
        return login_at + timedelta(hours=self.max_hours)

    def state(self, now: datetime, last_activity: datetime, login_at: datetime) -> SessionState:
        """Expired wins over locked: after 12 hours unlocking is not enough."""
        if now >= self.expires_at(login_at):
            return SessionState.EXPIRED
        if now >= self.lock_at(last_activity):
            return SessionState.LOCKED
        return SessionState.ACTIVE
