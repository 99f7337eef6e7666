"""Passive authentication (ICAO 9303-11, 5.1): data group hashes, EF.SOD signature, document signer vs CSCA."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desktop.devices.cards.cms import HASH_OIDS, issued_by, verify_signature
from desktop.devices.cards.errors import LdsError, UnsupportedAlgorithmError
from desktop.devices.cards.identity import Check, CheckStatus
from desktop.devices.cards.lds import SecurityObject, parse_sod
from desktop.devices.cards.masterlist import master_list_certificates, names_readable, verify_master_list
from desktop.devices.cards.states import country_of
from desktop.givenfile import MB, read_given
from desktop.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from cryptography import x509  # at run time imported by the functions reading certificates (0.04 s)

log = logging.getLogger(__name__)
# A national master list is one or two megabytes; a FIFO or a link to a device given as csca_list hung the card
# reader's thread for ever (and /dev/zero took the memory): refused unread, said as an unreadable list.
CSCA_FILE_MAX_BYTES = 64 * MB


DG_LABELS = {
    1: N_("Intégrité de l'état civil (DG1)"),
    2: N_("Intégrité de la photo (DG2)"),
    11: N_("Intégrité des détails personnels (DG11)"),
    12: N_("Intégrité des détails du document (DG12)"),
    14: N_("Intégrité des protocoles de sécurité (DG14)"),
    15: N_("Intégrité de la clé anti-clonage (DG15)"),
}
SIGNATURE_LABEL = N_("Signature du document (EF.SOD)")
CSCA_LABEL = N_("Certificat du pays émetteur (CSCA)")
UNSUPPORTED_DIGEST = N_("Algorithme d'empreinte non pris en charge : l'intégrité ne peut pas être vérifiée.")


@dataclass(frozen=True)
class CscaStore:
    """The CSCA certificates a document signer may chain to (from a master list or loose certificates)."""

    certificates: tuple[x509.Certificate, ...]

    @classmethod
    def from_paths(cls, paths: Iterable[Path]) -> CscaStore:
        """Load .pem/.der/.cer certificates and ICAO master lists (.ml) from files or directories."""
        found: list[x509.Certificate] = []
        for path in paths:
            if not path.is_dir():
                found.extend(_load_certificates(read_given(path, limit=CSCA_FILE_MAX_BYTES)))
                continue
            for file in sorted(p for p in path.iterdir() if p.is_file()):
                try:  # a folder may hold a README or a stray file beside its certificates: skipped, not fatal
                    found.extend(_load_certificates(read_given(file, limit=CSCA_FILE_MAX_BYTES)))
                except (LdsError, ValueError, OSError):
                    log.warning("CSCA folder: %s is neither a certificate nor a master list, skipped", file.name)
        return cls(tuple(found))


class CscaList:
    """The station's master list (setting ``csca_list``: a master list, certificates, or a folder of them), read once
    when a chip first needs it, on the reader's thread (a national list is hundreds of certificates: never at
    start-up). A list that cannot be read is said in the CSCA check and on the Appareils screen.

    With `signer` (setting ``csca_list_signer``: the publishing state's CSCA), only master lists that authority's
    master list signer signed are taken (masterlist.py); any other file (a list altered or signed by someone else, a
    loose certificate) is set aside, counted in `set_aside` and said on the Appareils screen."""

    def __init__(self, path: Path, *, signer: Path | None = None) -> None:
        self.path = path
        self.signer = signer
        self._lock = threading.Lock()
        self._store: CscaStore | None = None
        self._problem: str | None = None
        self.set_aside = 0  # files refused for want of the expected signature

    def load(self) -> tuple[CscaStore | None, str | None]:
        """The certificates, or None and why (in French, for the agent and the administrator)."""
        with self._lock:
            if self._store is None and self._problem is None:
                try:
                    authorities = read_authorities(self.signer) if self.signer is not None else None
                except (OSError, LdsError, ValueError):
                    self._problem = _(
                        "le certificat de l'autorité qui signe la liste maîtresse ({path}, réglage csca_list_signer) "
                        "est illisible"
                    ).format(path=self.signer)
                    return None, self._problem
                try:
                    store = CscaStore.from_paths([self.path]) if authorities is None else self._signed_only(authorities)
                except (OSError, LdsError, ValueError) as exc:
                    log.warning("CSCA master list unreadable: %s", type(exc).__name__)
                    self._problem = _("la liste maîtresse CSCA du poste ({path}) est illisible").format(path=self.path)
                else:
                    if store.certificates:
                        self._store = store
                    elif self.signer is not None and self.set_aside:
                        self._problem = _(
                            "la liste maîtresse CSCA du poste ({path}) n'est pas signée par l'autorité attendue "
                            "(réglage csca_list_signer)"
                        ).format(path=self.path)
                    else:
                        self._problem = _("la liste maîtresse CSCA du poste ({path}) est vide").format(path=self.path)
            return self._store, self._problem

    def _signed_only(self, authorities: tuple[x509.Certificate, ...]) -> CscaStore:
        files = [self.path] if not self.path.is_dir() else sorted(p for p in self.path.iterdir() if p.is_file())
        assert self.signer is not None  # the publisher's certificate kept in the list's folder is not set aside
        files = [f for f in files if f.resolve() != self.signer.resolve()]
        found: list[x509.Certificate] = []
        for file in files:
            verdict = verify_master_list(read_given(file, limit=CSCA_FILE_MAX_BYTES), authorities)
            if verdict.problem is None:
                found.extend(verdict.certificates)
            else:
                self.set_aside += 1
                log.warning("CSCA master list %s set aside: not signed by the expected authority", file.name)
        return CscaStore(tuple(found))


def read_authorities(path: Path) -> tuple[x509.Certificate, ...]:
    """The certificates of a PEM or DER file (the publisher's CSCA); ValueError when it holds none."""
    found = tuple(_load_certificates(read_given(path, limit=CSCA_FILE_MAX_BYTES)))
    if not found:
        raise ValueError("no certificate")
    return found


class CscaLoader(Protocol):
    """Certificates made or read when a chip first needs them (the station's list; the demo's test authorities)."""

    def load(self) -> tuple[CscaStore | None, str | None]:
        """The certificates, or None and why."""
        ...


# What a reader is given: certificates, a loader of them (the station's list), or nothing.
CscaSource = CscaStore | CscaLoader | None


def _resolve(source: CscaSource) -> tuple[CscaStore | None, str | None]:
    return (source, None) if source is None or isinstance(source, CscaStore) else source.load()


def csca_description(source: CscaSource) -> str:
    """For the Appareils screen (it reads the list when no chip has yet: call it off the GUI thread)."""
    store, problem = _resolve(source)
    if problem is not None:
        return _("{problem} : le pays émetteur des documents n'est pas contrôlé.").format(
            problem=problem[:1].upper() + problem[1:]
        )
    if store is None:
        return _(
            "aucune : le pays émetteur des documents n'est pas contrôlé, aucune puce n'est dite authentique "
            "(réglage csca_list)."
        )
    from cryptography.x509.oid import NameOID

    countries = {
        str(attribute.value)
        for certificate in store.certificates
        for attribute in certificate.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    }
    where = _(" ({path})").format(path=source.path) if isinstance(source, CscaList) else ""
    held = ngettext("{n} certificat", "{n} certificats", len(store.certificates)).format(n=len(store.certificates))
    issuers = ngettext("{n} pays", "{n} pays", len(countries)).format(n=len(countries))
    said = _("{certificates} de {countries}{where}").format(certificates=held, countries=issuers, where=where)
    if isinstance(source, CscaList) and source.signer is not None:
        said += _(" — signée par l'autorité attendue")
        if source.set_aside:
            said += ngettext(
                " ; {n} fichier écarté, non signé par elle",
                " ; {n} fichiers écartés, non signés par elle",
                source.set_aside,
            ).format(n=source.set_aside)
    return said


def _load_certificates(data: bytes) -> list[x509.Certificate]:
    from cryptography import x509

    if b"-----BEGIN CERTIFICATE-----" in data:
        try:
            found = x509.load_pem_x509_certificates(data)
        except (ValueError, x509.InvalidVersion) as exc:  # InvalidVersion is not a ValueError: a file can claim v4
            raise LdsError("certificat PEM illisible") from exc
    else:
        try:
            found = [x509.load_der_x509_certificate(data)]
        except (ValueError, x509.InvalidVersion):
            return master_list_certificates(data)
    readable = [certificate for certificate in found if names_readable(certificate)]
    if not readable:
        raise LdsError("certificat CSCA aux noms illisibles")
    return readable


def _hash(name: str, data: bytes) -> bytes:
    return hashlib.new(name, data).digest()


def _signer_country(certificate: x509.Certificate) -> str | None:
    """The country of the CSCA that issued the document signer (its issuer name's C), upper-case."""
    from cryptography.x509.oid import NameOID

    try:  # a chip's certificate is parsed lazily: a mangled issuer name only fails here
        found = certificate.issuer.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    except (ValueError, KeyError, TypeError):
        return None
    return str(found[0].value).strip().upper() if found else None


def _csca_check(certificate: x509.Certificate, source: CscaSource, issuing_state: str | None = None) -> Check:
    # A document signer of another state (a valid credential, every list holds it) must not sign this state's
    # documents: ICAO 9303-11's inspection compares the issuing state of DG1 with the signer's country.
    expected = country_of(issuing_state) if issuing_state else None
    country = _signer_country(certificate)
    if expected is not None and country is not None and country != expected:
        log.warning("passive authentication: signer country differs from the issuing state")
        return Check(
            "csca_chain",
            _(CSCA_LABEL),
            CheckStatus.FAILED,
            _("Le document se dit émis par {state}, mais son signataire relève d'un autre pays ({country}).").format(
                state=issuing_state, country=country
            ),
        )
    store, problem = _resolve(source)
    if problem is not None:
        return Check("csca_chain", _(CSCA_LABEL), CheckStatus.NOT_RUN, problem[:1].upper() + problem[1:] + ".")
    if store is None:
        return Check(
            "csca_chain", _(CSCA_LABEL), CheckStatus.NOT_RUN, _("Aucune liste maîtresse CSCA n'est configurée.")
        )
    unsupported = False
    for csca in store.certificates:
        try:
            if not issued_by(certificate, csca):
                continue
        except UnsupportedAlgorithmError:
            unsupported = True  # a CSCA of this name whose curve we do not know: neither proof nor disproof
            continue
        except (ValueError, KeyError, TypeError):
            continue
        return Check("csca_chain", _(CSCA_LABEL), CheckStatus.PASSED, _("Signataire émis par une autorité reconnue."))
    if unsupported:
        log.warning("passive authentication: CSCA key on a curve we do not support")
        return Check(
            "csca_chain",
            _(CSCA_LABEL),
            CheckStatus.NOT_RUN,
            _("Algorithme de la clé de l'autorité émettrice non pris en charge."),
        )
    return Check(
        "csca_chain",
        _(CSCA_LABEL),
        CheckStatus.FAILED,
        _("Le certificat du signataire n'est émis par aucune autorité de la liste maîtresse."),
    )


def passive_authentication(
    sod_bytes: bytes, groups: dict[int, bytes], store: CscaSource, *, issuing_state: str | None = None
) -> list[Check]:
    """One check per data group read, one for EF.SOD's signature, one for the CSCA chain (and the signer's country
    against `issuing_state`, the ICAO code DG1 gives)."""
    try:
        sod = parse_sod(sod_bytes)
    except LdsError:
        detail = _("EF.SOD est illisible : l'authenticité ne peut pas être établie.")
        failed = [
            Check(f"dg{n}_hash", _(DG_LABELS[n]) if n in DG_LABELS else f"DG{n}", CheckStatus.FAILED, detail)
            for n in groups
        ]
        return [*failed, Check("sod_signature", _(SIGNATURE_LABEL), CheckStatus.FAILED, detail)]
    checks: list[Check] = []
    hash_name = HASH_OIDS.get(sod.hash_algorithm)
    for number, content in sorted(groups.items()):
        label = _(DG_LABELS[number]) if number in DG_LABELS else _("Intégrité du DG{number}").format(number=number)
        expected = sod.dg_hashes.get(number)
        if hash_name is None:  # SHA-3 or another digest: the document may be genuine, we cannot tell
            checks.append(Check(f"dg{number}_hash", label, CheckStatus.NOT_RUN, _(UNSUPPORTED_DIGEST)))
        elif expected is None:
            checks.append(Check(f"dg{number}_hash", label, CheckStatus.FAILED, _("Empreinte absente d'EF.SOD.")))
        elif _hash(hash_name, content) != expected:
            log.warning("passive authentication: DG%d hash mismatch", number)
            checks.append(
                Check(
                    f"dg{number}_hash",
                    label,
                    CheckStatus.FAILED,
                    _("Les données lues ne correspondent pas à l'empreinte signée : document possiblement altéré."),
                )
            )
        else:
            checks.append(Check(f"dg{number}_hash", label, CheckStatus.PASSED, _("Empreinte conforme.")))
    checks.extend(_signature_checks(sod, store, issuing_state))
    return checks


def _signature_checks(sod: SecurityObject, store: CscaSource, issuing_state: str | None = None) -> list[Check]:
    digest_name = HASH_OIDS.get(sod.digest_algorithm)
    if not sod.certificates:
        return [
            Check("sod_signature", _(SIGNATURE_LABEL), CheckStatus.FAILED, _("EF.SOD ne contient pas de certificat."))
        ]
    from cryptography import x509

    try:
        certificate = x509.load_der_x509_certificate(sod.certificates[0])
    except (ValueError, x509.InvalidVersion):  # InvalidVersion is not a ValueError: a chip can claim any version
        return [
            Check("sod_signature", _(SIGNATURE_LABEL), CheckStatus.FAILED, _("Certificat du signataire illisible."))
        ]
    if digest_name is None:
        log.warning("passive authentication: EF.SOD digest algorithm not supported")
        signature = Check("sod_signature", _(SIGNATURE_LABEL), CheckStatus.NOT_RUN, _(UNSUPPORTED_DIGEST))
    elif _hash(digest_name, sod.econtent) != sod.message_digest:
        signature = Check("sod_signature", _(SIGNATURE_LABEL), CheckStatus.FAILED, _("Empreinte signée incohérente."))
    else:
        signature = _signature_check(sod, certificate)
    return [signature, _csca_check(certificate, store, issuing_state)]


def _signature_check(sod: SecurityObject, certificate: x509.Certificate) -> Check:
    try:
        verified = verify_signature(sod, certificate)
    except UnsupportedAlgorithmError:
        log.warning("passive authentication: EF.SOD signature algorithm or curve not supported")
        return Check(
            "sod_signature",
            _(SIGNATURE_LABEL),
            CheckStatus.NOT_RUN,
            _("Algorithme de signature non pris en charge : l'authenticité ne peut pas être établie."),
        )
    if verified:
        return Check("sod_signature", _(SIGNATURE_LABEL), CheckStatus.PASSED, _("Signature valide."))
    log.warning("passive authentication: EF.SOD signature does not verify")
    return Check("sod_signature", _(SIGNATURE_LABEL), CheckStatus.FAILED, _("Signature invalide."))
