"""Lifecycle of a procuration after the counter (spec §8): states and allowed transitions."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from desktop.rules.types import Violation
from desktop.rules.validity import add_months


class State(StrEnum):
    """States of spec §8."""

    REQUESTED = "requested"
    EXPIRED_REQUEST = "expired_request"
    PAPER_RECEIVED = "paper_received"
    ESTABLISHED = "established"
    TRANSMITTED = "transmitted"
    CHECKED_BY_REU = "checked_by_reu"
    VALIDATED = "validated"
    INVALIDATED = "invalidated"
    EXPIRED = "expired"
    REVOKED = "revoked"
    ANNULLED = "annulled"


TRANSITIONS: dict[State, frozenset[State]] = {
    State.REQUESTED: frozenset({State.EXPIRED_REQUEST, State.ESTABLISHED}),
    State.PAPER_RECEIVED: frozenset({State.ESTABLISHED}),
    State.ESTABLISHED: frozenset({State.TRANSMITTED}),
    State.TRANSMITTED: frozenset({State.CHECKED_BY_REU}),
    State.CHECKED_BY_REU: frozenset({State.VALIDATED, State.INVALIDATED}),
    State.VALIDATED: frozenset({State.EXPIRED, State.REVOKED, State.ANNULLED}),
    State.EXPIRED_REQUEST: frozenset(),
    State.INVALIDATED: frozenset(),
    State.EXPIRED: frozenset(),
    State.REVOKED: frozenset(),
    State.ANNULLED: frozenset(),
}

_LABELS = {
    State.REQUESTED: "demandée en ligne",
    State.EXPIRED_REQUEST: "demande expirée",
    State.PAPER_RECEIVED: "formulaire reçu",
    State.ESTABLISHED: "établie",
    State.TRANSMITTED: "transmise",
    State.CHECKED_BY_REU: "contrôlée par le REU",
    State.VALIDATED: "validée",
    State.INVALIDATED: "invalidée",
    State.EXPIRED: "expirée",
    State.REVOKED: "résiliée",
    State.ANNULLED: "annulée",
}


def state_label(state: State) -> str:
    """The French label of a state, for the agent."""
    return _LABELS[state]


def can_transition(current: State, target: State) -> bool:
    """Whether the state machine of §8 allows `current` → `target`."""
    return target in TRANSITIONS[current]


def check_transition(current: State, target: State) -> list[Violation]:
    """A violation (rule id "§8", the state diagram) when the transition is not allowed."""
    if can_transition(current, target):
        return []
    return [
        Violation(
            "§8",
            f"Une procuration {state_label(current)} ne peut pas devenir {state_label(target)}.",
            None,
        )
    ]


def is_terminal(state: State) -> bool:
    """True for states with no way out."""
    return not TRANSITIONS[state]


def request_expires_on(requested_on: date) -> date:
    """R-CHAN-A-8 / R-DATA-2: a request not established is destroyed two months after the online request."""
    return add_months(requested_on, 2)


def state_for_request(requested_on: date, *, today: date) -> State:
    """REQUESTED until two months have passed, then EXPIRED_REQUEST."""
    return State.EXPIRED_REQUEST if today >= request_expires_on(requested_on) else State.REQUESTED


def expired_by(state: State, last_covered_day: date | None, *, today: date) -> bool:
    """A validated procuration expires the day after the last date it covers (R-LIFE, [INFERRED])."""
    return state is State.VALIDATED and last_covered_day is not None and today > last_covered_day
