"""Agents' logins: one normal form (NFKC, lower case), no invisible or control characters (issue 15)."""

from __future__ import annotations

import unicodedata

from desktop.i18n import _

MAX_LOGIN = 64
# Unicode categories never allowed in a login: controls (TAB, NUL...), format characters (zero-width spaces and
# joiners, bidi overrides and isolates, the BOM), surrogates, private use, unassigned, line/paragraph separators.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class LoginError(ValueError):
    """A login that cannot be an agent's identifier; `message` is French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def lookup_form(login: str) -> str:
    """The form logins are compared in: NFKC, trimmed, case-folded (never raises: used for look-ups)."""
    return unicodedata.normalize("NFKC", login).strip().casefold()


def normalise_login(login: str) -> str:
    """The stored form of a new login; raises LoginError (French) on invisible, control or bidi characters."""
    if not isinstance(login, str):
        raise LoginError("Identifiant invalide.")
    for char in login:
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            raise LoginError(
                _(
                    "L'identifiant contient un caractère invisible ou de contrôle (tabulation, espace de "
                    "largeur nulle, marque de direction…) : retapez-le."
                )
            )
    normal = lookup_form(login)
    if not normal:
        raise LoginError(_("Indiquez un identifiant."))
    if any(c.isspace() for c in normal):
        raise LoginError(_("L'identifiant ne doit pas contenir d'espace."))
    if len(normal) > MAX_LOGIN:
        raise LoginError(_("L'identifiant dépasse {MAX_LOGIN} caractères.").format(MAX_LOGIN=MAX_LOGIN))
    return normal
