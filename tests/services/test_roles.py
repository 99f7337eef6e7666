"""Who may do what, enforced in the services themselves (R-AUTH-1..4, R-DATA-3), each refusal audited."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from pathlib import Path

import pytest
from contextkit import service_context
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from desktop.keystore.files import StationFileStore
from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.receipts.signing import StationSigner
from desktop.rules.ivote import Credential
from desktop.rules.terms import PlaceKind
from desktop.security.device import DeviceSecret
from desktop.security.keyslots import KeySlots
from desktop.services.accounts import AccountKeys, AgentAccounts
from desktop.services.desk import DeskServices, EstablishInput, SearchQuery
from desktop.services.ivote import IvoteService
from desktop.services.journal import Actor
from desktop.services.passports import PassportService
from desktop.services.permissions import Permission, PermissionDenied, Principal
from desktop.services.renewal_base import RenewalError
from desktop.settings import Settings

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
SIGNER = StationSigner(key_id="TR01", private_key=Ed25519PrivateKey.generate(), identity_key=b"r" * 32)

# (who, at which kind of station) -> may they (establish/revoke, consult, renew passports and credentials)?
CASES = [
    ("agent_police", "OPJ", "commissariat", True, True, False),
    ("agent_police", "APJ", "brigade_gendarmerie", True, True, False),
    ("agent_police", "reserviste_apj", "lieu_prefet", True, True, False),
    ("agent_police", "maire", "commissariat", False, False, False),  # R-AUTH-2: never a mayor
    ("agent_police", "OPJ", "consulat", False, False, False),  # a police agent does not act at a consulate
    ("agent_consulaire", "chef_de_poste_consulaire", "consulat", True, True, True),
    ("agent_consulaire", "agent_consulaire_delegue", "consulat", True, True, True),
    ("agent_consulaire", "chef_de_poste_consulaire", "commissariat", False, False, False),
    # Supervises (decides, unlocks, the station's figures), neither establishes nor consults: an « officier » is not on
    # R-DATA-3's list (outside audit, session 29: a supervisor of any capacity consulted every procuration).
    ("superviseur", "officier", "commissariat", False, False, False),
    ("superviseur", "maire", "commissariat", False, False, False),  # R-AUTH-2
    ("superviseur", "OPJ", "commissariat", True, True, False),  # an OPJ who supervises consults as an OPJ
    ("administrateur", "", "commissariat", False, False, False),  # manages accounts, never sees procurations
]


def _desk(store: Store, tmp_path: Path, actor: Actor, kind: str) -> DeskServices:
    settings = Settings(data_dir=tmp_path, station_code="S-1", station_kind=PlaceKind(kind), station_name="Poste")
    return DeskServices(service_context(store, settings, actor=actor, signer=SIGNER, clock=lambda: NOW))


def _renewals(store: Store, tmp_path: Path, actor: Actor, kind: str) -> tuple[PassportService, IvoteService]:
    settings = Settings(data_dir=tmp_path, station_code="S-1", station_kind=PlaceKind(kind), station_name="Poste")
    ctx = service_context(store, settings, actor=actor, signer=SIGNER, clock=lambda: NOW)
    return PassportService(ctx), IvoteService(ctx)


def _refusals(store: Store) -> int:
    with store.session() as s:
        return len(s.scalars(select(AuditEvent.seq).where(AuditEvent.action == "acces.refuse")).all())


@pytest.mark.parametrize(("role", "capacity", "kind", "acts", "consults", "renews"), CASES)
def test_each_role_per_service(
    store: Store, tmp_path: Path, role: str, capacity: str, kind: str, acts: bool, consults: bool, renews: bool
) -> None:
    actor = Principal("S-1", "agent-1", role=role, capacity=capacity, station_kind=kind)
    desk = _desk(store, tmp_path, actor, kind)
    refused = 0

    outcome = desk.establish(EstablishInput())
    assert ("R-DATA-3" in {v.rule_id for v in outcome.violations}) is not acts
    refused += not acts
    revoke = desk.revoke_all(elector_id="nobody")
    assert ("R-DATA-3" in {v.rule_id for v in revoke.violations}) is not acts
    refused += not acts
    if consults:
        desk.search(SearchQuery("DUPONT"), include_central=False)
    else:
        with pytest.raises(PermissionDenied, match="Action refusée"):
            desk.search(SearchQuery("DUPONT"), include_central=False)
        refused += 1

    passports, ivote = _renewals(store, tmp_path, actor, kind)
    if renews:
        passports.list_cases()
        ivote.list_requests()
    else:
        with pytest.raises(RenewalError, match="Action refusée"):
            passports.list_cases()
        with pytest.raises(RenewalError, match="Action refusée"):
            ivote.request_renewal(numic="MTL2024001", email="x@exemple.fr", renew=frozenset({Credential.IDENTIFIANT}))
        refused += 2
    assert _refusals(store) == refused  # every refusal is in the audit log (R-DATA-4)


def test_no_logged_in_agent_is_refused_everywhere(store: Store, tmp_path: Path) -> None:
    anonymous = Actor("S-1", None)
    desk = _desk(store, tmp_path, anonymous, "commissariat")
    assert [v.rule_id for v in desk.establish(EstablishInput()).violations] == ["R-DATA-3"]
    with pytest.raises(PermissionDenied, match="aucun agent identifié"):
        desk.search(SearchQuery("DUPONT"), include_central=False)
    passports, _ = _renewals(store, tmp_path, anonymous, "consulat")
    with pytest.raises(RenewalError, match="aucun agent identifié"):
        passports.daily_deadlines()


class RecordingCentral:
    """A central security API that notes every call (an enrolment must never reach it when refused)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> object:
        def call(**kwargs: object) -> None:
            self.calls.append(name)

        return call


