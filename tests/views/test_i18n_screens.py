"""Every screen in English shows no French but data; in French, every text on screen comes through tr().

The English run installs ``guichet_en.qm`` and fails on any visible French word that is not data (a name, a
commune) nor a message built outside Qt (rules, services: gettext, ``desktop.i18n``). The French run installs a
pseudo-translator that wraps each translated string in ⟦…⟧ markers: a visible text left outside the markers was not
passed through ``tr()``. Both walk the main window's sections (with the Renouvellements tabs), the login, new
password, first set-up, lock and agent-switch screens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.context import AppContext
from desktop.services.permissions import Principal
from desktop.settings import load_settings
from desktop.views import translations
from desktop.views.app import build_main_window
from desktop.views.loading import ContextHolder
from desktop.views.main_window import MainWindow

OPEN, CLOSE = "⟦", "⟧"
REFUSAL = re.compile(r"Action refusée (à ce poste )?: [^⟦⟧]*$")
# The fictitious values the dialogs are opened with (a summary's lines come from the services, already worded).
SUMMARY_DATA = ("Agent Un", "Commissariat — Test", "CANAL", "DUBOIS Jean", "MARTIN Claire", "VALIDITE", "SCRUTIN")
SUMMARY_DATA += ("LIEU", "AUTORITE", "DOM")
AGENT = Principal("75056-01", "a1", role="agent_police", capacity="OPJ", station_kind="commissariat")

# Shown as they are in every language: the language switch names each language in itself, and the note after a
# change is written in both (the screens keep the old language until the next start).
AS_IS = ("Français", "English", "The new language applies the next time Guichet starts.")


def _outside_qt() -> tuple[str, ...]:
    """Words built outside Qt, French until their gettext catalogs cover them (desktop.i18n): the labels of
    desktop.rules.terms (station kinds, capacities, roles, statuses, channels), the countries offered for a
    passport, and the election calendar's names (data). Each is removed as a whole fragment before the check."""
    import enum
    import json

    from desktop import resources
    from desktop.rules import terms
    from desktop.services.passport_values import COUNTRIES

    labels: list[str] = [name for _alpha3, name in COUNTRIES.values()]
    for value in vars(terms).values():
        if isinstance(value, type) and issubclass(value, enum.Enum):
            labels += [str(getattr(member, "label", "")) for member in value]

    def strings(node: object) -> Iterator[str]:
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for item in node.values():
                yield from strings(item)
        elif isinstance(node, list):
            for item in node:
                yield from strings(item)

    labels += list(strings(json.loads(resources.read_text("elections.json"))))
    return tuple(label for label in labels if len(label) > 2)


OUTSIDE_QT = _outside_qt()


def _french_election_labels() -> frozenset[str]:
    """The calendar's French names: the receipts print them, an English screen shows each one's label_en."""
    import json

    from desktop import resources

    return frozenset(e["label"] for e in json.loads(resources.read_text("elections.json"))["elections"])


OUTSIDE_QT_EN = tuple(label for label in OUTSIDE_QT if label not in _french_election_labels())

FRENCH = re.compile(
    r"[àâçéèêëîïôûùüÿœÀÂÇÉÈÊËÎÏÔÛÙÜŸŒ]|\b(le|la|les|des|du|de|et|ou|un|une|pour|sur|avec|dans|aucun|aucune|est|"
    r"sont|votre|vos|ce|cette|au|aux|pas|ne|en|puis|par|ici|tous|toutes|jour|jours|nom|numéro|poste|carte|"
    r"imprimer|enregistrer|rechercher|résilier|valider|annuler|fermer|actualiser|chargement|saisissez|tapez)\b",
    re.IGNORECASE,
)


