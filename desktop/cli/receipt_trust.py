"""`guichet receipt trust`: the central store's published receipt keys, checked against its anchor key, written as
the trusted-keys file `receipt verify --trusted` reads (docs/SECURITY.md « Published receipt keys »)."""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import ssl
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from desktop.cli.french import os_error
from desktop.givenfile import GivenFileError, read_given
from desktop.i18n import _
from desktop.receipts.published import MAX_PUBLISHED_BYTES, PublishedKeysError, check_published
from desktop.sync.http import Endpoint, build_client, is_certificate_error

ROUTE = "/v1/security/receipt-keys"
ANCHOR_ROUTE = "/v1/security/anchor-key"
TIMEOUT = 30.0
MAX_CA_BYTES = 1024 * 1024


class TrustError(Exception):
    """Why nothing was written, in one French sentence."""


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The `trust` sub-command's options."""
    trust = sub.add_parser(
        "trust", help=_("écrit le fichier de confiance à partir des clés publiées par le répertoire central")
    )
    source = trust.add_mutually_exclusive_group(required=True)
    source.add_argument("--central", metavar="URL", help=_("adresse du répertoire central"))
    source.add_argument("--copy", type=Path, help=_("copie de la liste publiée reçue d'un tiers, à vérifier"))
    trust.add_argument(
        "--central-key",
        help=_(
            "clé publique du répertoire central (base64, GET /v1/security/anchor-key), obtenue par un autre canal ; "
            "obligatoire avec --copy"
        ),
    )
    trust.add_argument(
        "--ca",
        type=Path,
        help=_(
            "certificat (PEM) de l'autorité du répertoire central ; par défaut celui des réglages du poste quand "
            "l'adresse est celle de son répertoire central, sinon les autorités reconnues par le système"
        ),
    )
    trust.add_argument("--trusted", required=True, type=Path, help=_("fichier de confiance à écrire"))


def central_key_of(text: str) -> bytes:
    """The central store's anchor key given in base64 (--central-key); TrustError otherwise."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (ValueError, binascii.Error):
        key = b""
    if len(key) != 32:
        raise TrustError(
            _("Clé publique du répertoire central invalide (option --central-key) : 32 octets en base64 attendus.")
        )
    return key


def _get(client: httpx.Client, path: str) -> bytes:
    """The answer's bytes, read no further than the bound (a huge answer is refused, not held in memory)."""
    try:
        with client.stream("GET", path) as response:
            if response.status_code != 200:
                raise TrustError(
                    _("Le répertoire central a répondu {status} : liste des clés non obtenue.").format(
                        status=response.status_code
                    )
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_PUBLISHED_BYTES:
                    raise TrustError(_("Réponse du répertoire central trop volumineuse : refusée."))
            return bytes(body)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        if is_certificate_error(exc):
            raise TrustError(
                _(
                    "Le certificat du répertoire central n'est pas reconnu : connexion refusée. Donnez le certificat "
                    "de son autorité (option --ca)."
                )
            ) from None
        raise TrustError(
            _("Répertoire central injoignable à cette adresse : vérifiez l'adresse (option --central) et le réseau.")
        ) from None


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url.strip())
        default = {"https": 443, "http": 80}.get(parts.scheme.lower())
        return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or default
    except ValueError:
        return None


def _ca_file(path: Path) -> Path:
    """A PEM file of certificates (a FIFO, a device, a huge or unreadable file refused in French)."""
    try:
        text = read_given(path, limit=MAX_CA_BYTES).decode("ascii")
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cadata=text)
    except (GivenFileError, OSError, ValueError, ssl.SSLError):
        raise TrustError(
            _(
                "Certificat d'autorité {path} illisible (option --ca) : un fichier PEM de certificats est attendu."
            ).format(path=path)
        ) from None
    return path


def endpoint_for(url: str, ca: Path | None) -> Endpoint:
    """Where to fetch: at a station whose central store is this one, its settings' proxy and CA (a ministry's CA
    the system does not know); `--ca` names the CA elsewhere (a prefecture's verifier); else the system's store."""
    from desktop.settings import SettingsError, load_settings

    proxy, bundle = None, None
    try:
        settings = load_settings()
    except SettingsError:
        settings = None
    if settings is not None and settings.central_url and _origin(settings.central_url) == _origin(url):
        proxy, bundle = settings.proxy_url, settings.ca_bundle
    if ca is not None:
        bundle = _ca_file(ca)
    return Endpoint(url, proxy_url=proxy, ca_bundle=bundle)


def _fetch(url: str, central_key: bytes | None, ca: Path | None = None) -> tuple[bytes, bytes, bool]:
    """The published list, the anchor key to check it with, and whether that key came from the same store."""
    endpoint = endpoint_for(url, ca)
    try:
        client = build_client(endpoint, timeout=TIMEOUT, keepalive=False)
    except (ValueError, OSError, httpx.HTTPError):
        raise TrustError(_("Adresse du répertoire central invalide (option --central).")) from None
    with client:
        raw = _get(client, ROUTE)
        if central_key is not None:
            return raw, central_key, False
        try:
            answer = json.loads(_get(client, ANCHOR_ROUTE))
            return raw, central_key_of(str(answer["public_key"])), True
        except (ValueError, KeyError, TypeError, TrustError, RecursionError):
            raise TrustError(_("Clé du répertoire central illisible : donnez-la avec --central-key.")) from None


def run(args: argparse.Namespace) -> str:
    """Check the list and write the file; the French line to print. TrustError when nothing was written."""
    central_key = central_key_of(args.central_key) if args.central_key else None
    if args.copy is not None:
        if central_key is None:
            raise TrustError(_("Une copie se vérifie avec la clé du répertoire central : donnez --central-key."))
        try:
            raw = read_given(args.copy, limit=MAX_PUBLISHED_BYTES)
        except GivenFileError as exc:
            raise TrustError(
                _("Copie {path} illisible : {reason}").format(path=args.copy, reason=exc.strerror)
            ) from None
        except OSError as exc:
            raise TrustError(
                _("Copie {path} illisible : {reason}").format(path=args.copy, reason=os_error(exc))
            ) from None
        same_store = False
    else:
        raw, central_key, same_store = _fetch(str(args.central), central_key, args.ca)
    try:
        trusted, _data = check_published(raw, central_key)
    except PublishedKeysError as exc:
        raise TrustError(str(exc)) from None
    try:
        # The signed list as it came: the file can be handed on and checked again with --copy.
        args.trusted.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.trusted.with_name(args.trusted.name + ".tmp")
        tmp.write_bytes(raw)
        tmp.replace(args.trusted)
    except OSError as exc:
        raise TrustError(
            _("Fichier {path} non écrit : {reason}").format(path=args.trusted, reason=os_error(exc))
        ) from None
    line = _(
        "{count} clé(s) de station et {revoked} clé(s) révoquée(s) écrites dans {path} "
        "(signature du répertoire central vérifiée)."
    ).format(count=len(trusted.keys), revoked=len(trusted.revoked), path=args.trusted)
    if same_store:
        line += " " + _(
            "Clé du répertoire central prise auprès de lui-même : comparez-la à celle reçue par un autre canal."
        )
    return line
