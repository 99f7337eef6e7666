"""Passport-renewal and internet-vote entries judged again at the central store (R-PASS-*, R-IVOTE-2, R-IVOTE-5).

The counter checks these acts on its own clock and its own records; the central store took them on the station's
word (opaque bodies), so a station whose clock was set back or forward, or a tampered one holding a valid token,
could walk around them (central audit, session 32). It now asks the rules the desk asks, at the act's effective
time (bounded by the contacts the server trusts, never the station's word: central/contacts.py) on every calendar
day that time bears somewhere (UTC−12 to UTC+14, as central/decide.py for R-VALID-2/4a), with what it holds:

- a case's opening (`ouverture`): R-PASS-2 (an adult), R-PASS-3 (passport issued to an adult, expired 5 years or
  less), R-PASS-4 (a pilot country, during its pilot) from the applicant's birth date, the old passport's dates and
  the country the entry carries; what it does not carry (registered abroad, passport in hand, the exclusions) stays
  the station's word. An opening refused here voids the case: its later steps are refused too;
- a step's date (`on`, steps 5 to 8: the date the 40 days run from, the return's): not after the act's day
  (R-PASS-STEP-n: a clock set forward buys days of the 40, R-PASS-1);
- a return that closes a case (`cloture`): within the 40 days from the start the entry states, or from the last of
  steps 5 to 7 the central store holds when that start is later (R-PASS-1);
- a link used (`lien_utilise`): once per request (R-IVOTE-2), whatever the station's records say;
- a request while one of the other credential is open for the same NUMIC, at any station (R-IVOTE-5:
  central/ivote_checks.py).

A refused entry is answered « invalidee » with its rule and a French reason, which the station's Synchronisation
screen shows (desktop/sync/verdicts.py keeps a refused renewal's message); it is stored as every entry is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from central import lineage
from central.agent_authority import capacity_named
from central.db import among
from central.decide import EARLIEST_OFFSET, LATEST_OFFSET
from central.ivote_checks import IvoteJudge, numics_of
from central.ownership import stored_verdicts
from central.schema import entries
from central.security_tables import agents, aware
from desktop.rules.passport import RETURN_DAYS, PassportApplicant, check_passport_eligibility
from desktop.rules.pilots import PILOTS, Pilot
from desktop.rules.terms import PlaceKind, Status
from desktop.security.roles import Permission, permissions_for
from desktop.services.passport_values import COUNTRIES
from desktop.sync.wire import KIND_PASSEPORT, KIND_VOTE_INTERNET, Entry, OpaqueBody

RENEWAL_KINDS = (KIND_PASSEPORT, KIND_VOTE_INTERNET)
DATED_STEPS = (5, 6, 7, 8)  # the steps whose date the agent gives (record_shipment … record_return)
LAST_PASSPORT_DAY = date(9994, 12, 31)  # the last day the passport rules can add 5 years to (R-PASS-3)
START_STEPS = (5, 6, 7)  # the steps the 40 days may run from (desktop.rules.passport.ReturnStart)
MSG_INELIGIBLE = (
    "Ouverture du dossier de passeport refusée par le répertoire central : {reasons} (Selon l'heure que le "
    "répertoire central retient pour cet acte, il a été établi entre le {first} et le {last} selon le fuseau "
    "horaire ; l'horloge du poste était peut-être déréglée.) Le dossier est sans effet."
)
MSG_VOID_CASE = (
    "Étape refusée par le répertoire central : l'ouverture de ce dossier a été refusée ({rule}), le dossier est sans "
    "effet. Vérifiez l'éligibilité du demandeur avec lui."
)
MSG_FUTURE_DATE = (
    "Étape refusée par le répertoire central (R-PASS-STEP-{step}) : la date indiquée, le {on}, est postérieure au "
    "jour de l'acte, au plus tard le {day} selon l'heure que le répertoire central retient ; l'horloge du poste "
    "était peut-être déréglée. Enregistrez de nouveau l'étape avec la date réelle."
)
MSG_LATE_RETURN = (
    "Clôture refusée par le répertoire central (R-PASS-1) : l'ancien passeport a été reçu le {returned}, après le "
    "{deadline} (40e jour). Le nouveau passeport doit être invalidé et signalé à Interpol."
)
MSG_LINK_USED = (
    "Refusé par le répertoire central (R-IVOTE-2) : le lien de cette demande a déjà servi. Un lien ne sert qu'à un "
    "renouvellement : le demandeur doit faire une nouvelle demande."
)

MSG_NOT_CONSULAR_PLACE = (
    "Refusé par le répertoire central (R-AUTH-4) : les renouvellements de passeport à distance et les identifiants de "
    "vote par internet sont traités par les consulats et les ambassades ; ce poste est enregistré comme « {place} ». "
    "L'acte est sans effet."
)
MSG_NOT_CONSULAR_AGENT = (
    "Refusé par le répertoire central (R-AUTH-4) : l'agent qui a enregistré cet acte est enrôlé au répertoire central "
    "comme « {who} », qui ne traite pas les renouvellements (autorités consulaires seulement), ou il avait été retiré "
    "du poste. L'acte est sans effet."
)
_PERMISSION = {
    KIND_PASSEPORT: Permission.RENOUVELLEMENT_PASSEPORT,
    KIND_VOTE_INTERNET: Permission.RENOUVELLEMENT_VOTE_INTERNET,
}
Refusals = dict[str, tuple[str, str]]  # entry id -> (rule id, French message)


def findings(
    conn: Connection,
    *,
    station_id: str,
    place_kind: str | None,
    entries_: Sequence[Entry],
    times: Mapping[str, tuple[datetime, tuple[str, ...]]],
    known: frozenset[str],
    pilots: tuple[Pilot, ...] = PILOTS,
) -> Refusals:
    """The renewal entries of a batch the rules refuse: the new ones judged, those stored already (`known`, sent
    again) as the central store answered them then."""
    renewals = [e for e in entries_ if e.kind in RENEWAL_KINDS and isinstance(e.body, OpaqueBody)]
    if not renewals:
        return {}
    out: Refusals = {}
    for entry_id, verdict in stored_verdicts(conn, [e.id for e in renewals if e.id in known]).items():
        if verdict.status == Status.INVALIDEE:
            out[entry_id] = (verdict.rule_id or "", verdict.message or "")
    history = _history(conn, sorted({str(e.body.id) for e in renewals}))
    fresh = [e for e in renewals if e.id not in known]
    voters = numics_of(e.body.data for e in fresh if e.kind == KIND_VOTE_INTERNET and isinstance(e.body, OpaqueBody))
    ivotes = IvoteJudge(conn, station_id, voters)  # R-IVOTE-5, over every station's requests of a NUMIC
    authority = _Authority(conn, station_id, place_kind, fresh)
    for e in renewals:
        assert isinstance(e.body, OpaqueBody)
        if e.id in known:
            continue
        past = history.setdefault(str(e.body.id), [])
        found = authority.judge(e, times[e.id][0]) or _judge(e, times[e.id][0], past, ivotes, pilots)
        if found is not None:
            out[e.id] = found
        past.append((e.body.data, found))  # a later entry of the batch for the record sees this one
    return out


_Past = list[tuple[dict[str, Any], tuple[str, str] | None]]


def _history(conn: Connection, record_ids: list[str]) -> dict[str, _Past]:
    """Each record's stored entries, in order, with what the central store answered each (refused or not)."""
    rows = conn.execute(
        select(entries.c.id, entries.c.record_id, entries.c.body)
        .where(among(conn, entries.c.record_id, record_ids))
        .order_by(entries.c.received_at, entries.c.seq)  # an earlier id's steps, then its heir's (central/lineage.py)
    ).all()
    said = stored_verdicts(conn, [r.id for r in rows])
    out: dict[str, _Past] = {}
    for r in rows:
        verdict = said.get(r.id)
        refused = None
        if verdict is not None and verdict.status == Status.INVALIDEE:
            refused = (verdict.rule_id or "", verdict.message or "")
        data = json.loads(r.body).get("data", {}) if r.body else {}
        out.setdefault(r.record_id, []).append((data, refused))
    return out


