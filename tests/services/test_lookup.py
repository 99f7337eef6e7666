"""Looking procurations up: NNE, name prefix (accent- and case-insensitive), receipt number, reference, central."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from test_procurations import FORM, make_desk

from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.security.central_api import HttpCentralSecurity
from desktop.services.consultation_writer import settle
from desktop.services.desk import DeskServices, PersonInput, SearchQuery
from desktop.services.lookup import classify
from desktop.services.permissions import Principal
from desktop.sync.client import CentralClient, Credentials, enrol


@pytest.fixture(scope="module")
def central_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    from central.embedded import start_embedded

    running = start_embedded(tmp_path_factory.mktemp("central") / "central.db")
    yield running.base_url, running.enrolment_token
    running.stop()


def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def online_client(central_url: tuple[str, str]) -> CentralClient:
    """A station enrolled with the central store, with its agent `agent-1` (make_desk's) known there."""
    url, token = central_url
    client = CentralClient(url, enrol(url, enrolment_token=token, label="test lookup"), timeout=5)
    HttpCentralSecurity(client.http).enrol_agent(
        agent_id="agent-1", login="agent1", role="agent_police", capacity="opj", email=None
    )
    return client


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("204512873", "nne"),
        ("19374652", "nne"),
        ("GCH-75056-01-2026-000001", "recepisse"),
        ("k7m2qx", "reference"),
        ("mart", "nom"),
        ("Lefèvre Hélène", "nom"),
        ("", "vide"),
    ],
)
def test_classify(text: str, kind: str) -> None:
    assert classify(text) == kind


def test_search_by_nne_name_prefix_receipt_and_reference(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    saved = desk.establish(replace(FORM, mandant=replace(FORM.mandant, last_name="LEFÈVRE", given_names="Hélène")))
    assert saved.saved
    by_nne = desk.search(SearchQuery("204512873"))
    assert [r.id for r in by_nne.local] == [saved.procuration_id]
    row = by_nne.local[0]
    assert row.status_label == "Provisoire" and row.confirmation_label == "En attente du central"
    assert row.history == ()  # read for the row looked at: desk.history
    assert [h.status for h in desk.history(row.id)] == ["provisoire"]
    for prefix in ("lef", "LEFE", "Lefèvre hél", "lefevre h"):
        assert [r.id for r in desk.search(SearchQuery(prefix)).local] == [saved.procuration_id], prefix
    assert desk.search(SearchQuery("lefa")).local == ()
    assert desk.search(SearchQuery("lef", birth_date=date(1990, 1, 15))).local
    assert desk.search(SearchQuery("lef", birth_date=date(1990, 1, 16))).local == ()
    assert desk.search(SearchQuery("dubo")).local  # the mandataire side too
    assert saved.receipt_number is not None
    assert desk.search(SearchQuery(saved.receipt_number.lower())).local
    result = desk.search(SearchQuery("lef"))
    assert result.central_state == "non_configure"
    assert settle(store)  # the events are journaled, then moved into the chain by a writer thread
    with store.session() as s:
        audits = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "consultation")))
    assert len(audits) == 11  # every search is logged...
    assert all("LEF" not in (a.detail or "").upper() for a in audits)  # ...without what was searched


def test_reference_search_and_central_fetch_online(store: Store, tmp_path: Path, central_url: tuple[str, str]) -> None:
    desk = make_desk(store, tmp_path, central=online_client(central_url))
    born = date(1990, 1, 15)
    fetched = desk.fetch_request("k7m2qx", birth_date=born)
    assert fetched.state == "trouvee" and fetched.request is not None
    assert fetched.request.mandant.last_name == "MARTIN" and fetched.request.election_id is not None
    assert desk.fetch_request("ZZZZZ9", birth_date=born).state == "inconnue"
    assert desk.fetch_request("K7M2QX", birth_date=date(1990, 1, 16)).state == "inconnue"  # second factor
    assert desk.fetch_request("K7M2QX", birth_date=None).state == "invalide"
    assert desk.fetch_request("ab", birth_date=born).state == "invalide"
    mandataire = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
    form = replace(
        FORM, channel="maprocuration", reference="K7M2QX", mandataire=mandataire, requested_on=date(2026, 11, 20)
    )
    assert desk.establish(form).saved
    assert desk.search(SearchQuery("K7M2QX")).local
    online = desk.search(SearchQuery("204512873", birth_date=date(1990, 1, 15)))
    assert online.central_state == "en_ligne" and len(online.local) == 1


def test_offline_central_falls_back_to_local(store: Store, tmp_path: Path) -> None:
    client = CentralClient(closed_port(), Credentials("s", "t"), timeout=2)
    desk = make_desk(store, tmp_path, central=client)
    assert desk.fetch_request("K7M2QX", birth_date=date(1990, 1, 15)).state == "hors_ligne"
    assert desk.establish(FORM).saved
    result = desk.search(SearchQuery("martin claire", birth_date=date(1990, 1, 15)))
    assert result.central_state == "hors_ligne" and len(result.local) == 1 and "injoignable" in result.central_message


