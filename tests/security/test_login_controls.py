"""Issue 15: login controls that count (items 9, 11) and logins without invisible characters."""

from __future__ import annotations

import contextlib
import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.keystore.files import StationFileStore
from desktop.security import keyslots as keyslots_module
from desktop.security.device import DeviceSecret
from desktop.security.kdf import FLOOR_PARAMS
from desktop.security.keyslots import KeySlots, LoginRefused
from desktop.security.logins import LoginError, normalise_login

STATION = "75056-01"
T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
PW = "girafe violette marche lentement"


def _slots(base: Path) -> KeySlots:
    return KeySlots.beside(
        base / "guichet.db", DeviceSecret(StationFileStore(base / "keys")), station_code=STATION, params=FLOOR_PARAMS
    )


def _one_agent(slots: KeySlots) -> bytes:
    key = slots.initialise()
    slots.add(agent_id="a", login="alice", password=PW, database_key=key, now=T0)
    return key


def _kdf_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    runs: list[int] = []
    real = keyslots_module.argon2id

    def counting(*args: object, **kwargs: object) -> bytes:
        runs.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(keyslots_module, "argon2id", counting)
    return runs


def test_known_and_unknown_logins_answer_alike_after_five_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 11: before, a known login answered "Trop d'essais" at once while an unknown one ran Argon2id and said
    "incorrect": the answer and its delay told which logins exist."""
    slots = _slots(tmp_path)
    _one_agent(slots)
    answers: dict[str, list[tuple[str, str]]] = {}
    costs: dict[str, int] = {}
    for login in ("alice", "nobody"):
        runs = _kdf_runs(monkeypatch)
        seen = []
        for i in range(12):
            with pytest.raises(LoginRefused) as refused:
                slots.unlock(login=login, password="wrong password 123", now=T0 + timedelta(seconds=i))
            seen.append(
                (
                    refused.value.code if refused.value.code != "inconnu" else "mauvais_mot_de_passe",
                    refused.value.message,
                )
            )
        answers[login] = seen
        costs[login] = len(runs)
        monkeypatch.undo()
    assert answers["alice"] == answers["nobody"]
    assert [c for c, _ in answers["alice"]][4:6] == ["mauvais_mot_de_passe", "delai"]
    assert costs["alice"] == costs["nobody"] == 12  # one Argon2id run per attempt, refused or not


def _attempt(base: str, barrier: object | None) -> None:
    slots = _slots(Path(base))
    if barrier is not None:
        barrier.wait()  # type: ignore[attr-defined]
    with contextlib.suppress(LoginRefused):
        slots.unlock(login="alice", password="not the password", now=datetime.now(UTC))


def _run_attempts(base: Path, count: int, *, together: bool) -> None:
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(count) if together else None
    workers = [ctx.Process(target=_attempt, args=(str(base), barrier)) for _ in range(count)]
    for w in workers:
        w.start()  # without the barrier: started one after the other, like 40 `guichet audit --login` commands
    for w in workers:
        w.join(120)
    assert all(w.exitcode == 0 for w in workers)


def _audited_failures(base: Path, slots: KeySlots, key: bytes) -> int:
    """Open the store as another agent: that opening writes every kept attempt into the audit log."""
    from sqlalchemy import func, select

    from desktop.models import AuditEvent
    from desktop.services.agents import login

    _seed_agents(base, key)
    result = login(
        database=base / "guichet.db",
        slots=slots,
        login_name="bruno",
        password=PW,
        station_kind="commissariat",
        now=datetime.now(UTC),
    )
    with result.store.read() as s:
        recorded = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.agent_id == "a", AuditEvent.action.like("connexion.%"))
        )
    result.store.close()
    return int(recorded or 0)


def _station_with_two(base: Path) -> tuple[KeySlots, bytes]:
    from desktop.models.db import open_store
    from desktop.models.keys import StaticKeyProvider

    slots = _slots(base)
    key = _one_agent(slots)
    slots.add(agent_id="b", login="bruno", password=PW, database_key=key, now=T0)
    open_store(base / "guichet.db", StaticKeyProvider(key)).close()
    return slots, key


@pytest.mark.slow
def test_forty_parallel_attempts_are_all_counted_and_audited(tmp_path: Path) -> None:
    """Item 9: 40 processes at once. Before, all 40 passed the check before any failure was counted (40 Argon2id
    runs, no delay ever applied)."""
    slots, key = _station_with_two(tmp_path)
    _run_attempts(tmp_path, 40, together=True)
    doc = slots.document()
    assert len(doc.slots["a"].pending_attempts) == 40
    assert doc.slots["a"].failures <= 7  # counted before Argon2id: the 5th failure started the delay for the rest
    assert _audited_failures(tmp_path, slots, key) == 40


@pytest.mark.slow
def test_forty_attempts_one_after_the_other_are_all_audited(tmp_path: Path) -> None:
    """Item 9 as the issue measured it (40 `guichet audit --login` started in a row): before, only the attempts
    that ran Argon2id were kept, the ones refused for the delay never reached the audit log."""
    slots, key = _station_with_two(tmp_path)
    _run_attempts(tmp_path, 40, together=False)
    assert len(slots.document().slots["a"].pending_attempts) == 40
    assert _audited_failures(tmp_path, slots, key) == 40


def _seed_agents(base: Path, key: bytes) -> None:
    from desktop.models import Agent
    from desktop.models.db import open_store
    from desktop.models.keys import StaticKeyProvider

    store = open_store(base / "guichet.db", StaticKeyProvider(key))
    with store.write() as s:
        for agent_id, login_name in (("a", "alice"), ("b", "bruno")):
            s.add(
                Agent(
                    id=agent_id,
                    login=login_name,
                    display_name=login_name,
                    role="superviseur",
                    capacity="chef de poste",
                    active=True,
                    failed_logins=0,
                    created_at=T0,
                )
            )
    store.close()


def test_a_crash_during_argon2_still_counts_the_attempt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 9: the failure is written before Argon2id runs, so killing the process then does not erase it."""
    slots = _slots(tmp_path)
    _one_agent(slots)

    def killed(*args: object, **kwargs: object) -> bytes:
        raise KeyboardInterrupt  # stands for the process dying mid-Argon2id

    monkeypatch.setattr(keyslots_module, "argon2id", killed)
    with pytest.raises(KeyboardInterrupt):
        slots.unlock(login="alice", password="guess", now=T0)
    monkeypatch.undo()
    assert slots.lock_state("a")[0] == 1
    assert [a["outcome"] for a in slots.document().slots["a"].pending_attempts] == ["echec"]


