"""The identity read from a document's chip, as a plain frozen value that forms copy into their fields."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from desktop.i18n import N_


class CheckStatus(StrEnum):
    """Outcome of one verification."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not_run"


STATUS_LABELS = {
    CheckStatus.PASSED: N_("réussie"),
    CheckStatus.FAILED: N_("ÉCHEC"),
    CheckStatus.NOT_RUN: N_("non faite"),
}


@dataclass(frozen=True, slots=True)
class Check:
    """One verification: a stable id, a French label, its status and a French detail for the agent."""

    id: str
    label: str
    status: CheckStatus
    detail: str = ""


class DocumentKind(StrEnum):
    """What kind of document was read, from the MRZ's document code and issuing state."""

    CNIE = "cnie"
    PASSPORT = "passeport"
    ID_CARD = "carte_identite"
    OTHER = "autre"


KIND_LABELS = {
    DocumentKind.CNIE: N_("Carte nationale d'identité électronique"),
    DocumentKind.PASSPORT: N_("Passeport"),
    DocumentKind.ID_CARD: N_("Carte d'identité"),
    DocumentKind.OTHER: N_("Document de voyage"),
}


@dataclass(frozen=True, slots=True)
class IdentityRead:
    """Everything the chip told us about its holder, and which checks passed."""

    document_kind: DocumentKind
    document_code: str
    issuing_state: str
    document_number: str
    surname: str
    given_names: tuple[str, ...]
    birth_date: date | None
    sex: str
    nationality: str
    expiry_date: date | None
    mrz: str
    access: str  # "PACE-CAN", "PACE-MRZ" or "BAC"
    face_image: bytes | None = None
    face_format: str | None = None  # "jpeg" or "jpeg2000", as stored on the chip
    face_png: bytes | None = None  # the same face decoded and re-encoded for display
    checks: tuple[Check, ...] = field(default_factory=tuple)
    files_read: tuple[str, ...] = ()  # "EF.COM", "DG1", "DG2", …, "EF.SOD": what the chip held and gave

    @property
    def authentic(self) -> bool:
        """Whether no check failed and the data group hashes and the signature were verified."""
        by_id = {c.id: c.status for c in self.checks}
        required = ("dg1_hash", "sod_signature")
        return all(s != CheckStatus.FAILED for s in by_id.values()) and all(
            by_id.get(r) == CheckStatus.PASSED for r in required
        )

    @property
    def proven(self) -> bool:
        """Authentic, and its document signer issued by a country's CSCA of the station's master list: without that
        last check a forger's own signing certificate verifies too (ICAO 9303-11, 5.1)."""
        csca = self.check("csca_chain")
        return self.authentic and csca is not None and csca.status is CheckStatus.PASSED

    @property
    def failed(self) -> tuple[Check, ...]:
        """Checks that failed: the document or its chip is suspect."""
        return tuple(c for c in self.checks if c.status is CheckStatus.FAILED)

    @property
    def not_run(self) -> tuple[Check, ...]:
        """Checks the chip did not allow (a file it does not hold, a protocol it does not offer)."""
        return tuple(c for c in self.checks if c.status is CheckStatus.NOT_RUN)

    def check(self, check_id: str) -> Check | None:
        """The check with `check_id`, if it was recorded."""
        return next((c for c in self.checks if c.id == check_id), None)

    def to_dict(self, *, with_face: bool = False) -> dict[str, Any]:
        """Plain JSON-ready dictionary (the face only when asked: it is large)."""
        out: dict[str, Any] = {
            "document_kind": self.document_kind.value,
            "document_code": self.document_code,
            "issuing_state": self.issuing_state,
            "document_number": self.document_number,
            "surname": self.surname,
            "given_names": list(self.given_names),
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
            "nationality": self.nationality,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "access": self.access,
            "face_format": self.face_format,
            "face_bytes": len(self.face_image) if self.face_image else 0,
            "authentic": self.authentic,
            "proven": self.proven,
            "files_read": list(self.files_read),
            "checks": [
                {"id": c.id, "label": c.label, "status": c.status.value, "detail": c.detail} for c in self.checks
            ],
        }
        if with_face and self.face_image:
            out["face_image_base64"] = base64.b64encode(self.face_image).decode("ascii")
        return out
