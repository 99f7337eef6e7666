"""Issue 15: reset codes that count (item 3), resets only from above (item 4), a set-up that cannot brick (item 7),
a removal that removes (item 8), and the per-station digest key."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import func, select

from central.reset_codes import issue_reset_code, redeem_reset_code
from central.security_tables import SecurityError, agents
from desktop.models import Agent, AuditEvent
from desktop.models.db import StoreError, open_store
from desktop.models.keys import StaticKeyProvider
from desktop.privatefile import remove_stale_temps
from desktop.security.keyslots import KeySlots, LoginRefused
from desktop.services import audit_log
from desktop.services.agents import (
    AccountError,
    SignedIn,
    first_setup,
    from_above,
    login,
    recover_from_escrow,
    reset_route,
    reset_with_code,
)

from .central_fixture import CentralUnderTest, start_central
from .test_agents import ADMIN_PW, NEW_PW, T0, Offline, _accounts, _setup, _signed_in

NOW = datetime.now(UTC)


@pytest.fixture
def central(tmp_path: Path) -> CentralUnderTest:
    return start_central(tmp_path / "central")


def _redeem(central: CentralUnderTest, code: str, *, now: datetime = NOW) -> bytes:
    return redeem_reset_code(
        central.engine,  # type: ignore[arg-type]
        central.keys,
        station_id=central.station_id,
        login="admin",
        code=code,
        ephemeral_public=central.keys.public,
        now=now,
    )


def test_reset_code_guesses_are_counted_and_the_fifth_ends_the_code(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """Item 3: before, the count was rolled back with each refusal: after 50 wrong guesses the right code still
    returned the station's database key."""
    _setup(tmp_path, slots, central).store.close()
    central.client.request_reset_code(identifier="admin")
    code = central.mailbox.sent[-1][2]
    for i in range(50):
        with pytest.raises(SecurityError):
            _redeem(central, f"WRONG{i:03d}")
    with pytest.raises(SecurityError, match="Code invalide"):
        _redeem(central, code)


def test_new_codes_do_not_buy_new_guesses(tmp_path: Path, slots: KeySlots, central: CentralUnderTest) -> None:
    """The rate limit: at most 3 codes an hour per agent, at most 10 wrong guesses an hour over all of them."""
    _setup(tmp_path, slots, central).store.close()
    engine = central.engine
    issued = [issue_reset_code(engine, station_id=central.station_id, identifier="admin", now=NOW) for _ in range(5)]  # type: ignore[arg-type]
    assert sum(1 for i in issued if i is not None) == 3
    later = NOW + timedelta(minutes=61)
    codes = []
    for _ in range(3):
        fresh = issue_reset_code(engine, station_id=central.station_id, identifier="admin", now=later)  # type: ignore[arg-type]
        assert fresh is not None
        for i in range(4):
            with pytest.raises(SecurityError):
                _redeem(central, f"BAD{i}", now=later)
        codes.append(fresh[2])
    with pytest.raises(SecurityError):  # 12 wrong guesses this hour: even the right code is refused
        _redeem(central, codes[-1], now=later)


def test_a_supervisor_cannot_reset_an_administrator_or_a_peer(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """Item 4: before, a supervisor reset the administrator's password and logged in as them."""
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    _s1, sup_pw = accounts.enrol(login_name="chef", display_name="C", role="superviseur", capacity="OPJ")
    other_sup, _pw = accounts.enrol(login_name="chef2", display_name="D", role="superviseur", capacity="OPJ")
    agent_id, _apw = accounts.enrol(login_name="agent1", display_name="A", role="agent_police", capacity="OPJ")
    sup = _signed_in(admin, slots).authenticate(login_name="chef", password=sup_pw, now=T0)
    by_sup = _accounts(admin, slots, central.client, by=sup)
    for target in (admin.principal.agent_id, other_sup):
        with pytest.raises(AccountError, match="moins de droits"):
            by_sup.reset_by_supervisor(agent_id=str(target))
    assert slots.unlock(login="admin", password=ADMIN_PW, now=T0).agent_id == admin.principal.agent_id
    assert by_sup.reset_by_supervisor(agent_id=agent_id)  # an agent below: allowed
    with admin.store.read() as s:
        refused = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "acces.refuse")).all()
    assert refused.count("reinitialisation_compte_egal") == 2
    admin.store.close()


def _lock_out(session: SignedIn, login_name: str, now: datetime) -> datetime:
    """Ten wrong passwords for `login_name` (past each delay): the account is locked; returns the time after."""
    for _ in range(10):
        with pytest.raises(LoginRefused):
            session.authenticate(login_name=login_name, password="pas le bon mot de passe", now=now)
        now += timedelta(minutes=10)
    return now


