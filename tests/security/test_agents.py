"""Agent accounts end to end: first set-up online, login offline, roles, lockout, removal, resets, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from contextkit import service_context
from sqlalchemy import select

from central.reset_codes import redeem_reset_code
from central.security_tables import SecurityError
from desktop.models import Agent, AuditEvent
from desktop.rules.terms import PlaceKind
from desktop.security.central_api import CentralUnavailable
from desktop.security.keyslots import KeySlots, LoginRefused
from desktop.services import audit_log
from desktop.services.accounts import AccountKeys, AgentAccounts
from desktop.services.agents import AccountError, LoginResult, SignedIn, first_setup, login, reset_with_code
from desktop.services.journal import Actor
from desktop.services.permissions import PermissionDenied
from desktop.settings import Settings

from .central_fixture import CentralUnderTest, start_central

T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
ADMIN_PW = "girafe violette marche lentement"
NEW_PW = "Xq9!vZ7p#wLm-42a"


class Offline:
    """A central store that cannot be reached."""

    def __getattr__(self, name: str) -> object:
        def fail(*args: object, **kwargs: object) -> None:
            raise CentralUnavailable("offline")

        return fail


@pytest.fixture
def central(tmp_path: Path) -> CentralUnderTest:
    return start_central(tmp_path / "central")


def _setup(tmp_path: Path, slots: KeySlots, central: CentralUnderTest) -> LoginResult:
    return first_setup(
        database=tmp_path / "guichet.db",
        slots=slots,
        central=central.client,
        station_kind="commissariat",
        login_name="admin",
        display_name="Admin Poste",
        password=ADMIN_PW,
        now=T0,
        email="admin@interieur.test",
    )


def _accounts(result: LoginResult, slots: KeySlots, central: object, *, by: Actor | None = None) -> AgentAccounts:
    """The Agents screen's service over a context whose acting agent is `by` (the one who logged in by default)."""
    kind, code = PlaceKind.COMMISSARIAT, slots.station_code
    settings = Settings(data_dir=slots.path.parent, station_code=code, station_kind=kind, station_name="Poste")
    ctx = service_context(result.store, settings, actor=by or result.principal, clock=lambda: T0)
    keys = AccountKeys(slots=slots, database_key=result.database_key, central=central, audit_root=result.root)  # type: ignore[arg-type]
    return AgentAccounts(ctx, keys=keys)


def _signed_in(result: LoginResult, slots: KeySlots) -> SignedIn:
    """The session's own password checks (lock screen, OPJ visa, forced change)."""
    return SignedIn(result, slots=slots, station_kind="commissariat")


def test_first_setup_needs_the_central_store(tmp_path: Path, slots: KeySlots) -> None:
    with pytest.raises(AccountError, match="en ligne"):
        first_setup(
            database=tmp_path / "guichet.db",
            slots=slots,
            central=Offline(),  # type: ignore[arg-type]
            station_kind="commissariat",
            login_name="admin",
            display_name="A",
            password=ADMIN_PW,
            now=T0,
        )
    assert not slots.exists()


def test_setup_online_then_login_offline(tmp_path: Path, slots: KeySlots, central: CentralUnderTest) -> None:
    _setup(tmp_path, slots, central).store.close()
    again = login(
        database=tmp_path / "guichet.db",
        slots=slots,
        login_name="admin",
        password=ADMIN_PW,
        station_kind="commissariat",
        now=T0 + timedelta(hours=1),
    )
    assert again.principal.role == "administrateur" and not again.must_change
    with again.store.session() as s:
        actions = s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
    assert actions == ["agent.enrole", "connexion.reussie"]
    assert audit_log.verify(again.store).ok
    again.store.close()


