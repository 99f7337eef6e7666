"""The « Journal d'audit » reads: a supervisor's three questions (what did agent X do on a day, who touched the act
with receipt number N, who logged in tonight), the limit, the integrity, and the refusal of a guichetier."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from activitykit import AGENT, CHEF, NOW, context, seed_activity
from sqlalchemy import select

from desktop.models import AuditEvent, Procuration, ProcurationEvent, Revocation
from desktop.models.db import Store
from desktop.services.audit_search import AuditSearchService, JournalQuery
from desktop.services.audit_words import ACTION_KINDS, ACTION_LABELS
from desktop.services.journal import Actor, action, audit
from desktop.services.permissions import PermissionDenied

STATION = "75056-01"
TUESDAY = date(2026, 11, 24)  # NOW is Monday 30 November 2026


def _event(store: Store, agent: str | None, name: str, at: datetime, kind: str | None = None, rid: str | None = None,
           detail: str | None = None) -> None:  # fmt: skip
    with action(store) as s:
        audit(s, actor=Actor(STATION, agent), action_name=name, now=at, record_kind=kind, record_id=rid, detail=detail)


@pytest.fixture
def acts(store: Store) -> tuple[Procuration, Revocation]:
    seed_activity(store, now=NOW, count=40)
    with store.write() as s:
        procuration = s.scalars(select(Procuration).order_by(Procuration.receipt_number)).first()
        revocation = s.scalars(select(Revocation).order_by(Revocation.receipt_number)).first()
        assert procuration is not None and revocation is not None
        s.add(ProcurationEvent(procuration_id=procuration.id, at=NOW, status="resiliee", source="guichet",
                               note=f"resiliation:{revocation.id}"))  # fmt: skip
    return procuration, revocation


def _seen(store: Store) -> list[AuditEvent]:
    with store.read() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == "journal.consulte")))


def test_what_did_an_agent_do_on_tuesday_in_the_stations_day(store: Store, tmp_path: Path) -> None:
    # Paris is UTC+1 in November: 23:30 UTC on Monday is already Tuesday there, 23:30 UTC on Tuesday is Wednesday.
    monday_late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    _event(store, "agent-1", "connexion.reussie", monday_late, "agent", "agent-1")
    _event(store, "agent-1", "procuration.etablie", monday_late + timedelta(hours=10), "procuration", "p-1")
    _event(store, "agent-2", "procuration.etablie", monday_late + timedelta(hours=11), "procuration", "p-2")
    _event(store, "agent-1", "consultation", monday_late + timedelta(hours=24), "recherche", None)
    result = AuditSearchService(context(store, tmp_path)).search(
        JournalQuery(agent_id="agent-1", first=TUESDAY, last=TUESDAY)
    )
    assert [r.action for r in result.rows] == ["procuration.etablie", "connexion.reussie"]  # newest first
    assert result.rows[0].action_label == "Procuration établie" and not result.more
    assert result.rows[0].agent_id == "agent-1"
    consulted = _seen(store)
    assert [(e.agent_id, e.detail) for e in consulted] == [("chef-1", "filtres=agent,du,au lignes=2")]


def test_who_looked_at_printed_or_revoked_the_act_with_this_receipt_number(
    store: Store, tmp_path: Path, acts: tuple[Procuration, Revocation]
) -> None:
    procuration, revocation = acts
    at = NOW - timedelta(hours=3)
    _event(store, "agent-1", "procuration.etablie", at, "procuration", procuration.id)
    _event(store, "agent-2", "consultation", at + timedelta(minutes=1), "historique", procuration.id)
    _event(
        store, "agent-2", "consultation", at + timedelta(minutes=2), "recepisse", procuration.receipt_number, "apercu"
    )
    _event(store, "agent-1", "recepisse.imprime", at + timedelta(minutes=3), "recepisse", procuration.id)
    _event(store, "chef-1", "procuration.resiliation", at + timedelta(minutes=4), "resiliation", revocation.id)
    _event(store, "agent-1", "procuration.etablie", at + timedelta(minutes=5), "procuration", "another-act")
    service = AuditSearchService(context(store, tmp_path))
    rows = service.search(JournalQuery(reference=f"  {procuration.receipt_number} ")).rows
    assert [(r.agent_id, r.action) for r in rows] == [
        ("chef-1", "procuration.resiliation"),
        ("agent-1", "recepisse.imprime"),
        ("agent-2", "consultation"),
        ("agent-2", "consultation"),
        ("agent-1", "procuration.etablie"),
    ]
    assert rows[-1].reference == f"Procuration {procuration.receipt_number}"  # the number, not the stored id
    assert rows[0].reference == f"Résiliation {revocation.receipt_number}"
    assert rows[2].action_label == "Consultation — aperçu d'un récépissé"
    assert rows[0].agent_name == "Mme Anne Lambert" and rows[0].agent_login == "chef-1"
    # What was typed is never written into the audit: only that a reference was given.
    assert [e.detail for e in _seen(store)] == ["filtres=reference lignes=5"]
    assert procuration.receipt_number not in " ".join(e.detail or "" for e in _seen(store))
    assert len(service.search(JournalQuery(reference=procuration.receipt_number.lower())).rows) == 5


def test_who_logged_in_or_failed_to_tonight(store: Store, tmp_path: Path) -> None:
    tonight = NOW.replace(hour=21)
    _event(store, "agent-1", "connexion.reussie", tonight, "agent", "agent-1")
    _event(store, None, "connexion.echouee", tonight + timedelta(minutes=5), "agent", None, "identifiant_inconnu")
    _event(store, "agent-2", "connexion.refusee_verrouillee", tonight + timedelta(minutes=9), "agent", "agent-2")
    _event(store, "agent-1", "procuration.etablie", tonight + timedelta(minutes=10), "procuration", "p-9")
    service = AuditSearchService(context(store, tmp_path))
    rows = service.search(JournalQuery(first=NOW.date(), last=NOW.date(), kind="connexions")).rows
    assert [r.action for r in rows] == ["connexion.refusee_verrouillee", "connexion.echouee", "connexion.reussie"]
    assert rows[1].agent_name == "identifiant inconnu" and rows[1].agent_id is None
    assert rows[0].action_label == "Connexion refusée : compte verrouillé"


def test_a_year_of_log_shows_the_newest_rows_and_says_there_are_more(store: Store, tmp_path: Path) -> None:
    with action(store) as s:
        for n in range(30):
            audit(s, actor=Actor(STATION, "agent-1"), action_name="consultation", now=NOW - timedelta(days=n),
                  record_kind="recherche")  # fmt: skip
    result = AuditSearchService(context(store, tmp_path)).search(JournalQuery(), limit=10)
    assert len(result.rows) == 10 and result.more
    assert result.rows[0].at == NOW and result.rows[-1].at == NOW - timedelta(days=9)
    assert _seen(store)[0].detail == "filtres=aucun lignes=10 tronque"


def test_the_chain_is_said_intact_or_where_it_breaks(store: Store, tmp_path: Path) -> None:
    for n in range(5):
        _event(store, "agent-1", "consultation", NOW - timedelta(minutes=n), "recherche")
    service = AuditSearchService(context(store, tmp_path))
    intact = service.integrity()
    assert intact.ok and intact.text.startswith("Journal intact : 5 événements vérifiés")
    with store.write() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.seq == 3)).one()
        row.action = "procuration.etablie"  # a row rewritten behind the chain's back
    broken = service.integrity()
    assert not broken.ok and broken.first_break == 3
    assert broken.text.startswith("Journal altéré : rupture à l'événement n° 3.")


def test_a_guichetier_is_refused_and_the_refusal_audited(store: Store, tmp_path: Path) -> None:
    service = AuditSearchService(context(store, tmp_path, AGENT))
    assert service.refusal() is not None and "exporter le journal d'audit" in (service.refusal() or "")
    for call in (lambda: service.search(JournalQuery()), service.integrity, service.agents):
        with pytest.raises(PermissionDenied, match="journal d'audit"):
            call()
    with store.read() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "acces.refuse")).all()
    assert [(e.agent_id, e.detail) for e in events] == [("agent-1", "audit.exporter")] * 3
    assert _seen(store) == []


def test_the_stations_accounts_are_offered_active_first(store: Store, tmp_path: Path) -> None:
    seed_activity(store, now=NOW, count=3)
    with store.write() as s:
        from desktop.models import Agent

        agent = s.get(Agent, "agent-2")
        assert agent is not None
        agent.active = False
    choices = AuditSearchService(context(store, tmp_path, CHEF)).agents()
    assert [(c.agent_id, c.active) for c in choices] == [("chef-1", True), ("agent-1", True), ("agent-2", False)]


def test_every_kind_of_action_known_to_the_services_has_words_and_a_kind() -> None:
    for name in ACTION_LABELS:
        if name in ("synchronisation",):
            continue
        assert any(k.matches(name) for k in ACTION_KINDS), name


def test_who_was_shown_the_act_in_a_list_of_several(
    store: Store, tmp_path: Path, acts: tuple[Procuration, Revocation]
) -> None:
    """Supervisor audit (session 31): « who saw this act? » found the previews and histories of it, never the lists
    that showed it among others (Activité du jour, the annulled list, a check's procurations of a person): those
    were journaled by count and digest. Each now names its acts by receipt number; a search by the number finds
    them, and each row says which acts it listed."""
    from desktop.services.shown_lists import listed_numbers

    procuration, _revocation = acts
    with store.read() as s:
        others = sorted(s.scalars(select(Procuration.receipt_number).where(Procuration.id != procuration.id)))[:3]
        other_id = s.scalars(select(Procuration.id).where(Procuration.receipt_number == others[0])).one()
    shown = [procuration.receipt_number, *others[:2]]
    at = NOW - timedelta(hours=2)
    listed, _left = listed_numbers(shown)
    _event(
        store, "agent-2", "consultation", at, "activite_du_jour", None, f"resultats=3;empreinte=ab;recepisses={listed}"
    )
    listed, _left = listed_numbers(others)
    _event(store, "agent-1", "consultation", at + timedelta(minutes=1), "activite_du_jour", None,
           f"resultats=3;empreinte=cd;recepisses={listed}")  # fmt: skip
    _event(store, "agent-1", "consultation", at + timedelta(minutes=2), "verification_locale", "person-1",
           f"role=mandant;regles=R-LIMIT-1;procurations={procuration.id},{other_id};empreinte=ef")  # fmt: skip
    # A line written before the numbers were kept: its count and digest only.
    _event(store, "agent-2", "consultation", at + timedelta(minutes=3), "activite_du_jour", None,
           "resultats=4;empreinte=0123456789abcdef")  # fmt: skip
    service = AuditSearchService(context(store, tmp_path))
    rows = service.search(JournalQuery(reference=procuration.receipt_number)).rows
    assert [(r.agent_id, r.record_kind) for r in rows] == [("agent-1", "verification_locale"),
                                                            ("agent-2", "activite_du_jour")]  # fmt: skip
    check, day_list = rows
    assert sorted(day_list.listed or ()) == sorted(shown) and day_list.listed_kept and day_list.listed_more == 0
    assert day_list.action_label == "Consultation — liste des actes du jour"
    assert check.listed == (procuration.receipt_number, others[0])  # the ids read as receipt numbers
    everything = service.search(JournalQuery(kind="consultations")).rows
    old = next(r for r in everything if r.detail == "resultats=4;empreinte=0123456789abcdef")
    assert old.listed == () and not old.listed_kept and old.listed_more == 4
    assert len(service.search(JournalQuery(reference=others[2])).rows) == 1  # only the list that showed it
