"""Application settings: the station profile, directories and tunables.

A station is a machine, not an OS user (DESIGN.md): the machine configuration file (what IT deploys) and the data
and log folders are machine-wide; a user's own preferences file may hold personal preferences only. Sources, later
ones winning: defaults, machine file, user preferences, GUICHET_* variables, command line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from desktop.i18n import N_, _
from desktop.rules.terms import PlaceKind

if TYPE_CHECKING:  # parse_openings imports it: the rules' facts are not needed before the window's first frame
    from desktop.rules.facts import OpeningPeriod

APP_NAME = "guichet"
ENV_PREFIX = "GUICHET_"
# A receipt number is "GCH-{code}-{year}-{n:06d}", at most 32 bytes (receipts/content.py): 16 bytes for the code.
STATION_CODE_MAX_BYTES = 16
SYNC_INTERVAL_MAX = 86_400  # one day; beyond, the worker's wait overflows (and a station would never sync)


class SettingsError(Exception):
    """A setting is wrong; the message is French and names the setting, its source and what to do."""


@dataclass(frozen=True)
class Settings:
    """Everything the application reads from its configuration."""

    station_kind: PlaceKind = PlaceKind.COMMISSARIAT
    station_name: str = "Commissariat central"
    station_code: str = "75056-01"
    station_timezone: str = "Europe/Paris"
    central_url: str | None = None
    data_dir: Path = field(default_factory=lambda: machine_data_dir())
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
    secret_store: str = "fichier"  # fichier: machine-wide, in the data folder; trousseau: the OS user's keyring
    text_scale_percent: int = 100  # personal: the size of the text on screen
    language: str = "fr"  # personal: the language of the screens (fr, en); receipts stay French
    theme: str = "systeme"  # personal: clair, sombre, contraste (high contrast) or systeme (follow the OS palette)
    demo: bool = False
    proxy_url: str | None = None  # HTTP(S) proxy to the central store; environment proxies are not used
    ca_bundle: Path | None = None  # PEM file of the ministry's CA; without it, the operating system's trust store
    # R-PLACE-2: the préfet's arrêté for a lieu_prefet station, « JJ/MM/AAAA[-JJ/MM/AAAA] HH:MM-HH:MM[,HH:MM-HH:MM] »
    # per period (a TOML list, or periods separated by « ; »), in the station's time zone.
    prefet_openings: tuple[OpeningPeriod, ...] = ()

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
_LABELS = {
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
    "secret_store": N_("conservation des secrets du poste"),
    "text_scale_percent": N_("taille du texte (%)"),
    "language": N_("langue des écrans"),
    "theme": N_("thème des écrans"),
    "demo": N_("mode démonstration"),
    "proxy_url": N_("proxy vers le répertoire central"),
    "ca_bundle": N_("certificat de l'autorité de certification du ministère"),
    "prefet_openings": N_("dates et heures d'ouverture fixées par l'arrêté préfectoral"),
}

# The only settings a user's own preferences file may hold: they change nothing but that user's screen. The
# station's identity, its central store, devices, folders and security settings are the machine's.
PERSONAL_SETTINGS = frozenset({"text_scale_percent", "language", "theme"})

_PRINTERS = ("pdf", "escpos", "systeme", "aucune", "simule")
_READERS = ("auto", "pcsc", "simule", "aucun")
_DEADLINE_STARTS = ("reception", "confirmation_ants")
_SECRET_STORES = ("fichier", "trousseau")
LANGUAGES = ("fr", "en")
THEMES = ("systeme", "clair", "sombre", "contraste")


def machine_data_dir() -> Path:
    """The station's machine-wide data folder (store, keys, receipts, logs), shared by the counter's OS users."""
    if sys.platform == "win32":
        return Path(platformdirs.site_data_dir("Guichet", appauthor=False))  # C:\\ProgramData\\Guichet
    if sys.platform == "darwin":
        return Path(platformdirs.site_data_dir("Guichet"))  # /Library/Application Support/Guichet
    return Path("/var/lib/guichet")  # platformdirs says /usr/share: read-only data, not state


def machine_config_path() -> Path:
    """The machine configuration file IT deploys."""
    if sys.platform in ("win32", "darwin"):
        return machine_data_dir() / "guichet.toml"
    return Path("/etc/guichet/guichet.toml")  # platformdirs says /etc/xdg: not where Debian packages put theirs


def user_preferences_path() -> Path:
    """A user's own file: personal preferences only (PERSONAL_SETTINGS)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "preferences.toml"


