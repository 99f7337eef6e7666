"""Symmetric primitives of ICAO 9303-11: key derivation, 3DES/AES, retail MAC, CMAC, padding."""

from __future__ import annotations

import hashlib
from enum import Enum

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from desktop.devices.cards.errors import SecureMessagingError
from desktop.i18n import _


class KdfPurpose(Enum):
    """The 32-bit counter appended to the shared secret (9303-11, 9.7.1)."""

    ENC = 1
    MAC = 2
    PACE = 3


def pad(data: bytes, block: int) -> bytes:
    """ISO/IEC 9797-1 padding method 2 (0x80 then zeros)."""
    padded = data + b"\x80"
    return padded + b"\x00" * (-len(padded) % block)


def unpad(data: bytes) -> bytes:
    """Remove padding method 2; SecureMessagingError when absent."""
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80 or len(data) - len(stripped) > 16:
        raise SecureMessagingError("bourrage invalide")
    return stripped[:-1]


def _adjust_parity(key: bytes) -> bytes:
    """Set DES odd parity on each byte, as the ICAO worked example does."""
    out = bytearray()
    for byte in key:
        high = byte & 0xFE
        out.append(high | (bin(high).count("1") + 1) % 2)
    return bytes(out)


def kdf(secret: bytes, purpose: KdfPurpose, *, cipher: str, key_bits: int = 128) -> bytes:
    """KDF(K, c) for 3DES ('3des') or AES ('aes', 128/192/256 bits)."""
    data = secret + purpose.value.to_bytes(4, "big")
    if cipher == "3des":
        return _adjust_parity(hashlib.sha1(data).digest()[:16])
    if key_bits == 128:
        return hashlib.sha1(data).digest()[:16]
    digest = hashlib.sha256(data).digest()
    return digest[: key_bits // 8]


def check_digit_of(data: str) -> str:
    """ICAO check digit as a character."""
    from desktop.rules.checkdigit import check_digit

    return str(check_digit(data))


def mrz_information(document_number: str, birth_yymmdd: str, expiry_yymmdd: str) -> str:
    """The 24+ character 'MRZ information' used by BAC and PACE-MRZ: number, birth, expiry, each with its digit."""
    number = document_number.upper().ljust(9, "<")
    return (
        number
        + check_digit_of(number)
        + birth_yymmdd
        + check_digit_of(birth_yymmdd)
        + expiry_yymmdd
        + check_digit_of(expiry_yymmdd)
    )


def bac_key_seed(mrz_info: str) -> bytes:
    """Kseed: the first 16 bytes of SHA-1 over the MRZ information."""
    return hashlib.sha1(mrz_info.encode("ascii")).digest()[:16]


def bac_keys(mrz_info: str) -> tuple[bytes, bytes]:
    """(Kenc, Kmac) of BAC for the MRZ information."""
    seed = bac_key_seed(mrz_info)
    return kdf(seed, KdfPurpose.ENC, cipher="3des"), kdf(seed, KdfPurpose.MAC, cipher="3des")


def _tdes(key: bytes) -> TripleDES:
    return TripleDES(key + key[:8] if len(key) == 16 else key)


def des3_encrypt(key: bytes, data: bytes, iv: bytes = bytes(8)) -> bytes:
    """3DES-CBC (two-key) encryption, data already padded."""
    enc = Cipher(_tdes(key), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def des3_decrypt(key: bytes, data: bytes, iv: bytes = bytes(8)) -> bytes:
    """3DES-CBC (two-key) decryption."""
    if len(data) % 8:
        raise SecureMessagingError(_("cryptogramme de longueur invalide"))
    dec = Cipher(_tdes(key), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 with DES (data already padded): single-DES CBC, then 3DES on the last block."""
    ka, kb = key[:8], key[8:16]
    enc = Cipher(TripleDES(ka), modes.CBC(bytes(8))).encryptor()
    chained = enc.update(data) + enc.finalize()
    last = chained[-8:]
    step = Cipher(TripleDES(kb), modes.ECB()).decryptor()
    last = step.update(last) + step.finalize()
    final = Cipher(TripleDES(ka), modes.ECB()).encryptor()
    return final.update(last) + final.finalize()


def aes_encrypt(key: bytes, data: bytes, iv: bytes = bytes(16)) -> bytes:
    """AES-CBC encryption, data already padded."""
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def aes_decrypt(key: bytes, data: bytes, iv: bytes = bytes(16)) -> bytes:
    """AES-CBC decryption."""
    if len(data) % 16:
        raise SecureMessagingError(_("cryptogramme de longueur invalide"))
    dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def aes_ecb_block(key: bytes, block: bytes) -> bytes:
    """One AES block encrypted in ECB (the SM IV is E(KSenc, SSC))."""
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return enc.update(block) + enc.finalize()


def aes_cmac8(key: bytes, data: bytes) -> bytes:
    """AES-CMAC truncated to 8 bytes, as PACE tokens and AES secure messaging use."""
    mac = cmac.CMAC(algorithms.AES(key))
    mac.update(data)
    return mac.finalize()[:8]
