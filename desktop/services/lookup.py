"""Looking up procurations: by NNE, by name prefix (with birth date), by receipt number or request reference.

Local results come from indexed queries on the encrypted store; central results come from the central store when it
is configured and reachable. Every search is audited in its own transaction (R-DATA-4), without personal data.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from types import ModuleType
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.i18n import _, ngettext
from desktop.models import Elector, Procuration, ProcurationEvent
from desktop.rules.annulment import TELL_MANDANT
from desktop.rules.channels import lookup_notices
from desktop.rules.identifiers import IdentifierError, normalize_reference
from desktop.rules.names import fold_name, typed_name
from desktop.rules.terms import Status
from desktop.rules.terms import shown_channel_label as channel_label
from desktop.rules.terms import shown_status_label as status_label
from desktop.rules.textlimits import shown_text
from desktop.rules.types import ListKind
from desktop.services.context import ServiceContext
from desktop.services.journal import action, audit
from desktop.services.lookup_local import (
    driver_of,
    history_of,
    last_day,
    note_label,
    revocations_pending,
    search_store,
    snapshot,
)
from desktop.services.lookup_types import HistoryItem as HistoryItem
from desktop.services.lookup_types import ProcurationRow as ProcurationRow
from desktop.services.lookup_types import SearchQuery as SearchQuery
from desktop.services.receipting import validity_label

if TYPE_CHECKING:
    from desktop.services.prefill import RequestPrefill
    from desktop.sync.client import AuthError
    from desktop.sync.wire import LookupItem

log = logging.getLogger(__name__)

MAX_ELECTORS = 50
# A bare name prefix is a browse: the first people in alphabetical order, then the agent adds the birth date.
MAX_ELECTORS_PREFIX_ONLY = 25
MAX_ROWS = 200
_RECEIPT_RE = re.compile(r"GCH-[A-Z0-9-]{3,28}")
_NNE_RE = re.compile(r"[0-9]{8,9}")


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Local rows, central rows, and what happened with the central store (French sentence)."""

    kind: str  # nne, nom, recepisse, reference, vide
    local: tuple[ProcurationRow, ...]
    central: tuple[ProcurationRow, ...]
    central_state: str  # non_configure, non_joint, en_ligne, hors_ligne, non_interroge, limite, refuse
    central_message: str
    notices: tuple[str, ...] = ()  # what to tell the person beyond the rows (R-NC-4, R-ELIG-5)

    @property
    def rows(self) -> tuple[ProcurationRow, ...]:
        """Local then central rows."""
        return self.local + self.central


@dataclass(frozen=True, slots=True)
class RequestFetch:
    """The outcome of fetching a Maprocuration request: found, unknown, offline, or no central store."""

    state: str  # trouvee, inconnue, hors_ligne, limite, refusee, interdite (R-DATA-3), non_configure/_joint, invalide
    message: str
    request: RequestPrefill | None = None  # plain values for the form


def central_configured(ctx: ServiceContext) -> bool:
    """A central store is set up (its address, or the demo's own); its client may not be up yet (not enrolled)."""
    return ctx.settings.demo or bool(ctx.settings.central_url)


def classify(text: str) -> str:
    """What the agent typed: an NNE, a receipt number, a request reference or a name prefix."""
    cleaned = text.strip().upper()
    compact = cleaned.replace(" ", "")
    if not cleaned:
        return "vide"
    if _NNE_RE.fullmatch(compact):
        return "nne"
    if _RECEIPT_RE.fullmatch(compact):
        return "recepisse"
    if (
        len(compact) == 6
        and compact.isalnum()
        and any(c.isdigit() for c in compact)
        and any(c.isalpha() for c in compact)
    ):
        return "reference"
    return "nom"


def _prefix_range(prefix: str) -> tuple[str, str]:
    # A range on the indexed column instead of LIKE: SQLite's LIKE is case-insensitive and skips the index.
    return prefix, prefix + "\U0010ffff"


