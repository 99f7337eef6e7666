"""Retention: move the clock and check what personal data is left on the counter (R-DATA-2)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, func, select

from desktop.models import (
    AuditCheckpoint,
    AuditEvent,
    Elector,
    IssuedReceipt,
    IvoteRequest,
    OutboxEntry,
    PassportCase,
    Procuration,
    Revocation,
)
from desktop.models.db import Store
from desktop.receipts.signing import public_key_bytes
from desktop.services import audit_log
from desktop.services.context import load_calendar
from desktop.services.journal import Actor, action, audit, enqueue
from desktop.services.retention import RetentionPolicy, last_vote_in, purge

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
STATION_KEY = Ed25519PrivateKey.generate()
PUBLIC = public_key_bytes(STATION_KEY.public_key())
ACTOR = Actor(station_code="75056-01", agent_id="agent-1")
ELECTIONS = {"presidentielle-2027": date(2027, 5, 9)}


def _last_vote(election_id: str, _rounds: str | None) -> date | None:
    return ELECTIONS.get(election_id)


def _person(s: object, pid: str, now: datetime) -> str:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    s.add(
        Elector(
            id=pid,
            nne=None,
            last_name="NOM" + pid,
            given_names="Prenom",
            birth_date=date(1980, 1, 1),
            search_name="NOM",
            eu_citizen=False,
            created_at=now,
        )
    )
    return pid


def _procuration(
    store: Store,
    pid: str,
    *,
    status: str,
    confirmed: bool,
    until: date | None = None,
    election: str | None = None,
    rounds: str = "T1_T2",
    at: datetime = T0,
) -> None:
    with action(store) as s:
        mandant, mandataire = _person(s, pid + "-a", at), _person(s, pid + "-b", at)
        s.add(
            Procuration(
                id=pid,
                receipt_number="R-" + pid,
                mandant_id=mandant,
                mandataire_id=mandataire,
                channel="cerfa_12668",
                place_kind="commissariat",
                established_in="FRANCE",
                station_code="75056-01",
                agent_id="agent-1",
                authority_name="Agent",
                authority_capacity="OPJ",
                validity_kind="DUREE" if until else "SCRUTIN",
                election_id=election,
                rounds=None if until else rounds,
                valid_from=at.date() if until else None,
                valid_until=until,
                home_visit=False,
                established_at=at,
                status=status,
                confirmed_at=at + timedelta(hours=1) if confirmed else None,
            )
        )
        s.add(
            IssuedReceipt(
                number="R-" + pid, kind="procuration", record_id=pid, payload="NOM" + pid, issued_at=at, print_count=1
            )
        )
        audit(s, actor=ACTOR, action_name="procuration.etablie", now=at, record_kind="procuration", record_id=pid)
        body = {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, pid)), "agent_id": "agent-1", "data": {"nom": "NOM" + pid}}
        entry = enqueue(s, kind="passeport.etape", record_id=pid, body=body, now=at)
        entry.acked_at = at + timedelta(hours=1) if confirmed else None


def _left(store: Store) -> tuple[set[str], set[str]]:
    with store.session() as s:
        return set(s.scalars(select(Procuration.id))), set(s.scalars(select(Elector.id)))


def _run(store: Store, when: datetime) -> None:
    purge(store, station_code="75056-01", now=when, scrutin_end=_last_vote)


def test_purge_follows_validity_confirmation_and_the_two_month_rule(store: Store) -> None:
    _procuration(store, "duree", status="validee", confirmed=True, until=date(2027, 1, 31))
    _procuration(store, "scrutin", status="validee", confirmed=True, election="presidentielle-2027")
    _procuration(store, "jamais-synchro", status="provisoire", confirmed=False, until=date(2027, 1, 31))
    _procuration(store, "annulee", status="invalidee", confirmed=True, election="presidentielle-2027")
    # R-ELIG-5: annulled after it was in force (mandataire deceased): kept like any established one (R-DATA-2).
    _procuration(store, "deces", status="annulee", confirmed=True, until=date(2027, 1, 31))
    with action(store) as s:
        _person(s, "resilie", T0)
        s.add(
            Revocation(
                id="rev",
                receipt_number="R-rev",
                mandant_id="resilie",
                channel="cerfa_12668",
                station_code="75056-01",
                agent_id="agent-1",
                established_at=T0,
                status="validee",
                confirmed_at=T0,
            )
        )

    _run(store, T0 + timedelta(days=50))
    procs, people = _left(store)
    assert procs == {"duree", "scrutin", "jamais-synchro", "annulee", "deces"}  # nothing is due yet

    _run(store, T0 + timedelta(days=62))
    procs, people = _left(store)
    assert "annulee" not in procs and not {"annulee-a", "annulee-b"} & people  # never in force: 2 months

    _run(store, datetime(2028, 1, 30, tzinfo=UTC))
    procs, _ = _left(store)
    assert procs == {"duree", "scrutin", "jamais-synchro", "deces"}  # one year after 31 Jan 2027 is not yet past

    _run(store, datetime(2028, 2, 2, tzinfo=UTC))
    procs, _ = _left(store)
    assert procs == {"scrutin", "jamais-synchro"}

    _run(store, datetime(2029, 11, 24, tzinfo=UTC))
    procs, people = _left(store)
    assert procs == {"jamais-synchro"}  # an unconfirmed record is never purged: it still has to reach the centre
    assert people == {"jamais-synchro-a", "jamais-synchro-b"}
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Revocation)) == 0
        assert set(s.scalars(select(IssuedReceipt.record_id))) == {"jamais-synchro"}
        bodies = {e.record_id: e.body for e in s.scalars(select(OutboxEntry))}
        assert bodies["jamais-synchro"] != '{"purge": true}'
        assert all(b == '{"purge": true}' for k, b in bodies.items() if k != "jamais-synchro")


def test_audit_events_are_kept_for_their_own_period_and_the_chain_still_verifies(store: Store) -> None:
    for i in range(5):
        with action(store) as s:
            audit(s, actor=ACTOR, action_name="procuration.consultee", now=T0 + timedelta(days=i), record_id=str(i))
    report = purge(store, station_code="75056-01", now=T0 + timedelta(days=200), scrutin_end=_last_vote)
    assert report.audit_events == 0  # within a year: all kept
    report = purge(
        store,
        station_code="75056-01",
        now=T0 + timedelta(days=367),
        scrutin_end=_last_vote,
        policy=RetentionPolicy(),
        signing_key=STATION_KEY,
    )
    assert report.audit_events == 2  # days 0 and 1 are more than a year old
    with action(store) as s:
        audit(s, actor=ACTOR, action_name="procuration.consultee", now=T0 + timedelta(days=368))
    with store.session() as s:
        seqs = s.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
        actions = s.scalars(select(AuditEvent.action)).all()
    assert seqs == [3, 4, 5, 6, 7, 8] and actions.count("retention.purge") == 2
    # Verification starts at the kept checkpoint, attested by its signed start anchor (issue 15, item 5).
    assert audit_log.verify(store, public_key=PUBLIC, now=T0 + timedelta(days=368)).ok


def test_audit_chain_continues_after_everything_was_purged(store: Store) -> None:
    with action(store) as s:
        audit(s, actor=ACTOR, action_name="x", now=T0)
    purge(store, station_code="75056-01", now=T0 + timedelta(days=400), scrutin_end=_last_vote)
    purge(store, station_code="75056-01", now=T0 + timedelta(days=800), scrutin_end=_last_vote)
    with store.session() as s:
        assert s.scalars(select(AuditEvent.seq)).all() == [2, 3]  # the newest event is always kept
    # Even with every row gone, the next event continues from the checkpoint, never from seq 1.
    with action(store) as s:
        s.execute(delete(AuditEvent))
        s.merge(AuditCheckpoint(id=1, seq=3, mac=b"\x01" * 32, purged_at=T0))
    with action(store) as s:
        assert audit(s, actor=ACTOR, action_name="y", now=T0 + timedelta(days=801)).seq == 4
    # A checkpoint written by hand is no start anchor: verification says the start may have been cut.
    assert [p.kind for p in audit_log.verify(store).problems] == ["depart_non_ancre"]


def test_R_DATA_2_a_first_round_only_procuration_is_kept_a_calendar_year_after_that_round(store: Store) -> None:
    """presidentielle-2027's first round is on 11 April 2027, its second on 25 April: a procuration for the first
    round alone is no longer valid after the 11th, and goes after 11 April 2028 (a leap year: 365 days would take
    it on its last day), where one for both rounds stays until 25 April 2028."""
    ends = last_vote_in(load_calendar())
    assert ends("presidentielle-2027", "T1") == date(2027, 4, 11)
    assert ends("presidentielle-2027", "T1_T2") == ends("presidentielle-2027", "T2") == date(2027, 4, 25)
    _procuration(store, "premier", status="validee", confirmed=True, election="presidentielle-2027", rounds="T1")
    _procuration(store, "deux", status="validee", confirmed=True, election="presidentielle-2027")
    purge(store, station_code="75056-01", now=datetime(2028, 4, 11, 21, 0, tzinfo=UTC), scrutin_end=ends)
    assert _left(store)[0] == {"premier", "deux"}  # its last day of retention
    purge(store, station_code="75056-01", now=datetime(2028, 4, 12, 8, 0, tzinfo=UTC), scrutin_end=ends)
    assert _left(store)[0] == {"deux"}
    purge(store, station_code="75056-01", now=datetime(2028, 4, 26, 8, 0, tzinfo=UTC), scrutin_end=ends)
    assert _left(store)[0] == set()


def test_R_DATA_2_the_last_day_of_retention_is_the_station_s_day(store: Store) -> None:
    """05:00 UTC on 12 April 2028 is still 11 April, 22:00, at a consulate in Los Angeles: the last day a first-round
    procuration of 11 April 2027 is kept there (the purge ran on UTC's day and took it seven hours early). A request
    never established goes two calendar months after its local day (Papeete's evening of 30 November is UTC's
    1 December: 30 January, not 1 February)."""
    from zoneinfo import ZoneInfo

    ends = last_vote_in(load_calendar())
    la = ZoneInfo("America/Los_Angeles")
    _procuration(store, "premier", status="validee", confirmed=True, election="presidentielle-2027", rounds="T1")
    purge(store, station_code="75056-01", now=datetime(2028, 4, 12, 5, 0, tzinfo=UTC), scrutin_end=ends, zone=la)
    assert _left(store)[0] == {"premier"}
    purge(store, station_code="75056-01", now=datetime(2028, 4, 12, 7, 30, tzinfo=UTC), scrutin_end=ends, zone=la)
    assert _left(store)[0] == set()
    tahiti = ZoneInfo("Pacific/Tahiti")
    evening = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)  # 21:00 on 30 November in Papeete
    _procuration(store, "jamais", status="invalidee", confirmed=True, election="presidentielle-2027", at=evening)
    purge(store, station_code="75056-01", now=datetime(2027, 1, 30, 20, 0, tzinfo=UTC), scrutin_end=ends, zone=tahiti)
    assert _left(store)[0] == {"jamais"}  # 30 January in Papeete: the last day
    purge(store, station_code="75056-01", now=datetime(2027, 1, 31, 11, 0, tzinfo=UTC), scrutin_end=ends, zone=tahiti)
    assert _left(store)[0] == set()  # 31 January, 01:00 in Papeete: UTC's reading kept it until 2 February


def _renewal(store: Store, rid: str, *, kind: str, verdict: str | None, at: datetime = T0) -> None:
    """A passport case's opening or an internet-vote request, its entry answered `verdict` (None: still waiting)."""
    with action(store) as s:
        if kind == "passeport.etape":
            s.add(
                PassportCase(
                    id=rid,
                    case_number="RPD-" + rid,
                    last_name="NOM" + rid,
                    given_names="Prenom",
                    birth_date=date(1970, 1, 1),
                    country="CA",
                    status="en_cours",
                    station_code="CA-MTL",
                    agent_id="agent-1",
                    created_at=at,
                    confirmed_at=at if verdict == "validee" else None,
                )
            )
        else:
            s.add(
                IvoteRequest(
                    id=rid,
                    receipt_number="VPI-" + rid,
                    numic="N" + rid,
                    email_digest="d",
                    credential="identifiant",
                    status="lien_envoye",
                    station_code="CA-MTL",
                    agent_id="agent-1",
                    created_at=at,
                    confirmed_at=at if verdict == "validee" else None,
                )
            )
        body = {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, rid)), "agent_id": "agent-1", "data": {"event": "x"}}
        entry = enqueue(s, kind=kind, record_id=rid, body=body, now=at)
        if verdict is not None:
            entry.acked_at, entry.verdict = at + timedelta(hours=1), verdict


