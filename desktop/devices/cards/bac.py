"""Basic Access Control (ICAO 9303-11, 4.3): mutual authentication with keys from the MRZ, then 3DES messaging."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from desktop.devices.cards import crypto
from desktop.devices.cards.apdu import SW_OK, Apdu, split_response
from desktop.devices.cards.errors import SecureMessagingError, TlvError, card_error
from desktop.devices.cards.sm import SecureChannel

Transmit = Callable[[bytes], bytes]


def authenticate_data(kenc: bytes, kmac: bytes, rnd_a: bytes, rnd_b: bytes, key_a: bytes) -> bytes:
    """E || M sent by one side: E = 3DES(Kenc, rnd_a || rnd_b || key_a), M = MAC(Kmac, E)."""
    cryptogram = crypto.des3_encrypt(kenc, rnd_a + rnd_b + key_a)
    return cryptogram + crypto.retail_mac(kmac, crypto.pad(cryptogram, 8))


def open_authenticate_data(kenc: bytes, kmac: bytes, data: bytes) -> bytes | None:
    """The plain 32 bytes of an E || M block, or None when the MAC is wrong (a wrong key)."""
    if len(data) != 40:
        return None
    cryptogram, mac = data[:32], data[32:]
    if crypto.retail_mac(kmac, crypto.pad(cryptogram, 8)) != mac:
        return None
    try:
        return crypto.des3_decrypt(kenc, cryptogram)
    except SecureMessagingError:
        return None


def session_from(k_ifd: bytes, k_icc: bytes, rnd_icc: bytes, rnd_ifd: bytes) -> SecureChannel:
    """The 3DES channel: KSseed = K.IFD xor K.ICC; SSC = low halves of both challenges."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_icc, strict=True))
    ks_enc = crypto.kdf(seed, crypto.KdfPurpose.ENC, cipher="3des")
    ks_mac = crypto.kdf(seed, crypto.KdfPurpose.MAC, cipher="3des")
    return SecureChannel("3des", ks_enc, ks_mac, int.from_bytes(rnd_icc[4:] + rnd_ifd[4:], "big"))


@dataclass
class BacTerminal:
    """The inspection-system side of BAC; random values may be fixed for the ICAO worked example."""

    mrz_info: str
    rnd_ifd: bytes | None = None
    k_ifd: bytes | None = None

    def run(self, transmit: Transmit) -> SecureChannel:
        """Run BAC over `transmit`; CardError(wrong_mrz) when the chip refuses our cryptogram."""
        kenc, kmac = crypto.bac_keys(self.mrz_info)
        rnd_icc, sw = self._exchange(transmit, Apdu(0x00, 0x84, 0x00, 0x00, le=8))
        if sw != SW_OK or len(rnd_icc) != 8:
            raise card_error("chip_error")
        rnd_ifd = self.rnd_ifd or secrets.token_bytes(8)
        k_ifd = self.k_ifd or secrets.token_bytes(16)
        command = Apdu(0x00, 0x82, 0x00, 0x00, authenticate_data(kenc, kmac, rnd_ifd, rnd_icc, k_ifd), 40)
        answer, sw = self._exchange(transmit, command)
        if sw != SW_OK:
            # 6300 (or 6982 on some chips): the chip could not verify our MAC, so the MRZ data is wrong.
            if sw in (0x6300, 0x6982) or sw & 0xFFF0 == 0x63C0:
                raise card_error("wrong_mrz")
            raise card_error("chip_error")
        plain = open_authenticate_data(kenc, kmac, answer)
        if plain is None or plain[:8] != rnd_icc or plain[8:16] != rnd_ifd:
            raise card_error("chip_error")
        return session_from(k_ifd, plain[16:], rnd_icc, rnd_ifd)

    @staticmethod
    def _exchange(transmit: Transmit, command: Apdu) -> tuple[bytes, int]:
        try:
            return split_response(transmit(command.to_bytes()))
        except TlvError as exc:
            raise card_error("chip_error") from exc