class _Authority:
    """R-AUTH-4: renewals are the consular network's (desktop/security/roles.py: a consular capacity, at a consulate
    or an embassy), judged by the station's enrolled kind of place and the agent the central store enrolled."""

    def __init__(self, conn: Connection, station_id: str, place_kind: str | None, fresh: Sequence[Entry]) -> None:
        self.place = PlaceKind(place_kind) if place_kind in set(PlaceKind) else None
        named = sorted({e.body.agent_id for e in fresh if isinstance(e.body, OpaqueBody)})
        query = select(agents.c.id, agents.c.role, agents.c.capacity, agents.c.active, agents.c.deactivated_at)
        where = among(conn, agents.c.id, named) if named else agents.c.id.is_(None)
        # The station's agents, and those of its code's earlier ids (a station enrolled again: central/lineage.py).
        ours = agents.c.station_id.in_(sorted(lineage.kin(conn, station_id)))
        self.agents = {r.id: r for r in conn.execute(query.where(where, ours))}

    def judge(self, e: Entry, at: datetime) -> tuple[str, str] | None:
        assert isinstance(e.body, OpaqueBody)
        if self.place is not None and not self.place.abroad:
            return "R-AUTH-4", MSG_NOT_CONSULAR_PLACE.format(place=self.place.label)
        agent = self.agents.get(e.body.agent_id)
        if agent is None:  # not enrolled here: central/attribution.py flags and reviews it
            return None
        place = self.place or PlaceKind.CONSULAT  # a station enrolled without a kind of place: the agent decides
        allowed = permissions_for(agent.role, agent.capacity, place)
        retired = not agent.active and (agent.deactivated_at is None or aware(agent.deactivated_at) <= at)
        if retired or _PERMISSION[e.kind] not in allowed:
            who = capacity_named(agent.capacity)
            return "R-AUTH-4", MSG_NOT_CONSULAR_AGENT.format(who=who.label if who else agent.capacity)
        return None


