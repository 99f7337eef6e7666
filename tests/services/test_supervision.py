"""Supervisor decisions at the desk (R-HOME-4, R-ELIG-4), R-VALID-5 on the receipt, R-PLACE-2 from the settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from contextkit import service_context
from sqlalchemy import select

from desktop.models import AuditEvent, ProcurationEvent, SupervisorDecision
from desktop.models.db import Store
from desktop.rules.terms import PlaceKind
from desktop.security.keyslots import LoginRefused
from desktop.services import procurations, receipting, supervision
from desktop.services.context import ServiceContext
from desktop.services.permissions import Principal
from desktop.services.procurations import EstablishInput, PersonInput
from desktop.settings import Settings, parse_openings

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
MANDANT = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire Marie", birth_date=date(1990, 1, 15))
MANDATAIRE = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
# A home visit asked at a consulate: the texts do not provide for it, a supervisor decides (R-HOME-4).
HOME_ABROAD = EstablishInput(
    channel="cerfa_12668",
    mandant=MANDANT,
    mandataire=MANDATAIRE,
    election_id="presidentielle-2027",
    rounds="T1_T2",
    home_visit=True,
    written_request=True,
    attestation=True,
)
AGENT = Principal(
    "CONS-01", "agent-1", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
)
CHIEF = Principal("CONS-01", "chef-1", role="superviseur", capacity="officier", station_kind="consulat")
OTHER = Principal("CONS-01", "agent-2", role="agent_consulaire", capacity="agent_consulaire_delegue")


def _credentials(login: str, password: str) -> Principal:
    if password != "bon-mot-de-passe":
        raise LoginRefused("Identifiant ou mot de passe incorrect.", code="mauvais_mot_de_passe")
    return {"chef": CHIEF, "agent": OTHER}[login]


def consulate(store: Store, tmp_path: Path, actor: Principal = AGENT) -> ServiceContext:
    settings = Settings(data_dir=tmp_path / "d", station_code="CONS-01", station_kind=PlaceKind.CONSULAT)
    ctx = service_context(store, settings, actor=actor, agent_name="Agent Durand", clock=lambda: NOW)
    return replace(ctx, check_credentials=_credentials)


def test_R_HOME_4_the_act_waits_for_a_supervisor_and_the_agent_cannot_clear_it(store: Store, tmp_path: Path) -> None:
    ctx = consulate(store, tmp_path)
    out = procurations.establish(ctx, HOME_ABROAD)
    assert not out.saved and [v.rule_id for v in out.awaiting_supervisor] == ["R-HOME-4"]
    assert out.unacknowledged == ()
    acked = procurations.establish(ctx, replace(HOME_ABROAD, acknowledged=frozenset({"R-HOME-4"})))
    assert not acked.saved and [v.rule_id for v in acked.awaiting_supervisor] == ["R-HOME-4"]


def test_R_HOME_4_supervisor_on_the_spot_accepts_and_the_record_and_receipt_show_it(
    store: Store, tmp_path: Path
) -> None:
    ctx = consulate(store, tmp_path)
    wrong = supervision.decide_on_the_spot(
        ctx, HOME_ABROAD, login="chef", password="faux", accepted=True, reason="Mandant hospitalisé"
    )
    assert wrong.decision_id is None and "incorrect" in wrong.violations[0].message
    not_chief = supervision.decide_on_the_spot(
        ctx, HOME_ABROAD, login="agent", password="bon-mot-de-passe", accepted=True, reason="Mandant hospitalisé"
    )
    assert not_chief.decision_id is None and "superviseur" in not_chief.violations[0].message
    no_reason = supervision.decide_on_the_spot(
        ctx, HOME_ABROAD, login="chef", password="bon-mot-de-passe", accepted=True, reason=" "
    )
    assert no_reason.decision_id is None and "motif" in no_reason.violations[0].message
    ok = supervision.decide_on_the_spot(
        ctx, HOME_ABROAD, login="chef", password="bon-mot-de-passe", accepted=True, reason="Mandant hospitalisé"
    )
    assert ok.accepted and ok.decision_id is not None
    saved = procurations.establish(ctx, replace(HOME_ABROAD, decision_id=ok.decision_id))
    assert saved.saved and saved.signed is not None
    row = supervision.for_record(ctx, saved.procuration_id or "")
    assert row is not None and (row.status, row.decided_by_name, row.reason) == (
        "acceptee",
        "chef-1",
        "Mandant hospitalisé",
    )
    with store.session() as s:
        notes = [e.note or "" for e in s.scalars(select(ProcurationEvent))]
        assert any("acceptée par chef-1 le 01/12/2026" in n and "Mandant hospitalisé" in n for n in notes)
        actions = [(a.action, a.agent_id) for a in s.scalars(select(AuditEvent))]
        assert ("decision_superviseur.acceptee", "chef-1") in actions and ("procuration.etablie", "agent-1") in actions
    details = dict(saved.signed.receipt.details)
    assert "acceptée par chef-1" in details["Décision du superviseur"]
    # A reprint or preview says what the original said, the decision included (R-TIME-2 reprint, R-HOME-4).
    kept = receipting.rebuild(ctx, saved.receipt_number or "")
    assert kept is not None and kept.receipt.details == saved.signed.receipt.details
    assert kept.receipt.next_steps == saved.signed.receipt.next_steps
    # One decision allows one act: the same id does not save a second procuration.
    again = procurations.establish(ctx, replace(HOME_ABROAD, decision_id=ok.decision_id))
    assert not again.saved and again.awaiting_supervisor


def test_R_HOME_4_a_refusal_is_recorded_and_the_act_is_not_saved(store: Store, tmp_path: Path) -> None:
    ctx = consulate(store, tmp_path)
    no = supervision.decide_on_the_spot(
        ctx, HOME_ABROAD, login="chef", password="bon-mot-de-passe", accepted=False, reason="Aucune urgence"
    )
    assert no.decision_id is not None and not no.accepted
    out = procurations.establish(ctx, replace(HOME_ABROAD, decision_id=no.decision_id))
    assert not out.saved and any("Refusée par chef-1 : Aucune urgence" in v.message for v in out.violations)
    with store.session() as s:
        assert [a.action for a in s.scalars(select(AuditEvent))] == ["decision_superviseur.refusee"]


def test_R_HOME_4_the_a_decider_list_then_a_supervisor_session_decides(store: Store, tmp_path: Path) -> None:
    ctx = consulate(store, tmp_path)
    sent = supervision.submit(ctx, HOME_ABROAD)
    assert sent.decision_id is not None
    waiting = supervision.to_decide(ctx)
    assert [(r.id, r.rule_ids, r.status_label) for r in waiting] == [(sent.decision_id, ("R-HOME-4",), "À décider")]
    assert "domicile" in waiting[0].cases
    refused = supervision.decide(ctx, sent.decision_id, accepted=True, reason="ok ok")
    assert refused.decision_id is None  # the agent's own session is not a supervisor's
    with store.session() as s:  # and the try is audited, like every refusal of what the role does not allow
        tried = s.scalars(select(AuditEvent).where(AuditEvent.action == "acces.refuse")).all()
        assert [(e.record_id, e.detail) for e in tried] == [(sent.decision_id, "decision_hors_superviseur")]
    chief = consulate(store, tmp_path, actor=CHIEF)
    assert supervision.decide(chief, sent.decision_id, accepted=True, reason="Vu avec le consul").accepted
    assert [r.status for r in supervision.to_decide(ctx)] == ["acceptee"]  # accepted, waiting to be established
    form = supervision.form_of(ctx, sent.decision_id)
    assert form is not None and form.mandant == MANDANT and form.home_visit and form.decision_id == sent.decision_id
    out = supervision.establish_decided(ctx, sent.decision_id)
    assert out.saved and supervision.to_decide(ctx) == []
    with store.session() as s:
        row = s.get(SupervisorDecision, sent.decision_id)
        assert row is not None and row.record_id == out.procuration_id and row.decided_by_id == "chef-1"


# A supervisor whose capacity may act too (a chef de poste consulaire with a supervisor's account).
ACTING_CHIEF = Principal(
    "CONS-01", "chef-2", role="superviseur", capacity="chef_de_poste_consulaire", station_kind="consulat"
)
OTHER_MANDANT = PersonInput(nne="311122233", last_name="AUTRE", given_names="Paul", birth_date=date(1960, 3, 3))


def test_R_HOME_4_a_decision_covers_the_act_it_was_taken_on_and_no_other(store: Store, tmp_path: Path) -> None:
    """Counter audit: before, a decision accepted for one mandant established another's act (same case) too."""
    ctx = consulate(store, tmp_path)
    sent = supervision.submit(ctx, HOME_ABROAD)
    assert sent.decision_id is not None
    chief = consulate(store, tmp_path, actor=CHIEF)
    assert supervision.decide(chief, sent.decision_id, accepted=True, reason="Mandant hospitalisé").accepted
    other = replace(HOME_ABROAD, mandant=OTHER_MANDANT, decision_id=sent.decision_id)
    out = procurations.establish(ctx, other)
    assert not out.saved and [v.rule_id for v in out.awaiting_supervisor] == ["R-HOME-4"]
    assert supervision.establish_decided(ctx, sent.decision_id).saved  # the act decided on still goes through


