"""The central store trusts no station (issue 14.1-14.4): forged dates, replayed answers, the review queue, ids."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from centralkit import HTTPS, procuration_body, shown_outcome, sign_in_form
from sqlalchemy import Engine, func, select
from test_central_l73 import ENROLLED, MANDANTS, MANDATAIRES, RULES, fresh, stored

from central import attribution
from central.apply import apply_batch
from central.queries import changes_since
from central.schema import entries, procurations
from desktop.models.ids import uuid7
from desktop.sync.wire import Batch, BatchResult, iso

T0 = ENROLLED + timedelta(days=1)


def _entry(seq: int, body: dict[str, Any], at: datetime, claim: datetime | None, **extra: Any) -> dict[str, Any]:
    return {
        "seq": seq,
        "id": extra.get("entry_id") or uuid7(),
        "kind": extra.get("kind", "procuration.etablie"),
        "body": body,
        "established_at": iso(at),
        "clock": {"wall": iso(at), "basis": "server" if claim else "wall", "last_sync": iso(claim) if claim else None},
    }


def _push(engine: Engine, station: str, now: datetime, *items: dict[str, Any], batch_id: str | None = None) -> str:
    """Push as the station's own enrolled agent (the agent ledger's flags are tested in test_central_attribution)."""
    mine = f"agent-{station}"
    with engine.begin() as conn:
        attribution.claim(conn, station_id=station, agent_id=mine, now=ENROLLED)
    raw = {"batch_id": batch_id or uuid7(), "entries": [{**e, "body": {**e["body"], "agent_id": mine}} for e in items]}
    return apply_batch(engine, station_id=station, batch=Batch.from_json(json.dumps(raw)), rules=RULES, now=now)


def _result(text: str) -> BatchResult:
    return BatchResult.from_json(text)


# 14.1 Backdating -------------------------------------------------------------------------------------------------


def test_a_last_sync_never_issued_cannot_date_an_entry_back(tmp_path: Path) -> None:
    engine, (honest, forger, _) = fresh(tmp_path)
    mandataire = MANDATAIRES[0]
    # The honest station establishes at T0 + 2 h, dated from a contact it really had (T0 + 1 h).
    _push(engine, honest, T0 + timedelta(hours=1), _entry(1, procuration_body(MANDANTS[6], MANDATAIRES[1]), T0, None))
    good = procuration_body(MANDANTS[0], mandataire, rounds="T1")
    # The forger syncs at T0 + 2 h 30: the server hands it that time (its only contact).
    contact = T0 + timedelta(hours=2, minutes=30)
    first = _result(_push(engine, forger, contact, _entry(1, procuration_body(MANDANTS[5], MANDATAIRES[2]), T0, None)))
    assert first.server_time == contact
    changes_since(engine, station_id=forger, since=0, limit=10, now=contact)  # then reads its feed, as stations do
    _push(engine, honest, T0 + timedelta(hours=3), _entry(2, good, T0 + timedelta(hours=2), T0 + timedelta(hours=1)))
    # At T0 + 4 h the forger claims a last sync just after its enrolment (never issued) and dates its act after it.
    forged = procuration_body(MANDANTS[1], mandataire, rounds="T1")
    claim = ENROLLED + timedelta(seconds=30)
    answer = _result(
        _push(engine, forger, T0 + timedelta(hours=4), _entry(2, forged, ENROLLED + timedelta(minutes=1), claim))
    )
    verdict = answer.verdicts[0]
    assert stored(engine)[good["id"]] == "validee"  # before the fix: invalidee R-LIMIT-1
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-LIMIT-1")
    assert {"horloge_bornee", "horloge_inconnue", "revue"} <= set(verdict.flags)
    with engine.connect() as conn:
        at = conn.execute(select(procurations.c.established_at).where(procurations.c.id == forged["id"])).scalar_one()
    assert at.replace(tzinfo=UTC) == contact  # clamped to its previous contact (its claim is not believed)
    engine.dispose()


def test_a_real_but_old_contact_cannot_date_an_entry_before_the_last_feed_read(tmp_path: Path) -> None:
    engine, (honest, forger, _) = fresh(tmp_path)  # both read the feed at ENROLLED: a time really issued to them
    good = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    _push(engine, honest, T0 + timedelta(hours=3), _entry(1, good, T0 + timedelta(hours=2), ENROLLED))
    changes_since(engine, station_id=forger, since=0, limit=10, now=T0 + timedelta(hours=2, minutes=30))
    forged = procuration_body(MANDANTS[1], MANDATAIRES[0], rounds="T1")
    answer = _result(
        _push(engine, forger, T0 + timedelta(hours=4), _entry(1, forged, ENROLLED + timedelta(minutes=1), ENROLLED))
    )
    assert stored(engine)[good["id"]] == "validee"
    assert answer.verdicts[0].status == "invalidee" and "horloge_bornee" in answer.verdicts[0].flags
    engine.dispose()


def test_an_old_contact_pinned_without_reading_the_feed_no_longer_dates_an_act_before_others(tmp_path: Path) -> None:
    """The way around the feed read's bound (central audit, 4 December 2026): a station that never reads its feed
    again keeps claiming its first contact, pushes day after day (each push a contact issued to it), then dates an
    act before another station's procuration for the same mandataire. Its claim is stale: bounded and flagged."""
    engine, (honest, forger, _) = fresh(tmp_path)
    seq = 1
    for day in range(1, 20):  # a working station, as far as the central store can tell: a batch every day
        body = procuration_body(MANDANTS[6 + day % 3], MANDATAIRES[2])
        _push(engine, forger, T0 + timedelta(days=day), _entry(seq, body, ENROLLED + timedelta(minutes=seq), ENROLLED))
        seq += 1
    good = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    _push(engine, honest, T0 + timedelta(days=10, minutes=5), _entry(1, good, T0 + timedelta(days=10), ENROLLED))
    forged = procuration_body(MANDANTS[1], MANDATAIRES[0], rounds="T1")
    answer = _result(
        _push(engine, forger, T0 + timedelta(days=20), _entry(seq, forged, ENROLLED + timedelta(hours=1), ENROLLED))
    )
    verdict = answer.verdicts[0]
    assert stored(engine)[good["id"]] == "validee"  # before: invalidee R-LIMIT-1, the forged one validee, no flag
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-LIMIT-1")
    assert {"horloge_bornee", "horloge_inconnue", "revue"} <= set(verdict.flags)
    engine.dispose()