class PseudoTranslator(QTranslator):
    """Wraps every string Guichet asks Qt to translate in ⟦…⟧, so a string that bypassed tr() stands out."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return f"{OPEN}{source}{CLOSE}"

    def isEmpty(self) -> bool:
        return False


def visible_texts(root: QWidget) -> list[str]:
    """What an agent can read in `root`: labels, buttons, fields' hints, lists, tables' headers, tabs, titles."""
    texts: list[str] = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        texts += [w.toolTip(), w.accessibleName()]
        if isinstance(w, QLabel):
            texts.append(re.sub(r"<[^>]+>", " ", w.text()) if "<" in w.text() else w.text())
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts += [w.placeholderText()]
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QProgressBar):
            texts.append(w.format())
        if isinstance(w, QAbstractItemView) and w.model() is not None and not isinstance(w, QListWidget):
            model = w.model()
            texts += [
                str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
                for c in range(model.columnCount())
            ]
    return [t.replace("&", "") for t in texts if t and t.strip()]


def _without(text: str, fragments: tuple[str, ...]) -> str:
    for fragment in sorted(fragments, key=len, reverse=True):
        text = text.replace(fragment, " ")
    return text


def _catalog_french_words() -> frozenset[str]:
    """Words of the screens' French sources that no English translation uses (« Verrouiller », « Résilier »…)."""
    import xml.etree.ElementTree as ET

    from desktop import resources

    root = ET.fromstring(resources.read_text("i18n", "guichet_en.ts"))
    french: set[str] = set()
    english: set[str] = set()
    for message in root.iter("message"):
        french.update(re.findall(r"[A-Za-zÀ-ÿ]{4,}", (message.findtext("source") or "").replace("&", "")))
        for node in message.iter("translation"):
            english.update(re.findall(r"[A-Za-zÀ-ÿ]{4,}", "".join(node.itertext()).replace("&", "")))
    return frozenset(w.lower() for w in french) - frozenset(w.lower() for w in english)


CATALOG_FRENCH = _catalog_french_words()


def _reads_french(text: str) -> bool:
    words = {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]{4,}", text)}
    return bool(FRENCH.search(text) or words & CATALOG_FRENCH)


def english_offenders(texts: list[str], data: tuple[str, ...]) -> list[str]:
    """Texts that still read French once data and the messages built outside Qt are set aside."""
    return sorted({t for t in _ours(texts) if _reads_french(_without(t, (*data, *AS_IS, *OUTSIDE_QT_EN)))})


def _ours(texts: list[str]) -> list[str]:
    """Leaves out the services' refusals (PermissionDenied.message, built outside Qt: gettext's side)."""
    return [t for t in texts if not REFUSAL.match(t)]


def unmarked(texts: list[str], data: tuple[str, ...], outside: tuple[str, ...] = OUTSIDE_QT) -> list[str]:
    """Texts with words outside any ⟦…⟧ once data and the messages built outside Qt (`outside`) are set aside."""
    found = set()
    for text in _ours(texts):
        rest = text
        while True:  # innermost first: a template's value may itself be translated
            stripped = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", rest)
            if stripped == rest:
                break
            rest = stripped
        if re.search(r"[A-Za-zÀ-ÿ]{2,}", _without(rest, (*data, *AS_IS, *outside))):
            found.add(text)
    return sorted(found)


@pytest.fixture
def language() -> Iterator[Callable[[str], None]]:
    """Switch the screens' language for this test; French (the session's) again afterwards."""
    pseudo: list[QTranslator] = []

    def use(name: str) -> None:
        if name == "pseudo":
            translations.install("fr")
            for installed in list(translations._installed):  # the pseudo-translator answers alone
                QCoreApplication.removeTranslator(installed)
            translations._installed.clear()
            pseudo.append(PseudoTranslator())
            QCoreApplication.installTranslator(pseudo[-1])
        else:
            translations.install(name)

    yield use
    for translator in pseudo:
        QCoreApplication.removeTranslator(translator)
    translations.install("fr")


def _data(ctx: AppContext) -> tuple[str, ...]:
    """What the screens show as it is: the station's names and folders, the agent, the devices' own words."""
    from desktop.devices.cards.passive_auth import csca_description

    s = ctx.settings
    device = ctx.devices.snapshot()
    return tuple(
        v
        for v in (
            s.station_name,
            s.station_code,
            str(s.data_dir),
            ctx.agent_name,
            ctx.key_description,
            ctx.printer.description,
            device.reader_text,
            device.printer_text,
            device.printer_detail or "",
            ctx.agent_card.presence().shown,
            *ctx.reader.readers(),
            csca_description(ctx.reader.csca),
        )
        if v
    )


def settle(qtbot: QtBot, window: QWidget) -> None:
    """Every runner's answer (lists, devices, refusals) has landed on screen."""
    from desktop.views.kit.runner import Runner

    qtbot.waitUntil(lambda: not any(r.busy for r in window.findChildren(Runner)), timeout=20000)
    qtbot.wait(20)


