"""The mandataire's list is never « communale » by default (business-rules audit, R-CHAN-A-5): the form sends
`LIST_NOT_CHOSEN` until the agent chooses; a Maprocuration act is refused so, a paper form sends it as not said."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from test_procurations import FORM, MANDATAIRE, make_desk

from desktop.models import Elector, OutboxEntry
from desktop.models.db import Store
from desktop.services.procuration_body import LIST_NOT_CHOSEN
from desktop.sync.outbox import entry_of
from desktop.sync.wire import ProcurationEtablie

UNCHOSEN = replace(MANDATAIRE, list_kind=LIST_NOT_CHOSEN)


def test_a_maprocuration_act_needs_the_mandataires_list(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    online = replace(FORM, channel="maprocuration", reference="K7M2QX", requested_on=date(2026, 11, 20))
    found = [(v.rule_id, v.field, v.blocking) for v in desk.check(replace(online, mandataire=UNCHOSEN))]
    assert ("R-CHAN-A-5", "mandataire.list_kind", True) in found, found
    assert not desk.establish(replace(online, mandataire=UNCHOSEN)).saved
    assert desk.check(online) == []  # chosen: nothing to say


def test_a_paper_form_sends_the_list_as_not_said_never_communale(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.check(replace(FORM, mandataire=UNCHOSEN)) == []  # the counter form does not ask it
    out = desk.establish(replace(FORM, mandataire=UNCHOSEN))
    assert out.saved, out.violations
    with store.session() as s:
        entry = entry_of(s.scalars(select(OutboxEntry)).one())
        assert isinstance(entry.body, ProcurationEtablie) and entry.body.mandataire.list_kind is None
        row = s.scalars(select(Elector).where(Elector.nne == MANDATAIRE.nne)).one()
        assert row.list_kind is None
