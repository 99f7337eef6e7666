"""The virtual eMRTD chip: answers APDUs like an ICAO LDS1 applet with BAC and PACE (ECDH-GM, AES)."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from desktop.devices.cards import apdu as sw
from desktop.devices.cards import pace as pace_mod
from desktop.devices.cards.apdu import Apdu
from desktop.devices.cards.bac import authenticate_data, open_authenticate_data, session_from
from desktop.devices.cards.ca import CA_AES_KEY_BITS, ChipKey, session_after
from desktop.devices.cards.crypto import aes_encrypt, bac_keys
from desktop.devices.cards.ec import CURVES_BY_PARAMETER_ID, Point, base_mul, shared_x
from desktop.devices.cards.errors import SecureMessagingError, TlvError
from desktop.devices.cards.lds import FILE_IDS
from desktop.devices.cards.sm import SecureChannel
from desktop.devices.cards.tlv import encode, oid_encode, parse_single
from desktop.devices.cards.vchip.build import ChipContent

EMRTD_AID = bytes.fromhex("A0000002471001")
_UNPROTECTED = {FILE_IDS["CardAccess"], 0x2F01}  # EF.CardAccess and EF.ATR/INFO, read before access control
Response = tuple[bytes, int]


@dataclass
class _PaceState:
    """What the chip remembers between GENERAL AUTHENTICATE steps."""

    nonce: bytes = b""
    generator: Point = None
    public: Point = None
    terminal: Point = None
    ks_enc: bytes = b""
    ks_mac: bytes = b""


class VirtualChip:
    """One chip; thread-safe so a vpcd connection and a test can share it."""

    def __init__(self, content: ChipContent) -> None:
        self.content = content
        self.apdu_count = 0
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Power cycle: drop the application selection and any session."""
        self._app = False
        self._file: int | None = None
        self._channel: SecureChannel | None = None
        self._challenge: bytes | None = None
        self._pace_step = 0
        self._pace_kind = 0
        self._pace = _PaceState()
        self._pending: tuple[bytes, bytes] | None = None  # T=0: data waiting for GET RESPONSE, and its status
        self._ca_ready = False  # MSE:Set AT for Chip Authentication received
        self._next_channel: SecureChannel | None = None  # Chip Authentication's keys, used after this answer

    def transmit(self, raw: bytes) -> bytes:
        """The response APDU for a command APDU."""
        with self._lock:
            self.apdu_count += 1
            if self.content.profile.delay:
                time.sleep(self.content.profile.delay)
            if not self.content.profile.t0:
                return self._transmit(raw)
            return self._t0(raw)

    def _t0(self, raw: bytes) -> bytes:
        """T=0 procedure: case 4 answers wait behind 61xx for GET RESPONSE; a case 2 Le too long gets 6Cxx."""
        if raw[:4] == bytes.fromhex("00C00000"):
            pending, self._pending = self._pending, None
            if pending is None:
                return sw.SW_CONDITIONS_NOT_SATISFIED.to_bytes(2, "big")
            data, status = pending
            want = (raw[4] or 256) if len(raw) > 4 else 256
            if len(data) > want:
                self._pending = (data[want:], status)
                return data[:want] + bytes([0x61, min(len(data) - want, 256) & 0xFF])
            return data + status
        self._pending = None
        answer = self._transmit(raw)
        data, status = answer[:-2], answer[-2:]
        case2 = len(raw) == 5 and raw[0] & 0x0C == 0
        if case2 and status == b"\x90\x00" and len(data) < (raw[4] or 256):
            return bytes([0x6C, len(data)])
        if not data or case2:
            return answer
        self._pending = (data, status)
        return bytes([0x61, min(len(data), 256) & 0xFF])

    def _transmit(self, raw: bytes) -> bytes:
        if len(raw) >= 1 and raw[0] & 0x0C == 0x0C:
            if self._channel is None:
                return sw.SW_SM_OBJECTS_MISSING.to_bytes(2, "big")
            try:
                command = self._channel.unwrap_command(raw)
            except SecureMessagingError:
                # A chip ends the session on a bad MAC; the terminal must authenticate again.
                self._channel = None
                return sw.SW_SM_OBJECTS_INCORRECT.to_bytes(2, "big")
            data, status = self._dispatch(command, secure=True)
            if self._channel is None:
                return status.to_bytes(2, "big")
            if status != sw.SW_OK and self.content.profile.plain_errors:
                # Many chips answer errors bare inside secure messaging; the counter still moves on both sides.
                self._channel.step()
                return status.to_bytes(2, "big")
            answer = self._channel.wrap_response(data, status, ins=command.ins)
            if self._next_channel is not None:
                # Chip Authentication: its answer goes under the old keys, everything after under the new ones.
                self._channel, self._next_channel = self._next_channel, None
            return answer
        try:
            command = Apdu.parse(raw)
        except TlvError:
            return sw.SW_WRONG_LENGTH.to_bytes(2, "big")
        self._channel = None  # a plain command ends secure messaging
        data, status = self._dispatch(command, secure=False)
        return data + status.to_bytes(2, "big")

    def _dispatch(self, command: Apdu, *, secure: bool) -> Response:
        handlers = {
            0xA4: self._select,
            0xB0: self._read_binary,
            0xB1: self._read_binary_odd,
            0x84: self._get_challenge,
            0x82: self._external_authenticate,
            0x22: self._mse,
            0x86: self._general_authenticate,
            0x88: self._internal_authenticate,
        }
        handler = handlers.get(command.ins)
        if handler is None:
            return b"", sw.SW_INS_NOT_SUPPORTED
        return handler(command, secure)

    def _select(self, command: Apdu, secure: bool) -> Response:
        if command.p1 == 0x04:
            if command.data != EMRTD_AID:
                return b"", sw.SW_FILE_NOT_FOUND
            self._app, self._file = True, None
            return b"", sw.SW_OK
        if command.p1 in (0x00, 0x02) and len(command.data) == 2:
            fid = int.from_bytes(command.data, "big")
            if fid == 0x3F00:
                self._app, self._file = False, None
                return b"", sw.SW_OK
            if fid not in self.content.files:
                return b"", sw.SW_FILE_NOT_FOUND
            if fid not in _UNPROTECTED and not secure:
                return b"", sw.SW_SECURITY_NOT_SATISFIED
            if fid not in _UNPROTECTED and not self._app:
                return b"", sw.SW_FILE_NOT_FOUND
            self._file = fid
            return b"", sw.SW_OK
        return b"", sw.SW_WRONG_P1P2

    def _read_binary(self, command: Apdu, secure: bool) -> Response:
        offset = (command.p1 << 8) | command.p2
        if command.p1 & 0x80:
            # Short file identifier (ICAO 9303-10 4.6.5): selects the file and reads from offset P2.
            if command.p1 & 0x60:
                return b"", sw.SW_WRONG_P1P2
            fid = next((f for f in self.content.files if f & 0x1F == command.p1 & 0x1F and f >> 8 == 1), None)
            if fid is None:
                return b"", sw.SW_FILE_NOT_FOUND
            if fid not in _UNPROTECTED and not secure:
                return b"", sw.SW_SECURITY_NOT_SATISFIED
            if fid not in _UNPROTECTED and not self._app:
                return b"", sw.SW_FILE_NOT_FOUND
            self._file, offset = fid, command.p2
        if self._file is None:
            return b"", sw.SW_CONDITIONS_NOT_SATISFIED
        if self._file not in _UNPROTECTED and not secure:
            return b"", sw.SW_SECURITY_NOT_SATISFIED
        data = self.content.files[self._file]
        if offset > len(data):
            return b"", sw.SW_WRONG_P1P2
        return data[offset : offset + (command.le or 256)], sw.SW_OK

    def _read_binary_odd(self, command: Apdu, secure: bool) -> Response:
        """READ BINARY with odd INS (ISO 7816-4): the offset in DO54 (past the 32767 that P1-P2 can say), the bytes
        in DO53, of the current file (P1-P2 0000)."""
        if not self.content.profile.odd_read:
            return b"", sw.SW_INS_NOT_SUPPORTED
        try:
            offset_do = parse_single(command.data, 0x54)
        except TlvError:
            return b"", sw.SW_WRONG_DATA
        if command.p1 or command.p2 or not 1 <= len(offset_do.value) <= 3:
            return b"", sw.SW_WRONG_P1P2
        if self._file is None:
            return b"", sw.SW_CONDITIONS_NOT_SATISFIED
        if self._file not in _UNPROTECTED and not secure:
            return b"", sw.SW_SECURITY_NOT_SATISFIED
        data = self.content.files[self._file]
        offset = int.from_bytes(offset_do.value, "big")
        if offset > len(data):
            return b"", sw.SW_WRONG_P1P2
        room = (command.le or 256) - 4  # DO53's tag and length (at most 53 82 xx xx) count in Le
        return encode(0x53, data[offset : offset + max(room, 0)]), sw.SW_OK

    def _internal_authenticate(self, command: Apdu, secure: bool) -> Response:
        """Active Authentication: sign the terminal's 8-byte challenge with the key of DG15 (ECDSA, plain r||s)."""
        key = self.content.aa_key
        if key is None:
            return b"", sw.SW_INS_NOT_SUPPORTED
        if not secure or not self._app:
            return b"", sw.SW_SECURITY_NOT_SATISFIED
        if len(command.data) != 8:
            return b"", sw.SW_WRONG_DATA
        r, s = decode_dss_signature(key.sign(command.data, ec.ECDSA(hashes.SHA256())))
        size = (key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big"), sw.SW_OK

    def _get_challenge(self, command: Apdu, secure: bool) -> Response:
        if command.le != 8:
            return b"", sw.SW_WRONG_LENGTH
        self._challenge = secrets.token_bytes(8)
        return self._challenge, sw.SW_OK

    def _external_authenticate(self, command: Apdu, secure: bool) -> Response:
        challenge, self._challenge = self._challenge, None
        if challenge is None:
            return b"", sw.SW_CONDITIONS_NOT_SATISFIED
        kenc, kmac = bac_keys(self.content.mrz_information)
        plain = open_authenticate_data(kenc, kmac, command.data)
        if plain is None or plain[8:16] != challenge:
            return b"", sw.SW_WRONG_KEY
        rnd_ifd, k_ifd = plain[:8], plain[16:]
        k_icc = secrets.token_bytes(16)
        answer = authenticate_data(kenc, kmac, challenge, rnd_ifd, k_icc)
        # The session starts after this (plain) answer is sent.
        self._channel = session_from(k_ifd, k_icc, challenge, rnd_ifd)
        return answer, sw.SW_OK

    def _mse(self, command: Apdu, secure: bool) -> Response:
        if (command.p1, command.p2) == (0x41, 0xA4):
            return self._mse_chip_auth(command, secure)
        info = self.content.pace
        if info is None or (command.p1, command.p2) != (0xC1, 0xA4):
            return b"", sw.SW_WRONG_P1P2 if info else sw.SW_INS_NOT_SUPPORTED
        try:
            body = parse_single(encode(0x30, command.data), 0x30)
            protocol = body.child(0x80).value
            kind = body.child(0x83).value
        except TlvError:
            return b"", sw.SW_WRONG_DATA
        expected = oid_encode(info.protocol)[2:]
        if protocol != expected or kind not in (b"\x01", b"\x02") or (kind == b"\x02" and not self.content.can):
            return b"", sw.SW_WRONG_DATA
        self._pace_kind, self._pace_step, self._pace = kind[0], 1, _PaceState()
        return b"", sw.SW_OK

    def _mse_chip_auth(self, command: Apdu, secure: bool) -> Response:
        if self.content.ca_key is None:
            return b"", sw.SW_WRONG_P1P2
        if not secure:
            return b"", sw.SW_SECURITY_NOT_SATISFIED
        try:
            protocol = parse_single(encode(0x30, command.data), 0x30).child(0x80).value
        except TlvError:
            return b"", sw.SW_WRONG_DATA
        if protocol not in (oid_encode(oid)[2:] for oid in CA_AES_KEY_BITS):
            return b"", sw.SW_WRONG_DATA
        self._ca_ready = True
        return b"", sw.SW_OK

    def _chip_authenticate(self, command: Apdu) -> Response:
        key = self.content.ca_key
        self._ca_ready = False
        assert key is not None
        curve = CURVES_BY_PARAMETER_ID[13]
        try:
            terminal = curve.decode(parse_single(command.data, 0x7C).child(0x80).value)
        except TlvError:
            return b"", sw.SW_WRONG_DATA
        shared = shared_x(curve, key.private_numbers().private_value, terminal)
        if shared is None:
            return b"", sw.SW_WRONG_DATA
        chip_key = ChipKey("0.4.0.127.0.7.2.2.3.2.2", curve, (0, 0))
        self._next_channel = session_after(chip_key, shared)
        return encode(0x7C, b""), sw.SW_OK

    def _general_authenticate(self, command: Apdu, secure: bool) -> Response:
        if self._ca_ready and secure:
            return self._chip_authenticate(command)
        info = self.content.pace
        if info is None or self._pace_step == 0 or info.parameter_id is None:
            return b"", sw.SW_CONDITIONS_NOT_SATISFIED
        curve = CURVES_BY_PARAMETER_ID[info.parameter_id]
        try:
            items = parse_single(command.data, 0x7C).children()
        except TlvError:
            return b"", sw.SW_WRONG_DATA
        step, state = self._pace_step, self._pace
        try:
            if step == 1 and not items:
                nonce = secrets.token_bytes(16)
                password = self.content.can if self._pace_kind == pace_mod.PASSWORD_CAN else None
                secret = password or self.content.mrz_information
                k_pi = pace_mod.password_key(secret, self._pace_kind)
                state.nonce = nonce
                self._pace_step = 2
                return encode(0x7C, encode(0x80, aes_encrypt(k_pi, nonce))), sw.SW_OK
            if step == 2 and items[0].tag == 0x81:
                terminal = curve.decode(items[0].value)
                key = secrets.randbelow(curve.n - 1) + 1
                public = base_mul(curve, key)
                state.generator = pace_mod.map_generator(curve, state.nonce, key, terminal)
                self._pace_step = 3
                return encode(0x7C, encode(0x82, curve.encode(public))), sw.SW_OK
            if step == 3 and items[0].tag == 0x83:
                terminal = curve.decode(items[0].value)
                key = secrets.randbelow(curve.n - 1) + 1
                public = curve.mul(key, state.generator)
                shared = shared_x(curve, key, terminal)
                if shared is None or public is None:
                    raise TlvError("point à l'infini")
                state.public, state.terminal = public, terminal
                state.ks_enc, state.ks_mac = pace_mod.session_keys(shared.to_bytes(curve.size, "big"), 128)
                self._pace_step = 4
                return encode(0x7C, encode(0x84, curve.encode(public))), sw.SW_OK
            if step == 4 and items[0].tag == 0x85:
                self._pace_step = 0
                if items[0].value != pace_mod.auth_token(state.ks_mac, info.protocol, curve, state.public):
                    return b"", sw.SW_WRONG_KEY
                token = pace_mod.auth_token(state.ks_mac, info.protocol, curve, state.terminal)
                self._channel = SecureChannel("aes", state.ks_enc, state.ks_mac)
                return encode(0x7C, encode(0x86, token)), sw.SW_OK
        except (TlvError, IndexError):
            pass
        self._pace_step = 0
        return b"", sw.SW_WRONG_DATA