def _main_window(
    qtbot: QtBot, ctx: AppContext, before_ready: Callable[[QWidget], object] = lambda _w: None
) -> MainWindow:
    """The main window at 1366×900 over `ctx`, an agent at the counter (the screens show their lists, not a
    refusal); `before_ready` sees the shell before the store is open."""
    holder = ContextHolder()
    window = build_main_window(ctx.settings, holder)
    qtbot.addWidget(window)
    window.resize(1366, 900)
    window.show()
    qtbot.waitExposed(window)
    before_ready(window)
    holder.ctx = ctx
    ctx.act_as(AGENT, "Agent Un")
    holder.ready.emit()
    window._holder = holder  # type: ignore[attr-defined]
    return window


def _main_window_texts(qtbot: QtBot, ctx: AppContext) -> list[str]:
    texts: list[str] = []
    window = _main_window(qtbot, ctx, lambda shell: texts.extend(visible_texts(shell)))  # the shell's texts too
    for index in range(window.stack.count()):
        window.stack.setCurrentIndex(index)
        page = window.stack.currentWidget()
        tabs = page.findChildren(QTabWidget)
        for tab in tabs or [None]:
            for t in range(tab.count() if tab is not None else 1):
                if tab is not None:
                    tab.setCurrentIndex(t)
                settle(qtbot, window)
                texts += visible_texts(window)
    return texts


