"""PACE with ECDH generic mapping (ICAO 9303-11, 4.4): EF.CardAccess, key derivation, and the terminal side."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from desktop.devices.cards import crypto
from desktop.devices.cards.apdu import SW_OK, SW_WRONG_KEY, Apdu, split_response
from desktop.devices.cards.ec import CURVES_BY_PARAMETER_ID, Curve, Point, base_mul, shared_x
from desktop.devices.cards.errors import LdsError, TlvError, card_error
from desktop.devices.cards.sm import SecureChannel
from desktop.devices.cards.tlv import Tlv, encode, oid_decode, oid_encode, parse_single, read_int

PACE_ECDH_GM_PREFIX = "0.4.0.127.0.7.2.2.4.2."
# id-PACE-ECDH-GM-AES-CBC-CMAC-128/-192/-256 and their key sizes.
PACE_AES_KEY_BITS = {PACE_ECDH_GM_PREFIX + "2": 128, PACE_ECDH_GM_PREFIX + "3": 192, PACE_ECDH_GM_PREFIX + "4": 256}
PASSWORD_MRZ = 1
PASSWORD_CAN = 2

Transmit = Callable[[bytes], bytes]


@dataclass(frozen=True, slots=True)
class PaceInfo:
    """One PACEInfo of EF.CardAccess."""

    protocol: str
    version: int
    parameter_id: int | None

    @property
    def supported(self) -> bool:
        """Whether we can run it: ECDH-GM with AES on a curve we know."""
        return self.protocol in PACE_AES_KEY_BITS and self.parameter_id in CURVES_BY_PARAMETER_ID


def parse_card_access(data: bytes) -> list[PaceInfo]:
    """The PACEInfos of EF.CardAccess (other SecurityInfos are skipped); LdsError when unreadable."""
    try:
        root = parse_single(data, 0x31)
        infos: list[PaceInfo] = []
        for item in root.children():
            if item.tag != 0x30:
                raise LdsError("SecurityInfo attendu")
            parts = item.children()
            if len(parts) < 2:
                continue
            oid = oid_decode(parts[0])
            if not oid.startswith("0.4.0.127.0.7.2.2.4.") or parts[1].tag != 0x02:
                continue
            param = read_int(parts[2]) if len(parts) > 2 and parts[2].tag == 0x02 else None
            infos.append(PaceInfo(oid, read_int(parts[1]), param))
        return infos
    except TlvError as exc:
        raise LdsError("EF.CardAccess illisible") from exc


def encode_card_access(infos: list[PaceInfo]) -> bytes:
    """EF.CardAccess holding `infos` (for the virtual chip)."""
    items = []
    for info in infos:
        body = oid_encode(info.protocol) + encode(0x02, bytes([info.version]))
        if info.parameter_id is not None:
            body += encode(0x02, bytes([info.parameter_id]))
        items.append(encode(0x30, body))
    return encode(0x31, b"".join(items))


def password_key(password: str | bytes, kind: int, key_bits: int = 128) -> bytes:
    """K_pi: the key that encrypts the nonce, from the CAN or the MRZ information."""
    secret = password.encode("ascii") if isinstance(password, str) else password
    if kind == PASSWORD_MRZ:
        secret = hashlib.sha1(secret).digest()
    return crypto.kdf(secret, crypto.KdfPurpose.PACE, cipher="aes", key_bits=key_bits)


def decrypt_nonce(k_pi: bytes, encrypted: bytes) -> bytes:
    """s = D(K_pi, z), AES-CBC with a zero IV."""
    return crypto.aes_decrypt(k_pi, encrypted)


def map_generator(curve: Curve, nonce: bytes, private: int, other_public: Point) -> Point:
    """Generic mapping: G' = s·G + H where H = private·other_public."""
    shared = curve.mul(private, other_public)
    return curve.add(base_mul(curve, int.from_bytes(nonce, "big")), shared)


def session_keys(shared_x: bytes, key_bits: int) -> tuple[bytes, bytes]:
    """(KSenc, KSmac) from the x-coordinate of the ephemeral shared point."""
    return (
        crypto.kdf(shared_x, crypto.KdfPurpose.ENC, cipher="aes", key_bits=key_bits),
        crypto.kdf(shared_x, crypto.KdfPurpose.MAC, cipher="aes", key_bits=key_bits),
    )


