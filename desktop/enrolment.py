"""Enrolling this station with the central store: a token typed, given in a file, or dropped by the installer.

An installer may leave the station's token in `<data dir>/enrolment.token`; the first start consumes it: online it
enrols and deletes the file; offline the file stays for the next start; refused (expired, used, revoked, another
station's), the file is renamed `enrolment.token.refused` so IT finds it, and the central store's French reason is
shown. Plain Python: the CLI calls it, and the start-up view runs it on a worker thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from desktop.credentials import save_credentials
from desktop.givenfile import read_given
from desktop.i18n import _
from desktop.keystore.registry import make_secret_store
from desktop.settings import Settings
from desktop.station_files import TOKEN_FILE, enrolment_pending
from desktop.sync.client import Credentials, EnrolmentRefused, SyncError, TransientError, enrol
from desktop.sync.http import Endpoint

log = logging.getLogger(__name__)

REFUSED_SUFFIX = ".refused"
MAX_TOKEN = 200
TOKEN_FILE_MAX_BYTES = 64 * 1024  # a token, a BOM, a few blank lines; a link to a device is refused unread


class EnrolmentError(Exception):
    """Enrolment did not happen; `message` is French, for the agent or IT (never the token itself)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Outcome(StrEnum):
    ENROLLED = "enrolled"
    OFFLINE = "offline"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Result:
    """What consuming the token file did, and the French sentence to show."""

    outcome: Outcome
    message: str


def token_path(settings: Settings) -> Path:
    """Where an installer drops the station's enrolment token."""
    return settings.data_dir / TOKEN_FILE


def read_token(path: Path) -> str:
    """The token in a file (first non-blank line; spaces and a BOM ignored); EnrolmentError if none."""
    try:
        text = read_given(path, limit=TOKEN_FILE_MAX_BYTES).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise EnrolmentError(
            _("Fichier de jeton {path} illisible ({reason}).").format(path=path, reason=reason)
        ) from None
    token = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not token or len(token) > MAX_TOKEN or any(c.isspace() for c in token):
        raise EnrolmentError(
            _("Le fichier {path} ne contient pas de jeton d'enrôlement (une seule ligne attendue).").format(path=path)
        )
    return token


def enrol_station(settings: Settings, token: str) -> tuple[Credentials, str]:
    """Trade the token for the station's credentials and keep them; returns them and where they went (French).

    Raises EnrolmentError (configuration, refusal) or TransientError (offline: try again later).
    """
    endpoint = Endpoint.from_settings(settings)
    if endpoint is None:
        raise EnrolmentError(_("Aucun répertoire central configuré : indiquez central_url dans les réglages."))
    try:
        creds = enrol(endpoint, enrolment_token=token, label=settings.station_code)
    except EnrolmentRefused as exc:
        raise EnrolmentError(exc.message) from None
    except TransientError:
        raise
    except SyncError as exc:
        raise EnrolmentError(
            _("Le répertoire central a répondu de façon inattendue ({name}) : contactez le support.").format(
                name=type(exc).__name__
            )
        ) from None
    where = save_credentials(make_secret_store(settings), creds)
    log.info("station enrolled with the central store: %s", creds.station_id)
    return creds, where


def pending_token(settings: Settings) -> bool:
    """True when an installer left a token for this start to consume (and a central store is configured)."""
    return enrolment_pending(central_url=settings.central_url, demo=settings.demo, data_dir=settings.data_dir)


def consume_token_file(settings: Settings) -> Result | None:
    """Enrol with the dropped token file, if any (blocking: call it off the GUI thread)."""
    path = token_path(settings)
    if not pending_token(settings):
        return None
    try:
        _unused, where = enrol_station(settings, read_token(path))
    except TransientError as exc:
        log.warning("enrolment token kept for the next start: central store unreachable (%s)", type(exc).__name__)
        return Result(
            Outcome.OFFLINE,
            _("{message} L'enrôlement de ce poste (fichier {name}) sera retenté au prochain démarrage.").format(
                message=exc.message, name=path.name
            ),
        )
    except EnrolmentError as exc:
        refused = path.with_name(path.name + REFUSED_SUFFIX)
        try:
            path.replace(refused)
        except OSError:
            log.exception("could not set the refused enrolment token aside")
        log.warning("enrolment token refused, set aside as %s: %s", refused.name, exc.message)
        return Result(
            Outcome.REFUSED,
            _("{message} (Fichier du jeton mis de côté : {refused}.)").format(message=exc.message, refused=refused),
        )
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:  # enrolled all the same; the next start's refusal ("déjà utilisé") will set it aside
        log.warning("enrolment token used but could not be deleted")
    return Result(Outcome.ENROLLED, _("Poste enrôlé auprès du répertoire central. {where}").format(where=where))
