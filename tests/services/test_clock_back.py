"""A station clock that goes back (a restart drops the server reference: the wall clock, hours or days behind, gives
the time again; spec/sync.md « Clock correction ») never reorders the acts this counter already recorded: each of
them was made before the next one (R-REVOKE-2, R-REVOKE-8, R-REVOKE-9, R-VALID-6)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from test_procurations import FORM, NOW, make_desk
from test_revocations import THOMAS

from desktop.models.db import Store
from desktop.services.desk import SearchQuery

BEHIND = timedelta(hours=3)


def test_R_REVOKE_2_a_clock_gone_back_still_revokes_every_procuration_made_here(store: Store, tmp_path: Path) -> None:
    times = [NOW]
    desk = make_desk(store, tmp_path, clock=lambda: times[0])
    first = desk.establish(replace(FORM, rounds="T1"))
    second = desk.establish(replace(FORM, mandataire=THOMAS, rounds="T2"))
    assert first.saved and second.saved
    times[0] = NOW - BEHIND  # the laptop restarted: its wall clock is 3 hours behind the central store's time
    [match] = desk.find_mandants(SearchQuery("martin cl"))
    assert len(match.in_force) == 2
    out = desk.revoke_all(elector_id=match.elector_id)
    assert out.saved, out.violations
    assert set(out.revoked) == {first.procuration_id, second.procuration_id}


def test_R_REVOKE_9_after_a_revocation_a_clock_gone_back_does_not_refuse_the_new_procuration(
    store: Store, tmp_path: Path
) -> None:
    times = [NOW]
    desk = make_desk(store, tmp_path, clock=lambda: times[0])
    assert desk.establish(FORM).saved
    [match] = desk.find_mandants(SearchQuery("martin cl"))
    assert desk.revoke_all(elector_id=match.elector_id).saved
    times[0] = NOW - BEHIND
    # The mandant revoked to give a new one (R-REVOKE-9): the revoked procuration no longer represents him (R-VALID-6),
    # and no longer holds the mandataire's slot (R-REVOKE-8).
    found = desk.check(replace(FORM, mandataire=THOMAS))
    assert not [v for v in found if v.rule_id in ("R-VALID-6", "R-LIMIT-1", "R-LIMIT-2")], found
    again = desk.check(replace(FORM, mandant=THOMAS))  # the same mandataire, for another mandant
    assert not [v for v in again if v.rule_id.startswith("R-LIMIT")], again


def test_R_LIMIT_1_a_clock_gone_back_does_not_put_a_new_procuration_before_the_one_held(
    store: Store, tmp_path: Path
) -> None:
    times = [NOW]
    desk = make_desk(store, tmp_path, clock=lambda: times[0])
    assert desk.establish(FORM).saved  # DUBOIS holds MARTIN's procuration established in France
    times[0] = NOW - BEHIND
    # Judged at the clock's time, THOMAS's would come first in L73's order and the counter let it through; the
    # central store, which keeps this station's acts in their order, then voids it (R-LIMIT-4).
    found = desk.check(replace(FORM, mandant=THOMAS))
    assert [v.rule_id for v in found if v.blocking] == ["R-LIMIT-1"], found
    refused = desk.establish(replace(FORM, mandant=THOMAS))
    assert not refused.saved and [v.rule_id for v in refused.violations] == ["R-LIMIT-1"], refused


def test_R_REVOKE_2_a_résiliation_made_on_a_clock_gone_back_stands_until_the_central_store_has_it(
    store: Store, tmp_path: Path
) -> None:
    """The central store's word on the procuration from before it had the résiliation (« validée », the
    establishment's verdict or a feed change) does not put it back in force: the résiliation recorded here names it
    (its history), whatever the two acts' clock times say."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from desktop.models import Procuration
    from desktop.models.ids import uuid7
    from desktop.sync.outbox import apply_changes
    from desktop.sync.wire import Change, ChangesPage

    times = [NOW]
    desk = make_desk(store, tmp_path, clock=lambda: times[0])
    made = desk.establish(FORM)
    assert made.saved and made.procuration_id is not None
    times[0] = NOW - BEHIND
    [match] = desk.find_mandants(SearchQuery("martin cl"))
    assert desk.revoke_all(elector_id=match.elector_id).saved
    now = datetime.now(UTC)
    change = Change(
        cursor=1, entry_id=uuid7(), record_id=made.procuration_id, status="validee", rule_id=None, message=None, at=now
    )
    apply_changes(store, ChangesPage(changes=(change,), next_cursor=1, more=False, server_time=now), now=now)
    with store.session() as s:
        assert s.scalars(select(Procuration.status).where(Procuration.id == made.procuration_id)).one() == "resiliee"
