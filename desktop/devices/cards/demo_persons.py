"""Fictitious French (and one EU) persons whose documents the virtual chip serves in demo mode and tests."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from desktop.devices.cards.crypto import check_digit_of


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """A fictitious holder and their document; plain data the lead's demo records reuse."""

    id: str
    surname: str
    given_names: tuple[str, ...]
    sex: str
    birth_date: date
    nationality: str
    issuing_state: str
    document: str  # "cnie", "passeport", "carte_identite"
    document_number: str
    expiry_date: date
    can: str | None  # 6 digits printed on the card; None when the chip has no PACE
    pace_parameter_id: int | None  # 13 brainpoolP256r1, 12 NIST P-256, None for a BAC-only chip
    face_format: str  # "jpeg" or "jpeg2000"

    @property
    def mrz(self) -> str:
        """The document's MRZ, lines joined with newlines (TD1 for cards, TD3 for passports)."""
        return "\n".join(td3_lines(self) if self.document == "passeport" else td1_lines(self))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data."""
        out = asdict(self)
        out["given_names"] = list(self.given_names)
        out["birth_date"] = self.birth_date.isoformat()
        out["expiry_date"] = self.expiry_date.isoformat()
        out["mrz"] = self.mrz
        return out


def _yymmdd(value: date) -> str:
    return value.strftime("%y%m%d")


def _name_field(person: DemoPerson, width: int) -> str:
    text = person.surname.replace(" ", "<") + "<<" + "<".join(person.given_names)
    return text.replace("-", "<")[:width].ljust(width, "<")


def td1_lines(person: DemoPerson) -> tuple[str, str, str]:
    """TD1 MRZ (3 × 30) of an identity card."""
    number = person.document_number.ljust(9, "<")
    line1 = ("ID" + person.issuing_state + number + check_digit_of(number)).ljust(30, "<")
    birth, expiry = _yymmdd(person.birth_date), _yymmdd(person.expiry_date)
    line2 = birth + check_digit_of(birth) + person.sex + expiry + check_digit_of(expiry) + person.nationality
    line2 = line2.ljust(29, "<")
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    return line1, line2 + check_digit_of(composite), _name_field(person, 30)


def td3_lines(person: DemoPerson) -> tuple[str, str]:
    """TD3 MRZ (2 × 44) of a passport."""
    line1 = "P<" + person.issuing_state + _name_field(person, 39)
    number = person.document_number.ljust(9, "<")
    birth, expiry = _yymmdd(person.birth_date), _yymmdd(person.expiry_date)
    personal = "<" * 14
    line2 = (
        number
        + check_digit_of(number)
        + person.nationality
        + birth
        + check_digit_of(birth)
        + person.sex
        + expiry
        + check_digit_of(expiry)
        + personal
        + check_digit_of(personal)
    )
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    return line1, line2 + check_digit_of(composite)


DEMO_PERSONS: tuple[DemoPerson, ...] = (
    DemoPerson(
        "martin-claire",
        "MARTIN",
        ("CLAIRE", "MARIE"),
        "F",
        date(1990, 1, 15),
        "FRA",
        "FRA",
        "cnie",
        "X4RTBPFW4",
        date(2031, 3, 9),
        "123456",
        13,
        "jpeg",
    ),
    DemoPerson(
        "dubois-jean",
        "DUBOIS",
        ("JEAN",),
        "M",
        date(1958, 6, 3),
        "FRA",
        "FRA",
        "passeport",
        "18AB12345",
        date(2028, 11, 20),
        None,
        None,
        "jpeg",
    ),
    DemoPerson(
        "nguyen-lan",
        "NGUYEN",
        ("THI", "LAN"),
        "F",
        date(1975, 11, 30),
        "FRA",
        "FRA",
        "cnie",
        "Y7KD2MNC8",
        date(2032, 7, 1),
        "654321",
        12,
        "jpeg2000",
    ),
    DemoPerson(
        "bernard-louis",
        "BERNARD",
        ("LOUIS", "PIERRE", "ANDRE"),
        "M",
        date(2001, 3, 22),
        "FRA",
        "FRA",
        "passeport",
        "22CD67890",
        date(2033, 2, 14),
        "271828",
        13,
        "jpeg",
    ),
    DemoPerson(
        "rossi-giulia",
        "ROSSI",
        ("GIULIA",),
        "F",
        date(1985, 9, 9),
        "ITA",
        "ITA",
        "carte_identite",
        "CA12345BX",
        date(2030, 5, 17),
        "314159",
        12,
        "jpeg",
    ),
)


def demo_person(person_id: str) -> DemoPerson:
    """The demo person with `person_id`, or by surname (case-insensitive); KeyError otherwise."""
    for person in DEMO_PERSONS:
        if person_id.lower() in (person.id, person.surname.lower()):
            return person
    raise KeyError(person_id)
