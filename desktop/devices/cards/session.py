"""Reading an identity document over any transport: access control, files, passive authentication, identity."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from desktop.devices.cards import lds
from desktop.devices.cards.anticlone import chip_authenticity
from desktop.devices.cards.apdu import SW_OK, Apdu
from desktop.devices.cards.bac import BacTerminal
from desktop.devices.cards.birth import birth_date_of
from desktop.devices.cards.errors import CardError, LdsError, card_error
from desktop.devices.cards.handler import AccessKey, CanKey, CardHandler, MrzKey
from desktop.devices.cards.identity import Check, CheckStatus, DocumentKind, IdentityRead
from desktop.devices.cards.link import FileTooLarge, Link, SessionEnded
from desktop.devices.cards.mrzdata import mrz_date, parse_mrz_text
from desktop.devices.cards.pace import PASSWORD_CAN, PASSWORD_MRZ, PaceInfo, PaceTerminal, parse_card_access
from desktop.devices.cards.passive_auth import SIGNATURE_LABEL, CscaSource, passive_authentication
from desktop.devices.cards.transport import announce_from_atr
from desktop.i18n import N_, _
from desktop.rules.mrz import MrzError, parse_mrz

log = logging.getLogger(__name__)

Transmit = Callable[[bytes], bytes]
EMRTD_AID = bytes.fromhex("A0000002471001")
# Data groups read when EF.COM lists them (all of them when EF.COM is unreadable): identity, face, additional
# personal and document details, security infos and the Active Authentication key. DG3/DG4 need terminal
# authentication and are never asked for.
GROUPS = (1, 2, 11, 12, 14, 15)
SESSION_ATTEMPTS = 3  # a chip that drops secure messaging is authenticated again, twice at most

STEP_CONNECT = N_("Connexion à la puce…")
STEP_ACCESS = N_("Ouverture d'une session sécurisée…")
STEP_READ = N_("Lecture de la puce…")
STEP_VERIFY = N_("Vérification de la signature…")
STEP_DONE = N_("Lecture terminée.")
TOO_LARGE_DG2 = N_(
    "La photo de la puce (DG2) dépasse 32 Ko et cette puce refuse de la lire au-delà : comparez avec la photo "
    "imprimée. Relire la carte n'y changera rien."
)
TOO_LARGE_SOD = N_(
    "EF.SOD dépasse 32 Ko et la puce refuse de le lire au-delà : l'authenticité ne peut pas être établie. "
    "Contrôlez le document à l'œil."
)


@dataclass
class ReadState:
    """What a read already holds, so that a read interrupted (session dropped, card pulled and put back) goes on
    from there instead of starting over; DG1 is read again each time to be sure it is the same document."""

    access: AccessKey | None = None
    files: dict[str, bytes | None] = field(default_factory=dict)
    too_large: set[str] = field(default_factory=set)  # files the chip would not give whole (link.FileTooLarge)


def _pace_info(link: Link) -> PaceInfo | None:
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


def _open_session(link: Link, handler: CardHandler, state: ReadState) -> str:
    info = _pace_info(link)
    access = state.access
    if info is not None:
        key = state.access = _access_key(handler, access, can_allowed=True)
        handler.progress(_(STEP_ACCESS), 0.1)
        if isinstance(key, CanKey):
            terminal = PaceTerminal(info, key.can, PASSWORD_CAN)
        else:
            terminal = PaceTerminal(info, key.information, PASSWORD_MRZ)
        link.channel = terminal.run(link.transmit)
        _answer, status = link.send(Apdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))
        if status != SW_OK:
            raise card_error("no_emrtd")
        return "PACE-CAN" if isinstance(key, CanKey) else "PACE-MRZ"
    _answer, status = link.send(Apdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))
    if status != SW_OK:
        raise card_error("no_emrtd")
    key = _access_key(handler, access, can_allowed=False)
    assert isinstance(key, MrzKey)
    state.access = key
    handler.progress(_(STEP_ACCESS), 0.1)
    link.channel = BacTerminal(key.information).run(link.transmit)
    return "BAC"


FACE_DISPLAY = (192, 240)  # twice the identity panel's photo frame, for high-density screens
# ICAO faces are well under a megapixel (ISO/IEC 19794-5: about 420 x 525 to 1000 x 1300). A chip's few hundred
# bytes of JPEG 2000 can declare 13000 x 13000, which Pillow decodes whole (seconds, gigabytes: draft() shrinks JPEG
# only) and only warns about below 179 Mpx: the declared size is refused before decoding.
FACE_MAX_PIXELS = 4_000_000


def face_to_png(image: bytes) -> bytes | None:
    """The face re-encoded as PNG for display (Qt reads no JPEG 2000 without plug-ins), no larger than it is
    shown; None when undecodable."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(image)) as face:
            if face.width * face.height > FACE_MAX_PIXELS:  # the header's size, read before any decoding
                log.warning("face image refused: it declares %dx%d pixels", face.width, face.height)
                return None
            face.draft("RGB", FACE_DISPLAY)  # JPEG decodes straight at a smaller scale when it can
            face.load()
            shown = face.convert("RGB")
            shown.thumbnail(FACE_DISPLAY)
            out = io.BytesIO()
            # Fastest compression: the picture is shown once and never stored, and this is on the read's path.
            shown.save(out, format="PNG", compress_level=1)
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
    csca: CscaSource = None,
    today: date | None = None,
    atr: bytes = b"",
    state: ReadState | None = None,
) -> IdentityRead:
    """Authenticate to the chip, read what it holds (EF.COM, DG1, DG2, DG11, DG12, DG14, DG15, EF.SOD), verify it
    (passive authentication, Chip or Active Authentication when offered) and return the identity with every check;
    `state` carries what an interrupted read already has (see `ReadState`)."""
    today = today or date.today()
    state = state or ReadState(access=access)
    link = Link(transmit, announce_from_atr(atr))
    link.learn_announce()
    for attempt in range(SESSION_ATTEMPTS):
        try:
            return _read(link, handler, state, csca, today)
        except SessionEnded:
            log.info("secure messaging lost (attempt %d); authenticating again", attempt + 1)
    raise card_error("chip_error")


