"""Renewing an internet-vote credential for a French voter abroad (spec §10): identifier OR password, never both.

The counter finds the elector by NUMIC and checks the e-mail typed against the one on file (R-IVOTE-1), then
records the request; the voting portal e-mails the single-use link (R-IVOTE-2) and the voter gets the new
credential on the portal's own screen (R-IVOTE-4). The agent never sees a credential, and the e-mail is kept
only as a keyed digest. The shared desk machinery (audit, receipts, sync state) lives in `passports`.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import IvoteRequest
from desktop.models.ids import uuid7
from desktop.receipts.content import IVOTE_TITLES, Party, Receipt, ReceiptKind
from desktop.receipts.next_steps import default_next_steps
from desktop.rules.identifiers import IdentifierError, normalize_numic
from desktop.rules.ivote import Credential, RenewalLink, check_contact_details, check_link, check_renewal_request
from desktop.rules.terms import Status
from desktop.rules.types import Violation, has_errors
from desktop.services.context import ServiceContext
from desktop.services.journal import NotQueued, action, enqueue, next_number
from desktop.services.permissions import Permission
from desktop.services.printing import PrintOutcome
from desktop.services.registers import (
    ConsularRegister,
    RegisteredVoter,
    RegisterUnavailable,
    UnavailableConsularRegister,
    email_digest,
)
from desktop.services.renewal_base import RenewalError, RenewalServiceBase, opaque_body

RECORD_KIND = "vote_internet"
KIND = "vote_internet.demande"
SENDER = "no-reply@votezaletranger.gouv.fr"

CREDENTIAL_LABELS = {Credential.IDENTIFIANT: N_("Identifiant"), Credential.MOT_DE_PASSE: N_("Mot de passe")}
# R-IVOTE-5, the renewal in progress named in the sentence (one sentence each: « de l'identifiant », « du mot de
# passe »; a label put in one template read « du identifiant », and « login id » in English).
PENDING = {
    Credential.IDENTIFIANT: N_(
        "Un renouvellement de l'identifiant est en cours : son lien n'a pas encore servi. L'identifiant et le mot de "
        "passe ne peuvent pas être renouvelés en même temps ; renouvelez le mot de passe une fois ce lien utilisé."
    ),
    Credential.MOT_DE_PASSE: N_(
        "Un renouvellement du mot de passe est en cours : son lien n'a pas encore servi. L'identifiant et le mot de "
        "passe ne peuvent pas être renouvelés en même temps ; renouvelez l'identifiant une fois ce lien utilisé."
    ),
}


class IvoteStatus(StrEnum):
    """Where a renewal request stands."""

    LIEN_ENVOYE = "lien_envoye"
    LIEN_UTILISE = "lien_utilise"
    REMPLACEE = "remplacee"

    @property
    def label(self) -> str:
        """French label shown in lists."""
        return _(_STATUS_LABELS[self])


_STATUS_LABELS = {
    IvoteStatus.LIEN_ENVOYE: N_("Lien envoyé, pas encore utilisé"),
    IvoteStatus.LIEN_UTILISE: N_("Lien utilisé"),
    IvoteStatus.REMPLACEE: N_("Remplacée par une demande plus récente"),
}


@dataclass(frozen=True, slots=True)
class RequestSummary:
    """One renewal request as the screens show it (never a credential, never the e-mail)."""

    id: str
    receipt_number: str
    numic: str
    credential: Credential
    status: IvoteStatus
    created_at: datetime
    link_used_at: datetime | None
    sync: str

    @property
    def credential_label(self) -> str:
        """« Identifiant » or « Mot de passe »."""
        return _(CREDENTIAL_LABELS[self.credential])

    @property
    def status_label(self) -> str:
        """French status label."""
        return self.status.label


@dataclass(frozen=True, slots=True)
class ElectorMatch:
    """The look-up's answer: who (when the NUMIC and the e-mail both match), or why not."""

    violations: tuple[Violation, ...]
    voter_name: str | None = None
    consulate: str | None = None
    requests: tuple[RequestSummary, ...] = ()

    @property
    def found(self) -> bool:
        """True when the NUMIC is known and the e-mail is the one on file."""
        return self.voter_name is not None and not has_errors(list(self.violations))


@dataclass(frozen=True, slots=True)
class IvoteResult:
    """The outcome of an act: refused (violations) or recorded (the request and its receipt to print)."""

    violations: tuple[Violation, ...] = ()
    request: RequestSummary | None = None
    receipt_number: str | None = None

    @property
    def ok(self) -> bool:
        """True when the act was recorded."""
        return not self.violations


