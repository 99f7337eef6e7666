"""What a setting is and may be: the `Settings` (a NamedTuple) with its defaults, and the checks of its values.

`desktop.settings` reads the sources (machine file, preferences, GUICHET_* variables, command line) and converts
the values; `validate` then refuses what the station cannot run with, before any window, with a French message
naming the setting and what to do (`SettingsError`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from desktop.i18n import N_, _
from desktop.rules.terms import PlaceKind

if TYPE_CHECKING:  # parse_openings imports it: the rules' facts are not needed before the window's first frame
    from desktop.rules.facts import OpeningPeriod

# A receipt number is "GCH-{code}-{year}-{n:06d}", at most 32 bytes (receipts/content.py): 16 bytes for the code.
STATION_CODE_MAX_BYTES = 16
# A station code: letters, digits, « - », « _ », « . », a letter or digit first (outside audit, session 29: a
# zero-width space went into every receipt number, and « =1+2 » into the tokens file a spreadsheet opens).
_STATION_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")


def station_code_ok(code: str) -> bool:
    """True for a code the station, its receipt numbers and the central store's files take as they are."""
    return bool(_STATION_CODE.match(code)) and len(code.encode("utf-8")) <= STATION_CODE_MAX_BYTES


def shown_code(code: str) -> str:
    """A refused code as a message names it: what cannot be seen (a zero-width space, a control) as \\uXXXX."""
    return "".join(c if (c.isprintable() and not c.isspace()) or c == " " else f"\\u{ord(c):04x}" for c in code)


SYNC_INTERVAL_MAX = 86_400  # one day; beyond, the worker's wait overflows (and a station would never sync)


class SettingsError(Exception):
    """A setting is wrong; the message is French and names the setting, its source and what to do."""


def machine_data_dir() -> Path:
    """The station's machine-wide data folder (store, keys, receipts, logs), shared by the counter's OS users."""
    if sys.platform not in ("win32", "darwin"):
        return Path("/var/lib/guichet")  # platformdirs says /usr/share: read-only data, not state
    import platformdirs  # Windows and macOS only: on Linux no platformdirs before the window's first frame

    if sys.platform == "win32":
        return Path(platformdirs.site_data_dir("Guichet", appauthor=False))  # C:\\ProgramData\\Guichet
    return Path(platformdirs.site_data_dir("Guichet"))  # /Library/Application Support/Guichet


class Settings(NamedTuple):
    """Everything the application reads from its configuration: immutable, copied with changes by `_replace`.

    A NamedTuple, not a frozen dataclass: made before the window's first frame, where a frozen dataclass of 24
    fields costs ~1.1 ms to make (it compiles its generated methods) and the `dataclasses` import ~0.7 ms more."""

    station_kind: PlaceKind = PlaceKind.COMMISSARIAT
    station_name: str = "Commissariat central"
    station_code: str = "75056-01"
    station_timezone: str = "Europe/Paris"
    central_url: str | None = None
    data_dir: Path = machine_data_dir()
    log_dir: Path | None = None  # None: logs/ in the data folder (see logs_dir)
    idle_lock_minutes: int = 15
    offline_warning_hours: int = 24
    sync_interval_seconds: int = 30
    passport_deadline_start: str = "reception"
    receipt_printer: str = "pdf"
    printer_address: str = ""  # escpos: tcp:HOST[:PORT], usb:VID:PID, serial:DEVICE[:BAUD], file:PATH; systeme: name
    printer_profile: str = "TM-T88V"
    printer_paper: str = "a4"  # pdf and systeme: a4 or rouleau80
    card_reader: str = "auto"
    # The reader of the agents' cards (its PC/SC name or a part of it): the session locks when the card leaves it,
    # and identity documents are not read there. Empty: the station uses no agent card.
    agent_card_reader: str = ""
    secret_store: str = "fichier"  # fichier: machine-wide, in the data folder; trousseau: the OS user's keyring
    text_scale_percent: int = 100  # personal: the size of the text on screen
    language: str = "fr"  # personal: the language of the screens (fr, en); receipts stay French
    theme: str = "systeme"  # personal: clair, sombre, contraste (high contrast) or systeme (follow the OS palette)
    demo: bool = False
    proxy_url: str | None = None  # HTTP(S) proxy to the central store; environment proxies are not used
    ca_bundle: Path | None = None  # PEM file of the ministry's CA; without it, the operating system's trust store
    # The ICAO CSCA master list (or certificates, or a folder of them) the document signers of chips must chain to;
    # without it a chip's signature is checked, not who issued its signer, and no read is called authentic.
    csca_list: Path | None = None
    # The CSCA certificate(s) of the state that publishes the master list: set, only a list its signer signed is
    # taken (desktop/devices/cards/masterlist.py); a loose certificate beside it, or an altered list, is set aside.
    csca_list_signer: Path | None = None
    # R-PLACE-2: the préfet's arrêté for a lieu_prefet station, « JJ/MM/AAAA[-JJ/MM/AAAA] HH:MM-HH:MM[,HH:MM-HH:MM] »
    # per period (a TOML list, or periods separated by « ; »), in the station's time zone.
    prefet_openings: tuple[OpeningPeriod, ...] = ()
    # Set in the machine file only (what IT deploys): then no GUICHET_* variable, GUICHET_CONFIG or --config may
    # change a station setting (an OS user's variables would otherwise swap the CSCA list or the kind of place).
    settings_locked: bool = False

    @property
    def database_path(self) -> Path:
        return self.data_dir / "guichet.db"

    @property
    def logs_dir(self) -> Path:
        return self.log_dir if self.log_dir is not None else self.data_dir / "logs"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def receipts_dir(self) -> Path:
        return self.data_dir / "recepisses"


