"""What production wires into the services (desktop/context.py): the acting agent's real capacity, the délégué's
visa, the consular register and the station's own digest key. Each test failed against the wiring it replaces."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from datekit import pin_station_clock

from desktop.context import DIGEST_KEY_NAME, AppContext, OpenedStore, build_context
from desktop.devices.printers.fake import FakePrinter
from desktop.keystore.files import StationFileStore
from desktop.models.db import Store
from desktop.rules.ivote import Credential
from desktop.services.desk import DeskServices, EstablishInput, PersonInput
from desktop.services.ivote import IvoteService
from desktop.services.passport_values import PassportRequest
from desktop.services.passports import PassportService
from desktop.services.permissions import Principal
from desktop.services.registers import DEMO_VOTERS
from desktop.settings import Settings, load_settings

CONSULATE = {"station_kind": "consulat", "station_code": "CA-MTL", "station_name": "Consulat général à Montréal"}
CHEF = Principal(
    "CA-MTL", "chef-1", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
)
POLICE = {"station_kind": "commissariat", "station_code": "75056-01", "station_name": "Commissariat central"}


Start = Callable[..., AppContext]


def _settings(tmp_path: Path, **station: str) -> Settings:
    return load_settings(
        config_path=tmp_path / "absent.toml",
        environ={},
        data_dir=tmp_path,
        card_reader="aucun",
        receipt_printer="aucune",
        **station,
    )


@pytest.fixture
def production(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Start]:
    # The station's clock pinned (the passport pilot ends on 30 November 2027, R-PASS-4; presidentielle-2027 is past
    # from 11 April 2027, R-VALID-2): these tests are about the wiring, not the day they run.
    pin_station_clock(monkeypatch)
    opened: list[AppContext] = []

    def start(agent: Principal, *, visa_by: Principal | None = None, **station: str) -> AppContext:
        login = OpenedStore(
            store=store, actor=agent, agent_name="Agent connecté", key_description="clé", visa_by=visa_by
        )
        ctx = build_context(_settings(tmp_path, **station), opened=login)
        opened.append(ctx)
        return ctx

    yield start
    for ctx in opened:
        ctx.close()


def test_renewal_receipts_print_the_acting_agents_capacity(production: Start) -> None:
    agent = Principal("CA-MTL", "amb-1", role="agent_consulaire", capacity="ambassadeur", station_kind="consulat")
    ctx = production(agent, **CONSULATE)
    printer = FakePrinter()
    passports = PassportService(ctx.services(printer=printer))
    today = ctx.clock.now().date()
    opened = passports.open_case(
        PassportRequest(
            last_name="Lefèvre",
            given_names="Hélène",
            birth_date=date(1984, 7, 9),
            country="CA",
            old_passport_issued=date(today.year - 9, 5, 2),
            old_passport_expiry=date(today.year + 1, 5, 1),
        )
    )
    assert opened.case is not None, opened.violations
    docs = passports.record_documents(opened.case.summary.id, photo_ok=True, dhl_adult_signature=False)
    assert docs.receipt_number is not None, docs.violations
    assert passports.print_receipt(docs.receipt_number).printed
    assert printer.printed[0].receipt.authority.capacity == "Ambassadeur"  # not "Agent consulaire"


def _form() -> EstablishInput:
    return EstablishInput(
        mandant=PersonInput(nne="371617504", last_name="BERNARD", given_names="Luc", birth_date=date(1969, 8, 8)),
        mandataire=PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27)),
        election_id="presidentielle-2027",
        rounds="T1_T2",
    )


def test_a_delegue_opj_establishes_with_the_visa_his_session_carries(production: Start, store: Store) -> None:
    from desktop.models import Agent, utcnow

    delegue = Principal("75056-01", "del-1", role="agent_police", capacity="delegue_opj", station_kind="commissariat",
                        designated_by="opj-1")  # fmt: skip
    opj = Principal("75056-01", "opj-1", role="agent_police", capacity="opj", station_kind="commissariat")
    with store.session() as s, s.begin():  # the OPJ's account, as the visa's sign-in found it
        s.add(Agent(id="opj-1", login="opj1", display_name="Lt Durand", role="agent_police", capacity="opj",
                    active=True, failed_logins=0, created_at=utcnow()))  # fmt: skip
    without = DeskServices(production(delegue, **POLICE).services())
    refused = without.establish(_form())
    assert not refused.saved and [v.rule_id for v in refused.violations] == ["R-AUTH-3"]  # said in the message too
    visaed = DeskServices(production(delegue, visa_by=opj, **POLICE).services())
    assert visaed.check(_form()) == []
    assert visaed.establish(_form()).saved
    # Designated by another OPJ: opj-1's visa is not theirs (R-AUTH-3).
    theirs = Principal("75056-01", "del-2", role="agent_police", capacity="delegue_opj", station_kind="commissariat",
                       designated_by="opj-2")  # fmt: skip
    wrong = DeskServices(production(theirs, visa_by=opj, **POLICE).services()).establish(_form())
    assert not wrong.saved and [v.rule_id for v in wrong.violations] == ["R-AUTH-3"]
    # The OPJ removed since the visa: the session's visa no longer counts, said before the next act.
    with store.session() as s, s.begin():
        s.get(Agent, "opj-1").active = False  # type: ignore[union-attr]
    stale = visaed.check(_form())
    assert [v.rule_id for v in stale] == ["R-AUTH-3"] and "ne vaut plus" in stale[0].message
    assert not visaed.establish(_form()).saved


def test_production_never_answers_from_the_demo_register(production: Start) -> None:
    agent = Principal(
        "CA-MTL", "chef-1", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
    )
    ivote = IvoteService(production(agent, **CONSULATE).services())
    numic, _, _, _, _, email, _ = DEMO_VOTERS[0]
    assert email is not None
    match = ivote.find_elector(numic=numic, email=email)
    assert not match.found and match.voter_name is None
    assert "Registre" in match.violations[0].message
    asked = ivote.request_renewal(numic=numic, email=email, renew=frozenset({Credential.IDENTIFIANT}))
    assert not asked.ok


def test_the_email_digest_key_is_the_stations_own_secret(tmp_path: Path, production: Start) -> None:
    agent = Principal(
        "CA-MTL", "chef-1", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
    )
    key = production(agent, **CONSULATE).services().digest_key
    kept = StationFileStore(tmp_path / "keys").path(DIGEST_KEY_NAME)
    assert len(key) == 32 and bytes.fromhex(kept.read_text().strip()) == key
    assert kept.stat().st_mode & 0o077 == 0  # owner-only
    assert production(CHEF, **CONSULATE).services().digest_key == key  # created once, then kept
    assert key != b"guichet/vote-internet/courriel/v1"  # the constant every station shared
