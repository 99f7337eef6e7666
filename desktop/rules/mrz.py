"""MRZ parsing (ICAO 9303 TD1, TD2, TD3 and the old French identity card) with every check digit (spec §7.3-7.6).

:func:`parse_mrz` accepts what scanners and people type (line breaks, CR/LF, lower case, stray spaces, one long
line) and raises only :class:`MrzError`, whose French message names the check that failed and never quotes the
data. Two-digit years are resolved against the ``today`` the caller passes: birth dates to the past, expiry dates to
a window of 50 years around today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop.i18n import N_, _
from desktop.rules.checkdigit import check_digit

_ALLOWED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")


class MrzFormat(StrEnum):
    """The MRZ layouts Guichet reads."""

    TD1 = "TD1"
    TD2 = "TD2"
    TD3 = "TD3"
    FR_OLD_ID = "FR_OLD_ID"


class MrzError(ValueError):
    """An unreadable or inconsistent MRZ; `check` names the failed check, the message says it in French."""

    def __init__(self, check: str, message: str, *, rule_id: str = "R-ID-MRZ-1") -> None:
        super().__init__(message)
        self.check = check
        self.message = message
        self.rule_id = rule_id


@dataclass(frozen=True, slots=True)
class Mrz:
    """A parsed, checked MRZ."""

    format: MrzFormat
    document_code: str
    issuing_state: str
    document_number: str
    surname: str
    given_names: str
    nationality: str
    birth_date: date
    sex: str | None
    expiry_date: date | None
    optional_data: str
    lines: tuple[str, ...]


def normalize_mrz_text(text: str) -> tuple[str, int]:
    """Upper-case, drop every whitespace; return the joined characters and how many non-empty lines were typed."""
    lines = [ln for ln in (part.strip() for part in text.upper().splitlines()) if ln]
    return "".join("".join(ln.split()) for ln in lines), len(lines)


def parse_mrz(text: str, *, today: date) -> Mrz:
    """Parse and check an MRZ of any supported layout; raise MrzError (only) on any problem."""
    if not isinstance(text, str):
        raise MrzError("format", _("Zone MRZ illisible : texte attendu."))
    flat, _count = normalize_mrz_text(text)
    if not flat:
        raise MrzError("format", _("Zone MRZ vide : scannez ou saisissez les lignes du document."))
    if any(c not in _ALLOWED for c in flat):
        raise MrzError(
            "charset",
            _("Zone MRZ : caractère non autorisé (seuls A-Z, 0-9 et < sont permis). Vérifiez la saisie."),
        )
    n = len(flat)
    if flat.startswith("V") and n in (72, 88):
        # A visa (ICAO 9303-7: MRV-B 2 × 36, MRV-A 2 × 44) is laid out like TD2/TD3 with other fields: checked as one,
        # it fails on a check digit and « relisez » sends the agent back to a scan that was right. It is no identity
        # document of the arrêté (R-ID-DOC-1).
        raise MrzError(
            "document_code",
            _("Ce document est un visa, pas une pièce d'identité : demandez la carte d'identité ou le passeport."),
            rule_id="R-ID-DOC-1",
        )
    if n == 90:
        return _td1(flat[:30], flat[30:60], flat[60:], today)
    if n == 88:
        return _td2_td3(MrzFormat.TD3, flat[:44], flat[44:], today)
    if n == 72:
        if flat.startswith("IDFRA"):
            return _fr_old(flat[:36], flat[36:], today)
        return _td2_td3(MrzFormat.TD2, flat[:36], flat[36:], today)
    raise MrzError(
        "format",
        _(
            "Zone MRZ de {n} caractères : attendu 3 lignes de 30, 2 lignes de 36 ou 2 lignes de 44. "
            "Vérifiez qu'aucune ligne n'est tronquée."
        ).format(n=n),
    )


_LABELS = {
    "document_number": N_("du numéro de document"),
    "birth_date": N_("de la date de naissance"),
    "expiry_date": N_("de la date d'expiration"),
    "personal_number": N_("du numéro personnel"),
    "composite": N_("composite (ensemble de la zone)"),
}
_DATE_LABELS = {"birth_date": N_("la date de naissance"), "expiry_date": N_("la date d'expiration")}


def _date_label(check: str) -> str:
    """The date a check reads, for « Date illisible … (la date de naissance) »."""
    return _(_DATE_LABELS[check]) if check in _DATE_LABELS else _(_LABELS[check])[3:]


def _verify(check: str, data: str, digit: str, *, filler_ok: bool = False) -> None:
    """Raise MrzError when `digit` is not the ICAO check digit of `data`."""
    if filler_ok and digit == "<" and set(data) <= {"<"}:
        return
    if not digit.isdigit() or check_digit(data) != int(digit):
        raise MrzError(
            check,
            _("Chiffre de contrôle {LABELS} incorrect : relisez la zone MRZ ou saisissez-la à nouveau.").format(
                LABELS=_(_LABELS[check])
            ),
        )


def _yymmdd(check: str, raw: str) -> tuple[int, int, int]:
    if not raw.isdigit():
        raise MrzError(check, _("Date illisible dans la zone MRZ ({LABELS}).").format(LABELS=_date_label(check)))
    return int(raw[:2]), int(raw[2:4]), int(raw[4:])


def _birth(raw: str, today: date) -> date:
    yy, mm, dd = _yymmdd("birth_date", raw)
    century = today.year // 100 * 100
    for year in (century + yy, century - 100 + yy):
        try:
            d = date(year, mm, dd)
        except ValueError:
            continue
        if d <= today:
            return d
    raise MrzError("birth_date", _("Date de naissance impossible dans la zone MRZ."))


def _expiry(raw: str, today: date) -> date:
    yy, mm, dd = _yymmdd("expiry_date", raw)
    century = today.year // 100 * 100
    year = century + yy
    # Window of 50 years on either side of today: a 2-digit year far behind is next century's.
    if year < today.year - 50:
        year += 100
    elif year >= today.year + 50:
        year -= 100
    try:
        return date(year, mm, dd)
    except ValueError:
        raise MrzError("expiry_date", _("Date d'expiration impossible dans la zone MRZ.")) from None


def _names(field: str) -> tuple[str, str]:
    surname, _, given = field.partition("<<")
    return _words(surname), _words(given)


def _words(field: str) -> str:
    return " ".join(w for w in field.split("<") if w)


def _sex(ch: str) -> str | None:
    return ch if ch in ("M", "F") else None


def _extended_number(number: str, digit: str, optional: str) -> tuple[str, str, str]:
    """A document number longer than 9 characters (TD1, TD2: ICAO 9303-5 and -6): its check digit's place holds
    '<' and the number continues in the optional data, ending with its check digit. (number, digit, optional)."""
    if digit == "<" and optional[:1] not in ("", "<"):
        ext = optional.split("<", 1)[0]
        return number + ext[:-1], ext[-1], optional[len(ext) :]
    return number, digit, optional


def _td1(l1: str, l2: str, l3: str, today: date) -> Mrz:
    number, digit, optional = _extended_number(l1[5:14], l1[14], l1[15:30])
    _verify("document_number", number, digit)
    _verify("birth_date", l2[0:6], l2[6])
    _verify("expiry_date", l2[8:14], l2[14])
    _verify("composite", l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29])
    surname, given = _names(l3)
    return Mrz(
        MrzFormat.TD1,
        _words(l1[0:2]),
        _words(l1[2:5]),
        number.rstrip("<"),
        surname,
        given,
        _words(l2[15:18]),
        _birth(l2[0:6], today),
        _sex(l2[7]),
        _expiry(l2[8:14], today),
        _words(optional + "<" + l2[18:29]),
        (l1, l2, l3),
    )


def _td2_td3(fmt: MrzFormat, l1: str, l2: str, today: date) -> Mrz:
    optional = l2[28:42] if fmt is MrzFormat.TD3 else l2[28:35]
    number, digit = l2[0:9], l2[9]
    if fmt is MrzFormat.TD2:  # a passport's number has 9 characters at most (9303-4); a TD2's may continue
        number, digit, optional = _extended_number(number, digit, optional)
    _verify("document_number", number, digit)
    _verify("birth_date", l2[13:19], l2[19])
    _verify("expiry_date", l2[21:27], l2[27])
    last = len(l2) - 1
    if fmt is MrzFormat.TD3:
        _verify("personal_number", l2[28:42], l2[42], filler_ok=True)
    _verify("composite", l2[0:10] + l2[13:20] + l2[21:last], l2[last])
    surname, given = _names(l1[5:])
    return Mrz(
        fmt,
        _words(l1[0:2]),
        _words(l1[2:5]),
        number.rstrip("<"),
        surname,
        given,
        _words(l2[10:13]),
        _birth(l2[13:19], today),
        _sex(l2[20]),
        _expiry(l2[21:27], today),
        _words(optional),
        (l1, l2),
    )


def _fr_old(l1: str, l2: str, today: date) -> Mrz:
    _verify("document_number", l2[0:12], l2[12])
    _verify("birth_date", l2[27:33], l2[33])
    _verify("composite", l1 + l2[0:35], l2[35])
    return Mrz(
        MrzFormat.FR_OLD_ID,
        "ID",
        "FRA",
        l2[0:12],
        _words(l1[5:30]),
        _words(l2[13:27]),
        "FRA",
        _birth(l2[27:33], today),
        _sex(l2[34]),
        None,
        # Département and office code of issue (R-ID-CNI-OLD-2).
        l1[30:36],
        (l1, l2),
    )


def bac_mrz_information(mrz: Mrz) -> str:
    """The BAC "MRZ information": document number + cd, birth date + cd, expiry date + cd (ICAO 9303-11)."""
    if mrz.format is MrzFormat.FR_OLD_ID or mrz.expiry_date is None:
        raise MrzError("format", _("Cette carte n'a pas de puce lisible par BAC : utilisez la saisie manuelle."))
    l2 = mrz.lines[1]
    if mrz.format is MrzFormat.TD1:
        birth, expiry = mrz.lines[1][0:6], mrz.lines[1][8:14]
    else:
        birth, expiry = l2[13:19], l2[21:27]
    number = mrz.document_number.ljust(9, "<")
    return f"{number}{check_digit(number)}{birth}{check_digit(birth)}{expiry}{check_digit(expiry)}"