def _dialog_texts(qtbot: QtBot) -> list[str]:
    from desktop.seat import SeatAgent
    from desktop.views.agent_switch import AgentSwitchDialog
    from desktop.views.lock import LockScreen
    from desktop.views.login import FirstSetupDialog, LoginAnswer, LoginDialog, NewPasswordDialog

    class OneAgent:
        current = SeatAgent(Principal("S", "a1", role="agent_police", capacity="opj"), "Agent Un")
        needs_password = True

        def choices(self) -> list[object]:
            return []

    texts: list[str] = []
    host = QWidget()
    content = QWidget(host)
    qtbot.addWidget(host)
    host.resize(800, 600)
    host.show()
    lock = LockScreen(host, content, lambda _p: LoginAnswer(True), agent_label="Agent Un")
    lock.lock()
    texts += visible_texts(host)
    from desktop.services.review import ReviewSummary
    from desktop.views.procurations.review import ReviewDialog

    summary = ReviewSummary(
        "CANAL", "DUBOIS Jean", "MARTIN Claire", "VALIDITE", ("SCRUTIN",), "LIEU", "AUTORITE", "DOM"
    )
    for dialog in (
        ReviewDialog(summary),
        LoginDialog(lambda _l, _p: LoginAnswer(True), forgot=lambda _login: None),
        NewPasswordDialog(login="agent1"),
        FirstSetupDialog(lambda *_a: None, station_label="Commissariat — Test"),  # type: ignore[arg-type]
        AgentSwitchDialog(OneAgent()),  # type: ignore[arg-type]
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        texts += visible_texts(dialog)
        dialog.close()
    return texts


@pytest.mark.slow
def test_every_screen_in_english_shows_no_french_but_data(
    qtbot: QtBot, ctx: AppContext, language: Callable[[str], None]
) -> None:
    language("en")
    texts = _main_window_texts(qtbot, ctx) + _dialog_texts(qtbot)
    assert "Check the proxy before saving it" in texts  # the review dialog was walked too
    assert "Establish a proxy" in texts and "Today's activity" in texts  # the English catalog is there
    offenders = english_offenders(texts, (*_data(ctx), *SUMMARY_DATA))
    assert not offenders, "French left on English screens:\n" + "\n".join(offenders)


@pytest.mark.slow
def test_every_screen_text_in_french_comes_through_tr(
    qtbot: QtBot, ctx: AppContext, language: Callable[[str], None]
) -> None:
    language("pseudo")
    texts = _main_window_texts(qtbot, ctx) + _dialog_texts(qtbot)
    assert f"{OPEN}Établir une procuration{CLOSE}" in texts  # the pseudo-translator is the one answering
    offenders = unmarked(texts, (*_data(ctx), *SUMMARY_DATA, "Guichet"))
    assert not offenders, "Texts not passed through tr():\n" + "\n".join(offenders)


def test_the_checks_catch_an_untranslated_string() -> None:
    """The detectors themselves: French left in English, and text that bypassed tr()."""
    assert english_offenders(["Imprimer le récépissé", "Print the receipt", "DUBOIS Jean"], ("DUBOIS Jean",)) == [
        "Imprimer le récépissé"
    ]
    assert english_offenders(["Verrouiller (Ctrl+L)", "Lock (Ctrl+L)"], ()) == ["Verrouiller (Ctrl+L)"]
    assert unmarked([f"{OPEN}Récépissé{CLOSE} n° 12", f"{OPEN}a{CLOSE} non traduit", "MARTIN"], ("MARTIN",)) == [
        f"{OPEN}a{CLOSE} non traduit"
    ]


def test_plural_forms_in_both_languages(language: Callable[[str], None]) -> None:
    def acts(n: int) -> str:
        return QCoreApplication.translate("ActivityPage", "%n acte(s) aujourd'hui", "", n)

    language("fr")
    assert [acts(0), acts(1), acts(2)] == ["0 acte aujourd'hui", "1 acte aujourd'hui", "2 actes aujourd'hui"]
    language("en")
    assert [acts(0), acts(1), acts(2)] == ["0 acts today", "1 act today", "2 acts today"]
    # One construction for both forms (it read « 1 printed » but « 2 prints »).
    prints = [QCoreApplication.translate("ActivityTableModel", "%n impression(s)", "", n) for n in (1, 2)]
    assert prints == ["Printed once", "Printed 2 times"]


def test_days_are_counted_in_words_with_their_plural(language: Callable[[str], None]) -> None:
    """English said « 31 d » (and « 1 d late », « 2 d 4 h »): no plural, no English word; French said « 31 j »."""
    from datetime import UTC, datetime, timedelta

    from desktop.views.dashboard import _age
    from desktop.views.renewals.deadlines import _days
    from desktop.views.sync_view import age_text

    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    language("fr")
    assert [_days(1), _days(31), _days(-1), _days(-3), _days(0)] == [
        "1 jour",
        "31 jours",
        "1 jour de retard",
        "3 jours de retard",
        "dernier jour",
    ]
    assert age_text(timedelta(days=1, hours=4)) == "1 jour 4 h" and _age(now - timedelta(days=3), now) == "3 jours"
    language("en")
    assert [_days(1), _days(31), _days(-1), _days(-3), _days(0)] == [
        "1 day",
        "31 days",
        "1 day late",
        "3 days late",
        "last day",
    ]
    assert age_text(timedelta(days=2, hours=4)) == "2 days 4 h" and age_text(timedelta(days=1)) == "1 day 0 h"
    assert _age(now - timedelta(days=31), now) == "31 days" and _age(now - timedelta(days=2), now) == "2 days"


def test_an_english_screen_is_built_in_english(qtbot: QtBot, language: Callable[[str], None]) -> None:
    """tr() reads the translator installed when the widget is built (the switch applies at the next start)."""
    from desktop.views.sync_view import SyncPage

    language("en")
    page = SyncPage(lambda: None, sync_now=None, configured=False)
    qtbot.addWidget(page)
    assert page.sync_button.text().replace("&", "") == "Synchronise now"
    assert page.empty_label.text() == "No record refused."


@pytest.mark.parametrize(
    ("station_kind", "capacity"),
    [("consulat", "Head of consular post"), ("commissariat", "OPJ (judicial police officer)")],
)
def test_the_demo_headers_capacity_is_in_english(
    qtbot: QtBot, tmp_path: Path, language: Callable[[str], None], station_kind: str, capacity: str
) -> None:
    """The header's « Agent de démonstration (…) » names the capacity in the agent's language, not the receipt's."""
    from desktop.views.app import build_shell

    language("en")
    settings = load_settings(
        config_path=tmp_path / "absent.toml",
        environ={},
        data_dir=tmp_path / "data",
        demo=True,
        station_kind=station_kind,
    )
    window = build_shell(settings, ContextHolder())
    qtbot.addWidget(window)
    agent_line = window.who_label.text().splitlines()[-1]
    assert agent_line == f"Demonstration agent ({capacity})"


def test_the_application_starts_in_the_language_setting(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    """run() installs the translators of Settings.language before the first screen is built."""
    import desktop.views.start as app_module

    class Stop(Exception):
        pass

    def stop(*_a: object, **_k: object) -> None:
        raise Stop

    seen: list[str] = []
    monkeypatch.setattr(translations, "install", lambda name, **_options: seen.append(name))
    monkeypatch.setattr(app_module, "apply_theme", stop)  # the first step after the translators
    names = (qapp.applicationName(), qapp.organizationName())
    settings = load_settings(config_path=Path("/nonexistent/absent.toml"), environ={}, language="en")
    try:
        with pytest.raises(Stop):
            app_module.run(settings)
    finally:
        qapp.setApplicationName(names[0])
        qapp.setOrganizationName(names[1])
    assert seen == ["en"]


def test_qts_own_words_come_with_their_catalog_installed_after_the_first_frame(
    language: Callable[[str], None],
) -> None:
    """run() installs ours before the first screen and Qt's own catalog right after the first frame (the frame shows
    none of Qt's words): both ways end with Qt's dialogs in the agent's language."""
    language("fr")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"  # install(): both catalogs
    translations.install("fr", qt_base=False)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert translations.translate("app", "Poste") == "Poste"  # ours are there
    translations.install_qt_base("fr")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    translations.install("en", qt_base=False)  # a change of language takes Qt's French words away too
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_install_sets_the_gettext_language_too(language: Callable[[str], None]) -> None:
    from desktop import i18n

    language("en")
    assert i18n.language() == "en"
    assert QLocale().language() == QLocale.Language.English  # declared to assistive technology (RGAA 8.3)
    assert QWidget().locale().language() == QLocale.Language.English
    language("fr")
    assert i18n.language() == "fr"
    assert QLocale().language() == QLocale.Language.French


def test_the_language_switch_saves_the_choice_for_the_next_start(qtbot: QtBot) -> None:
    from desktop.views.pages import DevicesPage

    saved: list[str] = []
    page = DevicesPage(lambda: [], language="fr", save_language=saved.append)
    qtbot.addWidget(page)
    assert page.language_box.currentText() == "Français" and page.language_note.text() == ""
    page.language_box.setCurrentIndex(page.language_box.findData("en"))
    qtbot.waitUntil(lambda: saved == ["en"] and page.language_note.text() != "")
    assert "prochain démarrage" in page.language_note.text() and "next time" in page.language_note.text()
    page.language_box.setCurrentIndex(page.language_box.findData("fr"))  # back to the running language
    qtbot.waitUntil(lambda: saved == ["en", "fr"] and page.language_note.text() == "")


def test_without_a_preferences_writer_there_is_no_switch(qtbot: QtBot) -> None:
    from desktop.views.pages import DevicesPage

    page = DevicesPage(lambda: [])
    qtbot.addWidget(page)
    assert not hasattr(page, "language_box")


_MNEMONIC = re.compile(r"&(?!&)(\w)")


_ALT_LETTER = re.compile(r"Alt\+(\w)")


def mnemonics(root: QWidget, *, bound: bool = False) -> dict[str, list[str]]:
    """Alt+letter → the visible texts that claim it in `root`: buttons, boxes, tabs, and labels with a buddy; with
    `bound`, the Alt+letter shortcuts of shown widgets too (a letter the words lack, bound apart by
    kit.mnemonics.bind_letter, and a screen's own Alt+N): Qt gives an ambiguous key to none of them."""
    found: dict[str, list[str]] = {}

    def claim(text: str) -> None:
        match = _MNEMONIC.search(text.replace("&&", ""))
        if match is not None:
            found.setdefault(match.group(1).casefold(), []).append(text)

    if bound:
        for shortcut in root.findChildren(QShortcut):
            owner = shortcut.parent()
            key = shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
            letter = _ALT_LETTER.fullmatch(key)
            if letter is None or not shortcut.isEnabled() or not isinstance(owner, QWidget) or not owner.isVisible():
                continue
            said = owner.text() if isinstance(owner, (QLabel, QAbstractButton)) else type(owner).__name__
            found.setdefault(letter.group(1).casefold(), []).append(f"{said.replace(chr(10), ' ')} [{key}]")

    for w in root.findChildren(QWidget):
        if not w.isVisible():
            continue
        if isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None):
            claim(w.text())
        elif isinstance(w, QGroupBox) and w.isCheckable():
            claim(w.title())
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                claim(w.tabText(i))
    return found


def _clashes(qtbot: QtBot, ctx: AppContext) -> tuple[list[str], int]:
    """Each screen of the main window (each Renouvellements tab), the window's own buttons included: the letters
    two visible texts claim (Alt+letter then only cycles between them: a keyboard user lands on the wrong one)."""
    return _window_clashes(qtbot, _main_window(qtbot, ctx))


def _window_clashes(
    qtbot: QtBot,
    window: MainWindow,
    *,
    bound: bool = False,
    states: Callable[[QWidget], list[Callable[[], object]]] = (lambda _page: []),
) -> tuple[list[str], int]:
    """`states(page)`: what to do on a screen to show more of it (a check box ticked), each walked in turn."""
    clashes: set[str] = set()
    claimed = 0
    for index in range(window.stack.count()):
        window.stack.setCurrentIndex(index)
        page = window.stack.currentWidget()
        for tab in page.findChildren(QTabWidget) or [None]:
            for t in range(tab.count() if tab is not None else 1):
                if tab is not None:
                    tab.setCurrentIndex(t)
                for state in [lambda: None, *states(page)]:
                    state()
                    settle(qtbot, window)
                    for letter, texts in mnemonics(window, bound=bound).items():
                        claimed += 1
                        if len(texts) > 1:
                            clash = f"{type(page).__name__}: Alt+{letter.upper()} — " + " / ".join(sorted(texts))
                            clashes.add(clash)
    return sorted(clashes), claimed


def _more_of(page: QWidget) -> list[Callable[[], object]]:
    """Établir with a tutelle declared: the relation's field shown (R-ELIG-1)."""
    from desktop.views.procurations import EstablishPage

    if isinstance(page, EstablishPage):
        return [lambda: page.mandataire.protected.setChecked(True)]
    return []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["fr", "en"])
