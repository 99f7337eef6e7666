"""The station's set-up proves its new key to the central store before the first escrow copy is sent: were that
first send to fail, the station's token alone (a stolen disk) could otherwise put a copy of a key of its own, which
every later recovery would give and which would prove the station's requests from then on (central audit of
4 December 2026; central/escrow_roots.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from central.authority import held_copy
from desktop.security.central_api import CentralRefused, CentralUnavailable
from desktop.security.keyslots import KeySlots, escrow_context
from desktop.security.sealed import seal
from desktop.security.slotkeys import authority_proof, central_authority, escrow_purpose
from desktop.services.central_catch_up import catch_up_central

from .central_fixture import CentralUnderTest, start_central
from .test_agents import T0, _setup


@pytest.fixture
def in_process(tmp_path: Path) -> CentralUnderTest:
    """The central store in process (no socket: a quick test)."""
    return start_central(tmp_path / "central")


class FirstSendFails:
    """The central store's client at set-up, whose escrow copy does not get through (the enrolment did)."""

    def __init__(self, central: CentralUnderTest) -> None:
        self._central = central

    def __getattr__(self, name: str) -> object:
        return getattr(self._central.client, name)

    def put_escrow(self, **kwargs: object) -> None:
        raise CentralUnavailable("connection lost")


def test_a_first_copy_whose_send_failed_is_sent_later_and_the_token_alone_cannot_put_its_own_meanwhile(
    tmp_path: Path, slots: KeySlots, in_process: CentralUnderTest
) -> None:
    central = in_process
    admin = _setup(tmp_path, slots, replace(central, client=FirstSendFails(central)))  # type: ignore[arg-type]
    assert slots.document().escrow_sent_at is None  # the set-up worked offline from there
    # The thief's copy of a key of its own, proved with that key (all a token can prove): refused.
    forged_key = b"f" * 32
    forged = seal(central.keys.public, forged_key, context=escrow_context(slots.station_code))
    for proof in (None, authority_proof(central_authority(forged_key), escrow_purpose(forged, ["intrus"]))):
        with pytest.raises(CentralRefused) as refused:
            central.client.put_escrow(station_code=slots.station_code, box=forged, proof=proof, agents=["intrus"])
        assert refused.value.status == 403 and "ne prouve pas la clé" in refused.value.message
    with central.engine.connect() as conn:  # type: ignore[attr-defined]
        assert not held_copy(conn, central.keys, central.station_id).kept
    # The station's next contact sends its copy, taken: its key is the one its set-up proved.
    assert catch_up_central(slots, central.client, admin.store, now=T0, database_key=admin.database_key)
    assert slots.document().escrow_sent_at is not None
    with central.engine.connect() as conn:  # type: ignore[attr-defined]
        assert held_copy(conn, central.keys, central.station_id).authority == central_authority(admin.database_key)
    admin.store.close()
