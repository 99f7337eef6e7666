"""Application settings: the station profile, directories and tunables.

A station is a machine, not an OS user (DESIGN.md): the machine configuration file (what IT deploys) and the data
and log folders are machine-wide; a user's own preferences file may hold personal preferences only. Sources, later
ones winning: defaults, machine file, user preferences, GUICHET_* variables, command line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.i18n import _
from desktop.paths import user_config_dir
from desktop.rules.terms import PlaceKind
from desktop.settings_values import LABELS, validate
from desktop.settings_values import STATION_CODE_MAX_BYTES as STATION_CODE_MAX_BYTES
from desktop.settings_values import SYNC_INTERVAL_MAX as SYNC_INTERVAL_MAX
from desktop.settings_values import Settings as Settings
from desktop.settings_values import SettingsError as SettingsError
from desktop.settings_values import machine_data_dir as machine_data_dir

if TYPE_CHECKING:  # parse_openings imports it: the rules' facts are not needed before the window's first frame
    from desktop.rules.facts import OpeningPeriod

APP_NAME = "guichet"
ENV_PREFIX = "GUICHET_"

# The only settings a user's own preferences file may hold: they change nothing but that user's screen. The
# station's identity, its central store, devices, folders and security settings are the machine's.
PERSONAL_SETTINGS = frozenset({"text_scale_percent", "language", "theme"})


def machine_config_path() -> Path:
    """The machine configuration file IT deploys."""
    if sys.platform in ("win32", "darwin"):
        return machine_data_dir() / "guichet.toml"
    return Path("/etc/guichet/guichet.toml")  # platformdirs says /etc/xdg: not where Debian packages put theirs


def user_preferences_path() -> Path:
    """A user's own file: personal preferences only (PERSONAL_SETTINGS)."""
    return user_config_dir(APP_NAME) / "preferences.toml"


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
    machine = machine_config_path()
    named = Path(env["GUICHET_CONFIG"]) if env.get("GUICHET_CONFIG") else None
    if config_path is None and named is not None and not named.is_file():  # a typo is an error, not ignored
        raise SettingsError(
            _(
                "Le fichier de configuration {path} est introuvable (variable GUICHET_CONFIG) : vérifiez le chemin."
            ).format(path=named)
        )
    given = config_path or named
    path = given or machine
    names = set(Settings._fields)
    raw: dict[str, tuple[Any, str]] = {}
    read = _read_toml(path)
    if _locks((read if path == machine else _read_toml(machine)).get("settings_locked", False)):
        _refuse_unlocked_sources(machine, given, env, names)
    for key, value in read.items():
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
                    get=_(LABELS[key]) if key in LABELS else key,
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
        defaults = Settings()
        kind = values.get("station_kind", defaults.station_kind)
        values["station_name"] = DEMO_STATION_NAMES.get(kind, defaults.station_name)
    settings = Settings(**values)
    validate(settings)
    return settings


def _locks(value: Any) -> bool:
    """The machine file's settings_locked; a value that is no yes or no locks (its own error comes at validation)."""
    try:
        return _to_bool(value)
    except ValueError:
        return True


def _refuse_unlocked_sources(machine: Path, given: Path | None, env: Mapping[str, str], names: set[str]) -> None:
    """The machine file locks the station's settings: another file or a GUICHET_* variable stops the start-up."""
    if given is not None and given.resolve() != machine.resolve():
        raise SettingsError(
            _(
                "Les réglages de ce poste sont verrouillés par {machine} (settings_locked) : le fichier {given} "
                "ne peut pas les remplacer. Retirez GUICHET_CONFIG ou l'option --config."
            ).format(machine=machine, given=given)
        )
    for name in sorted(names - PERSONAL_SETTINGS):
        var = ENV_PREFIX + name.upper()
        if var in env:
            raise SettingsError(
                _(
                    "Les réglages de ce poste sont verrouillés par {machine} (settings_locked) : la variable {var} "
                    "ne peut pas changer le réglage « {label} ». Retirez-la de l'environnement."
                ).format(machine=machine, var=var, label=_(LABELS[name]) if name in LABELS else name)
            )


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
        # utf-8-sig: Notepad's « UTF-8 avec BOM » and PowerShell 5's Set-Content -Encoding UTF8 write a BOM first
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise SettingsError(
            _(
                "Le fichier de configuration {path} est illisible : il n'est pas en UTF-8 (enregistrez-le en UTF-8). "
                "Corrigez-le ou supprimez-le."
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
    label = _(LABELS[name]) if name in LABELS else name
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
            return _absolute(value)
        if name in ("central_url", "proxy_url"):
            text = str(value).strip()
            return text or None
        if name == "prefet_openings":
            return parse_openings(value)
        if name in ("ca_bundle", "csca_list", "csca_list_signer"):
            return _absolute(value) if str(value).strip() else None
        if isinstance(default, bool) or name == "demo":
            return _to_bool(value)
        if isinstance(default, int):
            if isinstance(value, bool):
                raise ValueError(value)
            return int(str(value).strip())
        return str(value).strip()
    except (ValueError, RuntimeError):  # RuntimeError: Path.expanduser of "~nosuchuser"
        hint = ""
        if name in _PATHS:
            hint = _(" Un chemin absolu est attendu (par exemple /var/lib/guichet ou C:\\ProgramData\\Guichet).")
        if name == "station_kind":
            hint = _(" Valeurs possibles : ") + ", ".join(k.value for k in PlaceKind) + "."
        if name == "prefet_openings":
            hint = _(" Format : « 01/12/2026-15/12/2026 09:00-12:00,14:00-18:00 » par période, séparées par « ; ».")
        raise SettingsError(
            _("Valeur invalide pour « {label} » ({source}) : « {value} ».{hint}").format(
                label=label, source=source, value=value, hint=hint
            )
        ) from None


# Folders and files: absolute, or the station would find its store, keys and lists only when started from the same
# folder (outside audit, session 29: « data_dir = "donnees" » wrote the station's credentials under the cwd).
_PATHS = frozenset({"data_dir", "log_dir", "ca_bundle", "csca_list", "csca_list_signer"})


def _absolute(value: Any) -> Path:
    """A path setting, `~` expanded; ValueError unless it is a text naming an absolute path."""
    if not isinstance(value, str | Path):
        raise ValueError(value)  # « data_dir = 5 » is no folder
    path = Path(str(value).strip()).expanduser()
    if not path.is_absolute():
        raise ValueError(value)
    return path


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