def test_R_AUTH_unlocking_follows_rank_a_supervisor_lifts_no_administrators_nor_peers_lock(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """Counter audit (left open until now): a supervisor guessing the administrator's password lifted its lock after
    every 10 tries. A lock is lifted from above only: a supervisor an agent's, the administrator a supervisor's or an
    agent's; nobody their own or a peer's; each refusal audited, said in French."""
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    sup_id, sup_pw = accounts.enrol(login_name="chef", display_name="C", role="superviseur", capacity="OPJ")
    peer_id, _pw = accounts.enrol(login_name="chef2", display_name="D", role="superviseur", capacity="OPJ")
    agent_id, _apw = accounts.enrol(login_name="agent1", display_name="A", role="agent_police", capacity="OPJ")
    session = _signed_in(admin, slots)
    sup = session.authenticate(login_name="chef", password=sup_pw, now=T0)
    now = T0
    for login_name in ("admin", "chef2", "agent1", "chef"):
        now = _lock_out(session, login_name, now)
    admin_id = str(admin.principal.agent_id)
    by_sup = _accounts(admin, slots, central.client, by=sup)
    for target in (admin_id, peer_id, sup_id):  # above, a peer, themselves
        with pytest.raises(AccountError, match="moins de droits que le vôtre"):
            by_sup.unlock(agent_id=target)
        assert slots.lock_state(target)[2]  # still locked
    by_admin = _accounts(admin, slots, central.client)
    with pytest.raises(AccountError, match="moins de droits que le vôtre"):
        by_admin.unlock(agent_id=admin_id)
    # The Agents screen offers only what would pass: the rows say what the acting agent may do to each account.
    offered = {v.login: v for v in by_sup.list_agents()}
    assert (
        {n for n, v in offered.items() if v.may_unlock} == {n for n, v in offered.items() if v.may_reset} == {"agent1"}
    )
    offered = {v.login: v for v in by_admin.list_agents()}
    assert {n for n, v in offered.items() if v.may_unlock} == {"agent1", "chef", "chef2"}
    assert not any(v.may_reset for v in offered.values())
    by_sup.unlock(agent_id=agent_id)  # an agent, below the supervisor
    by_admin.unlock(agent_id=peer_id)  # a supervisor, below the administrator
    assert not slots.lock_state(agent_id)[2] and not slots.lock_state(peer_id)[2]
    assert slots.lock_state(admin_id)[2] and slots.lock_state(sup_id)[2]
    with admin.store.read() as s:
        refused = s.scalars(
            select(AuditEvent.record_id).where(
                AuditEvent.action == "acces.refuse", AuditEvent.detail == "deverrouillage_compte_egal"
            )
        ).all()
    assert sorted(refused) == sorted([admin_id, peer_id, sup_id, admin_id])  # ids only, no login nor name
    admin.store.close()
    # The locked administrator (no one above) reopens with a code from the central store, which lifts the lock.
    with pytest.raises(LoginRefused, match="Mot de passe oublié"):
        login(database=tmp_path / "guichet.db", slots=slots, login_name="admin", password=ADMIN_PW,
              station_kind="commissariat", now=now)  # fmt: skip
    central.client.request_reset_code(identifier="admin")
    code = central.mailbox.sent[-1][2]
    reset_with_code(slots=slots, central=central.client, login_name="admin", code=code, new_password=NEW_PW, now=now)
    assert slots.unlock(login="admin", password=NEW_PW, now=now).agent_id == admin_id


def test_the_way_back_is_said_for_the_accounts_rank(tmp_path: Path, slots: KeySlots, central: CentralUnderTest) -> None:
    """« Demandez à un superviseur » only where a supervisor can: a supervisor's or the administrator's password is
    reset by a code from the central store. Before the login the rank is not known, and not revealed: a locked
    account and an unknown login's locked counter get the same words, which give every rank its way."""
    assert "Demandez à un superviseur" in reset_route("agent_police")
    for role in ("superviseur", "administrateur"):
        assert "Demandez à un superviseur" not in reset_route(role) and "Mot de passe oublié" in reset_route(role)
    _setup(tmp_path, slots, central).store.close()
    with pytest.raises(AccountError) as offline:
        reset_with_code(slots=slots, central=Offline(), login_name="admin", code="X", new_password=NEW_PW, now=T0)  # type: ignore[arg-type]
    assert offline.value.message.endswith(from_above())
    said = []
    for login_name in ("admin", "personne"):
        now = T0
        for _ in range(11):
            try:
                slots.unlock(login=login_name, password="pas le bon mot de passe", now=now)
            except LoginRefused as exc:
                last = exc
            now += timedelta(minutes=10)
        said.append(last.message)
    assert said[0] == said[1] and "l'administrateur celui d'un superviseur" in said[0]
    assert "Mot de passe oublié" in said[0]


def _central_agents(central: CentralUnderTest) -> int:
    with central.engine.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(select(func.count()).select_from(agents)).scalar_one())