def _read(link: Link, handler: CardHandler, state: ReadState, csca: CscaSource, today: date) -> IdentityRead:
    handler.progress(_(STEP_CONNECT), 0.0)
    protocol = _open_session(link, handler, state)
    access_label = {"PACE-CAN": _("PACE avec le CAN"), "PACE-MRZ": _("PACE avec la MRZ"), "BAC": _("BAC avec la MRZ")}
    detail = access_label[protocol]
    if protocol == "BAC":
        detail += _(" (la puce ne propose pas PACE : EF.CardAccess absent)")
    checks = [Check("chip_access", _("Accès sécurisé à la puce"), CheckStatus.PASSED, detail)]

    handler.progress(_(STEP_READ), 0.2)
    files = state.files
    dg1 = link.read_file(lds.FILE_IDS["DG1"])
    if dg1 is None:
        raise card_error("chip_error")
    if files.get("DG1") not in (None, dg1):
        log.info("another document on the reader: reading it from the start")
        files.clear()
        state.too_large.clear()
    files["DG1"] = dg1
    if "COM" not in files:
        files["COM"] = link.read_file(lds.FILE_IDS["COM"])
    wanted = _listed_groups(files["COM"])
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        handler.progress(_(STEP_READ), min(0.85, 0.2 + done / 25000))

    for number in wanted:
        name = f"DG{number}"
        if name not in files:
            files[name] = _optional(link, name, state, advance)
    if "SOD" not in files:
        files["SOD"] = _optional(link, "SOD", state)
    groups = {n: data for n in GROUPS if (data := files.get(f"DG{n}")) is not None}

    handler.progress(_(STEP_VERIFY), 0.9)
    sod = files["SOD"]
    if sod is None and "SOD" in state.too_large:
        checks.append(Check("sod_signature", SIGNATURE_LABEL, CheckStatus.NOT_RUN, _(TOO_LARGE_SOD)))
    elif sod is None:
        checks.append(
            Check(
                "sod_signature",
                SIGNATURE_LABEL,
                CheckStatus.NOT_RUN,
                _("EF.SOD absent : la puce ne permet pas de vérifier l'authenticité. Contrôlez le document à l'œil."),
            )
        )
    else:
        checks.extend(passive_authentication(sod, groups, csca, issuing_state=_issuing_state(dg1)))
    checks.append(chip_authenticity(link, groups, checks))
    if 2 not in groups:
        why = (
            _(TOO_LARGE_DG2)
            if "DG2" in state.too_large
            else _("Pas de photo sur la puce (DG2 absent) : comparez avec la photo imprimée.")
        )
        checks.append(Check("face_image", _("Photo du titulaire"), CheckStatus.NOT_RUN, why))
    read = [name for name in ("COM", "DG1", *(f"DG{n}" for n in GROUPS[1:]), "SOD") if files.get(name) is not None]
    identity = _identity(groups, protocol, checks, today, tuple(_FILE_LABELS.get(n, n) for n in read))
    handler.progress(_(STEP_DONE), 1.0)
    return identity


def _optional(link: Link, name: str, state: ReadState, on_bytes: Callable[[int], None] | None = None) -> bytes | None:
    """An optional file, None when absent, or when the chip will not give it whole (a DG2 over 32 KiB on a chip that
    refuses READ BINARY's odd INS): the identity of DG1 stands without it, and reading again would not help."""
    try:
        return link.read_file(lds.FILE_IDS[name], on_bytes)
    except FileTooLarge as exc:
        log.warning("%s of %d bytes cannot be read from this chip; going on without it", name, exc.length)
        state.too_large.add(name)
        return None


def _issuing_state(dg1: bytes) -> str | None:
    """DG1's issuing state (FRA, D, ITA…), for the signer's country; None when DG1 does not read (said elsewhere)."""
    try:
        return parse_mrz_text(lds.parse_dg1(dg1)).issuing_state
    except (LdsError, ValueError, IndexError):
        return None


_FILE_LABELS = {"COM": "EF.COM", "SOD": "EF.SOD"}
_GROUP_BY_TAG = {tag: number for number, tag in lds.DG_TAGS.items()}


def _listed_groups(com: bytes | None) -> list[int]:
    """The data groups after DG1 that EF.COM lists; all of them when EF.COM is absent or unreadable."""
    if com is not None:
        try:
            listed = {_GROUP_BY_TAG.get(tag) for tag in lds.parse_com(com)}
            return [n for n in GROUPS[1:] if n in listed]
        except LdsError:
            log.info("EF.COM unreadable; trying every data group")
    return list(GROUPS[1:])


def _identity(
    groups: dict[int, bytes], protocol: str, checks: list[Check], today: date, files_read: tuple[str, ...]
) -> IdentityRead:
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
        checks.append(Check("dg1_mrz", _("Cohérence de la MRZ (DG1)"), CheckStatus.FAILED, exc.message))
    birth, doubts = birth_date_of(fields.birth, birth, groups.get(11), today=today)  # DG11's full date first
    checks.extend(doubts)
    face = png = None
    if 2 in groups:
        try:
            face = lds.parse_dg2(groups[2])
            png = face_to_png(face.data)
        except LdsError:
            face = None
        if png is None:
            checks.append(Check("face_image", _("Photo du titulaire"), CheckStatus.FAILED, _("Photo illisible.")))
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
        files_read=files_read,
    )
