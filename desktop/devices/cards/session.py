"""Reading an identity document over any transport: access control, files, passive authentication, identity."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import date

from desktop.devices.cards import lds
from desktop.devices.cards.apdu import SW_OK, Apdu, split_response
from desktop.devices.cards.bac import BacTerminal
from desktop.devices.cards.errors import CardError, LdsError, SecureMessagingError, TlvError, card_error
from desktop.devices.cards.handler import AccessKey, CanKey, CardHandler, MrzKey
from desktop.devices.cards.identity import Check, CheckStatus, DocumentKind, IdentityRead
from desktop.devices.cards.mrzdata import mrz_date, parse_mrz_text
from desktop.devices.cards.pace import PASSWORD_CAN, PASSWORD_MRZ, PaceInfo, PaceTerminal, parse_card_access
from desktop.devices.cards.passive_auth import CscaStore, passive_authentication
from desktop.devices.cards.sm import SecureChannel
from desktop.rules.mrz import MrzError, parse_mrz

log = logging.getLogger(__name__)

Transmit = Callable[[bytes], bytes]
EMRTD_AID = bytes.fromhex("A0000002471001")
# Largest READ BINARY whose protected answer still fits a short response APDU (DO87 + DO99 + DO8E <= 256).
CHUNK = 0xDF
MAX_FILE = 64 * 1024  # EF.DG2 of real documents stays well under this; bounds a lying length field

STEP_CONNECT = "Connexion à la puce…"
STEP_ACCESS = "Ouverture d’une session sécurisée…"
STEP_READ = "Lecture de la puce…"
STEP_VERIFY = "Vérification de la signature…"
STEP_DONE = "Lecture terminée."


class _Link:
    """Plain or protected exchange with the chip, mapping bad answers to CardError."""

    def __init__(self, transmit: Transmit) -> None:
        self.transmit = transmit
        self.channel: SecureChannel | None = None

    def send(self, command: Apdu) -> tuple[bytes, int]:
        if self.channel is None:
            try:
                return split_response(self.transmit(command.to_bytes()))
            except TlvError as exc:
                raise card_error("chip_error") from exc
        try:
            return self.channel.unwrap(self.transmit(self.channel.wrap(command)))
        except SecureMessagingError as exc:
            log.warning("secure messaging failure: %s", exc)
            raise card_error("chip_error") from exc

    def select_file(self, fid: int) -> bool:
        _, status = self.send(Apdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
        return status == SW_OK

    def read_file(self, fid: int, on_bytes: Callable[[int], None] | None = None) -> bytes | None:
        """The whole file, or None when absent; chunks bounded by the length in its header."""
        if not self.select_file(fid):
            return None
        head, status = self.send(Apdu(0x00, 0xB0, 0x00, 0x00, le=4))
        if status != SW_OK or not head:
            return None
        try:
            total = lds.file_length(head)
        except LdsError as exc:
            raise card_error("chip_error") from exc
        if total > MAX_FILE:
            raise card_error("chip_error")
        data = bytearray(head[:total])
        while len(data) < total:
            want = min(CHUNK, total - len(data))
            chunk, status = self.send(Apdu(0x00, 0xB0, len(data) >> 8, len(data) & 0xFF, le=want))
            if status != SW_OK or not chunk:
                raise card_error("chip_error")
            data.extend(chunk[:want])
            if on_bytes:
                on_bytes(len(chunk))
        return bytes(data)


def _pace_info(link: _Link) -> PaceInfo | None:
    if not link.select_file(lds.FILE_IDS["CardAccess"]):
        return None
    try:
        raw = link.read_file(lds.FILE_IDS["CardAccess"])
        infos = parse_card_access(raw) if raw else []
    except (CardError, LdsError):
        return None
    return next((info for info in infos if info.supported), None)


def _access_key(handler: CardHandler, access: AccessKey | None, *, can_allowed: bool) -> AccessKey:
    if access is not None and (can_allowed or isinstance(access, MrzKey)):
        return access
    if can_allowed:
        can = handler.ask_can()
        if can:
            return CanKey(can.strip())
    mrz = handler.ask_mrz()
    if not mrz:
        raise card_error("cancelled")
    return MrzKey.from_text(mrz)


def _open_session(link: _Link, handler: CardHandler, access: AccessKey | None) -> str:
    info = _pace_info(link)
    if info is not None:
        key = _access_key(handler, access, can_allowed=True)
        handler.progress(STEP_ACCESS, 0.1)
        if isinstance(key, CanKey):
            terminal = PaceTerminal(info, key.can, PASSWORD_CAN)
        else:
            terminal = PaceTerminal(info, key.information, PASSWORD_MRZ)
        link.channel = terminal.run(link.transmit)
        _, status = link.send(Apdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))
        if status != SW_OK:
            raise card_error("no_emrtd")
        return "PACE-CAN" if isinstance(key, CanKey) else "PACE-MRZ"
    _, status = link.send(Apdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))
    if status != SW_OK:
        raise card_error("no_emrtd")
    key = _access_key(handler, access, can_allowed=False)
    assert isinstance(key, MrzKey)
    handler.progress(STEP_ACCESS, 0.1)
    link.channel = BacTerminal(key.information).run(link.transmit)
    return "BAC"


def face_to_png(image: bytes) -> bytes | None:
    """The face re-encoded as PNG for display (Qt reads no JPEG 2000 without plug-ins); None when undecodable."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(image)) as face:
            face.load()
            out = io.BytesIO()
            face.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except Exception:  # Pillow raises many types on hostile images; a missing face must not fail the read.
        log.warning("face image could not be decoded")
        return None


