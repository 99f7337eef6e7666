"""Counter audit (4 December 2026): whoever can write keyslots.json but holds no key (another OS user of the
station's group, a copy of the folder put back) plants a public key of theirs there; a re-key must seal nothing to it.

Before the fix, a slot added to the file with the thief's public key, or the escrow public key swapped for theirs,
received the new database key at the next agent's removal, sealed to the thief's key, in the same file.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select

from central.security_tables import agents, escrows
from desktop.models import AuditEvent
from desktop.security.keyslots import KeySlots, LoginRefused
from desktop.security.sealed import SealedBoxError, open_sealed, public_bytes
from desktop.security.slotkeys import escrow_context, seal_context
from desktop.services.agents import login

from .central_fixture import CentralUnderTest, start_central
from .test_agents import ADMIN_PW, T0, _accounts, _setup


@pytest.fixture
def central(tmp_path: Path) -> CentralUnderTest:
    return start_central(tmp_path / "central")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _edit(slots: KeySlots, change: object) -> None:
    """The insider's edit of keyslots.json: plain JSON, no key."""
    doc = json.loads(slots.path.read_text(encoding="utf-8"))
    change(doc)  # type: ignore[operator]
    slots.path.write_text(json.dumps(doc), encoding="utf-8")


def _opens(thief: X25519PrivateKey, box: str | None, context: bytes) -> bool:
    if not box:
        return False
    try:
        open_sealed(thief, base64.b64decode(box), context=context)
    except SealedBoxError:
        return False
    return True


def test_a_public_key_planted_in_the_slot_file_receives_nothing_at_the_next_removal(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    leaving, _pw = accounts.enrol(login_name="parti", display_name="P", role="agent_police", capacity="OPJ")
    swapped, _pw2 = accounts.enrol(login_name="cible", display_name="C", role="agent_police", capacity="OPJ")
    thief = X25519PrivateKey.generate()
    thief_public = _b64(public_bytes(thief.public_key()))

    def plant(doc: dict) -> None:  # type: ignore[type-arg]
        doc["slots"]["intrus"] = dict(doc["slots"][swapped], agent_id="intrus", login="intrus", public=thief_public)
        doc["slots"][swapped]["public"] = thief_public  # a real agent's public key swapped too
        doc["escrow_public_key"] = thief_public

    _edit(slots, plant)
    removal = accounts.remove(agent_id=leaving)
    admin.store.close()
    doc = json.loads(slots.path.read_text(encoding="utf-8"))
    code = slots.station_code
    for agent_id in ("intrus", swapped):
        kept = doc["slots"].get(agent_id, {})
        for field in ("sealed", "sealed_next"):
            assert not _opens(thief, kept.get(field), seal_context(code, agent_id))
    assert not _opens(thief, doc["escrow"], escrow_context(code))
    # Both slots were set aside (a supervisor's reset makes the real agent's again), and the audit log says so.
    assert set(removal.need_reset) == {"intrus", swapped}
    assert "intrus" not in doc["slots"] and swapped not in doc["slots"]
    # The escrow key was asked of the central store again: the copy it holds is the new key's, under its own key.
    assert removal.central_done and doc["escrow_public_key"] == _b64(central.keys.public)
    opened = login(
        database=tmp_path / "guichet.db", slots=slots, login_name="admin", password=ADMIN_PW,
        station_kind="commissariat", now=T0 + timedelta(minutes=1),
    )  # fmt: skip
    with opened.store.read() as s:
        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "agent.acces_a_refaire")).all()
    assert details == ["emplacement_non_rescelle"] * 2
    with central.engine.connect() as conn:  # type: ignore[attr-defined]
        box = conn.execute(select(escrows.c.box)).scalar_one()
    assert not _opens(thief, _b64(box), escrow_context(code))
    opened.store.close()


