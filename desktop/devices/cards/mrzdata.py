"""The MRZ as the chip layer needs it: DG1's fields and the 'MRZ information' key for BAC and PACE."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desktop.devices.cards.crypto import check_digit_of
from desktop.devices.cards.errors import CardError, LdsError, card_error
from desktop.i18n import _


@dataclass(frozen=True, slots=True)
class MrzFields:
    """Fields of a machine readable zone (ICAO 9303-4/5/6), characters as printed."""

    document_code: str
    issuing_state: str
    document_number: str
    birth: str  # YYMMDD
    sex: str
    expiry: str  # YYMMDD
    nationality: str
    surname: str
    given_names: tuple[str, ...]

    @property
    def information(self) -> str:
        """The MRZ information that keys BAC and PACE-MRZ."""
        number = self.document_number.ljust(9, "<")
        return (
            number
            + check_digit_of(number)
            + self.birth
            + check_digit_of(self.birth)
            + self.expiry
            + check_digit_of(self.expiry)
        )


def _names(field: str) -> tuple[str, tuple[str, ...]]:
    surname, _, given = field.strip("<").partition("<<")
    return surname.replace("<", " ").strip(), tuple(g for g in given.split("<") if g)


def _number(field: str, digit: str, optional: str) -> str:
    """The document number, joining the TD1/TD2 overflow into the optional data when the digit is '<'."""
    if digit != "<":
        return field.rstrip("<")
    extra = optional.split("<", 1)[0]
    if len(extra) < 2:
        raise LdsError(_("numéro de document étendu invalide"))
    return field + extra[:-1]


def parse_mrz_text(text: str) -> MrzFields:
    """Split a TD1 (3×30), TD2 (2×36) or TD3 (2×44) MRZ, newlines optional; LdsError when it is none of them."""
    flat = re.sub(r"\s", "", text.upper())
    if len(flat) == 90:
        l1, l2, l3 = flat[:30], flat[30:60], flat[60:]
        surname, given = _names(l3)
        return MrzFields(
            l1[0:2].rstrip("<"),
            l1[2:5].rstrip("<"),
            _number(l1[5:14], l1[14], l1[15:30]),
            l2[0:6],
            l2[7],
            l2[8:14],
            l2[15:18].rstrip("<"),
            surname,
            given,
        )
    if len(flat) in (72, 88):
        half = len(flat) // 2
        l1, l2 = flat[:half], flat[half:]
        surname, given = _names(l1[5:])
        optional = l2[28:35] if half == 36 else ""
        return MrzFields(
            l1[0:2].rstrip("<"),
            l1[2:5].rstrip("<"),
            _number(l2[0:9], l2[9], optional),
            l2[13:19],
            l2[20],
            l2[21:27],
            l2[10:13].rstrip("<"),
            surname,
            given,
        )
    raise LdsError(_("MRZ de longueur inattendue"))


_INFO = re.compile(r"^([A-Z0-9<]{9,})([0-9])([0-9]{6})([0-9])([0-9]{6})([0-9])$")


def mrz_information_from(text: str) -> str:
    """The MRZ information from what the agent typed: the 24+ characters of BAC, or a whole MRZ."""
    flat = re.sub(r"\s", "", text.upper())
    if len(flat) in (72, 88, 90):
        # A whole MRZ goes through the rules engine's parser, so a typo gets the same French message as a scan.
        from desktop.rules.mrz import MrzError, bac_mrz_information, parse_mrz

        try:
            return bac_mrz_information(parse_mrz(text, today=date.today()))
        except MrzError as exc:
            raise CardError("bad_mrz_format", exc.message) from exc
    match = _INFO.match(flat)
    if not match:
        raise card_error("bad_mrz_format")
    number, d1, birth, d2, expiry, d3 = match.groups()
    if (check_digit_of(number), check_digit_of(birth), check_digit_of(expiry)) != (d1, d2, d3):
        raise CardError("bad_mrz_format", _("Une clé de contrôle de la MRZ est fausse : vérifiez la saisie."))
    return flat


def mrz_date(yymmdd: str, *, today: date, future: bool) -> date | None:
    """A calendar date from YYMMDD: expiry dates in this century, birth dates never after `today`."""
    try:
        yy, mm, dd = int(yymmdd[0:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    except ValueError:
        return None
    century = 2000 if future or yy <= today.year % 100 else 1900
    try:
        value = date(century + yy, mm, dd)
    except ValueError:
        return None
    if not future and value > today:
        return None
    return value
