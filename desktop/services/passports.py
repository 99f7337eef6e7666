"""Remote passport renewal follow-up (spec §9): one case per applicant through the 8 steps, the 40-day return.

Every act is one transaction: the case change, its event, its audit row, its outbox entry (`passeport.etape`)
and, for the steps that give the citizen something (3, 4, 8), the signed receipt. Printing happens after the
commit, in `print_receipt`, so that the view can run it off the GUI thread and a printer fault loses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import PassportCase, PassportEvent
from desktop.models.ids import uuid7
from desktop.receipts.content import Receipt
from desktop.rules.passport import (
    ReturnStart,
    Step,
    check_applicant_identifiers,
    check_passport_eligibility,
    check_step,
)
from desktop.rules.pilots import Pilot
from desktop.rules.textlimits import check_person_texts
from desktop.rules.types import ERREUR, Violation, has_errors
from desktop.services.journal import NotQueued, action, enqueue, next_number
from desktop.services.passport_cases import case_row, date_out_of_order, events_of, return_check, summary_of
from desktop.services.passport_receipt import applicant_of, step_receipt
from desktop.services.passport_values import (
    COUNTRIES,
    INTERVIEW_REFUSED,
    KIND,
    RECEIPT_STEPS,
    RECORD_KIND,
    ActResult,
    CaseDetail,
    CaseEvent,
    CaseNotFound,
    CaseSummary,
    DailyDeadlines,
    PassportRequest,
    PassportStatus,
    _new_security_number,
    hash_security_number,
    verify_security_number_hash,
)
from desktop.services.permissions import Permission
from desktop.services.printing import PrintOutcome
from desktop.services.renewal_base import RenewalError, RenewalServiceBase, opaque_body

log = logging.getLogger(__name__)

__all__ = [
    "COUNTRIES",
    "KIND",
    "RECEIPT_STEPS",
    "RECORD_KIND",
    "ActResult",
    "CaseDetail",
    "CaseEvent",
    "CaseNotFound",
    "CaseSummary",
    "DailyDeadlines",
    "PassportRequest",
    "PassportService",
    "PassportStatus",
    "hash_security_number",
    "verify_security_number_hash",
]


class PassportService(RenewalServiceBase):
    """The counter's remote passport renewal desk."""

    record_kind = RECORD_KIND
    permission = Permission.RENOUVELLEMENT_PASSEPORT

    # --- acts -------------------------------------------------------------------------------------------------

    @property
    def pilots(self) -> tuple[Pilot, ...]:
        """R-PASS-4's experiments, as the station's calendar file gives them (desktop/rules/pilots.py)."""
        return self.ctx.calendar.passport_pilots

    def check_eligibility(self, request: PassportRequest) -> list[Violation]:
        """R-PASS-2..4 on what the agent typed, at the station's today."""
        self.authorize()
        return check_passport_eligibility(applicant_of(request), today=self.today(), pilots=self.pilots)

    def open_case(self, request: PassportRequest) -> ActResult:
        """Open a case for an eligible applicant whose online request (steps 1 and 2) is filed."""
        self.authorize()
        now = self.now()
        texts = check_person_texts("demandeur", last_name=request.last_name, given_names=request.given_names)
        eligible = check_passport_eligibility(applicant_of(request), today=self.local_date(now), pilots=self.pilots)
        ids = check_applicant_identifiers(numic=request.numic, passport_number=request.old_passport_number)
        # R-SAISIE-1 (the wire's limits); R-ID-NUMIC-2 and R-ID-PASS-1, the formats the internet-vote screen checks too
        found = (*(replace(v, field="last_name") for v in texts), *ids.violations, *eligible)
        with action(self.store) as s:
            if has_errors(list(found)):
                self._audit(s, "passeport.refus_eligibilite", now, None, _rules(found))
                return ActResult(violations=found)
            year = self.local_date(now).year
            number = f"RPD-{self.settings.station_code}-{year}-{next_number(s, f'dossier-passeport-{year}'):05d}"
            case = PassportCase(
                id=uuid7(),
                case_number=number,
                last_name=request.last_name.strip(),
                given_names=request.given_names.strip(),
                birth_date=request.birth_date,
                numic=ids.numic,
                country=request.country.upper(),
                old_passport_number=ids.passport_number,
                old_passport_issued=request.old_passport_issued,
                old_passport_expiry=request.old_passport_expiry,
                step=int(Step.DEMANDE),
                status=PassportStatus.EN_COURS.value,
                station_code=self.settings.station_code,
                agent_id=self.agent_id,
                created_at=now,
            )
            s.add(case)
            s.flush([case])
            self._event(s, case, Step.CONNEXION, now, "Connexion FranceConnect+ au portail Registre.")
            self._event(
                s,
                case,
                Step.DEMANDE,
                now,
                "Demande déposée sur service-public.fr ; éligibilité vérifiée (R-PASS-2 à R-PASS-4).",
            )
            identity = {
                "nom": case.last_name,
                "prenoms": case.given_names,
                "date_naissance": case.birth_date.isoformat(),
                "numic": case.numic,
            }
            passport = {
                "numero": case.old_passport_number,
                "delivre_le": _iso(case.old_passport_issued),
                "expire_le": _iso(case.old_passport_expiry),
            }
            self._sync(s, case, now, "ouverture", {"demandeur": identity, "ancien_passeport": passport})
            self._audit(s, "passeport.ouverture", now, case.id, "etapes 1-2")
            return ActResult(case=self._detail(s, case, now))

    def record_documents(self, case_id: str, *, photo_ok: bool, dhl_adult_signature: bool) -> ActResult:
        """Step 3: the photo and the prepaid DHL label arrived at the post (without the adult-signature option)."""
        self.authorize()
        extra: list[Violation] = []
        if not photo_ok:
            extra.append(
                Violation(
                    "R-PASS-STEP-3",
                    _("La photo doit être aux normes françaises : demandez-en une nouvelle au demandeur."),
                    "documents.photo",
                )
            )
        return self._step(
            case_id,
            Step.ENVOI_PIECES,
            extra=extra,
            dhl=dhl_adult_signature,
            note="Photo aux normes et étiquette DHL prépayée reçues.",
        )

    def record_interview(
        self, case_id: str, *, identity_verified: bool, validated: bool, reason: str = ""
    ) -> ActResult:
        """Step 4: the video interview's outcome; a validation returns the security number, once."""
        self.authorize()
        if validated and not identity_verified:
            return ActResult(
                violations=(
                    Violation(
                        "R-PASS-STEP-4",
                        _("Vérifiez l'identité du demandeur pendant l'entretien avant de valider la demande."),
                        "interview.identity",
                    ),
                )
            )
        if not validated and not reason.strip():
            return ActResult(
                violations=(Violation("R-PASS-STEP-4", _("Indiquez le motif du refus."), "interview.reason"),)
            )
        if not validated:
            return self._step(
                case_id,
                Step.ENTRETIEN_VISIO,
                refused=True,
                note=INTERVIEW_REFUSED.format(reason=reason.strip()),
                sent={"motif": reason.strip()},  # the central store's copy says why, as the case screen does
            )
        number = _new_security_number()
        result = self._step(
            case_id,
            Step.ENTRETIEN_VISIO,
            security_hash=hash_security_number(number),
            note="Entretien : identité vérifiée, demande validée, numéro de sécurité remis.",
        )
        if not result.ok:
            return result
        return ActResult(
            warnings=result.warnings, case=result.case, receipt_number=result.receipt_number, security_number=number
        )

    def record_shipment(self, case_id: str, *, on: date) -> ActResult:
        """Step 5: the passport is produced and on its way by secure post."""
        self.authorize()
        return self._step(case_id, Step.NOTIFICATION_ENVOI, on=on, note="Passeport produit, expédié sous pli sécurisé.")

    def record_reception(self, case_id: str, *, on: date) -> ActResult:
        """Step 6: the applicant received the passport in person."""
        self.authorize()
        return self._step(case_id, Step.RECEPTION, on=on, note="Passeport reçu en personne par le demandeur.")

    def record_ants_confirmation(self, case_id: str, *, on: date) -> ActResult:
        """Step 7: receipt confirmed on the ANTS site with the security number (reported by ANTS or the feed)."""
        self.authorize()
        return self._step(case_id, Step.CONFIRMATION_ANTS, on=on, note="Réception confirmée sur le site de l'ANTS.")

    def record_return(self, case_id: str, *, on: date) -> ActResult:
        """Step 8: the expired passport came back; late (day 41 or after) it stays flagged for invalidation."""
        self.authorize()
        return self._step(case_id, Step.RENVOI_ANCIEN, on=on, note="Ancien passeport reçu au poste consulaire.")

    def confirm_invalidation(self, case_id: str) -> ActResult:
        """An agent confirms that the new passport was invalidated and reported to Interpol."""
        self.authorize()
        now = self.now()
        with action(self.store) as s:
            case = case_row(s, case_id)
            if case.status != PassportStatus.A_INVALIDER.value:
                return ActResult(
                    violations=(
                        Violation(
                            "R-PASS-1",
                            _("Seul un dossier dont le délai de 40 jours est dépassé peut être invalidé."),
                            None,
                        ),
                    )
                )
            case.status = PassportStatus.INVALIDE.value
            self._event(
                s, case, None, now, N_("Invalidation du nouveau passeport et signalement à Interpol confirmés.")
            )
            self._sync(s, case, now, "invalidation", {})
            self._audit(s, "passeport.invalidation", now, case.id, "R-PASS-1")
            return ActResult(case=self._detail(s, case, now))

    def verify_security_number(self, case_id: str, number: str) -> bool:
        """True when the applicant's number is the one issued for this case (audited; never logged)."""
        self.authorize()
        now = self.now()
        with action(self.store) as s:
            case = case_row(s, case_id)
            ok = bool(case.security_hash) and verify_security_number_hash(number, case.security_hash or "")
            self._audit(s, "passeport.verif_numero", now, case.id, "concordant" if ok else "discordant")
            return ok

    # --- reads (each one audited: R-DATA-4) -------------------------------------------------------------------

    def list_cases(self, *, query: str = "") -> list[CaseSummary]:
        """Cases of this counter, newest first, filtered on case number or name."""
        self.authorize()
        now = self.now()
        needle = query.strip().upper()
        with action(self.store) as s:
            rows = s.scalars(select(PassportCase).order_by(PassportCase.created_at.desc())).all()
            out = [self._summary(c, now) for c in rows]
            if needle:
                out = [c for c in out if needle in c.case_number.upper() or needle in c.display_name.upper()]
            self._audit(s, "passeport.liste", now, None, f"{len(out)} dossier(s)")
            return out

    def get_case(self, case_id: str) -> CaseDetail:
        """The full case (consultation)."""
        self.authorize()
        now = self.now()
        with action(self.store) as s:
            case = case_row(s, case_id)
            self._audit(s, "passeport.consultation", now, case.id)
            return self._detail(s, case, now)

    def daily_deadlines(self, *, warn_days: int = 7) -> DailyDeadlines:
        """Today's list; opening it flags every case past day 40 without a return for invalidation (R-PASS-1)."""
        self.authorize()
        now = self.now()
        today = self.local_date(now)
        soon: list[CaseSummary] = []
        late: list[CaseSummary] = []
        flagged = 0
        with action(self.store) as s:
            # Flagged cases stay listed until an agent confirms the invalidation, even if the passport came late.
            running = (
                (PassportCase.status == PassportStatus.EN_COURS.value)
                & PassportCase.deadline_start.is_not(None)
                & PassportCase.old_passport_returned.is_(None)
            )
            rows = s.scalars(
                select(PassportCase).where(running | (PassportCase.status == PassportStatus.A_INVALIDER.value))
            ).all()
            for case in rows:
                found = self._return_check(case, today, warn_days)
                if case.status == PassportStatus.A_INVALIDER.value or any(v.severity == ERREUR for v in found):
                    if case.status == PassportStatus.EN_COURS.value:
                        self._flag(s, case, now)
                        flagged += 1
                    late.append(self._summary(case, now))
                elif found:
                    soon.append(self._summary(case, now))
            self._audit(s, "passeport.echeances", now, None, f"{len(soon)} proche(s), {len(late)} depasse(s)")
        key = lambda c: (c.deadline or today, c.case_number)  # noqa: E731
        return DailyDeadlines(today, tuple(sorted(soon, key=key)), tuple(sorted(late, key=key)), flagged)

    def print_receipt(self, number: str) -> PrintOutcome:
        """Print (or reprint, marked DUPLICATA) a receipt of a case; blocking: call it off the GUI thread."""
        self.authorize()
        return self.print_issued(number, self._rebuild_receipt)

    # --- internals --------------------------------------------------------------------------------------------

    def _step(
        self,
        case_id: str,
        step: Step,
        *,
        note: str,
        on: date | None = None,
        extra: Sequence[Violation] = (),
        dhl: bool = False,
        refused: bool = False,
        security_hash: str | None = None,
        sent: dict[str, Any] | None = None,
    ) -> ActResult:
        now = self.now()
        with action(self.store) as s:
            case = case_row(s, case_id)
            done = [Step(n) for n in range(1, case.step + 1)]
            found = list(check_step(done, step, dhl_adult_signature=dhl)) + list(extra)
            if on is not None:
                found += date_out_of_order(s, case, step, on, opened=self.local_date(case.created_at))
            closed = {PassportStatus.REFUSEE.value, PassportStatus.INVALIDE.value}
            if step is Step.RENVOI_ANCIEN:  # the post still records an old passport that comes back late
                closed.discard(PassportStatus.INVALIDE.value)
            if case.status in closed:
                found.append(
                    Violation(
                        f"R-PASS-STEP-{int(step)}",
                        _("Ce dossier est clos : {lower}.").format(lower=PassportStatus(case.status).label.lower()),
                        None,
                    )
                )
            if on is not None and on > self.local_date(now):
                found.append(Violation(f"R-PASS-STEP-{int(step)}", _("La date ne peut pas être dans le futur."), "on"))
            if has_errors(found):
                self._audit(s, "passeport.etape_refusee", now, case.id, _rules(found))
                return ActResult(violations=tuple(found))
            case.step = int(step)
            if refused:
                case.status = PassportStatus.REFUSEE.value
            if security_hash is not None:
                case.security_hash = security_hash
            start = ReturnStart(self.settings.passport_deadline_start)
            if on is not None and step in (Step.RECEPTION, Step.CONFIRMATION_ANTS) and start.value == _START[step]:
                case.deadline_start = on
            warnings: list[Violation] = []
            if step is Step.RENVOI_ANCIEN and on is not None:
                case.old_passport_returned = on
                warnings = self._return_check(case, on, 0)
                if warnings and case.status == PassportStatus.EN_COURS.value:
                    self._flag(s, case, now)
                elif not warnings and case.status in (PassportStatus.EN_COURS.value, PassportStatus.A_INVALIDER.value):
                    case.status = PassportStatus.CLOTURE.value  # returned in time, even if recorded after day 40
            when = f" Date : {on.strftime('%d/%m/%Y')}." if on else ""
            event = self._event(s, case, step, now, note + when, on=on)
            receipt = None
            if step in RECEIPT_STEPS and not refused:
                receipt = f"{case.case_number}-E{int(step)}"
                self.issue(s, step_receipt(self.ctx, case, event, receipt), record_id=case.id, now=now)
            data: dict[str, Any] = {
                "on": _iso(on),
                "deadline_start": _iso(case.deadline_start),
                "returned_on": _iso(case.old_passport_returned),
                "receipt": receipt,
                **(sent or {}),
            }
            self._sync(s, case, now, f"etape_{int(step)}", data)
            self._audit(s, "passeport.etape", now, case.id, f"etape {int(step)} {case.status}")
            return ActResult(warnings=tuple(warnings), case=self._detail(s, case, now), receipt_number=receipt)

    def _flag(self, s: Session, case: PassportCase, now: datetime) -> None:
        case.status = PassportStatus.A_INVALIDER.value
        self._event(
            s,
            case,
            None,
            now,
            N_(  # stored in French, said in the agent's language where it is shown
                "Délai de 40 jours dépassé sans renvoi de l'ancien passeport : invalidation et "
                "signalement à Interpol à confirmer."
            ),
        )
        self._sync(s, case, now, "a_invalider", {"deadline_start": _iso(case.deadline_start)})
        self._audit(s, "passeport.a_invalider", now, case.id, "R-PASS-1")

    def _return_check(self, case: PassportCase, today: date, warn_days: int) -> list[Violation]:
        return return_check(case, ReturnStart(self.settings.passport_deadline_start), today, warn_days)

    def _event(
        self, s: Session, case: PassportCase, step: Step | None, now: datetime, note: str, *, on: date | None = None
    ) -> PassportEvent:
        # The note is stored with the case (history, receipts): it stays French whatever the agent's language.
        event = PassportEvent(
            case_id=case.id,
            at=now,
            step=int(step) if step else case.step,
            status=case.status,
            agent_id=self.agent_id,
            note=note,
            on_date=on,
        )
        s.add(event)
        s.flush([event])
        return event

    def _sync(self, s: Session, case: PassportCase, now: datetime, event: str, data: dict[str, Any]) -> None:
        body = {
            "event": event,
            "case_number": case.case_number,
            "step": case.step,
            "status": case.status,
            "country": case.country,
            **data,
        }
        try:
            enqueue(s, kind=KIND, record_id=case.id, body=opaque_body(case.id, self.agent_id, body), now=now)
        except NotQueued as exc:  # the act is rolled back whole; the agent reads why
            raise RenewalError(exc.message) from None

    def _summary(self, case: PassportCase, now: datetime) -> CaseSummary:
        return summary_of(case, ReturnStart(self.settings.passport_deadline_start), self.local_date(now))

    def _detail(self, s: Session, case: PassportCase, now: datetime) -> CaseDetail:
        # A case flagged at day 41 still takes its next steps: an old passport that came back in time, recorded late,
        # closes it (steps 7 then 8; until session 26 the screen offered only the invalidation).
        open_ = case.status in (PassportStatus.EN_COURS.value, PassportStatus.A_INVALIDER.value)
        nxt = case.step + 1 if case.step < len(Step) and open_ else None
        warnings = tuple(self._return_check(case, self.local_date(now), 7)) if open_ else ()
        return CaseDetail(
            summary=self._summary(case, now),
            birth_date=case.birth_date,
            numic=case.numic,
            old_passport_number=case.old_passport_number,
            old_passport_issued=case.old_passport_issued,
            old_passport_expiry=case.old_passport_expiry,
            security_number_issued=bool(case.security_hash),
            next_step=nxt,
            events=events_of(s, case, acting=(self.actor.agent_id, self.ctx.agent.name)),
            receipts=self.receipts_of(s, case.id),
            sync=self.sync_label(s, case.id, reason=True),
            warnings=warnings,
        )

    def _rebuild_receipt(self, s: Session, record_id: str, number: str) -> Receipt:
        case = case_row(s, record_id)
        step = int(number.rsplit("-E", 1)[1])
        event = s.scalars(
            select(PassportEvent)
            .where(PassportEvent.case_id == case.id, PassportEvent.step == step)
            .order_by(PassportEvent.id)
        ).first()
        if event is None:
            raise RenewalError(_("Étape introuvable pour ce récépissé."))
        return step_receipt(self.ctx, case, event, number)


_START = {Step.RECEPTION: ReturnStart.RECEPTION.value, Step.CONFIRMATION_ANTS: ReturnStart.CONFIRMATION_ANTS.value}


def _rules(found: Sequence[Violation]) -> str:
    return ",".join(sorted({v.rule_id for v in found}))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