def test_a_backlog_drained_after_an_outage_keeps_the_contact_it_was_made_after(tmp_path: Path) -> None:
    """The honest side of the stale claim: acts made offline claim the last contact before the outage, and the
    batches that carry them after it, minutes apart (each one a contact), are believed; a claim whose next contact
    is an hour old is not."""
    engine, (station, _, _) = fresh(tmp_path)
    back = ENROLLED + timedelta(hours=20)  # offline from ENROLLED, the network back the same day
    for seq in range(1, 4):
        body = procuration_body(MANDANTS[seq], MANDATAIRES[seq % 3])
        made = ENROLLED + timedelta(hours=seq)
        answer = _result(_push(engine, station, back + timedelta(minutes=seq), _entry(seq, body, made, ENROLLED)))
        assert answer.verdicts[0].flags == (), seq
    late = procuration_body(MANDANTS[4], MANDATAIRES[1])
    made = ENROLLED + timedelta(hours=4)
    answer = _result(_push(engine, station, back + timedelta(hours=1, minutes=2), _entry(4, late, made, ENROLLED)))
    assert "horloge_inconnue" in answer.verdicts[0].flags
    engine.dispose()


def test_a_claim_over_a_day_old_keeps_its_time_and_is_flagged(tmp_path: Path) -> None:
    """The way around the stale claim (central re-audit, 4 December 2026): a stolen laptop goes quiet after its last
    contact, so no later contact makes its claim stale, and twenty days later dates an act just after it, before
    another station's procuration for the same mandataire. Its claim is over a day old: the act keeps its time and
    is flagged, and the L73 outcome it decides goes to review (an honest station back from days offline alike)."""
    from central import review

    engine, (honest, quiet, _) = fresh(tmp_path)
    good = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    contact = T0 + timedelta(days=10)
    _push(engine, honest, contact, _entry(1, procuration_body(MANDANTS[5], MANDATAIRES[2]), contact, ENROLLED))
    _push(engine, honest, contact + timedelta(minutes=5), _entry(2, good, contact + timedelta(minutes=1), contact))
    assert stored(engine)[good["id"]] == "validee"
    forged = procuration_body(MANDANTS[1], MANDATAIRES[0], rounds="T1")
    answer = _result(
        _push(engine, quiet, T0 + timedelta(days=20), _entry(1, forged, ENROLLED + timedelta(minutes=1), ENROLLED))
    )
    verdict = answer.verdicts[0]
    assert "horloge_inconnue" in verdict.flags and "horloge_bornee" not in verdict.flags  # its time is kept
    # It decided the L73 outcome: a person decides, not the forged time (before: the honest one void, unflagged).
    assert stored(engine)[good["id"]] == "invalidee"
    queue = review.list_reviews(engine)
    assert [(r.procuration_id, r.flagged) for r in queue] == [(good["id"], (forged["id"],))]
    feed = changes_since(engine, station_id=honest, since=0, limit=10, now=T0 + timedelta(days=20, minutes=1))
    assert [(c.record_id, c.flags) for c in feed.changes] == [(good["id"], ("revue",))]
    engine.dispose()