def test_a_revocation_is_pending_until_the_central_store_confirms_it(store: Store, tmp_path: Path) -> None:
    from desktop.models import Procuration, Revocation, utcnow

    desk = make_desk(store, tmp_path)
    saved = desk.establish(FORM)
    with store.session() as s, s.begin():  # the central store had confirmed the procuration
        proc = s.get(Procuration, saved.procuration_id)
        assert proc is not None
        proc.status, proc.confirmed_at = "validee", utcnow()
    [match] = desk.find_mandants(SearchQuery("204512873"))
    revoked = desk.revoke_all(elector_id=match.elector_id)
    assert revoked.saved
    [row] = desk.search(SearchQuery("204512873")).local
    assert row.status == "resiliee" and row.confirmation_label == "Résiliation en attente du central"
    with store.session() as s, s.begin():
        rev = s.get(Revocation, revoked.revocation_id)
        assert rev is not None
        rev.status = "validee"
    [row] = desk.search(SearchQuery("204512873")).local
    assert row.confirmation_label == "Confirmée par le central"


def test_a_revocation_shows_pending_until_the_central_store_confirms_it(store: Store, tmp_path: Path) -> None:
    from desktop.models import Revocation

    desk = make_desk(store, tmp_path)
    assert desk.establish(FORM).saved
    [match] = desk.find_mandants(SearchQuery("204512873"))
    out = desk.revoke_all(elector_id=match.elector_id)
    assert out.saved
    [row] = desk.search(SearchQuery("204512873"), include_central=False).local
    assert row.status == "resiliee" and row.revocation_pending
    [found] = desk.find_mandants(SearchQuery("204512873"))
    assert all(p.revocation_pending for p in found.procurations)
    with store.write() as s:
        revocation = s.get(Revocation, out.revocation_id)
        assert revocation is not None
        revocation.status = "validee"
    [row] = desk.search(SearchQuery("204512873"), include_central=False).local
    assert not row.revocation_pending
    [found] = desk.find_mandants(SearchQuery("204512873"))
    assert not any(p.revocation_pending for p in found.procurations)


def test_the_revocation_screens_central_look_up_is_an_audited_consultation(
    store: Store, tmp_path: Path, central_url: tuple[str, str]
) -> None:
    """R-DATA-4 (counter audit): Résilier asks the central store for a mandant's procurations made elsewhere; before,
    that look-up left nothing in this station's audit log, where the same question through Rechercher is journaled."""
    url, token = central_url  # agent ids are one namespace at the central store: an agent of this test's own
    client = CentralClient(url, enrol(url, enrolment_token=token, label="test résilier"), timeout=5)
    HttpCentralSecurity(client.http).enrol_agent(
        agent_id="agent-r", login="agentr", role="agent_police", capacity="opj", email=None
    )
    ctx = make_desk(store, tmp_path, central=client).ctx
    actor = Principal("75056-01", "agent-r", role="agent_police", capacity="OPJ", station_kind="commissariat")
    desk = DeskServices(replace(ctx, agent=replace(ctx.agent, principal=actor)))
    found, message = desk.find_central_mandant(SearchQuery("204512873", birth_date=date(1990, 1, 15)))
    assert found is None and "interrogé" in message  # asked: nothing in force there for this person
    assert desk.find_central_mandant(SearchQuery("204512873"))[0] is None  # not asked: the birth date is missing
    settle(store)
    with store.read() as s:
        seen = s.execute(select(AuditEvent.action, AuditEvent.record_kind, AuditEvent.detail)).tuples().all()
    assert seen == [("consultation", "recherche_centrale", "critere=nne;resultats=0")]


@pytest.mark.parametrize(
    ("change", "state", "said"),
    [
        ({}, "non_configure", "non configuré"),
        ({"central_url": "https://central.example.fr"}, "non_joint", "pas encore joint"),
        ({"demo": True}, "non_joint", "pas encore joint"),  # the demo's central store starts after the window
    ],
)
def test_a_configured_central_store_not_yet_reached_is_not_said_unconfigured(
    store: Store, tmp_path: Path, change: dict[str, object], state: str, said: str
) -> None:
    """A station with a central store whose client is not up yet (sync starting, station not enrolled) said
    « Répertoire central non configuré »: the agent then looked for a setting that was there."""
    ctx = make_desk(store, tmp_path).ctx
    desk = DeskServices(replace(ctx, settings=ctx.settings._replace(**change)))
    result = desk.search(SearchQuery("204512873", birth_date=date(1990, 1, 15)))
    assert result.central_state == state and said in result.central_message
    fetched = desk.fetch_request("K7M2QX", birth_date=date(1990, 1, 15))
    assert fetched.state == state and said in fetched.message
    # The form's national check says the same, and journals no consultation where nothing was asked (R-DATA-4).
    holdings = desk.national_holdings(FORM.mandant, "mandant")
    assert holdings is not None and holdings.state == state and said in holdings.message, holdings
    settle(store)
    with store.read() as s:
        kinds = s.scalars(select(AuditEvent.record_kind).where(AuditEvent.action == "consultation")).all()
    assert "verification_nationale" not in kinds, kinds
