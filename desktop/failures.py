"""What an unexpected failure means for the agent, in French, without reading its message aloud.

Used by the views' `failure_text`, the GUI's last-resort handler and the command lines' guard: a failure's kind is
recognised by its type and errno, or by SQLite's fixed wording, never by showing the message (a database error may
quote bound parameters, i.e. personal data).
"""

from __future__ import annotations

import errno
from collections.abc import Iterator

from desktop.i18n import _

_SQLITE_FULL = ("database or disk is full", "disk i/o error")
_SQLITE_READONLY = ("attempt to write a readonly database", "readonly database")
_SQLITE_BUSY = ("database is locked", "database is busy")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what it wraps (SQLAlchemy's `orig`) and what caused it, each once."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        orig = getattr(item, "orig", None)
        todo += [item.__cause__, item.__context__, orig if isinstance(orig, BaseException) else None]


DISK_FULL = "plein"
DISK_READ_ONLY = "lecture_seule"


def _code_and_text(item: BaseException) -> tuple[int | None, str]:
    """The system's errno, and SQLite's fixed wording (lower case; never shown)."""
    code = item.errno if isinstance(item, OSError) else None
    text = str(item).lower() if type(item).__name__ in ("OperationalError", "DatabaseError") else ""
    return code, text


def _full(code: int | None, text: str) -> bool:
    return code in (errno.ENOSPC, errno.EDQUOT) or any(s in text for s in _SQLITE_FULL)


def _read_only(code: int | None, text: str) -> bool:
    return code == errno.EROFS or any(s in text for s in _SQLITE_READONLY)


def disk_failure(exc: BaseException) -> str | None:
    """`DISK_FULL` or `DISK_READ_ONLY` when the failure is the disk's, else None: for a caller whose sentence differs
    from `plain_failure`'s « rien n'a été enregistré » (a receipt not written for an act that is saved)."""
    for item in _chain(exc):
        code, text = _code_and_text(item)
        if _full(code, text):
            return DISK_FULL
        if _read_only(code, text):
            return DISK_READ_ONLY
    return None


def plain_failure(exc: BaseException) -> str | None:
    """A French sentence for a failure the agent or the IT staff can act on (disk full…), else None."""
    for item in _chain(exc):
        message = getattr(item, "message", None)
        if type(item).__name__ == "NotQueued" and isinstance(message, str):
            return message
        if type(item).__name__ == "StoreFromNewerVersion":
            return _(
                "La base locale a été mise à jour par une version plus récente de Guichet (révision {revision}) : "
                "cette version ne l'ouvre pas, pour ne rien y abîmer. Réinstallez la version la plus récente, ou "
                "prévenez le support informatique."
            ).format(revision=str(getattr(item, "revision", "?"))[:32])
        if isinstance(item, MemoryError):
            return _("La mémoire de l'ordinateur est insuffisante : fermez d'autres applications puis réessayez.")
        code, text = _code_and_text(item)
        if _full(code, text):
            return _(
                "Le disque de l'ordinateur est plein : rien n'a été enregistré. Prévenez le support "
                "informatique pour libérer de la place, puis réessayez."
            )
        if _read_only(code, text):
            return _("Le disque est en lecture seule : rien n'a été enregistré. Prévenez le support informatique.")
        if code in (errno.EACCES, errno.EPERM):
            return _("Accès refusé à un fichier du poste : rien n'a été enregistré. Prévenez le support informatique.")
        if any(s in text for s in _SQLITE_BUSY):
            return _("La base est occupée par une autre opération : patientez quelques secondes puis réessayez.")
        if isinstance(item, UnicodeError):
            return _("Un texte saisi contient un caractère illisible : retapez-le (sans copier-coller) puis réessayez.")
    return None
