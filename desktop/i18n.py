"""The language of what agents read outside Qt: rule, service and command-line messages (gettext, stdlib only).

Qt's own strings go through ``tr()`` and the ``.qm`` files (``desktop.views.translations``); everything built
outside Qt (``desktop/rules`` stays stdlib-only) goes through ``_()`` / ``ngettext()`` here. The catalogs ship as
``desktop/resources/locale/<lang>/LC_MESSAGES/guichet.mo``, read through ``importlib.resources`` and compiled from
the ``.po`` files by ``tools/i18n_gettext.py compile``. French is the source language: with ``fr`` (or a missing
catalog) the source strings are shown as written, with the French plural rule (``n > 1``: « 0 procuration »).
Receipts (a legal French document) and the central store never call ``set_language``: they stay French.
"""

from __future__ import annotations

import gettext as _gettext
import logging
import threading

from desktop import resources

DOMAIN = "guichet"
SOURCE_LANGUAGE = "fr"
LANGUAGES = ("fr", "en")

log = logging.getLogger(__name__)


class _French(_gettext.NullTranslations):
    """The source strings themselves, with French plurals: 0 and 1 take the singular (``plural=(n > 1)``)."""

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1 if n <= 1 else msgid2


_SOURCE = _French()
_lock = threading.Lock()
_loaded: dict[str, _gettext.NullTranslations] = {}
# One reference swapped whole: a worker thread building a message reads either the old catalog or the new one.
_current: _gettext.NullTranslations = _SOURCE
_language = SOURCE_LANGUAGE


def _load(language: str) -> _gettext.NullTranslations:
    node = resources.resource("locale", language, "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        if not node.is_file():
            log.warning("No compiled catalog for language %s: messages stay in French", language)
            return _SOURCE
        with node.open("rb") as stream:
            found = _gettext.GNUTranslations(stream)
    except Exception as error:  # a truncated or corrupt .mo (OSError, struct.error, ValueError…): French, not a crash
        log.warning("Unreadable catalog for language %s (%s): messages stay in French", language, type(error).__name__)
        return _SOURCE
    found.add_fallback(_SOURCE)  # a message the catalog lacks is shown in French, never as a blank
    return found


def catalog(language: str) -> _gettext.NullTranslations:
    """The shipped catalog of ``language`` (loaded once); the French source for French, an unknown language or a
    missing catalog."""
    if language == SOURCE_LANGUAGE or language not in LANGUAGES:
        return _SOURCE
    with _lock:
        found = _loaded.get(language)
        if found is None:
            found = _loaded[language] = _load(language)
        return found


def set_language(language: str) -> None:
    """Use ``language`` (``fr`` or ``en``) for every message built from now on; an unknown one means French."""
    global _current, _language
    if language not in LANGUAGES:
        log.warning("Unknown language %r: messages stay in French", language[:8])
        language = SOURCE_LANGUAGE
    found = catalog(language)
    with _lock:
        _current, _language = found, language


def language() -> str:
    """The language messages are built in now."""
    return _language


def _(message: str) -> str:
    """The message in the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, by the current language's plural rule (French: ``n > 1``)."""
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where it is shown (``_(value)``)."""
    return message