def test_delayed_refusals_are_kept_for_the_audit_log(tmp_path: Path) -> None:
    slots = _slots(tmp_path)
    _one_agent(slots)
    for _ in range(6):
        with pytest.raises(LoginRefused):
            slots.unlock(login="alice", password="guess guess", now=T0)
    outcomes = [a["outcome"] for a in slots.document().slots["a"].pending_attempts]
    assert outcomes == ["echec"] * 5 + ["refus_delai"]
    # A right password later clears the count and keeps only the real failures.
    unlocked = slots.unlock(login="alice", password=PW, now=T0 + timedelta(minutes=10))
    assert unlocked.agent_id == "a" and slots.lock_state("a") == (0, None, False)
    assert len(slots.document().slots["a"].pending_attempts) == 6


@pytest.mark.parametrize(
    "login",
    ["ali\u200bce", "alice\u202e", "ali\tce", "ali\x00ce", "\u2066alice\u2069", "ali\ufeffce", "ali ce", "", "a" * 65],
)
def test_logins_with_invisible_or_control_characters_are_refused(login: str) -> None:
    with pytest.raises(LoginError):
        normalise_login(login)


def test_logins_are_normalised_nfkc_and_lower_case(tmp_path: Path) -> None:
    assert normalise_login(" Ａlice ") == "alice"  # full-width A
    slots = _slots(tmp_path)
    _one_agent(slots)
    assert slots.unlock(login="ＡＬＩＣＥ", password=PW, now=T0).agent_id == "a"