def _kind(code: str, state: str, mrz_length: int) -> DocumentKind:
    if code.startswith("P"):
        return DocumentKind.PASSPORT
    if code[:1] in ("I", "A", "C"):
        return DocumentKind.CNIE if state == "FRA" and mrz_length == 90 else DocumentKind.ID_CARD
    return DocumentKind.OTHER


def read_document(
    transmit: Transmit,
    handler: CardHandler,
    *,
    access: AccessKey | None = None,
    csca: CscaStore | None = None,
    today: date | None = None,
) -> IdentityRead:
    """Authenticate to the chip, read EF.COM, DG1, DG2 and EF.SOD, verify them, and return the identity."""
    today = today or date.today()
    link = _Link(transmit)
    handler.progress(STEP_CONNECT, 0.0)
    protocol = _open_session(link, handler, access)
    access_label = {"PACE-CAN": "PACE avec le CAN", "PACE-MRZ": "PACE avec la MRZ", "BAC": "BAC avec la MRZ"}
    checks = [Check("chip_access", "Accès sécurisé à la puce", CheckStatus.PASSED, access_label[protocol])]

    handler.progress(STEP_READ, 0.2)
    com = link.read_file(lds.FILE_IDS["COM"])
    groups: dict[int, bytes] = {}
    done = 0
    for number in (1, 2):

        def advance(count: int) -> None:
            nonlocal done
            done += count
            handler.progress(STEP_READ, min(0.85, 0.2 + done / 25000))

        data = link.read_file(lds.FILE_IDS[f"DG{number}"], advance)
        if data is not None:
            groups[number] = data
    if 1 not in groups:
        raise card_error("chip_error")
    sod = link.read_file(lds.FILE_IDS["SOD"])
    if com is not None:
        try:
            lds.parse_com(com)
        except LdsError:
            log.info("EF.COM unreadable; continuing with the data groups")

    handler.progress(STEP_VERIFY, 0.9)
    if sod is None:
        checks.append(
            Check(
                "sod_signature",
                "Signature du document (EF.SOD)",
                CheckStatus.FAILED,
                "EF.SOD absent : l’authenticité ne peut pas être établie.",
            )
        )
    else:
        checks.extend(passive_authentication(sod, groups, csca))
    identity = _identity(groups, protocol, checks, today)
    handler.progress(STEP_DONE, 1.0)
    return identity


def _identity(groups: dict[int, bytes], protocol: str, checks: list[Check], today: date) -> IdentityRead:
    try:
        mrz = lds.parse_dg1(groups[1])
        fields = parse_mrz_text(mrz)
    except LdsError as exc:
        raise card_error("chip_error") from exc
    # The rules engine's parser checks every check digit and dates; the chip's copy must pass it like a scan.
    birth, expiry = (
        mrz_date(fields.birth, today=today, future=False),
        mrz_date(fields.expiry, today=today, future=True),
    )
    given, sex = fields.given_names, fields.sex.replace("<", "X")
    try:
        parsed = parse_mrz(mrz, today=today)
        birth, expiry = parsed.birth_date, parsed.expiry_date
        given, sex = tuple(parsed.given_names.split()), parsed.sex or "X"
    except MrzError as exc:
        checks.append(Check("dg1_mrz", "Cohérence de la MRZ (DG1)", CheckStatus.FAILED, exc.message))
    face = png = None
    if 2 in groups:
        try:
            face = lds.parse_dg2(groups[2])
            png = face_to_png(face.data)
        except LdsError:
            face = None
        if png is None:
            checks.append(Check("face_image", "Photo du titulaire", CheckStatus.FAILED, "Photo illisible."))
    return IdentityRead(
        document_kind=_kind(fields.document_code, fields.issuing_state, len(mrz)),
        document_code=fields.document_code,
        issuing_state=fields.issuing_state,
        document_number=fields.document_number,
        surname=fields.surname,
        given_names=given,
        birth_date=birth,
        sex=sex,
        nationality=fields.nationality,
        expiry_date=expiry,
        mrz=mrz,
        access=protocol,
        face_image=face.data if face else None,
        face_format=face.format if face else None,
        face_png=png,
        checks=tuple(checks),
    )