def elector_ids(s: Session, query: SearchQuery, kind: str) -> list[str]:
    """Local electors matching an NNE or a name prefix (and birth date), through their indexes."""
    from desktop.services.procurations import search_key

    if kind == "nne":
        stmt = select(Elector.id).where(Elector.nne == query.text.strip().replace(" ", ""))
        if query.birth_date is not None:
            stmt = stmt.where(Elector.birth_date == query.birth_date)
        return list(s.scalars(stmt.limit(MAX_ELECTORS)))
    prefix = search_key(query.text)
    if len(prefix) < 2:
        return []
    lo, hi = _prefix_range(prefix)
    stmt = select(Elector.id).where(Elector.search_name >= lo, Elector.search_name < hi)
    limit = MAX_ELECTORS_PREFIX_ONLY
    if query.birth_date is not None:
        stmt = stmt.where(Elector.birth_date == query.birth_date)
        limit = MAX_ELECTORS
    return list(s.scalars(stmt.order_by(Elector.search_name).limit(limit)))


def local_rows(s: Session, ctx: ServiceContext, query: SearchQuery, kind: str) -> list[ProcurationRow]:
    """Procurations of this counter's store matching the query, newest first (plain columns: no ORM objects)."""
    if kind in ("nne", "nom"):
        ids = elector_ids(s, query, kind)
        if not ids:
            return []
        where = or_(Procuration.mandant_id.in_(ids), Procuration.mandataire_id.in_(ids))
    elif kind == "recepisse":
        where = Procuration.receipt_number == query.text.strip().upper().replace(" ", "")
    elif kind == "reference":
        where = Procuration.request_reference == query.text.strip().upper()
    else:
        return []
    return rows_where(s, ctx, where)


def rows_where(s: Session, ctx: ServiceContext, where: ColumnElement[bool]) -> list[ProcurationRow]:
    """Rows (with their history) of the procurations matching `where`, newest first, at most MAX_ROWS."""
    mandant, mandataire = aliased(Elector), aliased(Elector)
    p = Procuration
    stmt = (
        select(
            p.id,
            p.receipt_number,
            p.validity_kind,
            p.election_id,
            p.rounds,
            p.valid_from,
            p.valid_until,
            p.channel,
            p.status,
            p.status_rule_id,
            p.confirmed_at,
            p.established_at,
            p.mandant_id,
            mandant.last_name,
            mandant.given_names,
            mandant.birth_date,
            mandataire.last_name,
            mandataire.given_names,
        )
        .join(mandant, p.mandant_id == mandant.id)
        .join(mandataire, p.mandataire_id == mandataire.id)
        .where(where)
        .order_by(p.established_at.desc())
        .limit(MAX_ROWS)
    )
    found = s.execute(stmt).all()
    history: dict[str, list[HistoryItem]] = {}
    pending_revocation = revocations_pending(driver_of(s), [r[0] for r in found if r[8] == Status.RESILIEE])
    if found:
        e = ProcurationEvent
        events = s.execute(
            select(e.procuration_id, e.at, e.status, e.rule_id, e.source, e.note)
            .where(e.procuration_id.in_([r[0] for r in found]))
            .order_by(e.id)
        )
        for pid, at, status, rule_id, source, note in events:
            history.setdefault(pid, []).append(
                HistoryItem(
                    at=at,
                    status=status,
                    label=status_label(status),
                    rule_id=rule_id,
                    source=source,
                    note=note_label(note, rule_id, source),
                )
            )
    out, today = [], ctx.today()
    for pid, number, vkind, election, rounds, start, end, channel, status, rule_id, confirmed_at, at, mandant_id, \
            m_last, m_given, m_birth, d_last, d_given in found:  # fmt: skip
        last = last_day(ctx.calendar, vkind, election, rounds, end)
        out.append(
            ProcurationRow(
                id=pid,
                source="local",
                receipt_number=number,
                mandant=f"{m_last.upper()} {m_given}",
                mandant_birth=m_birth,
                mandataire=f"{d_last.upper()} {d_given}",
                validity=validity_label(ctx.calendar, vkind, election, rounds, start, end, shown=True),
                channel=channel_label(channel),
                status=status,
                rule_id=rule_id,
                confirmed=confirmed_at is not None,
                established_at=at,
                history=tuple(history.get(pid, ())),
                mandant_id=mandant_id,
                revocation_pending=pid in pending_revocation,
                over=last is not None and last < today,
            )
        )
    return out