def test_accounts_act_as_the_contexts_agent_and_refuse_like_the_desk(
    store: Store, store_key: bytes, tmp_path: Path
) -> None:
    kind = "commissariat"
    admin = Principal("S-1", "admin-1", role="administrateur", capacity="administrateur", station_kind=kind)
    opj = Principal("S-1", "agent-1", role="agent_police", capacity="OPJ", station_kind=kind)
    assert Permission.AGENTS_GERER in admin.permissions and Permission.AGENTS_GERER not in opj.permissions
    # No method takes who acts: a view cannot pass the administrator's Principal it might hold.
    for name in ("list_agents", "enrol", "unlock", "reset_by_supervisor", "remove"):
        params = inspect.signature(getattr(AgentAccounts, name)).parameters
        assert [p for p in params.values() if p.name != "self" and p.kind is not p.KEYWORD_ONLY] == [], name
        assert not {"actor", "principal", "by"} & set(params), name

    settings = Settings(data_dir=tmp_path, station_code="S-1", station_kind=PlaceKind(kind), station_name="Poste")
    slots = KeySlots.beside(
        tmp_path / "guichet.db", DeviceSecret(StationFileStore(tmp_path / "keys")), station_code="S-1"
    )
    central = RecordingCentral()
    keys = AccountKeys(slots=slots, database_key=store_key, central=central)  # type: ignore[arg-type]
    ctx = service_context(store, settings, actor=opj, signer=SIGNER, clock=lambda: NOW)
    accounts = AgentAccounts(ctx, keys=keys)
    with pytest.raises(PermissionDenied, match="gérer les comptes des agents"):
        accounts.enrol(login_name="intrus", display_name="Intrus", role="administrateur", capacity="administrateur")
    assert central.calls == [] and not slots.exists()  # neither the central store nor the key slots were touched

    # The desk refuses the administrator a consultation (R-DATA-3): the same audit shape, the same action name.
    with pytest.raises(PermissionDenied, match="Action refusée"):
        _desk(store, tmp_path, admin, kind).search(SearchQuery("DUPONT"), include_central=False)
    with store.session() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
    shapes = [(e.action, e.agent_id, e.record_kind, e.record_id, e.detail) for e in events]
    assert shapes == [
        ("acces.refuse", "agent-1", None, None, Permission.AGENTS_GERER.value),
        ("acces.refuse", "admin-1", None, None, Permission.PROCURATION_CONSULTER.value),
    ]


@pytest.mark.parametrize(
    ("role", "capacity", "sees"),
    [
        ("superviseur", "officier", True),  # decides: the list names no citizen
        ("agent_police", "APJ", True),  # establishes the accepted ones
        ("administrateur", "", False),
    ],
)
def test_the_a_decider_list_for_who_decides_and_who_establishes_the_accepted_acts(
    store: Store, tmp_path: Path, role: str, capacity: str, sees: bool
) -> None:
    actor = Principal("S-1", "agent-1", role=role, capacity=capacity, station_kind="commissariat")
    desk = _desk(store, tmp_path, actor, "commissariat")
    if sees:
        assert desk.to_decide() == []
    else:
        with pytest.raises(PermissionDenied):
            desk.to_decide()