# Human names for the settings, used in error messages the administrator reads.
LABELS = {
    "station_kind": N_("type de lieu du poste"),
    "station_name": N_("nom du poste"),
    "station_code": N_("code du poste"),
    "station_timezone": N_("fuseau horaire du poste"),
    "central_url": N_("adresse du répertoire central"),
    "data_dir": N_("dossier des données"),
    "log_dir": N_("dossier des journaux"),
    "idle_lock_minutes": N_("verrouillage après inactivité (minutes)"),
    "offline_warning_hours": N_("alerte hors ligne (heures)"),
    "sync_interval_seconds": N_("intervalle de synchronisation (secondes)"),
    "passport_deadline_start": N_("début du délai de 40 jours (passeport)"),
    "receipt_printer": N_("imprimante de récépissés"),
    "printer_address": N_("adresse de l'imprimante"),
    "printer_profile": N_("profil de l'imprimante ESC/POS"),
    "printer_paper": N_("format du récépissé"),
    "card_reader": N_("lecteur de cartes"),
    "agent_card_reader": N_("lecteur de la carte agent"),
    "secret_store": N_("conservation des secrets du poste"),
    "text_scale_percent": N_("taille du texte (%)"),
    "language": N_("langue des écrans"),
    "theme": N_("thème des écrans"),
    "demo": N_("mode démonstration"),
    "settings_locked": N_("réglages verrouillés par le fichier du poste"),
    "proxy_url": N_("proxy vers le répertoire central"),
    "ca_bundle": N_("certificat de l'autorité de certification du ministère"),
    "csca_list": N_("liste maîtresse CSCA des pays émetteurs de documents"),
    "csca_list_signer": N_("autorité qui signe la liste maîtresse CSCA"),
    "prefet_openings": N_("dates et heures d'ouverture fixées par l'arrêté préfectoral"),
}

_PRINTERS = ("pdf", "escpos", "systeme", "aucune", "simule")
_READERS = ("auto", "pcsc", "simule", "aucun")
_DEADLINE_STARTS = ("reception", "confirmation_ants")
_SECRET_STORES = ("fichier", "trousseau")
LANGUAGES = ("fr", "en")
THEMES = ("systeme", "clair", "sombre", "contraste")