def test_a_login_warms_its_store_file_up(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The morning's first look-ups find the file in the OS cache (services/warm_up.py); a refusal reads nothing."""
    from desktop.services import agents

    _setup(tmp_path, slots, central).store.close()
    started: list[Path] = []
    monkeypatch.setattr(agents, "warm_up", started.append)
    with pytest.raises(LoginRefused):
        login(database=tmp_path / "guichet.db", slots=slots, login_name="admin", password="pas le bon mot de passe",
              station_kind="commissariat", now=T0 + timedelta(hours=1))  # fmt: skip
    assert started == []
    again = login(database=tmp_path / "guichet.db", slots=slots, login_name="admin", password=ADMIN_PW,
                  station_kind="commissariat", now=T0 + timedelta(hours=1))  # fmt: skip
    again.store.close()
    assert started == [tmp_path / "guichet.db"]


def test_roles_on_account_services(tmp_path: Path, slots: KeySlots, central: CentralUnderTest) -> None:
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    sup_id, sup_pw = accounts.enrol(login_name="chef", display_name="Chef", role="superviseur", capacity="OPJ")
    agent_id, agent_pw = accounts.enrol(
        login_name="agent1", display_name="Agent Un", role="agent_police", capacity="APJ"
    )
    sup = _signed_in(admin, slots).authenticate(login_name="chef", password=sup_pw, now=T0)
    agent = _signed_in(admin, slots).authenticate(login_name="agent1", password=agent_pw, now=T0)
    # agents.gerer: administrator only.
    for refused in (sup, agent):
        as_refused = _accounts(admin, slots, central.client, by=refused)
        with pytest.raises(PermissionDenied):
            as_refused.enrol(login_name="x", display_name="X", role="agent_police", capacity="OPJ")
        with pytest.raises(PermissionDenied):
            as_refused.remove(agent_id=agent_id)
    # A reset (agents.deverrouiller): a supervisor only; the administrator, who never sees procurations, is given
    # no temporary password that opens the store as someone who does (R-DATA-3).
    for refused in (admin.principal, agent):
        with pytest.raises(PermissionDenied):
            _accounts(admin, slots, central.client, by=refused).reset_by_supervisor(agent_id=agent_id)
    # Unlocking: a supervisor (agents.deverrouiller) or the administrator (agents.gerer), from above; never an agent.
    with pytest.raises(PermissionDenied):
        _accounts(admin, slots, central.client, by=agent).unlock(agent_id=agent_id)
    _accounts(admin, slots, central.client).unlock(agent_id=agent_id)
    as_sup = _accounts(admin, slots, central.client, by=sup)
    as_sup.unlock(agent_id=agent_id)
    assert {v.login for v in as_sup.list_agents()} == {"admin", "chef", "agent1"}
    as_agent = _accounts(admin, slots, central.client, by=agent)
    assert as_sup.refusal() is None and as_agent.refusal() is not None
    with pytest.raises(PermissionDenied):
        as_agent.list_agents()
    # audit.exporter: administrator and supervisor, not the counter agent.
    audit_log.export(admin.store, sup, now=T0)
    with pytest.raises(PermissionDenied):
        audit_log.export(admin.store, agent, now=T0)
    assert sup_id != agent_id
    admin.store.close()


def test_enrolment_is_online_only_and_temporary_password_must_change(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    admin = _setup(tmp_path, slots, central)
    offline = _accounts(admin, slots, Offline())
    with pytest.raises(AccountError, match="en ligne"):
        offline.enrol(login_name="b", display_name="B", role="agent_police", capacity="OPJ")
    accounts = _accounts(admin, slots, central.client)
    _id, temporary = accounts.enrol(login_name="bruno", display_name="Bruno", role="agent_police", capacity="OPJ")
    admin.store.close()
    first = login(
        database=tmp_path / "guichet.db",
        slots=slots,
        login_name="bruno",
        password=temporary,
        station_kind="commissariat",
        now=T0,
    )
    assert first.must_change
    mine = _signed_in(first, slots)
    with pytest.raises(AccountError):
        mine.change_password(old_password=temporary, new_password="azertyuiop123", now=T0)
    mine.change_password(old_password=temporary, new_password=NEW_PW, now=T0)
    first.store.close()
    assert not slots.unlock(login="bruno", password=NEW_PW, now=T0).must_change
    with pytest.raises(LoginRefused):
        slots.unlock(login="bruno", password=temporary, now=T0)


def test_lockout_then_supervisor_unlock_all_audited(tmp_path: Path, slots: KeySlots, central: CentralUnderTest) -> None:
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    session = _signed_in(admin, slots)
    _sid, sup_pw = accounts.enrol(login_name="chef", display_name="Chef", role="superviseur", capacity="OPJ")
    agent_id, agent_pw = accounts.enrol(login_name="agent1", display_name="A", role="agent_police", capacity="OPJ")
    now = T0
    for _ in range(10):
        with pytest.raises(LoginRefused):
            session.authenticate(login_name="agent1", password="pas le bon mot de passe", now=now)
        now += timedelta(minutes=10)  # past any delay
    with pytest.raises(LoginRefused, match="verrouillé"):
        session.authenticate(login_name="agent1", password=agent_pw, now=now)
    with admin.store.session() as s:
        row = s.get(Agent, agent_id)
        assert row is not None and row.failed_logins == 10 and row.locked_until is not None
    sup = session.authenticate(login_name="chef", password=sup_pw, now=now)
    with pytest.raises(AccountError, match="pas d'accès"):  # an unknown id: said in French, not a KeyError
        _accounts(admin, slots, central.client, by=sup).unlock(agent_id="inconnu")
    _accounts(admin, slots, central.client, by=sup).unlock(agent_id=agent_id)
    assert session.authenticate(login_name="agent1", password=agent_pw, now=now).agent_id == agent_id
    with admin.store.session() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.record_id == agent_id)).all()
    assert actions.count("connexion.echouee") == 10
    assert "connexion.refusee_verrouillee" in actions and "agent.deverrouille" in actions
    assert actions[-1] == "connexion.reussie"
    assert audit_log.verify(admin.store).ok
    admin.store.close()