def annulled_since(ctx: ServiceContext, since: datetime) -> list[ProcurationRow]:
    """R-ELIG-5: this counter's procurations the central store annulled at or after `since` (Activité du jour);
    each row's `advice` says what to tell the mandant."""
    changed = select(ProcurationEvent.procuration_id).where(
        ProcurationEvent.status == Status.ANNULEE, ProcurationEvent.at >= since
    )
    with ctx.store.read() as s:
        return rows_where(s, ctx, (Procuration.status == Status.ANNULEE) & Procuration.id.in_(changed))


def _central_rows(items: Iterable[LookupItem], searched: str, ctx: ServiceContext) -> list[ProcurationRow]:
    from desktop.services.receipting import ROUND_LABELS
    from desktop.sync.wire import ValidityScrutin

    out, today = [], ctx.today()
    for item in items:
        v = item.validity
        if isinstance(v, ValidityScrutin):
            last = last_day(ctx.calendar, "SCRUTIN", v.election_id, v.rounds, None)
            election = ctx.calendar.get(v.election_id)
            label = election.shown_label if election else v.election_id
            rounds = _(ROUND_LABELS[v.rounds]) if v.rounds in ROUND_LABELS else v.rounds
            validity = _("{election} : {rounds}").format(election=label, rounds=rounds)
        else:
            last, validity = v.end, _("Du {start:%d/%m/%Y} au {end:%d/%m/%Y}").format(start=v.start, end=v.end)
        other = shown_text(item.other_party)  # typed by another station: no bidi override reaches the table
        mandant, mandataire = (searched, other) if item.role == "mandant" else (other, searched)
        out.append(
            ProcurationRow(
                id=item.record_id,
                source="central",
                receipt_number="",
                mandant=mandant,
                mandant_birth=None,
                mandataire=mandataire,
                validity=validity,
                channel="",
                status=item.status,
                rule_id=None,
                confirmed=True,
                established_at=item.established_at,
                central_role=item.role,
                over=last is not None and last < today,
            )
        )
    return out


def ask_central(ctx: ServiceContext, query: SearchQuery) -> tuple[list[ProcurationRow], str, str]:
    """The central store's procurations of the person in the query: rows, state and the French message."""
    return _ask_central(ctx, query, classify(query.text))


def _ask_central(ctx: ServiceContext, query: SearchQuery, kind: str) -> tuple[list[ProcurationRow], str, str]:
    items, state, message = central_items(ctx, query, kind)
    if state != "en_ligne":
        return [], state, message
    searched = query.text.strip().upper() if kind == "nom" else _("Personne recherchée")
    rows = _central_rows(items, searched, ctx)
    found = ngettext("{count} résultat", "{count} résultats", len(rows)).format(count=len(rows))
    return rows, "en_ligne", _("Répertoire central interrogé : {found}.").format(found=found)