class IvoteService(RenewalServiceBase):
    """The counter's internet-vote credential renewal desk."""

    record_kind = RECORD_KIND
    permission = Permission.RENOUVELLEMENT_VOTE_INTERNET

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx)
        # Demo mode gives its fictitious register; a production counter without one must never fall back to it.
        self.register: ConsularRegister = ctx.consular_register or UnavailableConsularRegister()

    @property
    def email_key(self) -> bytes:
        """The station's secret digest key: a stolen database does not let anyone test a list of addresses."""
        return self.ctx.digest_key

    def find_elector(self, *, numic: str, email: str) -> ElectorMatch:
        """R-IVOTE-1: the elector under this NUMIC, if the e-mail typed is the one on file (audited)."""
        self.authorize()
        now = self.now()
        voter, found = self._match(numic, email)
        with action(self.store) as s:
            self._audit(s, "vote_internet.consultation", now, None, _outcome(found))
            if voter is None or has_errors(found):
                return ElectorMatch(violations=tuple(found))
            requests = tuple(self._summaries(s, voter.numic))
            return ElectorMatch(tuple(found), voter.display_name, voter.consulate, requests)

    def request_renewal(
        self, *, numic: str, email: str, renew: frozenset[Credential], election_id: str | None = None
    ) -> IvoteResult:
        """Record a renewal of the identifier OR the password (R-IVOTE-5) and issue the receipt."""
        self.authorize()
        now = self.now()
        found = check_renewal_request(numic=numic, email=email, renew=renew)
        voter = None
        if not has_errors(found):
            voter, found = self._match(numic, email)
        with action(self.store) as s:
            if voter is None or has_errors(found):
                self._audit(s, "vote_internet.refus", now, None, _outcome(found))
                return IvoteResult(violations=tuple(found))
            credential = next(iter(renew))
            pending = s.scalars(
                select(IvoteRequest).where(
                    IvoteRequest.numic == voter.numic, IvoteRequest.status == IvoteStatus.LIEN_ENVOYE.value
                )
            ).all()
            other = [p for p in pending if p.credential != credential.value]
            if other:
                found = [Violation("R-IVOTE-5", _(PENDING[Credential(other[0].credential)]), "renew")]
                self._audit(s, "vote_internet.refus", now, None, "R-IVOTE-5")
                return IvoteResult(violations=tuple(found))
            for old in pending:  # the voter lost the e-mail: the new link replaces the unused one
                old.status = IvoteStatus.REMPLACEE.value
                self._audit(s, "vote_internet.remplacement", now, old.id)
            year = self.local_date(now).year
            number = f"VPI-{self.settings.station_code}-{year}-{next_number(s, f'vote-internet-{year}'):06d}"
            req = IvoteRequest(
                id=uuid7(),
                receipt_number=number,
                numic=voter.numic,
                email_digest=email_digest(email, key=self.email_key),
                credential=credential.value,
                election_id=election_id,
                status=IvoteStatus.LIEN_ENVOYE.value,
                station_code=self.settings.station_code,
                agent_id=self.agent_id,
                created_at=now,
            )
            s.add(req)
            s.flush([req])
            self.issue(s, self._receipt(req, voter), record_id=req.id, now=now)
            self._sync(s, req, now, "demande", {"remplace": [p.id for p in pending]})
            self._audit(s, "vote_internet.demande", now, req.id, credential.value)
            return IvoteResult(request=self._summary(s, req), receipt_number=number)

    def record_link_use(self, *, request_id: str, used_at: datetime | None = None) -> IvoteResult:
        """R-IVOTE-2: record that the single-use link served (reported by the portal); a second use is refused."""
        self.authorize()
        now = self.now()
        with action(self.store) as s:
            req = _get(s, request_id)
            found = check_link(RenewalLink(req.id, req.link_used_at))
            if req.status == IvoteStatus.REMPLACEE.value:
                found.append(
                    Violation(
                        "R-IVOTE-2",
                        _(
                            "Ce lien a été remplacé par une demande plus récente : seul le dernier lien envoyé est "
                            "valable."
                        ),
                        None,
                    )
                )
            if found:
                self._audit(s, "vote_internet.lien_refuse", now, req.id, "R-IVOTE-2")
                return IvoteResult(violations=tuple(found))
            req.link_used_at, req.status = used_at or now, IvoteStatus.LIEN_UTILISE.value
            self._sync(s, req, now, "lien_utilise", {"utilise_le": req.link_used_at.isoformat()})
            self._audit(s, "vote_internet.lien_utilise", now, req.id)
            return IvoteResult(request=self._summary(s, req))

    def list_requests(self, *, numic: str | None = None) -> list[RequestSummary]:
        """Requests of this counter, newest first, optionally for one NUMIC (consultation, audited)."""
        self.authorize()
        now = self.now()
        with action(self.store) as s:
            out = self._summaries(s, _clean_numic(numic) if numic else None)
            self._audit(s, "vote_internet.liste", now, None, f"{len(out)} demande(s)")
            return out

    def print_receipt(self, number: str) -> PrintOutcome:
        """Print (or reprint, marked DUPLICATA) a request's receipt; blocking: call it off the GUI thread."""
        self.authorize()
        return self.print_issued(number, self._rebuild_receipt)

    # --- internals --------------------------------------------------------------------------------------------

    def _match(self, numic: str, email: str) -> tuple[RegisteredVoter | None, list[Violation]]:
        found = check_renewal_request(numic=numic, email=email, renew=frozenset({Credential.IDENTIFIANT}))
        if found:
            return None, found
        try:
            voter = self.register.find(_clean_numic(numic))
        except RegisterUnavailable as exc:  # nothing wrong with what was typed: said for the desk, no field in red
            return None, [Violation("R-IVOTE-1", exc.message, None)]
        if voter is None:
            return None, [
                Violation(
                    "R-IVOTE-1",
                    _("Aucun électeur n'est inscrit au Registre sous ce NUMIC : vérifiez-le sur la carte consulaire."),
                    "numic",
                )
            ]
        typed = email_digest(email, key=self.email_key)
        if voter.email_digest is None or not hmac.compare_digest(typed, voter.email_digest):
            return voter, [
                Violation(
                    "R-IVOTE-1",
                    _(
                        "Cette adresse électronique n'est pas celle donnée au consulat ou au registre en ligne : "
                        "l'électeur doit d'abord la mettre à jour au Registre."
                    ),
                    "email",
                )
            ]
        # R-IVOTE-7: the link goes by e-mail and the password by SMS, so both must be on file.
        return voter, check_contact_details(email=email, mobile=voter.mobile)

    def _summaries(self, s: Session, numic: str | None) -> list[RequestSummary]:
        query = select(IvoteRequest).order_by(IvoteRequest.created_at.desc(), IvoteRequest.receipt_number.desc())
        if numic:
            query = query.where(IvoteRequest.numic == numic)
        return [self._summary(s, r) for r in s.scalars(query)]

    def _summary(self, s: Session, r: IvoteRequest) -> RequestSummary:
        return RequestSummary(
            r.id,
            r.receipt_number,
            r.numic,
            Credential(r.credential),
            IvoteStatus(r.status),
            r.created_at,
            r.link_used_at,
            self.sync_label(s, r.id),
        )

    def _sync(self, s: Session, req: IvoteRequest, now: datetime, event: str, data: dict[str, Any]) -> None:
        body = {
            "event": event,
            "numic": req.numic,
            "email_digest": req.email_digest,
            "credential": req.credential,
            "election_id": req.election_id,
            "status": req.status,
            "receipt": req.receipt_number,
            **data,
        }
        try:
            enqueue(s, kind=KIND, record_id=req.id, body=opaque_body(req.id, self.agent_id, body), now=now)
        except NotQueued as exc:  # the act is rolled back whole; the agent reads why
            raise RenewalError(exc.message) from None

    def _receipt(self, req: IvoteRequest, voter: RegisteredVoter | None) -> Receipt:
        # The receipt is a legal French document: its texts stay French whatever the agent's language.
        credential = Credential(req.credential)
        party = (
            Party(nom=voter.nom, prenoms=voter.prenoms, date_naissance=voter.date_naissance)
            if voter
            else Party(nom="Électeur", prenoms=f"NUMIC {req.numic}")
        )
        return Receipt(
            number=req.receipt_number,
            kind=ReceiptKind.VOTE_INTERNET,
            place=self.ctx.place(),
            authority=self.ctx.authority(),
            issued_at=req.created_at,
            status=Status.ENREGISTREE,
            mandant=party,
            validity="Lien de renouvellement valable pour un seul renouvellement",
            details=(
                ("NUMIC", req.numic),
                ("Élément renouvelé", CREDENTIAL_LABELS[credential]),
                (
                    "Envoi",
                    f"Lien à usage unique par courriel ({SENDER}) à l'adresse du Registre",
                ),
            ),
            next_steps=default_next_steps(ReceiptKind.VOTE_INTERNET, Status.ENREGISTREE, credential=credential),
            heading=IVOTE_TITLES[credential],  # R-IVOTE-5: two renewals, each titled as what it renews
        )

    def _rebuild_receipt(self, s: Session, record_id: str, number: str) -> Receipt:
        req = _get(s, record_id)
        try:
            voter = self.register.find(req.numic)
        except RegisterUnavailable:
            voter = None  # the receipt then names the elector by NUMIC only
        return self._receipt(req, voter)


class RequestNotFound(RenewalError):
    """No renewal request with this id on this counter."""


def _get(s: Session, request_id: str) -> IvoteRequest:
    req = s.get(IvoteRequest, request_id)
    if req is None:
        raise RequestNotFound(_("Demande introuvable sur ce poste."))
    return req


def _clean_numic(numic: str) -> str:
    try:
        return normalize_numic(numic)
    except IdentifierError:
        return numic.strip().upper()


def _outcome(found: Sequence[Violation]) -> str:
    """Pseudonymous audit detail: the rule ids and fields refused, never what was typed."""
    return ",".join(sorted({f"{v.rule_id}:{v.field}" for v in found})) or "trouve"