def test_R_DATA_2_a_renewal_the_central_store_refused_does_not_stay_for_ever(store: Store) -> None:
    """An internet-vote request refused by the central store (R-IVOTE-5 at another consulate) and a passport case
    whose opening it refused (R-PASS-4: void) were never « confirmed »: the counter kept their NUMIC, name and birth
    date for ever. They go as the confirmed ones do, a year on; one still waiting for the central store stays."""
    _renewal(store, "vote-refuse", kind="vote_internet.demande", verdict="invalidee")
    _renewal(store, "vote-attend", kind="vote_internet.demande", verdict=None)
    _renewal(store, "dossier-nul", kind="passeport.etape", verdict="invalidee")
    _renewal(store, "dossier-ouvert", kind="passeport.etape", verdict="validee")
    _run(store, T0 + timedelta(days=300))
    with store.read() as s:
        assert len(s.scalars(select(IvoteRequest.id)).all()) == 2
        assert len(s.scalars(select(PassportCase.id)).all()) == 2
    _run(store, T0 + timedelta(days=800))
    with store.read() as s:
        assert set(s.scalars(select(IvoteRequest.id))) == {"vote-attend"}  # it has to reach the centre first
        assert set(s.scalars(select(PassportCase.id))) == {"dossier-ouvert"}  # open: its 40 days may still run
        bodies = {e.record_id: e.body for e in s.scalars(select(OutboxEntry))}
    assert bodies["vote-refuse"] == bodies["dossier-nul"] == '{"purge": true}'