def central_items(ctx: ServiceContext, query: SearchQuery, kind: str) -> tuple[tuple[LookupItem, ...], str, str]:
    """The central store's answer for the person in the query (network: off the GUI thread), its state (« en_ligne »
    when it answered) and, otherwise, the French message saying why there is none. Not audited here: the caller
    journals the consultation."""
    from desktop.sync.client import AuthError, RateLimited, SyncError, TransientError
    from desktop.sync.wire.check import lookup_missing

    central = ctx.central()
    if central is None and central_configured(ctx):
        return (), "non_joint", _("Répertoire central pas encore joint : résultats de ce poste seulement.")
    if central is None:
        return (), "non_configure", _("Répertoire central non configuré : résultats de ce poste seulement.")
    if kind not in ("nne", "nom"):
        return (
            (),
            "non_interroge",
            _("Répertoire central non interrogé : il se consulte par NNE ou par nom et prénoms."),
        )
    nne = query.text.strip().replace(" ", "") if kind == "nne" else None
    typed = (query.named or typed_name(query.text)) if kind == "nom" else ("", "")
    words = [w for w in typed[1].split() if fold_name(w)]  # not « - » nor a mark alone: rules/names.typed_name
    nom, prenoms = typed[0] if fold_name(typed[0]) else None, " ".join(words) or None
    birth = query.birth_date.isoformat() if query.birth_date is not None else None
    missing = lookup_missing(nne=nne, nom=nom, prenoms=prenoms, date_naissance=birth)
    if missing is not None or query.birth_date is None:  # what the central store would refuse: say what to add
        return (
            (),
            "non_interroge",
            _("Répertoire central non interrogé : {value}.").format(value=missing or _("la date de naissance manque")),
        )
    try:
        # The central store takes the agent's role from its own record of this station's agents, never from here.
        agent = ctx.actor.agent_id or "inconnu"
        items = central.lookup(agent_id=agent, date_naissance=query.birth_date, nne=nne, nom=nom, prenoms=prenoms)
    except TransientError:
        return (), "hors_ligne", _("Répertoire central injoignable : résultats de ce poste seulement.")
    except RateLimited as exc:
        return (), "limite", _("{message} Résultats de ce poste seulement.").format(message=exc.message)
    except AuthError as exc:
        log.warning("central lookup refused: %s", type(exc).__name__)
        return (
            (),
            "refuse",
            _("Recherche refusée par le répertoire central ({message}) : résultats de ce poste.").format(
                message=exc.message
            ),
        )
    except SyncError as exc:
        log.warning("central lookup refused: %s", type(exc).__name__)
        return (), "hors_ligne", _("Le répertoire central a refusé la recherche : résultats de ce poste seulement.")
    return items, "en_ligne", ""


def search(ctx: ServiceContext, query: SearchQuery, *, include_central: bool = True) -> SearchResult:
    """Search this counter's store (and the central store when online); audited as a consultation."""
    kind = classify(query.text)
    now = ctx.clock()
    local, kinds = search_store(ctx.store, ctx, query, kind)  # one snapshot, no write lock
    # The result is returned only once its audit event is journaled (see desktop/services/consultations.py), with
    # the receipt numbers of the rows it shows: the Journal d'audit answers « who was shown this act » (shown_lists).
    from desktop.services.shown_lists import listed_field  # at the first look-up, as consultations

    shown = listed_field(r.receipt_number for r in local if r.receipt_number)
    detail = f"critere={kind};resultats={len(local)}{shown}"
    _consultations().record_consultation(ctx.store, actor=ctx.actor, now=now, record_kind="recherche", detail=detail)
    if include_central:
        central, state, message = _ask_central(ctx, query, kind)
    else:
        central, state, message = [], "non_interroge", _("Répertoire central non interrogé.")
    if central:
        local_ids = {r.id for r in local}
        central = [r for r in central if r.id not in local_ids]  # the same record once, from this counter
    return SearchResult(
        kind=kind,
        local=tuple(local),
        central=tuple(central),
        central_state=state,
        central_message=message,
        notices=_notices(kinds, [*local, *central]),
    )


_consultations_module: ModuleType | None = None


def _consultations() -> ModuleType:
    """desktop.services.consultations, imported at the first look-up (not on the start-up path).

    An import statement in the look-up itself cost 2 µs at every call (the import system's checks), a receipt
    number's SQL being 35 µs; its functions are read from the module at each call (the bench switches them)."""
    global _consultations_module
    if _consultations_module is None:
        from desktop.services import consultations

        _consultations_module = consultations
    return _consultations_module


def history(ctx: ServiceContext, procuration_id: str, *, shown: bool) -> tuple[HistoryItem, ...]:
    """The status history of one local procuration, oldest change first (the row the agent looks at).

    ``shown``: the procuration is a row of a search this desk has just audited; its history is part of that
    consultation (the search read it with the rows until wave 2) and is not audited again. Otherwise reading it is
    a consultation of its own, journaled before the history is returned (record id only)."""
    now = ctx.clock()
    with snapshot(ctx.store) as db:
        found = history_of(db, [procuration_id]).get(procuration_id, ())
    if not shown:
        _consultations().record_consultation(
            ctx.store, actor=ctx.actor, now=now, record_kind="historique", detail=None, record_id=procuration_id
        )
    return found


