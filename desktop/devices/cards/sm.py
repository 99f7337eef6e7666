"""Secure messaging (ICAO 9303-11, 9.8): 3DES after BAC, AES after PACE; terminal and chip sides."""

from __future__ import annotations

from desktop.devices.cards import crypto
from desktop.devices.cards.apdu import Apdu
from desktop.devices.cards.errors import SecureMessagingError, TlvError
from desktop.devices.cards.tlv import encode, iter_tlv
from desktop.i18n import _


class SecureChannel:
    """Session keys plus the send sequence counter; one instance per authenticated session."""

    def __init__(self, cipher: str, ks_enc: bytes, ks_mac: bytes, ssc: int = 0) -> None:
        if cipher not in ("3des", "aes"):
            raise ValueError("chiffrement inconnu")
        self.cipher = cipher
        self.ks_enc = ks_enc
        self.ks_mac = ks_mac
        self.ssc = ssc
        self.block = 8 if cipher == "3des" else 16

    def _ssc_bytes(self) -> bytes:
        return self.ssc.to_bytes(self.block, "big")

    def _step(self) -> None:
        self.ssc = (self.ssc + 1) % (1 << (8 * self.block))

    def step(self) -> None:
        """Count a response sent without protection (a bare status word), as the other side counts it."""
        self._step()

    def _mac(self, data: bytes) -> bytes:
        padded = crypto.pad(self._ssc_bytes() + data, self.block)
        if self.cipher == "3des":
            return crypto.retail_mac(self.ks_mac, padded)
        return crypto.aes_cmac8(self.ks_mac, padded)

    def _encrypt(self, data: bytes) -> bytes:
        padded = crypto.pad(data, self.block)
        if self.cipher == "3des":
            return crypto.des3_encrypt(self.ks_enc, padded)
        iv = crypto.aes_ecb_block(self.ks_enc, self._ssc_bytes())
        return crypto.aes_encrypt(self.ks_enc, padded, iv)

    def _decrypt(self, data: bytes) -> bytes:
        if self.cipher == "3des":
            plain = crypto.des3_decrypt(self.ks_enc, data)
        else:
            iv = crypto.aes_ecb_block(self.ks_enc, self._ssc_bytes())
            plain = crypto.aes_decrypt(self.ks_enc, data, iv)
        return crypto.unpad(plain)

    # Terminal side -----------------------------------------------------------------------------

    def wrap(self, command: Apdu) -> bytes:
        """The protected APDU for a plain command (Le always sent as 00, as the ICAO example does); extended
        length when the plain command or its protected body needs it."""
        self._step()
        header = bytes([command.cla | 0x0C, command.ins, command.p1, command.p2])
        do87 = _cryptogram(command.ins, self._encrypt(command.data)) if command.data else b""
        do97 = b""
        if command.le is not None:
            le = command.le
            do97 = encode(0x97, bytes([le & 0xFF]) if le <= 256 else (le & 0xFFFF).to_bytes(2, "big"))
        mac = self._mac(crypto.pad(header, self.block) + do87 + do97)
        body = do87 + do97 + encode(0x8E, mac)
        if command.extended or len(body) > 255:
            return header + b"\x00" + len(body).to_bytes(2, "big") + body + b"\x00\x00"
        return header + bytes([len(body)]) + body + b"\x00"

    def unwrap(self, response: bytes) -> tuple[bytes, int]:
        """(plain data, status word) of a protected response; SecureMessagingError on any inconsistency."""
        self._step()
        if len(response) < 2:
            raise SecureMessagingError(_("réponse trop courte"))
        body, trailer = response[:-2], int.from_bytes(response[-2:], "big")
        if not body:
            # ICAO 9303-11 9.8.6: SM errors (6987/6988) come in plain, and many chips answer any error (6A82 for a
            # file they do not hold) that way too. A bare status is that status; only a plain success is forged.
            if trailer == 0x9000:
                raise SecureMessagingError(_("réponse non protégée"))
            return b"", trailer
        try:
            items = list(iter_tlv(body))
        except TlvError as exc:
            raise SecureMessagingError(_("réponse protégée mal formée")) from exc
        covered = b""
        do87: bytes | None = None
        sw: int | None = None
        mac: bytes | None = None
        for item in items:
            if mac is not None:
                raise SecureMessagingError(_("donnée après le MAC"))
            if item.tag in (0x85, 0x87) and do87 is None:
                do87 = b"\x01" + item.value if item.tag == 0x85 else item.value  # DO85: odd INS, no indicator
                covered += item.raw
            elif item.tag == 0x99 and sw is None and len(item.value) == 2:
                sw = int.from_bytes(item.value, "big")
                covered += item.raw
            elif item.tag == 0x8E and len(item.value) == 8:
                mac = item.value
            else:
                raise SecureMessagingError(_("objet de messagerie sécurisée inattendu"))
        if mac is None:
            # Some chips send an error as DO99 alone, without a MAC: an unauthenticated error is still only an
            # error (the worst it can do is hide a file), but data or a success must be authenticated.
            if do87 is None and sw is not None and sw != 0x9000 and trailer == sw:
                return b"", sw
            raise SecureMessagingError("MAC absent")
        if sw is None:
            # DO99 is optional when the status is in the trailer (ISO 7816-4 6.2.3.2); the MAC still covers the data.
            if do87 is None or trailer != 0x9000:
                raise SecureMessagingError(_("mot d'état absent"))
            sw = trailer
        if self._mac(covered) != mac:
            raise SecureMessagingError(_("MAC de réponse invalide"))
        data = b""
        if do87 is not None:
            if not do87 or do87[0] != 0x01:
                raise SecureMessagingError(_("indicateur de bourrage invalide"))
            data = self._decrypt(do87[1:])
        return data, sw

    # Chip side ---------------------------------------------------------------------------------

    def unwrap_command(self, raw: bytes) -> Apdu:
        """The plain command inside a protected APDU; SecureMessagingError when its MAC or objects are wrong."""
        self._step()
        try:
            protected = Apdu.parse(raw)
            items = list(iter_tlv(protected.data))
        except TlvError as exc:
            raise SecureMessagingError(_("commande protégée mal formée")) from exc
        covered = b""
        data_enc: bytes | None = None
        le: int | None = None
        mac: bytes | None = None
        for item in items:
            if item.tag == 0x87 and item.value[:1] == b"\x01" and data_enc is None:
                covered += item.raw
                data_enc = item.value[1:]
            elif item.tag == 0x85 and item.value and data_enc is None:
                covered += item.raw
                data_enc = item.value
            elif item.tag == 0x97 and len(item.value) in (1, 2):
                covered += item.raw
                le = int.from_bytes(item.value, "big") or (256 if len(item.value) == 1 else 0x10000)
            elif item.tag == 0x8E and len(item.value) == 8:
                mac = item.value
            else:
                raise SecureMessagingError(_("objet de messagerie sécurisée inattendu"))
        if mac is None:
            raise SecureMessagingError("MAC absent")
        if self._mac(crypto.pad(protected.header, self.block) + covered) != mac:
            raise SecureMessagingError(_("MAC de commande invalide"))
        data = self._decrypt(data_enc) if data_enc is not None else b""
        return Apdu(protected.cla & ~0x0C & 0xFF, protected.ins, protected.p1, protected.p2, data, le)

    def wrap_response(self, data: bytes, sw: int, *, ins: int = 0) -> bytes:
        """The protected response: DO87 (DO85 to an odd INS) when there is data, DO99 always, DO8E."""
        self._step()
        do87 = _cryptogram(ins, self._encrypt(data)) if data else b""
        do99 = encode(0x99, sw.to_bytes(2, "big"))
        mac = self._mac(do87 + do99)
        return do87 + do99 + encode(0x8E, mac) + sw.to_bytes(2, "big")


def _cryptogram(ins: int, encrypted: bytes) -> bytes:
    """The data object holding encrypted data (ICAO 9303-11 9.8.6, ISO 7816-4): DO87 with its padding-content
    indicator for an even INS; DO85, without one, for an odd INS (whose plain data is BER-TLV, as READ BINARY B1's)."""
    return encode(0x85, encrypted) if ins & 1 else encode(0x87, b"\x01" + encrypted)
