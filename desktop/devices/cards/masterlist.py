"""Whether a CSCA master list is the one its publisher signed (ICAO 9303-12, 9): its CMS signature, by a master list
signer that the publishing state's CSCA issued.

A station trusts the document signers its master list chains to; whoever can swap that file can add their own CSCA
and have their forged chips proven. With ``csca_list_signer`` set (the CSCA certificate of the state that publishes
the list: France's, Germany's, ICAO's own signer's issuer), the station takes only the certificates of a list that
this authority signed: a list altered after signing, signed by anyone else, or a loose certificate dropped beside it
is set aside and said on the Appareils screen. Without the setting the list is taken as deployed, as before.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cryptography.utils import CryptographyDeprecationWarning

from desktop.devices.cards.cms import HASH_OIDS, issued_by, verify_signature
from desktop.devices.cards.errors import LdsError, TlvError, UnsupportedAlgorithmError
from desktop.devices.cards.lds import SignedContent, parse_signed_data
from desktop.devices.cards.tlv import oid_decode, parse_single
from desktop.i18n import _

if TYPE_CHECKING:
    from cryptography import x509

OID_MASTER_LIST = "2.23.136.1.1.2"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListVerdict:
    """A master list checked against the expected publisher: its certificates when signed by it, else why not."""

    certificates: tuple[x509.Certificate, ...]
    problem: str | None  # None: signed by a signer that one of the expected authorities issued
    signer: str = ""  # the master list signer's subject, as RFC 4514 text (for the administrator)


def verify_master_list(
    data: bytes, authorities: tuple[x509.Certificate, ...], now: datetime | None = None
) -> ListVerdict:
    """Check `data` (an ICAO master list) against `authorities` (the publisher's CSCA certificates)."""
    try:
        signed = parse_signed_data(data)
    except (TlvError, IndexError, ValueError):
        return ListVerdict((), _("ce n'est pas une liste maîtresse signée"))
    if signed.content_type != OID_MASTER_LIST:
        return ListVerdict((), _("ce n'est pas une liste maîtresse signée"))
    digest = HASH_OIDS.get(signed.digest_algorithm)
    if digest is None or hashlib.new(digest, signed.econtent).digest() != signed.message_digest:
        return ListVerdict((), _("son contenu a été modifié après sa signature"))
    try:
        signer = _signer(signed)
    except UnsupportedAlgorithmError:
        return ListVerdict((), _("sa signature utilise un algorithme non pris en charge"))
    if signer is None:
        return ListVerdict((), _("sa signature ne correspond à aucun certificat qu'elle contient"))
    subject = signer.subject.rfc4514_string()
    when = now or datetime.now(UTC)
    if not signer.not_valid_before_utc <= when <= signer.not_valid_after_utc:
        return ListVerdict((), _("le certificat de son signataire n'est pas en cours de validité"), subject)
    unsupported = False
    for authority in authorities:
        try:
            if not issued_by(signer, authority):
                continue
        except UnsupportedAlgorithmError:
            unsupported = True
            continue
        except (ValueError, KeyError, TypeError):
            continue
        try:
            certificates = tuple(master_list_certificates(data))
        except LdsError:
            return ListVerdict((), _("ce n'est pas une liste maîtresse signée"), subject)
        return ListVerdict(certificates, None, subject)
    if unsupported:
        return ListVerdict((), _("la clé de l'autorité attendue utilise un algorithme non pris en charge"), subject)
    return ListVerdict((), _("son signataire n'a pas été émis par l'autorité attendue"), subject)


def _signer(signed: SignedContent) -> x509.Certificate | None:
    """The certificate of the list whose key made the signature (the master list signer's); UnsupportedAlgorithmError
    when none did and one of them has a curve or an algorithm we do not implement."""
    from cryptography import x509

    unsupported = False
    for raw in signed.certificates:
        try:
            certificate = x509.load_der_x509_certificate(raw)
        except (ValueError, x509.InvalidVersion):
            continue
        try:
            if names_readable(certificate) and verify_signature(signed, certificate):
                return certificate
        except UnsupportedAlgorithmError:
            unsupported = True  # said only when no other certificate of the list made the signature
    if unsupported:
        raise UnsupportedAlgorithmError("algorithme de signature non pris en charge")
    return None


def master_list_certificates(data: bytes) -> list[x509.Certificate]:
    """The CSCA certificates inside an ICAO master list (CMS SignedData over a CscaMasterList)."""
    from cryptography import x509

    try:
        content = parse_single(data, 0x30).children()
        signed = parse_single(content[1].value, 0x30).children()
        encap = signed[2].children()
        if oid_decode(encap[0]) != OID_MASTER_LIST:
            raise TlvError(_("pas une liste maîtresse"))
        master = parse_single(parse_single(encap[1].value, 0x04).value, 0x30).children()
        items = master[1].children()
    except (TlvError, IndexError, ValueError) as exc:
        raise LdsError(_("liste maîtresse CSCA illisible")) from exc
    # One certificate this version of `cryptography` refuses (ICAO's list holds some with a negative serial or a NULL
    # parameter, still accepted with a deprecation warning) leaves the others usable.
    found: list[x509.Certificate] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        for item in items:
            try:
                certificate = x509.load_der_x509_certificate(item.raw)
            except (ValueError, x509.InvalidVersion):
                continue
            if names_readable(certificate):
                found.append(certificate)
    if len(found) < len(items):
        log.warning("CSCA master list: %d of %d certificates unreadable, skipped", len(items) - len(found), len(items))
    return found


def names_readable(certificate: x509.Certificate) -> bool:
    """Whether the certificate's subject and issuer can be read. `cryptography` parses names lazily: a name holding
    an unexpected ASN.1 type (an OID, a BIT STRING, an empty RDN) loads, then raises KeyError, TypeError or
    ValueError wherever it is first compared or shown, so such a certificate is dropped where it is loaded."""
    try:
        certificate.subject  # noqa: B018 -- read for its parsing
        certificate.issuer  # noqa: B018
    except (ValueError, KeyError, TypeError):
        return False
    return True