def test_R_HOME_4_a_supervisor_who_may_act_never_decides_their_own_act(store: Store, tmp_path: Path) -> None:
    """Counter audit: before, an acting supervisor sent their own act to the list, accepted it from their session
    and established it; or established an act they had decided themselves."""
    own = consulate(store, tmp_path, actor=ACTING_CHIEF)
    sent = supervision.submit(own, HOME_ABROAD)
    assert sent.decision_id is not None
    refused = supervision.decide(own, sent.decision_id, accepted=True, reason="Je décide pour moi")
    assert refused.decision_id is None and "autre agent" in refused.violations[0].message
    assert [r.status for r in supervision.to_decide(own)] == ["a_decider"]
    # Decided by another supervisor, established by the agent who sent it: allowed.
    assert supervision.decide(consulate(store, tmp_path, actor=CHIEF), sent.decision_id, accepted=True,
                              reason="Vu avec le consul").accepted  # fmt: skip
    # An agent's act the acting supervisor decided: someone else establishes it, never the decider.
    agent = consulate(store, tmp_path)
    theirs = supervision.submit(agent, replace(HOME_ABROAD, mandant=OTHER_MANDANT))
    assert theirs.decision_id is not None
    assert supervision.decide(own, theirs.decision_id, accepted=True, reason="Mandant hospitalisé").accepted
    out = supervision.establish_decided(own, theirs.decision_id)
    assert not out.saved and "autre agent" in out.violations[0].message
    assert supervision.establish_decided(agent, theirs.decision_id).saved
    assert supervision.establish_decided(own, sent.decision_id).saved


