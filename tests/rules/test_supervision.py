"""Decisions for a supervisor: their own severity, and the documented list equals what the engine raises."""

from __future__ import annotations

import ast
from importlib import resources

from desktop.rules.supervision import SUPERVISOR_DECISIONS, SupervisorRuling
from desktop.rules.types import DECISION_SUPERVISEUR, Violation, has_errors, needs_supervisor


def _raised_for_a_supervisor() -> set[str]:
    """Rule ids of every `Violation(...)` built with the supervisor-decision severity in desktop/rules."""
    found: set[str] = set()
    for entry in resources.files("desktop.rules").iterdir():
        if not entry.name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(entry.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Violation"):
                continue
            args = [*node.args, *(k.value for k in node.keywords)]
            if any(isinstance(a, ast.Name) and a.id == "DECISION_SUPERVISEUR" for a in args):
                first = node.args[0]
                assert isinstance(first, ast.Constant), "a supervisor decision names its rule id literally"
                found.add(str(first.value))
    return found


def test_every_case_sent_to_a_supervisor_is_listed() -> None:
    assert _raised_for_a_supervisor() == set(SUPERVISOR_DECISIONS) == {"R-ELIG-4", "R-HOME-4"}


def test_a_supervisor_decision_neither_blocks_nor_is_a_warning() -> None:
    v = Violation("R-HOME-4", "…", None, DECISION_SUPERVISEUR)
    assert v.needs_supervisor and not v.blocking and not has_errors([v]) and needs_supervisor([v]) == (v,)


def test_a_ruling_needs_a_reason() -> None:
    assert SupervisorRuling(True, "  ").check() is not None
    assert SupervisorRuling(False, "Aucune urgence").check() is None
