"""The language of the screens: Qt translators for ``Settings.language``, and ``translate()`` outside a QObject.

French is the source language of every ``tr()``; ``guichet_fr.qm`` only gives its plural forms, ``guichet_en.qm``
the English screens (``desktop/resources/i18n/``, compiled from the ``.ts`` by ``tools/i18n_qt.py compile``). Qt's
own dialogs (standard buttons, file dialogs) use Qt's base catalog of the same language when PySide6 ships it. The
gettext side (rule and service messages) follows through ``desktop.i18n.set_language``.
"""

from __future__ import annotations

import functools
import logging
import re

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator

from desktop import i18n, resources

log = logging.getLogger(__name__)

LANGUAGES = ("fr", "en")
_installed: list[QTranslator] = []


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the screens' language; ``pyside6-lupdate`` extracts every ``translate("Context", "…")`` call."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def rule_line(rule_id: str, message: str) -> str:
    """A rule's message after its id, with the language's own punctuation (« R-LIMIT-1 : … », "R-LIMIT-1: …")."""
    return labelled(rule_id, message)


def labelled(label: str, text: str) -> str:
    """« label : text » in French, "label: text" in English (a field's name before what is said of it)."""
    return translate("Rules", "{rule} : {message}").format(rule=label, message=text)


_RULE_ID = re.compile(r"\bR-[A-Z0-9]+(?:-[A-Za-z0-9]+)*")
NON_BREAKING_HYPHEN = "\u2011"


def unbroken(text: str) -> str:
    """``text`` for a label that wraps: a rule id's hyphens become non-breaking ones, so that a line never ends on
    « (R- » with « LIMIT-1) » on the next (Qt breaks after any hyphen). Only what is painted: what a screen reader
    is told keeps the plain hyphen."""
    return _RULE_ID.sub(lambda m: m.group(0).replace("-", NON_BREAKING_HYPHEN), text)


def plain(text: str) -> str:
    """The reverse of `unbroken`: what a label shows, as the rules wrote it."""
    return text.replace(NON_BREAKING_HYPHEN, "-")


class Units(QObject):
    """Counts of a unit in words, with their plural forms (« 1 jour », « 31 jours »; "1 day", "31 days"), for code
    outside a QObject: ``pyside6-lupdate`` reads numerus forms only from a ``self.tr(…, n)``, not ``translate()``.
    English screens said « 31 d », no plural and no English word."""

    def days(self, n: int) -> str:
        return self.tr("%n jour(s)", "", n)

    def days_late(self, n: int) -> str:
        return self.tr("%n jour(s) de retard", "", n)


@functools.cache
def units() -> Units:
    """The one `Units` (made on first use, on the screens' thread)."""
    return Units()


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for extraction under ``context`` where it is defined; ``translate()`` it where it is shown."""
    return text


def _ours(language: str) -> QTranslator | None:
    node = resources.resource("i18n", f"guichet_{language}.qm")
    if not node.is_file():
        log.warning("no compiled screen translations for %s (run tools/i18n_qt.py compile)", language)
        return None
    translator = QTranslator()
    return translator if translator.load(str(resources.path("i18n", f"guichet_{language}.qm"))) else None


def _qt_base(language: str) -> QTranslator | None:
    from PySide6.QtCore import QLibraryInfo  # its enums made here (~0.3-0.7 ms), not before the first frame

    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(f"qtbase_{language}", folder) else None


LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def install(language: str, *, qt_base: bool = True) -> None:
    """Translate the screens built from now on into ``language`` (``fr`` or ``en``); gettext follows.

    ``qt_base=False`` leaves Qt's own catalog (its dialogs' standard buttons and file dialogs) to `install_qt_base`:
    the start installs it right after the window's first frame, which shows none of Qt's own words (finding and
    loading it took 1-1.5 ms before that frame)."""
    app = QCoreApplication.instance()
    language = _known(language)
    if app is not None:
        for old in _installed:
            app.removeTranslator(old)
        _installed.clear()
        for translator in (_qt_base(language) if qt_base else None, _ours(language)):
            if translator is not None and app.installTranslator(translator):
                _installed.append(translator)
    # The language the widgets (and through them, screen readers: RGAA 8.3) declare, and Qt's own formatting.
    QLocale.setDefault(QLocale(LOCALES[language]))
    i18n.set_language(language)


def install_qt_base(language: str) -> None:
    """Qt's own catalog for ``language``, after `install(language, qt_base=False)` (none of our contexts is Qt's: the
    order the two are installed in changes no text)."""
    app = QCoreApplication.instance()
    if app is None:
        return
    translator = _qt_base(_known(language))
    if translator is not None and app.installTranslator(translator):
        _installed.append(translator)


def _known(language: str) -> str:
    return language if language in LANGUAGES else i18n.SOURCE_LANGUAGE
