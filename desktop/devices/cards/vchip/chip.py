"""The virtual eMRTD chip: answers APDUs like an ICAO LDS1 applet with BAC and PACE (ECDH-GM, AES)."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from desktop.devices.cards import apdu as sw
from desktop.devices.cards import pace as pace_mod
from desktop.devices.cards.apdu import Apdu
from desktop.devices.cards.bac import authenticate_data, open_authenticate_data, session_from
from desktop.devices.cards.crypto import aes_encrypt, bac_keys
from desktop.devices.cards.ec import CURVES_BY_PARAMETER_ID, Point
from desktop.devices.cards.errors import SecureMessagingError, TlvError
from desktop.devices.cards.lds import FILE_IDS
from desktop.devices.cards.sm import SecureChannel
from desktop.devices.cards.tlv import encode, oid_encode, parse_single
from desktop.devices.cards.vchip.build import ChipContent

EMRTD_AID = bytes.fromhex("A0000002471001")
_UNPROTECTED = {FILE_IDS["CardAccess"]}
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

    def transmit(self, raw: bytes) -> bytes:
        """The response APDU for a command APDU."""
        with self._lock:
            self.apdu_count += 1
            return self._transmit(raw)

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
            return self._channel.wrap_response(data, status) if self._channel else status.to_bytes(2, "big")
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
            0x84: self._get_challenge,
            0x82: self._external_authenticate,
            0x22: self._mse,
            0x86: self._general_authenticate,
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
        if self._file is None:
            return b"", sw.SW_CONDITIONS_NOT_SATISFIED
        if self._file not in _UNPROTECTED and not secure:
            return b"", sw.SW_SECURITY_NOT_SATISFIED
        if command.p1 & 0x80:
            return b"", sw.SW_WRONG_P1P2
        data = self.content.files[self._file]
        offset = (command.p1 << 8) | command.p2
        if offset > len(data):
            return b"", sw.SW_WRONG_P1P2
        return data[offset : offset + (command.le or 256)], sw.SW_OK

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

    def _general_authenticate(self, command: Apdu, secure: bool) -> Response:
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
                public = curve.mul(key, curve.g)
                state.generator = pace_mod.map_generator(curve, state.nonce, key, terminal)
                self._pace_step = 3
                return encode(0x7C, encode(0x82, curve.encode(public))), sw.SW_OK
            if step == 3 and items[0].tag == 0x83:
                terminal = curve.decode(items[0].value)
                key = secrets.randbelow(curve.n - 1) + 1
                public = curve.mul(key, state.generator)
                shared = curve.mul(key, terminal)
                if shared is None or public is None:
                    raise TlvError("point à l’infini")
                state.public, state.terminal = public, terminal
                state.ks_enc, state.ks_mac = pace_mod.session_keys(shared[0].to_bytes(curve.size, "big"), 128)
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
