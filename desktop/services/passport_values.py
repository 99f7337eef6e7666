"""The values of the passport renewal desk: statuses, requests, cases, deadlines, and the security number's hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from desktop.i18n import N_, _
from desktop.receipts.next_steps import PASSPORT_STEP_TITLES
from desktop.rules.passport import Exclusion, Step
from desktop.rules.types import Violation
from desktop.services.renewal_base import RenewalError

RECORD_KIND = "passeport"
KIND = "passeport.etape"
RECEIPT_STEPS = frozenset({Step.ENVOI_PIECES, Step.ENTRETIEN_VISIO, Step.RENVOI_ANCIEN})
# A refused interview's note: stored in French with the reason as the agent typed it, said in the agent's language.
INTERVIEW_REFUSED = N_("Entretien : demande refusée. Motif : {reason}")
_REFUSED_START = INTERVIEW_REFUSED.split("{reason}")[0]


def note_shown(note: str) -> str:
    """A case event's note (stored in French, N_ where it is written) in the agent's language."""
    if note.startswith(_REFUSED_START):
        return _(INTERVIEW_REFUSED).format(reason=note[len(_REFUSED_START) :])
    return _(note) if note else note


# Residence countries offered at the counter: alpha-2 (stored) to alpha-3 (what the pilot rules use) and name.
COUNTRIES: dict[str, tuple[str, str]] = {
    "AU": ("AUS", N_("Australie")),
    "CA": ("CAN", N_("Canada")),
    "ES": ("ESP", N_("Espagne")),
    "PT": ("PRT", N_("Portugal")),
    "DE": ("DEU", N_("Allemagne")),
    "BE": ("BEL", N_("Belgique")),
    "US": ("USA", N_("États-Unis")),
    "GB": ("GBR", N_("Royaume-Uni")),
    "CH": ("CHE", N_("Suisse")),
    "MA": ("MAR", N_("Maroc")),
}

# The numéro de sécurité: no ambiguous characters (0/O, 1/I) since it is read aloud during a video call.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


class PassportStatus(StrEnum):
    """Where a case stands."""

    EN_COURS = "en_cours"
    REFUSEE = "refusee"
    A_INVALIDER = "a_invalider"
    INVALIDE = "invalide_interpol"
    CLOTURE = "cloture"

    @property
    def label(self) -> str:
        """French label shown in lists."""
        return _(_STATUS_LABELS[self])


_STATUS_LABELS = {
    PassportStatus.EN_COURS: N_("En cours"),
    PassportStatus.REFUSEE: N_("Demande refusée"),
    PassportStatus.A_INVALIDER: N_("À invalider (délai dépassé)"),
    PassportStatus.INVALIDE: N_("Invalidé, signalé à Interpol"),
    PassportStatus.CLOTURE: N_("Terminé"),
}


def hash_security_number(number: str) -> str:
    """A salted scrypt hash of a security number: the only form in which it is kept."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(_norm(number).encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_security_number_hash(number: str, stored: str) -> bool:
    """True when `number` is the one hashed into `stored` (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            _norm(number).encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except ValueError:
        return False
    return hmac.compare_digest(got, expected)


def _norm(number: str) -> str:
    return "".join(c for c in number.upper() if c.isalnum())


def _new_security_number() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@dataclass(frozen=True, slots=True)
class PassportRequest:
    """What the agent types to open a case (steps 1 and 2 are done by the applicant online)."""

    last_name: str
    given_names: str
    birth_date: date
    country: str  # alpha-2, a key of COUNTRIES (other codes are outside every pilot)
    old_passport_issued: date
    old_passport_expiry: date
    numic: str | None = None
    old_passport_number: str | None = None
    registered_abroad: bool = True
    passport_in_hand: bool = True
    exclusions: frozenset[Exclusion] = frozenset()
    previous_renewal_admin_error: bool = False


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One line of a case list or of the daily deadlines."""

    id: str
    case_number: str
    display_name: str
    country: str
    step: int
    status: PassportStatus
    deadline: date | None
    returned_on: date | None
    days_left: int | None  # days until the deadline (negative once past); None without a deadline or once returned

    @property
    def status_label(self) -> str:
        """French status label."""
        return self.status.label


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One recorded step or decision, with who recorded it."""

    at: datetime
    step: int
    title: str
    status: str
    agent_id: str
    note: str
    on: date | None = None  # the step's own date as the agent gave it (steps 5 to 8); None for the others
    agent_name: str = ""  # who recorded it, as the agents' accounts name them ("": an account this station lacks)
    agent_login: str = ""


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """Everything the case screen shows (never the security number: only whether one was issued)."""

    summary: CaseSummary
    birth_date: date
    numic: str | None
    old_passport_number: str | None
    old_passport_issued: date | None
    old_passport_expiry: date | None
    security_number_issued: bool
    next_step: int | None
    events: tuple[CaseEvent, ...]
    receipts: tuple[str, ...]
    sync: str
    warnings: tuple[Violation, ...]

    @property
    def next_step_title(self) -> str | None:
        """Title of the next step, or None when the procedure is over."""
        return PASSPORT_STEP_TITLES[self.next_step - 1] if self.next_step else None


@dataclass(frozen=True, slots=True)
class ActResult:
    """The outcome of an act: refused (violations) or done (the case, a receipt to print, maybe the security number)."""

    violations: tuple[Violation, ...] = ()
    warnings: tuple[Violation, ...] = ()  # recorded, but the agent must read these (a late return)
    case: CaseDetail | None = None
    receipt_number: str | None = None
    security_number: str | None = None  # returned once, by the validated interview only; never stored

    @property
    def ok(self) -> bool:
        """True when the act was recorded."""
        return not self.violations


@dataclass(frozen=True, slots=True)
class DailyDeadlines:
    """The daily list: cases whose old passport is due soon, and cases past day 40."""

    today: date
    due_soon: tuple[CaseSummary, ...]
    overdue: tuple[CaseSummary, ...]
    newly_flagged: int


class CaseNotFound(RenewalError):
    """No case with this id on this counter."""