def given_config(path: Path | None) -> Path | None:
    """A configuration file named on the command line (--config) must exist: a typo is an error, not ignored."""
    if path is not None and not path.is_file():
        raise SettingsError(
            _("Le fichier de configuration {path} est introuvable (option --config) : vérifiez le chemin.").format(
                path=path
            )
        )
    return path


def load_settings(
    *,
    config_path: Path | None = None,
    preferences_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Read the machine file, the user's preferences, GUICHET_* variables, then explicit overrides; validate.

    The machine file is `config_path` (--config), else GUICHET_CONFIG, else machine_config_path().
    """
    env = os.environ if environ is None else environ
    path = config_path or (Path(env["GUICHET_CONFIG"]) if env.get("GUICHET_CONFIG") else machine_config_path())
    names = {f.name for f in fields(Settings)}
    raw: dict[str, tuple[Any, str]] = {}
    for key, value in _read_toml(path).items():
        raw[key] = (value, _("fichier {path}").format(path=path))
    prefs = preferences_path or user_preferences_path()
    for key, value in _read_toml(prefs).items():
        if key in names and key not in PERSONAL_SETTINGS:
            raise SettingsError(
                _(
                    "Le réglage « {get} » ({key}) est un réglage du poste : il ne peut pas figurer dans le "
                    "fichier de préférences personnelles {prefs}. Retirez-le de ce fichier ; "
                    "l'administrateur le règle dans {path}. Préférences personnelles possibles : {value}."
                ).format(
                    get=_(_LABELS[key]) if key in _LABELS else key,
                    key=key,
                    prefs=prefs,
                    path=path,
                    value=", ".join(sorted(PERSONAL_SETTINGS)),
                )
            )
        raw[key] = (value, _("fichier {prefs}").format(prefs=prefs))
    for name in names:
        var = ENV_PREFIX + name.upper()
        if var in env:
            raw[name] = (env[var], _("variable {var}").format(var=var))
    for name, value in overrides.items():
        raw[name] = (value, _("ligne de commande"))
    unknown = sorted(k for k in raw if k not in names)
    if unknown:
        key = unknown[0]
        raise SettingsError(
            _("Réglage inconnu « {key} » ({raw}). Réglages possibles : {value}.").format(
                key=key, raw=raw[key][1], value=", ".join(sorted(names))
            )
        )
    values = {name: _convert(name, value, source) for name, (value, source) in raw.items()}
    if values.get("demo") and "station_name" not in values:
        # The demo's station is named after its kind: a consulate demo is not « Commissariat central ».
        kind = values.get("station_kind", Settings.station_kind)
        values["station_name"] = DEMO_STATION_NAMES.get(kind, Settings.station_name)
    settings = Settings(**values)
    _validate(settings)
    return settings


DEMO_STATION_NAMES = {
    PlaceKind.COMMISSARIAT: "Commissariat central",
    PlaceKind.BRIGADE_GENDARMERIE: "Brigade de gendarmerie (démonstration)",
    PlaceKind.LIEU_PREFET: "Lieu désigné par le préfet (démonstration)",
    PlaceKind.TRIBUNAL_JUDICIAIRE: "Tribunal judiciaire (démonstration)",
    PlaceKind.CONSULAT: "Consulat général (démonstration)",
    PlaceKind.AMBASSADE: "Ambassade (démonstration)",
    PlaceKind.CONSUL_HONORAIRE: "Agence consulaire (démonstration)",
}


def _read_toml(path: Path) -> dict[str, Any]:
    """The file's settings, flattened; {} when there is no file."""
    if not path.is_file():
        return {}
    import tomllib  # only when there is a file: start-up time counts

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SettingsError(
            _(
                "Le fichier de configuration {path} est illisible : il n'est pas en UTF-8. Corrigez-le ou supprimez-le."
            ).format(path=path)
        ) from None
    except tomllib.TOMLDecodeError as exc:
        import re

        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = _(" (ligne {where}, colonne {where2})").format(where=where[1], where2=where[2]) if where else ""
        raise SettingsError(
            _(
                "Le fichier de configuration {path} est illisible : syntaxe TOML incorrecte{at}. "
                "Corrigez-le ou supprimez-le."
            ).format(path=path, at=at)
        ) from None
    except PermissionError:
        raise SettingsError(
            _("Le fichier de configuration {path} n'est pas lisible par cet utilisateur : vérifiez ses droits.").format(
                path=path
            )
        ) from None
    return _flatten(data)


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    """Accept both flat keys and a [station] table (kind, name, code, timezone)."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key == "station" and isinstance(value, dict):
            for sub, subvalue in value.items():
                flat[f"station_{sub}"] = subvalue
        else:
            flat[key] = value
    return flat


def _convert(name: str, value: Any, source: str) -> Any:
    label = _(_LABELS[name]) if name in _LABELS else name
    default = getattr(Settings(), name)
    if isinstance(value, str) and any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        # NUL, TAB, newlines, and surrogates (bytes of another encoding in a variable): refused, never echoed.
        raise SettingsError(
            _(
                "Valeur invalide pour « {label} » ({source}) : elle contient un caractère de contrôle ou illisible."
            ).format(label=label, source=source)
        )
    try:
        if name == "station_kind":
            return PlaceKind(str(value).strip().lower())
        if name in ("data_dir", "log_dir"):
            if name == "log_dir" and not str(value).strip():
                return None
            return Path(str(value)).expanduser()
        if name in ("central_url", "proxy_url"):
            text = str(value).strip()
            return text or None
        if name == "prefet_openings":
            return parse_openings(value)
        if name == "ca_bundle":
            text = str(value).strip()
            return Path(text).expanduser() if text else None
        if isinstance(default, bool) or name == "demo":
            return _to_bool(value)
        if isinstance(default, int):
            if isinstance(value, bool):
                raise ValueError(value)
            return int(str(value).strip())
        return str(value).strip()
    except ValueError:
        hint = ""
        if name == "station_kind":
            hint = _(" Valeurs possibles : ") + ", ".join(k.value for k in PlaceKind) + "."
        if name == "prefet_openings":
            hint = _(" Format : « 01/12/2026-15/12/2026 09:00-12:00,14:00-18:00 » par période, séparées par « ; ».")
        raise SettingsError(
            _("Valeur invalide pour « {label} » ({source}) : « {value} ».{hint}").format(
                label=label, source=source, value=value, hint=hint
            )
        ) from None


def parse_openings(value: Any) -> tuple[OpeningPeriod, ...]:
    """The arrêté's periods (R-PLACE-2) from a TOML list or a « ; »-separated text; ValueError when malformed."""
    from desktop.rules.facts import OpeningPeriod

    items = value if isinstance(value, list | tuple) else str(value).split(";")
    out = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        days, _, hours = item.partition(" ")
        first, _, last = days.partition("-")
        start = datetime.strptime(first, "%d/%m/%Y").date()
        end = datetime.strptime(last, "%d/%m/%Y").date() if last else start
        ranges = []
        for part in hours.replace(" ", "").split(","):
            a, _, b = part.partition("-")
            opens, closes = datetime.strptime(a, "%H:%M").time(), datetime.strptime(b, "%H:%M").time()
            if closes <= opens:
                raise ValueError(part)
            ranges.append((opens, closes))
        if end < start or not ranges:
            raise ValueError(item)
        out.append(OpeningPeriod(start, end, tuple(ranges)))
    return tuple(out)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "oui", "yes", "on"):
        return True
    if text in ("0", "false", "non", "no", "off", ""):
        return False
    raise ValueError(value)


