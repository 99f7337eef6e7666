"""Lifecycle states and transitions (spec §8)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from desktop.rules.lifecycle import (
    TRANSITIONS,
    State,
    can_transition,
    check_transition,
    expired_by,
    is_terminal,
    request_expires_on,
    state_for_request,
    state_label,
)


def test_state_machine_paths() -> None:
    path = [State.REQUESTED, State.ESTABLISHED, State.TRANSMITTED, State.CHECKED_BY_REU, State.VALIDATED, State.REVOKED]
    assert all(can_transition(a, b) for a, b in pairwise(path))
    assert can_transition(State.PAPER_RECEIVED, State.ESTABLISHED)
    assert can_transition(State.CHECKED_BY_REU, State.INVALIDATED)
    assert can_transition(State.VALIDATED, State.ANNULLED) and can_transition(State.VALIDATED, State.EXPIRED)
    assert not can_transition(State.REVOKED, State.VALIDATED)
    assert not can_transition(State.REQUESTED, State.VALIDATED)
    v = check_transition(State.EXPIRED, State.VALIDATED)
    assert v[0].rule_id == "§8" and "expirée" in v[0].message and "validée" in v[0].message
    assert check_transition(State.ESTABLISHED, State.TRANSMITTED) == []
    assert {s for s in State if is_terminal(s)} == {
        State.EXPIRED_REQUEST,
        State.INVALIDATED,
        State.EXPIRED,
        State.REVOKED,
        State.ANNULLED,
    }
    assert set(TRANSITIONS) == set(State) and all(state_label(s) for s in State)


def test_R_CHAN_A_8_request_expires_after_two_months() -> None:
    assert request_expires_on(date(2026, 12, 31)) == date(2027, 2, 28)
    assert state_for_request(date(2026, 10, 1), today=date(2026, 11, 30)) is State.REQUESTED
    assert state_for_request(date(2026, 10, 1), today=date(2026, 12, 1)) is State.EXPIRED_REQUEST
    assert state_for_request(date(2026, 10, 1), today=date(2026, 12, 2)) is State.EXPIRED_REQUEST


def test_validated_expires_after_last_covered_day() -> None:
    last = date(2027, 4, 25)
    assert not expired_by(State.VALIDATED, last, today=date(2027, 4, 24))
    assert not expired_by(State.VALIDATED, last, today=last)
    assert expired_by(State.VALIDATED, last, today=date(2027, 4, 26))
    assert not expired_by(State.REVOKED, last, today=date(2027, 4, 26))
    assert not expired_by(State.VALIDATED, None, today=date(2027, 4, 26))