def validate(s: Settings) -> None:
    if not s.station_name:
        raise SettingsError(_("Le nom du poste est vide : indiquez-le (réglage station_name)."))
    for name in ("data_dir", "log_dir"):
        folder = getattr(s, name)
        if folder is not None and _probe(name, folder, Path.exists) and not _probe(name, folder, Path.is_dir):
            raise SettingsError(
                _("Le {LABELS} {folder} est un fichier, pas un dossier (réglage {name}) : corrigez le chemin.").format(
                    LABELS=_(LABELS[name]), folder=folder, name=name
                )
            )
    if not s.station_code or any(c.isspace() for c in s.station_code):
        raise SettingsError(_("Le code du poste est vide ou contient des espaces (réglage station_code)."))
    if not _STATION_CODE.match(s.station_code):
        raise SettingsError(
            _(
                "Le code du poste « {station_code} » contient un caractère refusé : lettres sans accent, chiffres, "
                "« - », « _ » et « . » seulement, en commençant par une lettre ou un chiffre (réglage station_code)."
            ).format(station_code=shown_code(s.station_code))
        )
    if len(s.station_code.encode("utf-8")) > STATION_CODE_MAX_BYTES:
        raise SettingsError(
            _(
                "Le code du poste « {station_code} » est trop long : {STATION_CODE_MAX_BYTES} octets au "
                "plus (réglage station_code), car il figure dans chaque numéro de récépissé."
            ).format(station_code=s.station_code, STATION_CODE_MAX_BYTES=STATION_CODE_MAX_BYTES)
        )
    if len(s.station_name) > 200:
        raise SettingsError(_("Le nom du poste est trop long : 200 caractères au plus (réglage station_name)."))
    if not 1 <= s.idle_lock_minutes <= 30:
        raise SettingsError(
            _(
                "Le verrouillage après inactivité doit être entre 1 et 30 minutes (valeur : {idle_lock_minutes})."
            ).format(idle_lock_minutes=s.idle_lock_minutes)
        )
    if s.offline_warning_hours < 1:
        raise SettingsError(_("L'alerte hors ligne doit être d'au moins 1 heure."))
    if not 1 <= s.sync_interval_seconds <= SYNC_INTERVAL_MAX:
        raise SettingsError(
            _(
                "L'intervalle de synchronisation doit être entre 1 et {SYNC_INTERVAL_MAX} secondes "
                "(réglage sync_interval_seconds)."
            ).format(SYNC_INTERVAL_MAX=SYNC_INTERVAL_MAX)
        )
    if s.central_url is not None:
        from urllib.parse import urlparse

        try:  # an unclosed IPv6 bracket raises in urlparse, a port out of range here, not at the first sync
            parsed = urlparse(s.central_url)
            parsed.port  # noqa: B018
        except ValueError:
            parsed = urlparse("")
        # http:// only to this machine: elsewhere the station's bearer token would cross the network in clear.
        local = parsed.scheme == "http" and is_loopback(parsed.hostname)
        if not parsed.netloc or not (parsed.scheme == "https" or local):
            raise SettingsError(
                _(
                    "L'adresse du répertoire central « {central_url} » est invalide : elle doit commencer "
                    "par https:// (ou http:// en local)."
                ).format(central_url=s.central_url)
            )
    if s.receipt_printer not in _PRINTERS:
        raise SettingsError(
            _("Imprimante de récépissés inconnue « {receipt_printer} ». Valeurs possibles : {value}.").format(
                receipt_printer=s.receipt_printer, value=", ".join(_PRINTERS)
            )
        )
    if s.printer_paper not in ("a4", "rouleau80"):
        raise SettingsError(
            _("Format de récépissé inconnu « {printer_paper} ». Valeurs possibles : a4, rouleau80.").format(
                printer_paper=s.printer_paper
            )
        )
    if s.receipt_printer == "escpos" and not s.printer_address:
        raise SettingsError(
            _(
                "Imprimante ESC/POS choisie sans adresse : indiquez printer_address (tcp:ADRESSE[:PORT], "
                "usb:VID:PID, serial:PERIPHERIQUE[:VITESSE] ou file:CHEMIN)."
            )
        )
    if s.card_reader not in _READERS:
        raise SettingsError(
            _("Lecteur de cartes inconnu « {card_reader} ». Valeurs possibles : {value}.").format(
                card_reader=s.card_reader, value=", ".join(_READERS)
            )
        )
    wanted = s.agent_card_reader.strip()
    if wanted and (len(wanted) < 3 or len(wanted) > 200 or not wanted.isprintable()):
        raise SettingsError(
            _(
                "Lecteur de la carte agent « {agent_card_reader} » : indiquez son nom PC/SC ou une partie de ce nom "
                "(3 à 200 caractères imprimables), ou laissez ce réglage vide si le poste n'utilise pas de carte agent."
            ).format(agent_card_reader=s.agent_card_reader[:200])
        )
    if s.secret_store not in _SECRET_STORES:
        raise SettingsError(
            _("Conservation des secrets inconnue « {secret_store} ». Valeurs possibles : {value}.").format(
                secret_store=s.secret_store, value=", ".join(_SECRET_STORES)
            )
        )
    if s.language not in LANGUAGES:
        raise SettingsError(
            _("Langue inconnue « {language} ». Valeurs possibles : {value}.").format(
                language=s.language, value=", ".join(LANGUAGES)
            )
        )
    if s.theme not in THEMES:
        raise SettingsError(
            _("Thème inconnu « {theme} ». Valeurs possibles : {value}.").format(theme=s.theme, value=", ".join(THEMES))
        )
    if not 80 <= s.text_scale_percent <= 200:
        raise SettingsError(
            _("La taille du texte doit être entre 80 et 200 % (valeur : {text_scale_percent}).").format(
                text_scale_percent=s.text_scale_percent
            )
        )
    if s.passport_deadline_start not in _DEADLINE_STARTS:
        raise SettingsError(
            _("Début du délai de 40 jours inconnu « {passport_deadline_start} ». Valeurs possibles : {value}.").format(
                passport_deadline_start=s.passport_deadline_start, value=", ".join(_DEADLINE_STARTS)
            )
        )
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(s.station_timezone)
    except Exception:
        raise SettingsError(
            _("Fuseau horaire inconnu « {station_timezone} » (ex. Europe/Paris).").format(
                station_timezone=s.station_timezone
            )
        ) from None
    if s.proxy_url is not None:
        _validate_proxy(s.proxy_url)
    if s.ca_bundle is not None:
        _validate_ca_bundle(s.ca_bundle)
    if s.csca_list is not None and not _probe("csca_list", s.csca_list, Path.exists):
        # Read at the first chip read (hundreds of certificates: not before the window); only its presence here.
        raise SettingsError(
            _(
                "La liste maîtresse CSCA est introuvable : {path} (réglage csca_list). Indiquez le chemin de la "
                "liste (fichier .ml), d'un certificat ou d'un dossier de certificats."
            ).format(path=s.csca_list)
        )
    if s.csca_list_signer is not None:
        if s.csca_list is None:
            raise SettingsError(
                _(
                    "Le réglage csca_list_signer (l'autorité qui signe la liste maîtresse) est donné sans la liste "
                    "elle-même : ajoutez csca_list, le chemin de la liste maîtresse CSCA."
                )
            )
        _validate_list_signer(s.csca_list_signer)