def test_a_claim_whose_next_contacts_were_pruned_is_judged_by_its_own_age(tmp_path: Path) -> None:
    """A station that polls often keeps only its KEPT_CONTACTS newest unclaimed contacts: the first one after a
    claim it used may be gone. Such a claim counts as superseded from its own time (what the prune cannot hide)."""
    from central.contacts import KEPT_CONTACTS, record_contact

    engine, (station, _, _) = fresh(tmp_path)
    claim = T0
    _push(engine, station, claim, _entry(1, procuration_body(MANDANTS[1], MANDATAIRES[1]), claim, ENROLLED))
    _push(engine, station, claim, _entry(2, procuration_body(MANDANTS[2], MANDATAIRES[2]), claim, claim))  # used
    polls = [claim + timedelta(hours=2, seconds=30 * n) for n in range(1, KEPT_CONTACTS + 10)]
    with engine.begin() as conn:  # its polls, every 30 s from two hours after its claim: the first ones pruned
        for at in polls:
            record_contact(conn, station_id=station, at=at)
    now = polls[-1] + timedelta(seconds=10)  # the oldest contact kept after the claim is 37 minutes old
    body = procuration_body(MANDANTS[3], MANDATAIRES[0])
    answer = _result(_push(engine, station, now, _entry(3, body, claim + timedelta(minutes=5), claim)))
    assert "horloge_inconnue" in answer.verdicts[0].flags
    engine.dispose()


def test_an_issued_claim_is_trusted_and_cannot_go_back(tmp_path: Path) -> None:
    engine, (station, _, _) = fresh(tmp_path)
    _push(engine, station, T0, _entry(1, procuration_body(MANDANTS[0], MANDATAIRES[0]), T0, None))
    later = T0 + timedelta(hours=2)
    _push(engine, station, later, _entry(2, procuration_body(MANDANTS[1], MANDATAIRES[1]), T0 + timedelta(hours=1), T0))
    # A claim of T0 + 2 h (issued) is used, then one of T0 again: going back is not believed.
    ok = _result(
        _push(
            engine,
            station,
            T0 + timedelta(hours=4),
            _entry(3, procuration_body(MANDANTS[2], MANDATAIRES[2]), later, later),
        )
    )
    assert ok.verdicts[0].flags == ()
    back = _result(
        _push(
            engine, station, T0 + timedelta(hours=5), _entry(4, procuration_body(MANDANTS[3], MANDATAIRES[0]), T0, T0)
        )
    )
    assert "horloge_inconnue" in back.verdicts[0].flags
    engine.dispose()


