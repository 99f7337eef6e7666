"""Key slots: an agent's password opens the store, a removed agent's does not, escrow recovery gives the key back."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.keystore.files import StationFileStore
from desktop.keystore.null import NullSecretStore
from desktop.models.db import StoreError, open_store
from desktop.security.device import DeviceSecret
from desktop.security.kdf import FLOOR_PARAMS, KdfParams
from desktop.security.keyslots import KeySlots, LoginRefused, SlotKeyProvider, escrow_context
from desktop.security.sealed import SealedBoxError, open_sealed, public_bytes

STATION = "75056-01"

T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
PW_A = "girafe violette marche lentement"
PW_B = "Xq9!vZ7p#wLm-42a"


def _two_agents(slots: KeySlots) -> bytes:
    key = slots.initialise()
    slots.add(agent_id="a", login="alice", password=PW_A, database_key=key, now=T0)
    slots.add(agent_id="b", login="bruno", password=PW_B, database_key=key, now=T0)
    return key


def test_each_agent_password_opens_the_same_database(slots: KeySlots, tmp_path: Path) -> None:
    key = _two_agents(slots)
    for login, pw in (("alice", PW_A), ("BRUNO", PW_B)):
        unlocked = slots.unlock(login=login, password=pw, now=T0)
        assert unlocked.database_key == key
    store = open_store(tmp_path / "guichet.db", SlotKeyProvider(slots.unlock(login="alice", password=PW_A, now=T0)))
    store.close()
    reopened = open_store(tmp_path / "guichet.db", SlotKeyProvider(slots.unlock(login="bruno", password=PW_B, now=T0)))
    reopened.close()


def test_wrong_password_and_unknown_login_give_the_same_answer(slots: KeySlots) -> None:
    _two_agents(slots)
    with pytest.raises(LoginRefused) as wrong:
        slots.unlock(login="alice", password=PW_B, now=T0)
    with pytest.raises(LoginRefused) as unknown:
        slots.unlock(login="nobody", password=PW_B, now=T0)
    assert wrong.value.message == unknown.value.message == "Identifiant ou mot de passe incorrect."


def test_removed_agent_can_no_longer_open(slots: KeySlots) -> None:
    _two_agents(slots)
    assert slots.remove("b")
    with pytest.raises(LoginRefused):
        slots.unlock(login="bruno", password=PW_B, now=T0)
    assert slots.unlock(login="alice", password=PW_A, now=T0).agent_id == "a"


def test_slot_needs_the_device_secret(slots: KeySlots, tmp_path: Path) -> None:
    _two_agents(slots)
    other_machine = DeviceSecret(StationFileStore(tmp_path / "other"))
    stolen = KeySlots(slots.path, other_machine, station_code=STATION, params=FLOOR_PARAMS)
    with pytest.raises(LoginRefused):
        stolen.unlock(login="alice", password=PW_A, now=T0)


def test_slot_copied_under_another_agent_does_not_open(slots: KeySlots) -> None:
    _two_agents(slots)
    raw = json.loads(slots.path.read_text())
    raw["slots"]["b"].update({k: raw["slots"]["a"][k] for k in ("salt", "nonce", "wrapped")})
    slots.path.write_text(json.dumps(raw))
    with pytest.raises(LoginRefused):
        slots.unlock(login="bruno", password=PW_A, now=T0)


def test_wrong_key_does_not_open_the_store(tmp_path: Path, slots: KeySlots) -> None:
    key = _two_agents(slots)
    open_store(tmp_path / "guichet.db", SlotKeyProvider(slots.unlock(login="alice", password=PW_A, now=T0))).close()
    from desktop.models.keys import StaticKeyProvider

    with pytest.raises(StoreError):
        open_store(tmp_path / "guichet.db", StaticKeyProvider(bytes(b ^ 1 for b in key)))


def test_lockout_delay_then_lock_then_supervisor_unlock(slots: KeySlots) -> None:
    _two_agents(slots)
    now = T0
    for _ in range(5):
        with pytest.raises(LoginRefused) as exc:
            slots.unlock(login="alice", password="mauvais mot de passe", now=now)
        assert exc.value.code == "mauvais_mot_de_passe"
    # After 5 failures a delay applies, even to the right password.
    with pytest.raises(LoginRefused) as delayed:
        slots.unlock(login="alice", password=PW_A, now=now + timedelta(seconds=1))
    assert delayed.value.code == "delai" and delayed.value.retry_at == now + timedelta(seconds=2)
    assert delayed.value.message == "Trop d'essais : réessayez dans 1 seconde."  # in words (« 1 s » before)
    for _ in range(5):
        failures, last, _locked = slots.lock_state("a")
        now = (last or now) + slots.lockout.delay_after(failures)
        with pytest.raises(LoginRefused):
            slots.unlock(login="alice", password="encore mauvais", now=now)
    assert slots.lock_state("a")[2] is True
    with pytest.raises(LoginRefused) as locked:
        slots.unlock(login="alice", password=PW_A, now=now + timedelta(days=2))
    assert locked.value.code == "verrouille"
    slots.unlock_agent("a")
    unlocked = slots.unlock(login="alice", password=PW_A, now=now + timedelta(days=2))
    outcomes = [a["outcome"] for _agent, a in slots.take_pending()] + [unlocked.pending_attempts[-1]["outcome"]]
    assert outcomes.count("echec") == 10 and outcomes[-1] == "succes" and "refus_verrouille" in outcomes
    assert slots.lock_state("a") == (0, None, False)


def test_escrow_recovery_gives_the_key_back(tmp_path: Path, device: DeviceSecret) -> None:
    central = X25519PrivateKey.generate()
    slots = KeySlots.beside(tmp_path / "g.db", device, station_code=STATION, params=FLOOR_PARAMS)
    key = slots.initialise(escrow_public_key=public_bytes(central.public_key()))
    box = slots.document().escrow
    assert box is not None and key not in box
    assert open_sealed(central, box, context=escrow_context(STATION)) == key
    with pytest.raises(SealedBoxError):
        open_sealed(X25519PrivateKey.generate(), box, context=escrow_context(STATION))
    with pytest.raises(SealedBoxError):
        open_sealed(central, box, context=escrow_context("autre-poste"))


def test_slot_file_is_owner_only_and_atomic(slots: KeySlots) -> None:
    _two_agents(slots)
    assert stat.S_IMODE(slots.path.stat().st_mode) == 0o600
    assert not [p for p in slots.path.parent.iterdir() if p.name.startswith(".keyslots-")]


def test_kdf_floor_is_enforced() -> None:
    with pytest.raises(ValueError):
        KdfParams(memory_kib=8 * 1024, time_cost=3, parallelism=1)
    with pytest.raises(ValueError):
        KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=4)


def test_device_secret_is_created_once_and_found_again(tmp_path: Path) -> None:
    device = DeviceSecret(StationFileStore(tmp_path / "k"))
    first = device.get()
    assert len(first) == 32 and device.get() == first
    assert stat.S_IMODE((tmp_path / "k" / "device.secret").stat().st_mode) == 0o600  # not a shared folder
    assert DeviceSecret(StationFileStore(tmp_path / "k")).get() == first
    assert DeviceSecret(NullSecretStore()).get() != first  # nothing kept: another secret, another machine
    assert "fichier" in device.description