def _validate(s: Settings) -> None:
    if not s.station_name:
        raise SettingsError(_("Le nom du poste est vide : indiquez-le (réglage station_name)."))
    for name in ("data_dir", "log_dir"):
        folder = getattr(s, name)
        if folder is not None and folder.exists() and not folder.is_dir():
            raise SettingsError(
                _("Le {LABELS} {folder} est un fichier, pas un dossier (réglage {name}) : corrigez le chemin.").format(
                    LABELS=_(_LABELS[name]), folder=folder, name=name
                )
            )
    if not s.station_code or any(c.isspace() for c in s.station_code):
        raise SettingsError(_("Le code du poste est vide ou contient des espaces (réglage station_code)."))
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

        parsed = urlparse(s.central_url)
        try:
            parsed.port  # noqa: B018 - a port out of range raises here, not at the first sync
        except ValueError:
            parsed = urlparse("")
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
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


def _validate_proxy(url: str) -> None:
    from urllib.parse import urlparse

    parsed = urlparse(url)
    try:
        host, port = parsed.hostname, parsed.port
    except ValueError:
        host, port = None, None
    if parsed.scheme not in ("http", "https") or not host or parsed.path not in ("", "/") or port == 0:
        # A proxy URL may carry a password: never repeat it in the message.
        shown = _(" « {url} »").format(url=url) if parsed.password is None else ""
        raise SettingsError(
            _(
                "L'adresse du proxy{shown} est invalide (réglage proxy_url) : attendu http://hote:port "
                "ou https://hote:port."
            ).format(shown=shown)
        )


def _validate_ca_bundle(path: Path) -> None:
    import ssl  # only when a CA file is configured

    if not path.is_file():
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