# 14.2 Replays ----------------------------------------------------------------------------------------------------


def test_a_replayed_answer_carries_the_time_of_the_replay(tmp_path: Path) -> None:
    engine, (station, _, _) = fresh(tmp_path)
    item = _entry(1, procuration_body(MANDANTS[0], MANDATAIRES[0]), T0, None)
    batch_id = uuid7()
    first = _result(_push(engine, station, T0, item, batch_id=batch_id))
    again = _result(_push(engine, station, T0 + timedelta(hours=3), item, batch_id=batch_id))
    assert first.replayed_at is None
    assert again.replayed_at == T0 + timedelta(hours=3)
    assert (again.server_time, again.verdicts) == (first.server_time, first.verdicts)
    engine.dispose()


# 14.3 Review queue -----------------------------------------------------------------------------------------------


def test_flagged_l73_outcomes_are_queued_flagged_in_the_feed_and_decided_with_a_trail(tmp_path: Path) -> None:
    from central import review

    engine, (honest, forger, _) = fresh(tmp_path)
    _push(engine, forger, T0, _entry(1, procuration_body(MANDANTS[5], MANDATAIRES[2]), T0, None))
    victim = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    _push(engine, honest, T0 + timedelta(hours=2), _entry(1, victim, T0 + timedelta(hours=1), None))
    # A wall clock days ahead and no claim: clamped and skewed, and it wins (its previous contact is earlier).
    winner = procuration_body(MANDANTS[1], MANDATAIRES[0], rounds="T1")
    _push(engine, forger, T0 + timedelta(hours=3), _entry(2, winner, T0 - timedelta(days=3), None))
    assert stored(engine)[victim["id"]] == "invalidee"
    queue = review.list_reviews(engine)
    assert [(r.procuration_id, r.flagged, r.status) for r in queue] == [(victim["id"], (winner["id"],), "invalidee")]
    assert "horloge_bornee" in queue[0].flags
    feed = changes_since(engine, station_id=honest, since=0, limit=10, now=T0 + timedelta(hours=4)).changes
    assert [(c.record_id, c.flags) for c in feed] == [(victim["id"], ("revue",))]
    decided = review.decide_review(engine, queue[0].id, decision="contestee", by="admin-1", note="horloge")
    assert (decided.decision, decided.decided_by) == ("contestee", "admin-1")
    assert review.list_reviews(engine) == ()
    assert [line.action for line in review.history(engine, queue[0].id)] == ["ouverte", "contestee"]
    with pytest.raises(ValueError):
        review.decide_review(engine, queue[0].id, decision="peut-etre", by="admin-1")
    engine.dispose()


def test_the_review_routes_are_for_administrators_only(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from central.app import create_app

    engine, _ = fresh(tmp_path)
    client = TestClient(create_app(engine, RULES, enrolment_token="secret-admin"))
    assert client.get("/v1/admin/reviews").status_code == 401
    assert client.get("/v1/admin/reviews", headers={"Authorization": "Bearer autre"}).status_code == 401
    listed = client.get("/v1/admin/reviews", headers={"Authorization": "Bearer secret-admin"})
    assert (listed.status_code, listed.json()) == (200, {"items": []})
    missing = client.post(
        "/v1/admin/reviews/7/decision",
        json={"decision": "maintenue", "by": "admin"},
        headers={"Authorization": "Bearer secret-admin"},
    )
    assert missing.status_code == 404
    engine.dispose()


# 14.4 Record ownership -------------------------------------------------------------------------------------------


def test_another_stations_record_id_is_refused_naming_the_entry(tmp_path: Path) -> None:
    from central.ownership import RecordConflict

    engine, (a, b, _) = fresh(tmp_path)
    body = procuration_body(MANDANTS[0], MANDATAIRES[0])
    _push(engine, a, T0, _entry(1, body, T0, None))
    theirs = procuration_body(MANDANTS[1], MANDATAIRES[1], record_id=body["id"])
    with pytest.raises(RecordConflict) as refused:
        _push(
            engine,
            b,
            T0,
            _entry(1, procuration_body(MANDANTS[2], MANDATAIRES[2]), T0, None),
            _entry(2, theirs, T0, None),
        )
    assert (refused.value.seq, refused.value.code) == (2, "enregistrement")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(entries).where(entries.c.station_id == b)).scalar() == 0
    engine.dispose()


