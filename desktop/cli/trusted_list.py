"""What `receipt verify` says of the trusted-keys file it used: the central store's signed list or a local file, the
instant the list was drawn up, and whether a receipt dated after it could bear a key revoked since."""

from __future__ import annotations

from datetime import datetime

from desktop.i18n import SOURCE_LANGUAGE, _, language
from desktop.receipts.content import format_datetime_fr
from desktop.receipts.payload import ReceiptClaims
from desktop.receipts.published import ListStanding


def shown_moment(value: datetime) -> str:
    """A moment as the receipt prints it in French (« 1er décembre 2026 à 9 h 30 »), numeric in another language
    (« 01/12/2026 09:30 »), where French month names would read as a mistake."""
    return format_datetime_fr(value) if language() == SOURCE_LANGUAGE else value.strftime("%d/%m/%Y %H:%M")


def after_list(standing: ListStanding, claims: ReceiptClaims) -> bool:
    """The receipt says it was issued after the list was drawn up: a revocation since would not be in it."""
    return standing.as_of is not None and claims.issued_at > standing.as_of


def describe_list(standing: ListStanding, claims: ReceiptClaims) -> str:
    """French lines on the trusted-keys file, for the verifier."""
    if not standing.signed:
        return _(
            "Clés de confiance : fichier local, sans signature du répertoire central ; une clé révoquée n'y figure "
            "que si elle y a été portée."
        )
    when = (
        _("liste du répertoire central arrêtée le {moment} UTC").format(moment=shown_moment(standing.as_of))
        if standing.as_of is not None
        else _("liste du répertoire central")
    )
    if standing.checked:
        lines = [_("Clés de confiance : {when}, signature vérifiée.").format(when=when)]
    else:
        lines = [
            _("Clés de confiance : {when} ; sa signature n'est pas vérifiée ici (option --central-key).").format(
                when=when
            )
        ]
    if after_list(standing, claims):
        lines.append(
            _(
                "Ce récépissé est daté après cette liste : une révocation de sa clé depuis n'y figurerait pas ; "
                "prenez une liste à jour (guichet receipt trust --central …)."
            )
        )
    return "\n".join(lines)


def list_as_dict(standing: ListStanding, claims: ReceiptClaims) -> dict[str, object]:
    """The same, as plain JSON values (`receipt verify --json`)."""
    return {
        "signee": standing.signed,
        "signature_verifiee": standing.checked,
        "arretee_le": standing.as_of.isoformat() if standing.as_of is not None else None,
        "recepisse_posterieur": after_list(standing, claims),
    }