def test_set_up_over_a_store_without_key_slots_is_refused_then_escrow_recovers(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """Item 7: before, set-up ran over the store: a wrong-key error, a slot file with a wrong key and a junk
    administrator at the central store."""
    admin = _setup(tmp_path, slots, central)
    admin.store.close()
    slots.path.unlink()
    before = _central_agents(central)
    with pytest.raises(AccountError, match="séquestre"):
        first_setup(
            database=tmp_path / "guichet.db",
            slots=slots,
            central=central.client,
            station_kind="commissariat",
            login_name="nouveau",
            display_name="Nouveau",
            password=ADMIN_PW,
            now=T0,
        )
    assert not slots.exists() and _central_agents(central) == before
    central.client.request_reset_code(identifier="admin")
    recovered = recover_from_escrow(
        database=tmp_path / "guichet.db",
        slots=slots,
        central=central.client,
        login_name="admin",
        code=central.mailbox.sent[-1][2],
        new_password=NEW_PW,
        station_kind="commissariat",
        now=T0,
    )
    with recovered.store.read() as s:
        assert "agent.acces_recupere_sequestre" in s.scalars(select(AuditEvent.action)).all()
    assert audit_log.verify(recovered.store).ok
    recovered.store.close()


def test_a_removed_agent_opens_nothing_even_with_an_old_slot_file(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """Item 8: before, an old copy of keyslots.json (a backup, a crash's temp file) still opened the store for the
    removed agent, the central store kept them active and the login could never be enrolled again."""
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    agent_id, agent_pw = accounts.enrol(login_name="parti", display_name="P", role="agent_police", capacity="OPJ")
    _other, other_pw = accounts.enrol(login_name="reste", display_name="R", role="agent_police", capacity="OPJ")
    old_copy = tmp_path / "old" / "keyslots.json"
    old_copy.parent.mkdir()
    shutil.copy(slots.path, old_copy)
    removal = accounts.remove(agent_id=agent_id)
    assert removal.central_done and removal.need_reset == ()
    admin.store.close()
    stolen = KeySlots(old_copy, slots.device, station_code=slots.station_code, params=slots.params)
    old_key = stolen.unlock(login="parti", password=agent_pw, now=T0).database_key
    with pytest.raises(StoreError):
        open_store(tmp_path / "guichet.db", StaticKeyProvider(old_key))
    with pytest.raises(LoginRefused):
        slots.unlock(login="parti", password=agent_pw, now=T0)
    # Everyone else still opens the store, and the audit chain still verifies after the re-key.
    for name, pw in (("admin", ADMIN_PW), ("reste", other_pw)):
        opened = login(
            database=tmp_path / "guichet.db",
            slots=slots,
            login_name=name,
            password=pw,
            station_kind="commissariat",
            now=T0,
        )
        assert audit_log.verify(opened.store).ok
        opened.store.close()
    with central.engine.connect() as conn:  # type: ignore[attr-defined]
        assert conn.execute(select(agents.c.active).where(agents.c.id == agent_id)).scalar_one() is False
    # The login can be enrolled again, locally and at the central store.
    again = login(
        database=tmp_path / "guichet.db",
        slots=slots,
        login_name="admin",
        password=ADMIN_PW,
        station_kind="commissariat",
        now=T0,
    )
    new_id, _pw = _accounts(again, slots, central.client).enrol(
        login_name="parti", display_name="P2", role="agent_police", capacity="OPJ"
    )
    with again.store.read() as s:
        assert s.get(Agent, new_id) is not None and s.get(Agent, agent_id).login.startswith("parti~")  # type: ignore[union-attr]
    again.store.close()


def test_a_rekey_cut_short_is_finished_at_the_next_login(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    admin = _setup(tmp_path, slots, central)
    new_key = os.urandom(32)
    slots.prepare_rekey(new_key, admin.root, old_key=admin.database_key)
    admin.store.rekey(new_key)  # crash here: the slots still say the old key first
    admin.store.close()
    opened = login(
        database=tmp_path / "guichet.db",
        slots=slots,
        login_name="admin",
        password=ADMIN_PW,
        station_kind="commissariat",
        now=T0,
    )
    assert (
        opened.database_key == new_key and slots.document().slots[opened.principal.agent_id or ""].sealed_next is None
    )
    opened.store.close()


def test_temp_files_left_by_a_crash_are_removed_at_start(tmp_path: Path) -> None:
    folder = tmp_path / "station"
    folder.mkdir()
    dead = folder / ".keyslots.json.999999.0badc0de"
    dead.write_text("{}")
    live = folder / f".keyslots.json.{os.getpid()}.0badc0de"
    live.write_text("{}")
    assert remove_stale_temps(folder) == 1
    assert not dead.exists() and live.exists()


def test_each_station_has_its_own_digest_key(tmp_path: Path, central: CentralUnderTest) -> None:
    first = central.client.digest_key()
    assert len(first) == 32 and central.client.digest_key() == first
    other = start_central(tmp_path / "other")
    assert other.client.digest_key() != first


def test_enrolment_refuses_invisible_characters_in_a_login(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """Before: logins accepted zero-width, bidi and control characters (two look-alike accounts)."""
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    for login_name in ("ali\u200bce", "alice\u202e", "ali\tce"):
        with pytest.raises(AccountError, match="invisible"):
            accounts.enrol(login_name=login_name, display_name="A", role="agent_police", capacity="OPJ")
    agent_id, _pw = accounts.enrol(login_name="Ｂruno", display_name="B", role="agent_police", capacity="OPJ")
    with admin.store.read() as s:
        assert s.get(Agent, agent_id).login == "bruno"  # type: ignore[union-attr]
    admin.store.close()


def test_two_offline_re_keys_are_told_with_the_proof_of_the_copy_the_central_store_holds(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """The central store replaces its escrow copy, and enrols agents, only on the proof of the key of the copy it
    holds (a stolen bearer token alone proves nothing). Two agents removed offline re-key the store twice: the next
    time online, the newest copy is accepted on the proof of the first key (kept sealed under each new key), the
    next enrolment on the newest key's, and a reset code then gives the newest key."""
    from .test_agents import Offline

    admin = _setup(tmp_path, slots, central)
    first_key = admin.database_key
    accounts = _accounts(admin, slots, central.client)
    gone = [
        accounts.enrol(login_name=login, display_name=login, role="agent_police", capacity="OPJ")[0]
        for login in ("un", "deux")
    ]
    assert slots.document().central_authority is None  # the central store holds the current key's copy
    for agent_id in gone:
        assert not _accounts(admin, slots, Offline()).remove(agent_id=agent_id).central_done
    assert slots.current_key is not None and slots.current_key[0] != first_key
    doc = slots.document()
    assert doc.escrow_sent_at is None and doc.central_authority is not None
    assert first_key not in slots.path.read_bytes()  # what is kept of the old key reveals nothing of it
    agent_id, _pw = _accounts(admin, slots, central.client).enrol(
        login_name="trois", display_name="T", role="agent_police", capacity="OPJ", email="trois@interieur.test"
    )
    doc = slots.document()
    assert doc.escrow_sent_at is not None and doc.central_authority is None and doc.pending_deactivations == []
    central.client.request_reset_code(identifier="trois")
    assert _redeem_as(central, "trois", central.mailbox.sent[-1][2]) == slots.current_key[0]


def test_an_escrow_copy_whose_answer_was_lost_is_not_refused_for_ever(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """After a re-key told later, the copy reaches the central store but its answer is lost: the station still
    thinks it holds the old copy and proved with the old key, refused for ever (central re-audit). Now the current
    key's proof follows a refusal."""
    from desktop.security.central_api import CentralUnavailable
    from desktop.services.central_catch_up import catch_up_central

    from .test_agents import Offline

    class AnswerLost:
        """The central store's client whose first escrow answer never arrives (the copy is kept there)."""

        def __init__(self) -> None:
            self.lost = False

        def __getattr__(self, name: str) -> object:
            return getattr(central.client, name)

        def put_escrow(self, **kwargs: object) -> None:
            central.client.put_escrow(**kwargs)  # type: ignore[arg-type]
            if not self.lost:
                self.lost = True
                raise CentralUnavailable("answer lost")

    admin = _setup(tmp_path, slots, central)
    agent_id, _pw = _accounts(admin, slots, central.client).enrol(
        login_name="parti", display_name="P", role="agent_police", capacity="OPJ"
    )
    assert not _accounts(admin, slots, Offline()).remove(agent_id=agent_id).central_done
    assert slots.current_key is not None
    key = slots.current_key[0]
    assert not catch_up_central(slots, AnswerLost(), admin.store, now=T0, database_key=key)  # type: ignore[arg-type]
    assert slots.document().central_authority is not None  # the station still thinks the old copy is held
    assert catch_up_central(slots, central.client, admin.store, now=T0, database_key=key)
    doc = slots.document()
    assert doc.escrow_sent_at is not None and doc.central_authority is None
    _accounts(admin, slots, central.client).enrol(
        login_name="apres", display_name="A", role="agent_police", capacity="OPJ"
    )


def test_a_shadow_agent_enrolled_by_an_insider_goes_with_the_removals_re_key(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """An agent who knows the database key (any agent, logged in) enrols at the central store, with a valid proof, a
    « shadow » agent the station does not know, with their own e-mail; removed, they would still have a reset code sent
    to them, and it opens the re-keyed escrow copy (central re-audit, left open). The removal's re-key sends the
    station's agents with its copy: the central store deactivates every other one."""
    from desktop.security.slotkeys import agent_purpose

    admin = _setup(tmp_path, slots, central)
    insider, _pw = _accounts(admin, slots, central.client).enrol(
        login_name="initie", display_name="I", role="agent_police", capacity="OPJ"
    )
    key = admin.database_key
    shadow = {"agent_id": "ombre-0001", "login": "ombre", "role": "administrateur", "capacity": "OPJ"}
    proof = slots.central_proof(key, agent_purpose(**shadow, email="initie@perso.example"))
    central.client.enrol_agent(**shadow, email="initie@perso.example", proof=proof)
    with central.engine.connect() as conn:  # type: ignore[attr-defined]
        assert conn.execute(select(agents.c.active).where(agents.c.id == "ombre-0001")).scalar_one() is True
    assert _accounts(admin, slots, central.client).remove(agent_id=insider).central_done
    with central.engine.connect() as conn:  # type: ignore[attr-defined]
        active = dict(conn.execute(select(agents.c.login, agents.c.active)).all())  # type: ignore[arg-type]
    assert active == {"admin": True, "initie": False, "ombre": False}
    sent = len(central.mailbox.sent)
    central.client.request_reset_code(identifier="ombre")
    assert len(central.mailbox.sent) == sent  # no code for the shadow: the new key stays out of reach


def _redeem_as(central: CentralUnderTest, login: str, code: str) -> bytes:
    """The database key a reset code gives back (sealed for a one-time key, opened here)."""
    from desktop.security.keyslots import split_material
    from desktop.security.sealed import open_sealed
    from desktop.security.slotkeys import reset_context

    one_time = X25519PrivateKey.generate()
    public = one_time.public_key().public_bytes_raw()
    box = central.client.redeem_reset_code(login=login, code=code, ephemeral_public=public)
    return split_material(open_sealed(one_time, box, context=reset_context(login)))[0]


def test_an_offline_removal_is_told_to_the_central_store_later(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    from desktop.services.central_catch_up import catch_up_central

    from .test_agents import Offline

    admin = _setup(tmp_path, slots, central)
    agent_id, _pw = _accounts(admin, slots, central.client).enrol(
        login_name="parti", display_name="P", role="agent_police", capacity="OPJ"
    )
    central.client.request_reset_code(identifier="admin")
    stale_code = central.mailbox.sent[-1][2]
    removal = _accounts(admin, slots, Offline()).remove(agent_id=agent_id)
    assert not removal.central_done and slots.document().pending_deactivations == [agent_id]
    # Meanwhile the central store's escrow copy is the old key: a reset by code must not make a useless slot.
    with pytest.raises(AccountError, match="pas à jour"):
        from desktop.services.agents import reset_with_code

        reset_with_code(
            slots=slots, central=central.client, login_name="admin", code=stale_code, new_password=NEW_PW, now=T0
        )
    assert slots.current_key is not None  # the re-key's new key
    assert catch_up_central(slots, central.client, admin.store, now=T0, database_key=slots.current_key[0])
    doc = slots.document()
    assert doc.pending_deactivations == [] and doc.escrow_sent_at is not None
    with central.engine.connect() as conn:  # type: ignore[attr-defined]
        assert conn.execute(select(agents.c.active).where(agents.c.id == agent_id)).scalar_one() is False
    central.client.request_reset_code(identifier="admin")
    reset_with_code(
        slots=slots,
        central=central.client,
        login_name="admin",
        code=central.mailbox.sent[-1][2],
        new_password=NEW_PW,
        now=T0,
    )
    admin.store.close()
    opened = login(
        database=tmp_path / "guichet.db",
        slots=slots,
        login_name="admin",
        password=NEW_PW,
        station_kind="commissariat",
        now=T0,
    )
    assert audit_log.verify(opened.store).ok
    opened.store.close()