def _notices(kinds: tuple[ListKind, ...], rows: list[ProcurationRow]) -> tuple[str, ...]:
    """R-NC-4: no online visibility, an empty answer is not definitive; R-ELIG-5: annulled ones need a new one."""
    out = [v.message for v in lookup_notices(kinds, found=len(rows))]
    if any(r.status == Status.ANNULEE for r in rows):
        out.append(_(TELL_MANDANT))
    return tuple(out)


def fetch_request(ctx: ServiceContext, reference: str, *, birth_date: date | None) -> RequestFetch:
    """Fetch a Maprocuration request from the central store; offline, the agent types it in full.

    The mandant's birth date (read from the identity document at the counter) is the second factor the central
    store asks for with the reference.
    """
    try:
        ref = normalize_reference(reference, pattern=ctx.rules_settings.reference_pattern)
    except IdentifierError as err:
        return RequestFetch("invalide", err.message)
    central = ctx.central()
    if central is None and central_configured(ctx):
        return RequestFetch("non_joint", _("Répertoire central pas encore joint : saisissez la demande en entier."))
    if central is None:
        return RequestFetch("non_configure", _("Répertoire central non configuré : saisissez la demande en entier."))
    if birth_date is None:
        return RequestFetch(
            "invalide",
            _("Indiquez d'abord la date de naissance du mandant (pièce d'identité), puis récupérez la demande."),
        )
    from desktop.sync.client import AuthError, RateLimited, SyncError, TransientError

    now = ctx.clock()
    try:
        found = central.online_request(ref, agent_id=ctx.actor.agent_id or "inconnu", date_naissance=birth_date)
    except RateLimited as exc:
        return RequestFetch(
            "limite", _("{message} Vous pouvez aussi saisir la demande en entier.").format(message=exc.message)
        )
    except AuthError as exc:
        log.warning("request fetch refused: %s %s", type(exc).__name__, exc.status)
        if _refused_to_the_role(exc):
            return RequestFetch(
                "interdite",
                _(
                    "Votre rôle ne permet pas de récupérer les demandes en ligne (R-DATA-3, besoin d'en connaître) : "
                    "le répertoire central a refusé. Saisissez la demande en entier depuis le courriel du mandant."
                ),
            )
        return RequestFetch(
            "refusee", _("Demande refusée par le répertoire central ({message}).").format(message=exc.message)
        )
    except TransientError:
        return RequestFetch(
            "hors_ligne",
            _(
                "Hors ligne : la demande ne peut pas être récupérée. Saisissez-la en entier depuis le "
                "courriel du mandant."
            ),
        )
    except SyncError as exc:
        log.warning("request fetch refused: %s", type(exc).__name__)
        return RequestFetch("hors_ligne", _("Le répertoire central a refusé la demande : saisissez-la en entier."))
    with action(ctx.store) as s:
        audit(
            s,
            actor=ctx.actor,
            action_name="consultation",
            now=now,
            record_kind="demande",
            detail=f"trouvee={found is not None}",
        )
    if found is None:
        return RequestFetch(
            "inconnue",
            _("Aucune demande pour cette référence et cette date de naissance : vérifiez-les avec le mandant."),
        )
    from desktop.services.prefill import prefill_of

    prefill = prefill_of(found, zone=ctx.zone())
    return RequestFetch("trouvee", _("Demande récupérée : vérifiez l'identité du mandant."), prefill)


def _refused_to_the_role(exc: AuthError) -> bool:
    """A 403 is the central store's need-to-know (R-DATA-3), but for an agent it does not know for this station: its
    reason says so, and stays the agent's guide (« enrôlez-le depuis l'écran Agents »). A 401: the station's token."""
    return exc.status == 403 and "inconnu" not in (exc.reason or "")


def procurations_of(s: Session, ctx: ServiceContext, elector_id: str) -> list[ProcurationRow]:
    """Every local procuration given by this mandant, oldest first."""
    return list(reversed(rows_where(s, ctx, Procuration.mandant_id == elector_id)))
