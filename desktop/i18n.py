"""The language of what agents read outside Qt: rule, service and command-line messages (gettext, stdlib only).

Qt's own strings go through ``tr()`` and the ``.qm`` files (``desktop.views.translations``); everything built
outside Qt (``desktop/rules`` stays stdlib-only) goes through ``_()`` / ``ngettext()`` here. The catalogs ship as
``desktop/resources/locale/<lang>/LC_MESSAGES/guichet.mo``, read through ``importlib.resources``. French is the
source language: with ``fr`` (or a missing catalog) the source strings are shown as written.
"""

from __future__ import annotations

import gettext as _gettext

from desktop import resources

DOMAIN = "guichet"
SOURCE_LANGUAGE = "fr"

_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def catalog(language: str) -> _gettext.NullTranslations:
    """The shipped catalog of ``language``; the source strings themselves for French or a missing catalog."""
    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    node = resources.resource("locale", language, "LC_MESSAGES", f"{DOMAIN}.mo")
    if not node.is_file():
        return _gettext.NullTranslations()
    with node.open("rb") as stream:
        return _gettext.GNUTranslations(stream)


def set_language(language: str) -> None:
    """Use ``language`` (``fr`` or ``en``) for every message built from now on."""
    global _current, _language
    _current = catalog(language)
    _language = language


def language() -> str:
    return _language


def _(message: str) -> str:
    """The message in the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, by the current language's plural rule."""
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where it is shown (``_(value)``)."""
    return message