def test_a_renewal_record_s_later_steps_come_from_its_station_only_and_under_its_kind(tmp_path: Path) -> None:
    # A passport case (an internet-vote request) is sent again at each step with its new state, under its own id:
    # until session 26 the second step was refused as « autre contenu » and set aside at the counter.
    from central.ownership import RecordConflict

    engine, (a, b, _) = fresh(tmp_path)
    case = uuid7()

    def step(seq: int, n: int, kind: str = "passeport.etape") -> dict[str, Any]:
        return _entry(seq, {"id": case, "agent_id": "x", "data": {"etape": n}}, T0, None, kind=kind)

    _push(engine, a, T0, step(1, 1))
    later = _result(_push(engine, a, T0, step(2, 2), step(3, 3)))  # two more steps, one batch
    assert [v.status for v in later.verdicts] == ["validee", "validee"]
    with pytest.raises(RecordConflict) as theirs:  # another station cannot write on A's case
        _push(engine, b, T0, step(1, 4))
    assert theirs.value.code == "enregistrement"
    with pytest.raises(RecordConflict):  # nor A under another kind
        _push(engine, a, T0, step(4, 4, kind="vote_internet.demande"))
    with pytest.raises(RecordConflict):  # nor a procuration that takes the case's id
        _push(engine, a, T0, _entry(4, procuration_body(MANDANTS[0], MANDATAIRES[0], record_id=case), T0, None))
    with engine.connect() as conn:
        stored = conn.execute(select(entries.c.station_id).where(entries.c.record_id == case)).scalars().all()
    assert stored == [a, a, a]
    engine.dispose()


def test_a_stored_entry_id_again_is_a_harmless_retry_or_a_409_never_a_500(tmp_path: Path) -> None:
    from central.ownership import RecordConflict

    engine, (a, b, _) = fresh(tmp_path)
    body = procuration_body(MANDANTS[0], MANDATAIRES[0])
    first = _entry(1, body, T0, None)
    _push(engine, a, T0, first)
    # The same entry under a new seq (a sequence recovery): answered with its stored status, stored once.
    again = _result(_push(engine, a, T0, {**first, "seq": 2}))
    assert again.verdicts[0].status == "validee"
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(entries)).scalar() == 1
    other = procuration_body(MANDANTS[1], MANDATAIRES[1])
    with pytest.raises(RecordConflict) as refused:
        _push(engine, a, T0, {**first, "seq": 3, "body": other})
    assert refused.value.code == "entree"
    with pytest.raises(RecordConflict):
        _push(engine, b, T0, {**first, "seq": 1})
    engine.dispose()


