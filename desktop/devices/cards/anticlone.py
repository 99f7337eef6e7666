"""The anti-cloning check after the files are read: Chip Authentication when DG14 offers it (ICAO prefers it),
else Active Authentication when DG15 is there, else a badge saying the chip offers neither."""

from __future__ import annotations

import logging
import secrets

from desktop.devices.cards import ca, chipauth
from desktop.devices.cards.apdu import SW_OK, Apdu
from desktop.devices.cards.errors import LdsError
from desktop.devices.cards.identity import Check, CheckStatus
from desktop.devices.cards.lds import FILE_IDS
from desktop.devices.cards.link import Link, SessionEnded
from desktop.i18n import _

log = logging.getLogger(__name__)


def _signed(checks: list[Check], group: int) -> bool:
    found = next((c for c in checks if c.id == f"dg{group}_hash"), None)
    return found is not None and found.status is CheckStatus.PASSED


def chip_authenticity(link: Link, groups: dict[int, bytes], checks: list[Check]) -> Check:
    """Run what the chip offers and say what it proved; `checks` holds passive authentication's results."""
    infos = chipauth.SecurityInfos()
    key: ca.ChipKey | None = None
    if 14 in groups:
        try:
            infos = chipauth.parse_dg14(groups[14])
            key = ca.chip_key(groups[14])
        except LdsError:
            log.info("DG14 unreadable")
    try:
        if key is not None:
            return _chip_authentication(link, key, groups[1], signed=_signed(checks, 14))
        if 15 in groups:
            return _active_authentication(link, groups[15], infos.aa_hash, signed=_signed(checks, 15))
    except SessionEnded:
        # The chip dropped secure messaging instead of proving it holds its key: everything is read already.
        return chipauth.outcome(verified=False, key_signed=True)
    if infos.chip_authentication:
        return chipauth.not_offered(
            _("La puce propose une authentification de puce que Guichet ne sait pas faire (3DES) : copie non exclue.")
        )
    return chipauth.not_offered(_("La puce ne propose pas d'authentification anti-clonage (DG14/DG15 absents)."))


def _active_authentication(link: Link, dg15: bytes, aa_hash: str | None, *, signed: bool) -> Check:
    try:
        public = chipauth.parse_dg15(dg15)
    except LdsError:
        return chipauth.not_offered(_("Clé d'authentification active (DG15) illisible."))
    challenge = secrets.token_bytes(8)
    signature, status = link.send(Apdu(0x00, 0x88, 0x00, 0x00, challenge, le=256))
    if status != SW_OK:
        return chipauth.not_offered(
            _("La puce a refusé l'authentification active ({status:04X}).").format(status=status)
        )
    verified = chipauth.verify_active_auth(public, aa_hash, challenge, signature)
    return chipauth.outcome(verified=verified, key_signed=signed)


def _chip_authentication(link: Link, key: ca.ChipKey, dg1: bytes, *, signed: bool) -> Check:
    method = _("Authentification de la puce")
    _unused, status = link.send(ca.mse_set_at(key))
    if status != SW_OK:
        return chipauth.not_offered(
            _("La puce a refusé l'authentification de puce ({status:04X}).").format(status=status)
        )
    command, _public, private = ca.terminal_exchange(key)
    _unused, status = link.send(command)
    shared = ca.shared_secret(key, private)
    if status != SW_OK or shared is None:
        return chipauth.outcome(verified=False, key_signed=signed, method=method, group=14)
    link.channel = ca.session_after(key, shared)
    # The proof: the chip answers under keys only the holder of DG14's private key can compute.
    again = link.read_file(FILE_IDS["DG1"])
    return chipauth.outcome(verified=again == dg1, key_signed=signed, method=method, group=14)
