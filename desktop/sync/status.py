"""Plain values the Synchronisation view shows: the state at a glance and the entries the agent must act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import IvoteRequest, OutboxEntry, PassportCase, Procuration, ProcurationEvent, Revocation
from desktop.models.db import Store
from desktop.rules.terms import Status
from desktop.sync.central_words import central_reason
from desktop.sync.wire import KIND_PASSEPORT, KIND_PROCURATION, KIND_RESILIATION, KIND_VOTE_INTERNET

ADVICE = {
    "R-LIMIT-1": N_(
        "Contactez le mandant : la procuration est nulle, son mandataire en détenait déjà une établie en "
        "France. Il doit désigner un autre mandataire et faire établir une nouvelle procuration."
    ),
    "R-LIMIT-2": N_(
        "Contactez le mandant : la procuration est nulle, son mandataire avait déjà atteint le nombre "
        "maximal de procurations. Il doit désigner un autre mandataire."
    ),
    "R-LIMIT-3": N_(
        "Contactez le mandant : la procuration est nulle, son mandataire avait déjà atteint le nombre "
        "maximal de procurations. Il doit désigner un autre mandataire."
    ),
    "R-VALID-6": N_(
        "Contactez le mandant : la procuration est nulle, il en avait déjà donné une pour ce jour de vote, "
        "peut-être à un autre guichet. Pour changer de mandataire, il doit d'abord résilier ses procurations."
    ),
    "R-PARTY-1": N_(
        "Le mandant n'est pas inscrit sous cette identité : vérifiez avec lui son NNE, son nom et sa "
        "date de naissance, puis établissez une nouvelle procuration."
    ),
    "R-PARTY-2": N_(
        "Le mandataire n'est pas retrouvé sur les listes électorales : contactez le mandant pour qu'il "
        "vérifie les informations du mandataire ou en désigne un autre."
    ),
}
ADVICE["SYNC-REFUS"] = N_(
    "Le répertoire central a refusé cet enregistrement tel qu'il a été transmis (motif en info-bulle) : il n'est "
    "pas enregistré au niveau national. Vérifiez la saisie et établissez-le de nouveau ; les autres envois continuent."
)
# The act's authority was not its enrolled agent's (central/agent_authority.py): void, whoever signed it.
ADVICE["R-AUTH-1"] = N_(
    "Contactez le mandant : la procuration est nulle, elle n'a pas été établie par une autorité habilitée (motif en "
    "info-bulle). Faites-la établir de nouveau par un agent habilité et prévenez votre superviseur."
)
ADVICE["R-AUTH-3"] = N_(
    "Contactez le mandant : la procuration est nulle, établie par un délégué d'OPJ sans le visa de l'OPJ (motif en "
    "info-bulle). Faites-la établir de nouveau, avec le visa, et prévenez votre superviseur."
)
# A résiliation the central store refused ended nothing: the procurations stand (put back in force here).
REVOCATION_ADVICE_BY_RULE = {
    "R-REVOKE-5": N_(
        "Contactez le mandant : sa résiliation n'a pas été enregistrée (son numéro national d'électeur manquait) et "
        "ses procurations restent valables. Pour résilier, il revient avec son NNE."
    ),
    "R-REVOKE-6": N_(
        "Contactez le mandant : sa résiliation n'a pas été enregistrée (il manquait son numéro national d'électeur "
        "ou celui du mandataire) et ses procurations restent valables. Pour résilier, il revient avec les deux NNE."
    ),
}
REVOCATION_ADVICE = N_(
    "Contactez le mandant : sa résiliation n'a pas été enregistrée au niveau national (motif en info-bulle) et ses "
    "procurations restent valables. S'il veut toujours résilier, faites-la de nouveau."
)
DEFAULT_ADVICE = N_("Contactez le mandant : la procuration n'est pas valable, une nouvelle doit être établie.")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
KIND_LABELS = {
    KIND_PROCURATION: N_("Procuration"),
    KIND_RESILIATION: N_("Résiliation"),
    KIND_PASSEPORT: N_("Passeport"),
    KIND_VOTE_INTERNET: N_("Vote par internet"),
}
# A renewal step the central store refused (central/renewal_checks.py: R-PASS-*, R-IVOTE-2/5, R-AUTH-4): its own
# reason says what happened; the advice says whom to call and where the case is.
RENEWAL_ADVICE = {
    KIND_PASSEPORT: N_(
        "Ouvrez le dossier (son numéro ci-contre) dans Renouvellements et contactez le demandeur : cette étape n'est "
        "pas enregistrée au niveau national (motif en info-bulle). Prévenez votre superviseur."
    ),
    KIND_VOTE_INTERNET: N_(
        "Contactez l'électeur : sa demande de renouvellement n'est pas enregistrée au niveau national (motif en "
        "info-bulle). Il refait la demande quand le motif est levé."
    ),
}


@dataclass(frozen=True, slots=True)
class RefusedItem:
    """A record the central store refused, at sync (`later` False) or afterwards through the feed (`later` True)."""

    record_id: str
    kind: str
    kind_label: str
    status: str
    rule_id: str | None
    message: str | None
    advice: str
    at: datetime | None
    later: bool
    receipt_number: str | None = None  # which act: the number on the citizen's receipt (a passport's case number)


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """Everything the status bar and the Synchronisation screen need; plain values, safe to pass to Qt."""

    online: bool
    pending: int
    oldest_pending_age: timedelta | None
    last_success: datetime | None
    refused: tuple[RefusedItem, ...]
    syncing: bool = False
    progress: tuple[int, int] | None = None  # (entries sent, entries to send) during a sync
    last_error: str | None = None  # French, for the agent
    offline_too_long: bool = False
    # French, for the agent: the central store's time was not taken as the clock's reference (desktop/sync/clock.py).
    # Not a failed exchange (the sync went through): the status bar keeps saying « En ligne ».
    clock_problem: str | None = None
    # French, for the agent: the central store was found to have gone back (a restore, a lagging replica) and what
    # this station did about it (desktop/sync/standing.py). Nothing to do at the counter; shown in « Dernier incident ».
    central_went_back: str | None = None
    # The central store answered and could not serve (a 5xx, its database down or busy: session 37), or asked the
    # station to wait: reached, not « Hors ligne ».
    unavailable: bool = False


def went_back(resent: int) -> str:
    """What the agent reads once the central store was found to have gone back and this station caught it up."""
    if resent:
        return _(
            "Le répertoire central est revenu en arrière (restauration d'une sauvegarde ou bascule sur une copie en "
            "retard) : ce poste lui a renvoyé {count} acte(s) qu'il avait perdus et relit ses changements depuis le "
            "début. Rien à faire au guichet."
        ).format(count=resent)
    return _(
        "Le répertoire central est revenu en arrière (restauration d'une sauvegarde ou bascule sur une copie en "
        "retard) : ce poste relit ses changements depuis le début. Rien à faire au guichet."
    )


def advice_for(rule_id: str | None, kind: str = KIND_PROCURATION) -> str:
    """What the agent should do about a refusal under this rule, of a record of this kind."""
    if kind == KIND_RESILIATION:
        return _(REVOCATION_ADVICE_BY_RULE.get(rule_id or "", REVOCATION_ADVICE))
    if kind in RENEWAL_ADVICE:
        return _(RENEWAL_ADVICE[kind])
    return _(ADVICE.get(rule_id or "", DEFAULT_ADVICE))


# Where each kind's receipt number is kept (the outbox's record_id is that row's id).
_NUMBERED = {
    KIND_PROCURATION: (Procuration, "receipt_number"),
    KIND_RESILIATION: (Revocation, "receipt_number"),
    KIND_PASSEPORT: (PassportCase, "case_number"),
    KIND_VOTE_INTERNET: (IvoteRequest, "receipt_number"),
}


def _receipt_number(s: Session, kind: str, record_id: str) -> str | None:
    """The number the citizen holds for this record, so that the agent knows which act a refusal is about."""
    numbered = _NUMBERED.get(kind)
    record = s.get(numbered[0], record_id) if numbered is not None else None
    number = getattr(record, numbered[1], None) if record is not None and numbered is not None else None
    return str(number) if number else None


CHUNK = 500  # ids per IN (...): well under SQLite's bound on a statement's parameters


def _central_notes(s: Session, ids: list[str]) -> tuple[dict[str, ProcurationEvent], set[str]]:
    """Per procuration, its last event from the central store; and those whose own outbox entry was refused at
    reception (not invalidated later). A few statements per 500 procurations, not two per procuration (two months
    of invalidées read one by one on the worker, session 35's note)."""
    events: dict[str, ProcurationEvent] = {}
    refused: set[str] = set()
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        last = (
            select(func.max(ProcurationEvent.id))
            .where(ProcurationEvent.procuration_id.in_(chunk), ProcurationEvent.source == "central")
            .group_by(ProcurationEvent.procuration_id)
        )
        for event in s.scalars(select(ProcurationEvent).where(ProcurationEvent.id.in_(last))):
            events[event.procuration_id] = event
        refused.update(
            s.scalars(
                select(OutboxEntry.record_id).where(
                    OutboxEntry.record_id.in_(chunk),
                    OutboxEntry.kind == KIND_PROCURATION,
                    OutboxEntry.verdict == Status.INVALIDEE,
                )
            )
        )
    return events, refused


def refused_items(store: Store) -> tuple[RefusedItem, ...]:
    """Refused outbox entries and procurations invalidated later, newest first."""
    items: dict[str, RefusedItem] = {}
    with store.read() as s:
        procs = list(s.scalars(select(Procuration).where(Procuration.status == Status.INVALIDEE)))
        events, refused = _central_notes(s, [p.id for p in procs])
        for proc in procs:
            event = events.get(proc.id)
            items[proc.id] = RefusedItem(
                record_id=proc.id,
                kind=KIND_PROCURATION,
                kind_label=_(KIND_LABELS[KIND_PROCURATION]),
                status=proc.status,
                rule_id=proc.status_rule_id,
                message=central_reason(proc.status_rule_id, event.note) if event else None,
                advice=advice_for(proc.status_rule_id),
                at=event.at if event else proc.confirmed_at,
                later=proc.id not in refused,
                receipt_number=proc.receipt_number or None,
            )
        for row in s.scalars(
            select(OutboxEntry).where(
                OutboxEntry.verdict == Status.INVALIDEE,
                or_(OutboxEntry.kind != KIND_PROCURATION, OutboxEntry.set_aside_at.is_not(None)),
            )
        ):
            items.setdefault(
                row.record_id,
                RefusedItem(
                    record_id=row.record_id,
                    kind=row.kind,
                    kind_label=_(KIND_LABELS[row.kind]) if row.kind in KIND_LABELS else row.kind,
                    status=Status.INVALIDEE,
                    rule_id=row.verdict_rule_id,
                    message=central_reason(row.verdict_rule_id, row.refusal),
                    advice=advice_for(row.verdict_rule_id, row.kind),
                    at=row.acked_at or row.set_aside_at,
                    later=False,
                    receipt_number=_receipt_number(s, row.kind, row.record_id),
                ),
            )
    return tuple(sorted(items.values(), key=lambda i: i.at or _EPOCH, reverse=True))
