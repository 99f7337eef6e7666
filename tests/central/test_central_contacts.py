"""A station's contacts bound its entries' times (central/contacts.py): the enrolment bound is judged by its age too."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from centralkit import procuration_body
from test_central_l73 import ENROLLED, MANDANTS, MANDATAIRES, fresh, stored
from test_central_trust import T0, _entry, _push, _result

from central import review
from central.contacts import AGED_CLAIM
from central.queries import changes_since


def test_a_first_batch_dated_back_to_an_old_enrolment_is_flagged_and_its_l73_outcome_reviewed(tmp_path: Path) -> None:
    """Central audit F3: a station silent since its enrolment ten days ago pushes its first batch, no last-sync
    claim, dated just after the enrolment, before another station's procuration for the same mandataire. The
    enrolment is as old a bound as an aged claim (AGED_CLAIM, sync.md « Clock correction »): the act keeps its time,
    is flagged, and the L73 outcome it decides goes to review (before: unflagged, the honest one void, no review)."""
    engine, (honest, quiet, _) = fresh(tmp_path)
    contact = T0 + timedelta(days=9)
    _push(engine, honest, contact, _entry(1, procuration_body(MANDANTS[5], MANDATAIRES[2]), contact, ENROLLED))
    good = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    _push(engine, honest, contact + timedelta(minutes=5), _entry(2, good, contact + timedelta(minutes=1), contact))
    assert stored(engine)[good["id"]] == "validee"
    now = T0 + timedelta(days=10)
    first = procuration_body(MANDANTS[1], MANDATAIRES[0], rounds="T1")
    verdict = _result(_push(engine, quiet, now, _entry(1, first, ENROLLED + timedelta(hours=1), None))).verdicts[0]
    assert "horloge_inconnue" in verdict.flags and "horloge_bornee" not in verdict.flags  # its time is kept
    assert stored(engine)[good["id"]] == "invalidee"
    queue = review.list_reviews(engine)
    assert [(r.procuration_id, r.flagged) for r in queue] == [(good["id"], (first["id"],))]
    feed = changes_since(engine, station_id=honest, since=0, limit=10, now=now + timedelta(minutes=1))
    assert [(c.record_id, c.flags) for c in feed.changes] == [(good["id"], ("revue",))]
    engine.dispose()


def test_a_first_batch_of_recent_acts_is_not_flagged_however_old_the_enrolment(tmp_path: Path) -> None:
    """The honest side: a station enrolled days ago whose first acts are less than AGED_CLAIM old is believed."""
    engine, (station, other, _) = fresh(tmp_path)
    now = T0 + timedelta(days=10)
    late = now - AGED_CLAIM - timedelta(minutes=5)  # an act of the backlog over a day old: flagged, time kept
    body = procuration_body(MANDANTS[2], MANDATAIRES[1])
    assert _result(_push(engine, station, now, _entry(1, body, late, None))).verdicts[0].flags == ("horloge_inconnue",)
    made = now - AGED_CLAIM + timedelta(minutes=5)
    body = procuration_body(MANDANTS[1], MANDATAIRES[0])
    assert _result(_push(engine, other, now, _entry(1, body, made, None))).verdicts[0].flags == ()
    engine.dispose()