def _validate_list_signer(path: Path) -> None:
    """Read with the list, at the first chip read; only its presence here (nothing of cryptography at start-up)."""
    if not _probe("csca_list_signer", path, Path.is_file):
        raise SettingsError(
            _(
                "Le certificat de l'autorité qui signe la liste maîtresse CSCA est introuvable : {path} (réglage "
                "csca_list_signer). Indiquez le certificat (PEM ou DER) du pays qui publie la liste."
            ).format(path=path)
        )


def _validate_proxy(url: str) -> None:
    from urllib.parse import urlparse

    try:
        parsed = urlparse(url)
    except ValueError:  # an unclosed IPv6 bracket
        parsed = None
    try:
        host, port = (parsed.hostname, parsed.port) if parsed is not None else (None, None)
    except ValueError:
        host, port = None, None
    if (
        parsed is None
        or parsed.scheme not in ("http", "https")
        or not host
        or parsed.path not in ("", "/")
        or port == 0
    ):
        # A proxy URL may carry a password: never repeat it in the message (nor one that cannot be parsed).
        shown = _(" « {url} »").format(url=url) if parsed is not None and parsed.password is None else ""
        raise SettingsError(
            _(
                "L'adresse du proxy{shown} est invalide (réglage proxy_url) : attendu http://hote:port "
                "ou https://hote:port."
            ).format(shown=shown)
        )


def _validate_ca_bundle(path: Path) -> None:
    import ssl  # only when a CA file is configured

    if not _probe("ca_bundle", path, Path.is_file):
        raise SettingsError(
            _(
                "Le certificat de l'autorité du ministère est introuvable : {path} (réglage ca_bundle). "
                "Indiquez le chemin d'un fichier PEM existant."
            ).format(path=path)
        )
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=str(path))
    except (ssl.SSLError, OSError, ValueError):
        raise SettingsError(
            _(
                "Le fichier {path} (réglage ca_bundle) ne contient aucun certificat PEM lisible : "
                "demandez le certificat de l'autorité du ministère à votre administrateur."
            ).format(path=path)
        ) from None


def _probe(name: str, path: Path, test: Callable[[Path], bool]) -> bool:
    """`test(path)` (Path.exists, is_file, is_dir); SettingsError when the system cannot even look (a name over 255
    characters, a folder it may not enter), which those raise as OSError instead of answering False."""
    try:
        return test(path)
    except OSError:
        raise SettingsError(
            _(
                "Le chemin {path} (réglage {name}) est inaccessible : vérifiez qu'aucun de ses noms ne dépasse "
                "255 caractères et que ses dossiers sont lisibles."
            ).format(path=path, name=name)
        ) from None


def is_loopback(host: str | None) -> bool:
    """Whether `host` names this machine (localhost, 127.0.0.0/8, ::1): where plain HTTP does not leave it."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