def test_no_two_texts_of_a_consulates_screen_claim_the_same_alt_letter(
    qtbot: QtBot, tmp_path: Path, language: Callable[[str], None], name: str
) -> None:
    """The walk above is a commissariat's: a consulate's screens (Établir with its « Liste à choisir », the three
    Renouvellements tabs) were never walked, nor a letter bound apart (kit.mnemonics) nor a screen's own Alt+N; and
    Établir with a tutelle declared."""
    from test_accessibility import _context, _window

    language(name)
    ctx = _context(tmp_path, "consulat")
    try:
        window = _window(qtbot, ctx)
        clashes, claimed = _window_clashes(qtbot, window, bound=True, states=_more_of)
    finally:
        ctx.close()
    assert claimed > 20
    assert not clashes, "Alt+letter claimed twice:\n" + "\n".join(clashes)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["fr", "en"])
def test_no_two_texts_of_a_screen_claim_the_same_alt_letter(
    qtbot: QtBot, ctx: AppContext, language: Callable[[str], None], name: str
) -> None:
    language(name)
    clashes, claimed = _clashes(qtbot, ctx)
    assert claimed > 20  # the walk saw the screens' Alt letters
    assert not clashes, "Alt+letter claimed twice:\n" + "\n".join(clashes)


def test_the_mnemonic_check_sees_a_clash(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    for text in ("&Rôle", "&Rechercher", "Tom && Jerry", "&OPJ"):
        layout.addWidget(QPushButton(text))
    host.show()
    found = mnemonics(host)
    assert found["r"] == ["&Rôle", "&Rechercher"] and found["o"] == ["&OPJ"] and "j" not in found
    from desktop.views.kit.mnemonics import bind_letter

    surname = QLabel("Surname")  # « Surname (&O) »: Alt+O bound apart
    layout.addWidget(surname)
    bind_letter(surname, "O", lambda: None)
    surname.show()
    assert mnemonics(host)["o"] == ["&OPJ"]
    assert sorted(mnemonics(host, bound=True)["o"]) == ["&OPJ", "Surname [Alt+O]"]


def test_appareils_demo_buttons_never_make_the_screen_scroll_sideways(qtbot: QtBot) -> None:
    """The demo's three buttons side by side made Appareils wider than a 1024 px screen's page (794 px beside the
    navigation): they stack when the page is narrower than the three."""
    from desktop.views.pages import DevicesPage

    page = DevicesPage(lambda: [], simulated_card=(lambda: None, lambda: None))
    qtbot.addWidget(page)
    widest = max(b.sizeHint().width() for b in (page.pull_card, page.put_card))
    content = page.body.parentWidget()
    assert content is not None and content.minimumSizeHint().width() < widest + 200 < 794