def test_a_slot_file_from_before_bindings_keeps_every_agent_who_logs_in(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """A file written before bindings existed: an agent's own login binds their slot (the password opened the private
    half of that public key); the escrow key is asked of the central store at the next contact."""
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    agent_id, agent_pw = accounts.enrol(login_name="ancien", display_name="A", role="agent_police", capacity="OPJ")
    leaving, _pw = accounts.enrol(login_name="parti", display_name="P", role="agent_police", capacity="OPJ")

    def unbind(doc: dict) -> None:  # type: ignore[type-arg]
        for slot in doc["slots"].values():
            slot.pop("binding", None)
        doc.pop("escrow_binding", None)

    _edit(slots, unbind)
    assert slots.unlock(login="ancien", password=agent_pw, now=T0).agent_id == agent_id
    admin_again = slots.unlock(login="admin", password=ADMIN_PW, now=T0)
    assert admin_again.database_key == admin.database_key
    removal = accounts.remove(agent_id=leaving)
    assert removal.need_reset == () and removal.central_done
    admin.store.close()
    assert login(
        database=tmp_path / "guichet.db", slots=slots, login_name="ancien", password=agent_pw,
        station_kind="commissariat", now=T0,
    ).principal.agent_id == agent_id  # fmt: skip
    with pytest.raises(LoginRefused):
        slots.unlock(login="parti", password=_pw, now=T0)


def test_an_agent_written_into_pending_deactivations_is_not_deactivated_at_the_central_store(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """Before, the next contact (a login, an enrolment) deactivated at the central store, with the station's own
    proof, any agent an insider listed in keyslots.json: the administrator included."""
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    agent_id, _pw = accounts.enrol(login_name="agent1", display_name="A", role="agent_police", capacity="OPJ")
    leaving, _pw2 = accounts.enrol(login_name="parti", display_name="P", role="agent_police", capacity="OPJ")
    targets = [agent_id, str(admin.principal.agent_id)]

    def list_them(doc: dict) -> None:  # type: ignore[type-arg]
        doc["pending_deactivations"] = targets

    _edit(slots, list_them)
    accounts.enrol(login_name="agent2", display_name="B", role="agent_police", capacity="OPJ")  # a contact
    assert accounts.remove(agent_id=leaving).central_done  # a genuine removal is still told
    with central.engine.connect() as conn:  # type: ignore[attr-defined]
        active = dict(conn.execute(select(agents.c.id, agents.c.active)).all())
    assert [active[a] for a in targets] == [True, True] and active[leaving] is False
    assert slots.document().pending_deactivations == []
    admin.store.close()


def test_a_login_written_into_the_slot_file_is_not_audited_as_a_login(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """Before, a success added to an agent's pending attempts went into the sealed audit chain as that agent's login,
    at the time the insider chose; the file only ever keeps attempts made before a password proved right."""
    admin = _setup(tmp_path, slots, central)
    victim, _pw = _accounts(admin, slots, central.client).enrol(
        login_name="agent1", display_name="A", role="agent_police", capacity="OPJ"
    )
    admin.store.close()
    forged = {"at": "2026-11-20T03:12:00+00:00", "outcome": "succes"}

    def forge(doc: dict) -> None:  # type: ignore[type-arg]
        doc["slots"][victim]["pending_attempts"] = [forged]

    _edit(slots, forge)
    again = login(
        database=tmp_path / "guichet.db", slots=slots, login_name="admin", password=ADMIN_PW,
        station_kind="commissariat", now=T0,
    )  # fmt: skip
    with again.store.read() as s:
        theirs = s.scalars(select(AuditEvent.action).where(AuditEvent.agent_id == victim)).all()
    assert theirs == ["connexion.inconnue"]
    again.store.close()


def test_an_older_slot_put_back_opens_nothing_once_the_password_changed(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """Before, a copy of an agent's entry taken after a supervisor's reset (the temporary password the supervisor saw)
    and put back once the agent had chosen their own password opened the store as the agent again: a change of
    password does not re-key. The store now keeps each agent's latest slot generation."""
    from desktop.services.agents import SignedIn

    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    _chief, chief_pw = accounts.enrol(login_name="chef", display_name="C", role="superviseur", capacity="OPJ")
    victim, temporary = accounts.enrol(login_name="agent1", display_name="A", role="agent_police", capacity="OPJ")
    old_entry = json.loads(slots.path.read_text(encoding="utf-8"))["slots"][victim]
    old_file = slots.path.read_bytes()
    first = login(
        database=tmp_path / "guichet.db", slots=slots, login_name="agent1", password=temporary,
        station_kind="commissariat", now=T0 + timedelta(minutes=1),
    )  # fmt: skip
    own = "marmotte rouge escalade le phare"
    SignedIn(first, slots=slots, station_kind="commissariat").change_password(
        old_password=temporary, new_password=own, now=T0 + timedelta(minutes=2)
    )
    first.store.close()

    def put_back(doc: dict) -> None:  # type: ignore[type-arg]
        doc["slots"][victim] = old_entry

    _edit(slots, put_back)
    with pytest.raises(LoginRefused, match="plus ancien"):
        login(
            database=tmp_path / "guichet.db", slots=slots, login_name="agent1", password=temporary,
            station_kind="commissariat", now=T0 + timedelta(minutes=3),
        )  # fmt: skip
    slots.path.write_bytes(old_file)  # the whole file put back: the same
    with pytest.raises(LoginRefused, match="plus ancien"):
        login(
            database=tmp_path / "guichet.db", slots=slots, login_name="agent1", password=temporary,
            station_kind="commissariat", now=T0 + timedelta(minutes=4),
        )  # fmt: skip
    # The way back: a supervisor's reset makes a newer slot.
    chief = SignedIn(admin, slots=slots, station_kind="commissariat").authenticate(
        login_name="chef", password=chief_pw, now=T0 + timedelta(minutes=5)
    )
    fresh = _accounts(admin, slots, central.client, by=chief).reset_by_supervisor(agent_id=victim)
    assert login(
        database=tmp_path / "guichet.db", slots=slots, login_name="agent1", password=fresh,
        station_kind="commissariat", now=T0 + timedelta(minutes=6),
    ).principal.agent_id == victim  # fmt: skip
    with admin.store.read() as s:
        refused = s.scalars(select(AuditEvent.detail).where(AuditEvent.detail == "emplacement_ancien")).all()
    assert refused == ["emplacement_ancien"] * 2
    admin.store.close()