def test_R_VALID_5_the_receipt_names_every_election_of_the_shared_day(store: Store, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d", station_code="75056-01")
    actor = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")
    ctx = service_context(store, settings, actor=actor, clock=lambda: NOW)
    form = EstablishInput(mandant=MANDANT, mandataire=MANDATAIRE, election_id="departementales-2028", rounds="T1")
    out = procurations.establish(ctx, form)
    assert out.saved and out.signed is not None
    details = dict(out.signed.receipt.details)
    assert (
        "départementales" in details["Élections couvertes"].lower()
        and "régionales" in details["Élections couvertes"].lower()
    )


def test_R_PLACE_2_a_prefet_place_opens_on_its_arrete_hours_from_the_settings(store: Store, tmp_path: Path) -> None:
    openings = parse_openings("01/12/2026-05/12/2026 09:00-12:00,14:00-18:00")
    settings = Settings(
        data_dir=tmp_path / "d", station_code="PREF-01", station_kind=PlaceKind.LIEU_PREFET, prefet_openings=openings
    )
    actor = Principal("PREF-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="lieu_prefet")
    form = EstablishInput(mandant=MANDANT, mandataire=MANDATAIRE, election_id="presidentielle-2027", rounds="T1")
    # 09:30 UTC is 10:30 in Paris: open. 12:00 UTC is 13:00 in Paris: closed, and the reason names the hours.
    inside = service_context(store, settings, actor=actor, clock=lambda: NOW)
    assert [v.rule_id for v in procurations.check(inside, form)] == []
    outside = service_context(store, settings, actor=actor, clock=lambda: datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    refused = [v for v in procurations.check(outside, form) if v.rule_id == "R-PLACE-2"]
    assert refused and "de 09:00 à 12:00 et de 14:00 à 18:00" in refused[0].message


def test_R_DATA_2_acts_never_established_leave_after_two_months_with_their_form(store: Store, tmp_path: Path) -> None:
    from datetime import timedelta

    from desktop.services.retention import purge

    ctx = consulate(store, tmp_path)
    waiting = supervision.submit(ctx, HOME_ABROAD)
    ok = supervision.decide_on_the_spot(
        ctx, HOME_ABROAD, login="chef", password="bon-mot-de-passe", accepted=True, reason="Mandant hospitalisé"
    )
    saved = procurations.establish(ctx, replace(HOME_ABROAD, decision_id=ok.decision_id or ""))
    assert waiting.decision_id and saved.saved
    report = purge(store, station_code="CONS-01", now=NOW + timedelta(days=62), scrutin_end=lambda _e, _r: None)
    assert report.decisions == 1
    with store.session() as s:
        left = [r.id for r in s.scalars(select(SupervisorDecision))]
    assert left == [ok.decision_id]  # the decision of a saved procuration stays with it


def test_R_ELIG_4_an_eu_citizen_on_a_mixed_day_waits_for_a_supervisor(store: Store, tmp_path: Path) -> None:
    from desktop.rules.calendar import parse_calendar

    mixed = parse_calendar(
        {
            "elections": [
                {"id": "mun-2032", "type": "municipales", "label": "Municipales 2032", "rounds": {"T1": "2032-03-14"}},
                {
                    "id": "dep-2032",
                    "type": "departementales",
                    "label": "Départementales 2032",
                    "rounds": {"T1": "2032-03-14"},
                },
            ]
        }
    )
    settings = Settings(data_dir=tmp_path / "d", station_code="75056-01")
    actor = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")
    ctx = replace(
        service_context(store, settings, actor=actor, clock=lambda: NOW), calendar=mixed, check_credentials=_credentials
    )
    eu = replace(MANDATAIRE, list_kind="complementaire_municipale")
    form = EstablishInput(mandant=MANDANT, mandataire=eu, election_id="mun-2032", rounds="T1")
    out = procurations.establish(ctx, form)
    assert not out.saved and [v.rule_id for v in out.awaiting_supervisor] == ["R-ELIG-4"]
    ok = supervision.decide_on_the_spot(
        ctx, form, login="chef", password="bon-mot-de-passe", accepted=True, reason="Vote aux municipales seulement"
    )
    saved = procurations.establish(ctx, replace(form, decision_id=ok.decision_id or ""))
    assert saved.saved and saved.signed is not None
    details = dict(saved.signed.receipt.details)
    assert (
        "Municipales 2032" in details["Élections couvertes"]
        and "Départementales 2032" in details["Élections couvertes"]
    )
    assert details["Décision du superviseur"].startswith("(R-ELIG-4) : acceptée par chef-1")


def test_a_refusal_stored_without_its_reason_says_so_in_the_agents_language(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decision kept without a reason (the form requires one; an older record) read « : sans motif » in English."""
    from pseudo_gettext import OPEN, pseudo_english

    ctx = consulate(store, tmp_path)
    no = supervision.decide_on_the_spot(
        ctx, HOME_ABROAD, login="chef", password="bon-mot-de-passe", accepted=False, reason="Aucune urgence"
    )
    with store.session() as s, s.begin():
        row = s.get(SupervisorDecision, no.decision_id)
        assert row is not None
        row.reason = ""
    with pseudo_english(monkeypatch):
        out = procurations.establish(ctx, replace(HOME_ABROAD, decision_id=no.decision_id))
    [refused] = [v.message for v in out.violations if "chef-1" in v.message]
    assert f"{OPEN}sans motif" in refused, refused