def test_removed_agent_cannot_open(tmp_path: Path, slots: KeySlots, central: CentralUnderTest) -> None:
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    agent_id, pw = accounts.enrol(login_name="parti", display_name="P", role="agent_police", capacity="OPJ")
    accounts.remove(agent_id=agent_id)
    admin.store.close()
    with pytest.raises(LoginRefused):
        login(
            database=tmp_path / "guichet.db",
            slots=slots,
            login_name="parti",
            password=pw,
            station_kind="commissariat",
            now=T0,
        )


def test_reset_by_code_from_the_central_store(tmp_path: Path, slots: KeySlots, central: CentralUnderTest) -> None:
    _setup(tmp_path, slots, central).store.close()
    central.client.request_reset_code(identifier="admin@interieur.test")
    central.client.request_reset_code(identifier="personne@nulle.part")  # same answer, nothing sent
    assert len(central.mailbox.sent) == 1
    _agent, email, code = central.mailbox.sent[0]
    assert email == "admin@interieur.test"
    with pytest.raises(AccountError, match="Code invalide"):
        reset_with_code(
            slots=slots, central=central.client, login_name="admin", code="MAUVAIS1", new_password=NEW_PW, now=T0
        )
    reset_with_code(slots=slots, central=central.client, login_name="admin", code=code, new_password=NEW_PW, now=T0)
    with pytest.raises(AccountError, match="Code invalide"):  # single use
        reset_with_code(slots=slots, central=central.client, login_name="admin", code=code, new_password=NEW_PW, now=T0)
    opened = login(
        database=tmp_path / "guichet.db",
        slots=slots,
        login_name="admin",
        password=NEW_PW,
        station_kind="commissariat",
        now=T0,
    )
    with opened.store.session() as s:
        assert "agent.mot_de_passe_reinitialise" in s.scalars(select(AuditEvent.action)).all()
    opened.store.close()


def test_reset_code_expires(tmp_path: Path, slots: KeySlots, central: CentralUnderTest) -> None:
    _setup(tmp_path, slots, central).store.close()
    central.client.request_reset_code(identifier="admin")
    code = central.mailbox.sent[-1][2]
    later = datetime.now(UTC) + timedelta(minutes=16)
    with pytest.raises(SecurityError):
        redeem_reset_code(
            central.engine,
            central.keys,
            station_id=central.station_id,  # type: ignore[arg-type]
            login="admin",
            code=code,
            ephemeral_public=central.keys.public,
            now=later,
        )


def test_a_reset_code_is_not_revived_by_a_central_clock_gone_back(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest
) -> None:
    """The central node's clock steps a day back (an NTP step, a VM restored): a code issued before, expired for
    hours, is not valid again (central clock audit). It was issued after that clock's now: refused."""
    _setup(tmp_path, slots, central).store.close()
    central.client.request_reset_code(identifier="admin")
    code = central.mailbox.sent[-1][2]
    with pytest.raises(SecurityError):
        redeem_reset_code(
            central.engine,
            central.keys,
            station_id=central.station_id,  # type: ignore[arg-type]
            login="admin",
            code=code,
            ephemeral_public=central.keys.public,
            now=datetime.now(UTC) - timedelta(days=1),
        )


def test_offline_reset_by_supervisor(tmp_path: Path, slots: KeySlots, central: CentralUnderTest) -> None:
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    _sid, sup_pw = accounts.enrol(login_name="chef", display_name="C", role="superviseur", capacity="OPJ")
    agent_id, _old = accounts.enrol(login_name="oublieux", display_name="O", role="agent_police", capacity="APJ")
    session = _signed_in(admin, slots)
    sup = session.authenticate(login_name="chef", password=sup_pw, now=T0)
    temporary = _accounts(admin, slots, Offline(), by=sup).reset_by_supervisor(agent_id=agent_id)
    who = session.authenticate(login_name="oublieux", password=temporary, now=T0)
    assert who.agent_id == agent_id and slots.unlock(login="oublieux", password=temporary, now=T0).must_change
    admin.store.close()
