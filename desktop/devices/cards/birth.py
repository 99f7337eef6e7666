"""The holder's date of birth from a chip: DG11's full date first, else the MRZ's two-digit year.

The MRZ writes the year of birth on two digits; the rules engine resolves it to the latest date not after today
(docs/RULES.md, « MRZ two-digit years »), which makes a voter born in 1925 a child born in 2025. DG11 (additional
personal details), when the chip holds it, gives the full date (tag 5F2B) and is signed in EF.SOD like DG1: it comes
first. Without it, a date that would make the holder a minor is flagged: everyone whose document is read at the counter
is a voter, so the year is most likely a century off, and only the printed document can tell.
"""

from __future__ import annotations

import logging
from datetime import date

from desktop.devices.cards.errors import LdsError
from desktop.devices.cards.identity import Check, CheckStatus
from desktop.devices.cards.lds import parse_dg11_birth
from desktop.i18n import N_, _
from desktop.rules.validity import add_years

log = logging.getLogger(__name__)

CHECK_ID = "birth_date"
LABEL = N_("Date de naissance")
ADULT_AGE = 18


def _from_dg11(dg11: bytes, yymmdd: str) -> date | Check | None:
    """DG11's date when it agrees with the MRZ's (month and day filled from the MRZ when DG11 leaves them unknown), a
    failed check when they disagree, None when DG11 holds no usable date."""
    try:
        found = parse_dg11_birth(dg11)
    except LdsError:
        log.info("DG11 full date of birth unreadable; the MRZ's is used")
        return None
    if found is None or not yymmdd.isdigit() or len(yymmdd) != 6:
        return None
    year, month, day = found
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    if year % 100 != yy or month not in (0, mm) or day not in (0, dd):
        log.warning("DG11 date of birth differs from DG1's")
        return Check(
            CHECK_ID,
            _(LABEL),
            CheckStatus.FAILED,
            _("La date de naissance complète de la puce (DG11) ne correspond pas à celle de la zone MRZ (DG1)."),
        )
    try:
        return date(year, mm, dd)
    except ValueError:
        return None


def birth_date_of(
    yymmdd: str, resolved: date | None, dg11: bytes | None, *, today: date
) -> tuple[date | None, list[Check]]:
    """The date of birth to show, and a check when it is doubtful: `yymmdd` as DG1 writes it, `resolved` the rules
    engine's reading of it, `dg11` the file when the chip gave it."""
    if dg11 is not None:
        found = _from_dg11(dg11, yymmdd)
        if isinstance(found, date):
            return found, []
        if isinstance(found, Check):
            return resolved, [found]
    if resolved is not None and add_years(resolved, ADULT_AGE) > today:
        return resolved, [
            Check(
                CHECK_ID,
                _(LABEL),
                CheckStatus.FAILED,
                _(
                    "La zone MRZ n'écrit l'année de naissance que sur deux chiffres et la puce ne donne pas la date "
                    "complète (DG11) : lue ainsi, le titulaire aurait moins de 18 ans. Lisez l'année imprimée sur le "
                    "document et corrigez la date de naissance."
                ),
            )
        ]
    return resolved, []
