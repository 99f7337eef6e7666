"""§8 and R-REVOKE-2 at the desk: a résiliation ends the procurations still in force; one whose validity is over is
expired, not revoked. A mandant who gave one for the first round of 11/04/2027 and comes on 12/04 has nothing to
revoke; the receipt never counts a procuration that had already ended."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from test_procurations import FORM, NOW, make_desk

from desktop.models import Procuration
from desktop.models.db import Store
from desktop.services.desk import SearchQuery


def test_R_REVOKE_2_only_the_procurations_still_in_force_are_revoked(store: Store, tmp_path: Path) -> None:
    clock = [NOW]
    desk = make_desk(store, tmp_path, clock=lambda: clock[0])
    first_round = desk.establish(replace(FORM, rounds="T1"))
    assert first_round.saved
    clock[0] = datetime(2027, 4, 12, 9, 0, tzinfo=UTC)  # the day after the first round
    [match] = desk.find_mandants(SearchQuery("204512873"))
    assert match.in_force == ()
    nothing = desk.revoke_all(elector_id=match.elector_id)
    assert not nothing.saved and [v.rule_id for v in nothing.violations] == ["R-REVOKE-1"]
    # For the second round he gives another one, then revokes: only that one ends.
    second_round = desk.establish(replace(FORM, rounds="T2"))
    assert second_round.saved, second_round.violations
    [match] = desk.find_mandants(SearchQuery("204512873"))
    assert [p.id for p in match.in_force] == [second_round.procuration_id]
    out = desk.revoke_all(elector_id=match.elector_id)
    assert out.saved and out.revoked == (second_round.procuration_id,)
    with store.session() as s:
        status = {i: st for i, st in s.execute(select(Procuration.id, Procuration.status))}
    assert status == {first_round.procuration_id: "provisoire", second_round.procuration_id: "resiliee"}


def test_R_REVOKE_2_the_vote_day_itself_is_still_in_force(store: Store, tmp_path: Path) -> None:
    clock = [NOW]
    desk = make_desk(store, tmp_path, clock=lambda: clock[0])
    assert desk.establish(replace(FORM, rounds="T1")).saved
    clock[0] = datetime(2027, 4, 11, 7, 0, tzinfo=UTC)  # the vote day, 9:00 in Paris
    [match] = desk.find_mandants(SearchQuery("204512873"))
    assert len(match.in_force) == 1
    assert desk.revoke_all(elector_id=match.elector_id).saved