def auth_token(ks_mac: bytes, protocol: str, curve: Curve, public: Point) -> bytes:
    """T = MAC(KSmac, 7F49{06 OID, 86 public point}) truncated to 8 bytes."""
    data = encode(0x7F49, oid_encode(protocol) + encode(0x86, curve.encode(public)))
    return crypto.aes_cmac8(ks_mac, data)


def mse_set_at(protocol: str, password_kind: int) -> Apdu:
    """MSE:Set AT that selects PACE, its protocol and the password kind."""
    data = encode(0x80, oid_encode(protocol)[2:]) + encode(0x83, bytes([password_kind]))
    return Apdu(0x00, 0x22, 0xC1, 0xA4, data)


def general_authenticate(tag: int, value: bytes, *, last: bool = False) -> Apdu:
    """One step of GENERAL AUTHENTICATE; every step but the last is chained (CLA 10)."""
    inner = encode(tag, value) if tag else b""
    return Apdu(0x00 if last else 0x10, 0x86, 0x00, 0x00, encode(0x7C, inner), 256)


def _dynamic_data(response: bytes, tag: int) -> bytes:
    try:
        outer = parse_single(response, 0x7C)
        item: Tlv = outer.child(tag)
    except TlvError as exc:
        raise card_error("chip_error") from exc
    return item.value


@dataclass
class PaceTerminal:
    """The inspection-system side of one PACE run; private keys may be fixed for test vectors."""

    info: PaceInfo
    password: str
    password_kind: int
    mapping_private: int | None = None
    ephemeral_private: int | None = None

    def run(self, transmit: Transmit) -> SecureChannel:
        """Establish PACE over `transmit`; CardError(wrong_can / wrong_mrz) when the chip refuses the key."""
        if not self.info.supported or self.info.parameter_id is None:
            raise card_error("unsupported")
        curve = CURVES_BY_PARAMETER_ID[self.info.parameter_id]
        bits = PACE_AES_KEY_BITS[self.info.protocol]
        self._exchange(transmit, mse_set_at(self.info.protocol, self.password_kind))
        encrypted = _dynamic_data(self._exchange(transmit, general_authenticate(0, b"")), 0x80)
        if len(encrypted) != 16:
            raise card_error("chip_error")
        nonce = decrypt_nonce(password_key(self.password, self.password_kind, bits), encrypted)

        map_key = self.mapping_private or secrets.randbelow(curve.n - 1) + 1
        map_pub = base_mul(curve, map_key)
        answer = self._exchange(transmit, general_authenticate(0x81, curve.encode(map_pub)))
        chip_map = self._point(curve, _dynamic_data(answer, 0x82))
        if chip_map == map_pub:
            raise card_error("chip_error")
        generator = map_generator(curve, nonce, map_key, chip_map)

        eph_key = self.ephemeral_private or secrets.randbelow(curve.n - 1) + 1
        eph_pub = curve.mul(eph_key, generator)
        answer = self._exchange(transmit, general_authenticate(0x83, curve.encode(eph_pub)))
        chip_eph = self._point(curve, _dynamic_data(answer, 0x84))
        if chip_eph == eph_pub:
            raise card_error("chip_error")
        shared = shared_x(curve, eph_key, chip_eph)
        if shared is None:
            raise card_error("chip_error")
        ks_enc, ks_mac = session_keys(shared.to_bytes(curve.size, "big"), bits)

        token = auth_token(ks_mac, self.info.protocol, curve, chip_eph)
        answer = self._exchange(transmit, general_authenticate(0x85, token, last=True), final=True)
        if _dynamic_data(answer, 0x86) != auth_token(ks_mac, self.info.protocol, curve, eph_pub):
            raise card_error("chip_error")
        return SecureChannel("aes", ks_enc, ks_mac)

    def _point(self, curve: Curve, data: bytes) -> Point:
        try:
            return curve.decode(data)
        except TlvError as exc:
            raise card_error("chip_error") from exc

    def _exchange(self, transmit: Transmit, command: Apdu, *, final: bool = False) -> bytes:
        try:
            data, sw = split_response(transmit(command.to_bytes()))
        except TlvError as exc:
            raise card_error("chip_error") from exc
        if sw == SW_OK:
            return data
        # A wrong password only shows at the last step: the chip cannot check our token (9303-11 and BSI TR-03110).
        if final and ((sw & 0xFFF0) in (SW_WRONG_KEY, 0x63C0) or sw == 0x6982):
            raise card_error("wrong_can" if self.password_kind == PASSWORD_CAN else "wrong_mrz")
        raise card_error("chip_error")