def _days(at: datetime) -> list[date]:
    """Every calendar day the instant `at` bears somewhere on Earth (UTC−12 to UTC+14), the earliest first."""
    first, last = (at - EARLIEST_OFFSET).date(), (at + LATEST_OFFSET).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _judge(
    e: Entry, at: datetime, past: _Past, ivotes: IvoteJudge, pilots: tuple[Pilot, ...]
) -> tuple[str, str] | None:
    assert isinstance(e.body, OpaqueBody)
    data = e.body.data
    days = _days(at)
    if e.kind == KIND_VOTE_INTERNET:  # an entry refused here is not counted by the national check
        return _ivote(data, past) or ivotes.judge(str(e.body.id), data)
    event = str(data.get("event", ""))
    if event == "ouverture":
        return _opening(data, days, pilots)
    opened = next((refused for said, refused in past if said.get("event") == "ouverture"), None)
    if opened is not None:
        return opened[0], MSG_VOID_CASE.format(rule=opened[0])
    step = data.get("step")
    on = _date(data.get("on"))
    if event.startswith("etape_") and step in DATED_STEPS and on is not None and on > days[-1]:
        return f"R-PASS-STEP-{int(step)}", MSG_FUTURE_DATE.format(step=int(step), on=_fr(on), day=_fr(days[-1]))
    returned, start = _date(data.get("returned_on")), _date(data.get("deadline_start"))
    # The 40 days run from step 5, 6 or 7 (a setting, R-PASS-1): never from later than the last of them recorded.
    starts = [d for said, refused in past if refused is None and said.get("step") in START_STEPS and (d := _on(said))]
    if starts and (start is None or start > max(starts)):
        start = max(starts)
    if data.get("status") == "cloture" and returned is not None and start is not None:
        # From a start in the calendar's last 40 days, no day is late (date + 40 days overflowed: a failed batch).
        deadline = start + timedelta(days=RETURN_DAYS) if start <= date.max - timedelta(days=RETURN_DAYS) else date.max
        if returned > deadline:
            return "R-PASS-1", MSG_LATE_RETURN.format(returned=_fr(returned), deadline=_fr(deadline))
    return None


def _opening(data: Mapping[str, Any], days: list[date], pilots: tuple[Pilot, ...]) -> tuple[str, str] | None:
    """R-PASS-2/3/4 on what the opening carries, refused only if no day the act bears anywhere passes."""
    who, old = data.get("demandeur"), data.get("ancien_passeport")
    if not isinstance(who, dict) or not isinstance(old, dict):
        return None
    born, issued, expires = _date(who.get("date_naissance")), _date(old.get("delivre_le")), _date(old.get("expire_le"))
    if born is None or issued is None or expires is None:
        return None
    # R-PASS-3 adds 5 years to the expiry: past the year 9994 there is none (a ValueError, the batch failed and was
    # sent again for ever). Any date from then is as far in the future as the rules can tell: nothing changes.
    born, issued, expires = (min(d, LAST_PASSPORT_DAY) for d in (born, issued, expires))
    country = str(data.get("country", "")).upper()
    applicant = PassportApplicant(
        birth_date=born,
        registered_abroad=True,  # not on the wire: the station's word
        country=COUNTRIES[country][0] if country in COUNTRIES else country,
        passport_issued_on=issued,
        passport_expires_on=expires,
        passport_in_hand=True,
    )
    found = [check_passport_eligibility(applicant, today=day, pilots=pilots) for day in days]
    if any(not f for f in found):
        return None
    refused = found[0]
    rules = sorted({v.rule_id for v in refused})
    reasons = " ".join(v.message for v in refused)
    return rules[0], MSG_INELIGIBLE.format(reasons=reasons, first=_fr(days[0]), last=_fr(days[-1]))


def _ivote(data: Mapping[str, Any], past: _Past) -> tuple[str, str] | None:
    """R-IVOTE-2: a request's link serves once."""
    if data.get("event") != "lien_utilise":
        return None
    if any(said.get("event") == "lien_utilise" and refused is None for said, refused in past):
        return "R-IVOTE-2", MSG_LINK_USED
    return None


def _on(data: Mapping[str, Any]) -> date | None:
    return _date(data.get("on"))


def _date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _fr(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day is not None else ""