def test_the_409_says_which_entry_and_why(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from central.app import create_app

    engine, (a, _b, _) = fresh(tmp_path)
    body = procuration_body(MANDANTS[0], MANDATAIRES[0])
    _push(engine, a, T0, _entry(1, body, T0, None))
    client = TestClient(create_app(engine, RULES, enrolment_token="x"))
    from central.auth import enrol_station

    creds = enrol_station(engine, label="intrus")
    copy = {
        "batch_id": uuid7(),
        "entries": [_entry(1, procuration_body(MANDANTS[1], MANDATAIRES[1], record_id=body["id"]), T0, None)],
    }
    answer = client.post(
        f"/v1/stations/{creds.station_id}/batches", json=copy, headers={"Authorization": f"Bearer {creds.token}"}
    )
    assert answer.status_code == 409
    assert answer.json()["error"] == "enregistrement" and answer.json()["seq"] == 1
    assert "autre poste" in answer.json()["message"]
    engine.dispose()


def test_review_list_and_decide_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from central.__main__ import main

    engine, (honest, forger, _) = fresh(tmp_path)
    url = str(engine.url)
    _push(engine, forger, T0, _entry(1, procuration_body(MANDANTS[5], MANDATAIRES[2]), T0, None))
    victim = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    _push(engine, honest, T0 + timedelta(hours=2), _entry(1, victim, T0 + timedelta(hours=1), None))
    winner = procuration_body(MANDANTS[1], MANDATAIRES[0], rounds="T1")
    _push(engine, forger, T0 + timedelta(hours=3), _entry(2, winner, T0 - timedelta(days=3), None))
    engine.dispose()
    assert main(["--database", url, "review", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].startswith("1;procuration;" + victim["id"]) and winner["id"] in lines[1]
    vu = lines[1].rsplit(";", 1)[1]  # the outcome listed, sent back with the decision
    assert main(["--database", url, "review", "decide", "1", "maintenue", "--by", "admin-7", "--vu", vu]) == 0
    assert "maintenue par admin-7" in capsys.readouterr().out
    assert main(["--database", url, "review", "list"]) == 0
    assert capsys.readouterr().out.strip() == "Aucune revue en attente."
    assert main(["--database", url, "review", "decide", "9", "contestee", "--by", "admin-7", "--vu", vu]) == 1
    assert "Aucune revue n° 9" in capsys.readouterr().err


def test_a_store_made_before_these_columns_gets_them_added(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, inspect, text

    from central.service import open_database

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = create_engine(url)
    with old.begin() as conn:  # the change feed as version 0.1 made it
        conn.execute(
            text(
                "CREATE TABLE changes (cursor BIGINT PRIMARY KEY, station_id VARCHAR(36) NOT NULL, entry_id VARCHAR(36)"
                " NOT NULL, record_id VARCHAR(36) NOT NULL, status VARCHAR(20) NOT NULL, rule_id VARCHAR(40), message"
                " TEXT, at DATETIME NOT NULL)"
            )
        )
        conn.execute(
            text("INSERT INTO changes VALUES (1, 's', 'e', 'r', 'validee', NULL, NULL, '2026-11-24 10:00:00')")
        )
    old.dispose()
    engine = open_database(url)
    with engine.connect() as conn:
        assert "flags" in {c["name"] for c in inspect(conn).get_columns("changes")}
        assert conn.execute(text("SELECT flags FROM changes")).scalar() == ""
        assert "ix_entries_record" in {i["name"] for i in inspect(conn).get_indexes("entries")}
    engine.dispose()


def test_the_review_queue_is_decided_on_the_administrators_page(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from central import review
    from central.app import create_app

    engine, (honest, forger, _) = fresh(tmp_path)
    _push(engine, forger, T0, _entry(1, procuration_body(MANDANTS[5], MANDATAIRES[2]), T0, None))
    victim = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    _push(engine, honest, T0 + timedelta(hours=2), _entry(1, victim, T0 + timedelta(hours=1), None))
    winner = procuration_body(MANDANTS[1], MANDATAIRES[0], rounds="T1")
    _push(engine, forger, T0 + timedelta(hours=3), _entry(2, winner, T0 - timedelta(days=3), None))
    client = TestClient(create_app(engine, RULES, enrolment_token="secret-admin"), base_url=HTTPS)
    refused = client.get("/admin/revue")
    assert refused.status_code == 401 and 'id="refus"' in refused.text  # no cookie: the sign-in form, no queue
    assert victim["id"] not in refused.text
    assert client.post("/admin/revue/1", data={"decision": "maintenue", "par": "x", "motif": "y"}).status_code == 401
    sign_in_form(client, secret="secret-admin")
    page = client.get("/admin/revue")
    assert page.status_code == 200 and victim["id"] in page.text and "En attente (1)" in page.text
    assert MANDANTS[0]["nom"] not in page.text  # ids and outcomes only, never a person
    item = review.list_reviews(engine)[0]
    token = page.text.split('name="jeton" value="', 1)[1].split('"', 1)[0]  # the session's form token
    incomplete = client.post(
        f"/admin/revue/{item.id}", data={"decision": "maintenue", "par": "", "motif": "vu", "jeton": token}
    )
    assert incomplete.status_code == 422 and review.list_reviews(engine) != ()  # nothing decided without an author
    done = client.post(
        f"/admin/revue/{item.id}",
        data={
            "decision": "maintenue",
            "par": "Mme Admin",
            "motif": "Horloge du poste vérifiée",
            "jeton": token,
            "vu": shown_outcome(page.text),
        },
        follow_redirects=False,
    )
    assert (done.status_code, done.headers["location"]) == (303, f"/admin/revue?fait={item.id}")
    assert review.list_reviews(engine) == ()
    after = client.get(done.headers["location"])
    assert "Aucune revue en attente" in after.text and "Mme Admin" in after.text and "Maintenir" in after.text
    assert [line.action for line in review.history(engine, item.id)] == ["ouverte", "maintenue"]
    engine.dispose()


def test_a_station_enrolled_as_a_french_counter_cannot_say_its_procuration_was_established_abroad(
    tmp_path: Path,
) -> None:
    """R-LIMIT-1 counts procurations established in France apart from those abroad, and `established_in` was the
    station's word: a counter in France saying « etranger » gave a mandataire a second procuration established in
    France (central audit, 4 December 2026). A station whose enrolment file gave its kind of place is held to it."""
    from sqlalchemy import update

    from central.ownership import RecordConflict
    from central.schema import stations

    engine, (french, unknown, _) = fresh(tmp_path)
    with engine.begin() as conn:
        conn.execute(update(stations).where(stations.c.id == french).values(place_kind="commissariat"))
    first = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    assert _result(_push(engine, french, T0, _entry(1, first, T0, ENROLLED))).verdicts[0].status == "validee"
    second = procuration_body(MANDANTS[1], MANDATAIRES[0], rounds="T1", where="etranger")
    assert second["established_in"] == "etranger"
    with pytest.raises(RecordConflict) as refused:
        _push(engine, french, T0 + timedelta(minutes=1), _entry(2, second, T0, ENROLLED))
    assert refused.value.seq == 2 and refused.value.code == "enregistrement"
    assert "« Commissariat de police »" in refused.value.message and "à l'étranger" in refused.value.message
    assert second["id"] not in stored(engine)  # nothing of the batch was applied
    other_kind = {**second, "place_kind": "consulat", "established_in": "france"}  # a kind that is not its own
    with pytest.raises(RecordConflict) as refused:
        _push(engine, french, T0 + timedelta(minutes=1), _entry(2, other_kind, T0, ENROLLED))
    assert "« consulat »" in refused.value.message
    # Said as it is (France), the same act is decided by the rule: the mandataire's second in France is void.
    honest = {**second, "place_kind": "commissariat", "established_in": "france"}
    verdict = _result(_push(engine, french, T0 + timedelta(minutes=2), _entry(2, honest, T0, ENROLLED))).verdicts[0]
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-LIMIT-1")
    # A station enrolled without a kind of place is taken at its word, as before (DEPLOYMENT.md: give the type).
    abroad = procuration_body(MANDANTS[2], MANDATAIRES[1], rounds="T1", where="etranger")
    assert _result(_push(engine, unknown, T0, _entry(1, abroad, T0, ENROLLED))).verdicts[0].status == "validee"
    engine.dispose()
