"""A new procuration entry as the re-decision holds it in memory (central/apply.py), and a person's grouping key."""

from __future__ import annotations

import hashlib
from datetime import datetime

from central import decide
from central.register import Registered, norm
from desktop.rules.calendar import ElectionCalendar
from desktop.rules.terms import Status
from desktop.sync.wire import Entry, Identity, ProcurationEtablie, ValidityScrutin


def person_key(who: Identity, reg: Registered | None) -> str:
    """The lock and grouping key of a person: the register's NNE, else a digest of what the counter typed."""
    if reg is not None:
        return f"nne:{reg.nne}"
    raw = "|".join(
        [norm(who.nom), " ".join(norm(p) for p in who.prenoms), who.date_naissance.isoformat(), who.nne or ""]
    )
    return "x:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def new_proc(
    e: Entry,
    body: ProcurationEtablie,
    m_reg: Registered | None,
    t_reg: Registered | None,
    station_id: str,
    at: datetime,
    flagged: bool,
    calendar: ElectionCalendar,
) -> decide.Proc:
    """An in-memory procuration for a new entry, invalidated at once when the register disagrees."""
    validity = body.validity
    proc = decide.Proc(
        id=body.id,
        entry_id=e.id,
        station_id=station_id,
        mandant_key=person_key(body.mandant, m_reg),
        mandataire_key=person_key(body.mandataire, t_reg),
        mandant_list_kind=m_reg.list_kind.value if m_reg else None,
        established_in=body.established_in,
        validity_kind="SCRUTIN" if isinstance(validity, ValidityScrutin) else "DUREE",
        election_id=validity.election_id if isinstance(validity, ValidityScrutin) else None,
        rounds=validity.rounds if isinstance(validity, ValidityScrutin) else None,
        valid_from=None if isinstance(validity, ValidityScrutin) else validity.start,
        valid_to=None if isinstance(validity, ValidityScrutin) else validity.end,
        established_at=at,
        clock_flagged=flagged,
        status=Status.VALIDEE,
        rule_id=None,
        message=None,
        revoked_at=None,
        revocation_id=None,
        reference=body.reference,
        is_new=True,
    )
    failure = decide.register_failure(proc, m_reg, t_reg, calendar)
    if failure is not None:
        proc.status, proc.rule_id, proc.message = Status.INVALIDEE, failure[0], failure[1]
        proc.void_other = True
    return proc
