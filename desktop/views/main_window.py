"""The window the agent lives in: navigation on the left, the current screen, and the status bar."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.snapshots import StatusSnapshot
from desktop.views import widgets
from desktop.views.header import HeaderBar
from desktop.views.kit import colours
from desktop.views.kit.day_watch import DayWatch
from desktop.views.kit.station_time import station_local, station_now
from desktop.views.kit.status_row import StatusRow
from desktop.views.nav import BADGE_ROLE, REFUSED_ROLE, NavList
from desktop.views.widgets import ACCESSIBLE_TEXT_ROLE, USER_ROLE, ElidedLabel, Page

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

__all__ = ["MainWindow", "NavList", "Section", "StatusSnapshot"]


def _clock_time(at: datetime | None) -> str:
    """« 14:05 » today, « 29/11 14:05 » before (the station's time zone)."""
    if at is None:
        return ""
    local = station_local(at)
    today = station_now().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%d/%m %H:%M")


HOMES = ("etablir", "a_decider", "tableau", "agents", "synchronisation")  # a refused screen's fallback, in order


class Section(NamedTuple):
    """One entry of the navigation: its key, French label, group, and the screen it shows.

    A NamedTuple, not a dataclass: made before the window's first frame, where a frozen dataclass's generated
    methods cost ~0.5 ms to compile; it is only built and read."""

    key: str
    label: str
    group: str
    page: QWidget | None  # None: its screen joins the stack later (`MainWindow.replace_page`), after the first frame
    # Its Ctrl+digit (1…9, then 10 for Ctrl+0); 0: its place in the list. A section a station does not have (the
    # consulates' Renouvellements at a commissariat) leaves its number unused: the guide's numbers hold everywhere.
    number: int = 0


class MainWindow(QMainWindow):
    """Header, navigation (Ctrl+1…Ctrl+6 or arrows), stacked screens, a status bar fed by snapshots."""

    # A StatusSnapshot, emitted from any thread (sync worker, device monitor): queued to the GUI thread.
    status_arrived = Signal(object)
    lock_requested = Signal()  # "Verrouiller" or Ctrl+L
    switch_agent_requested = Signal()  # "Changer d'agent"
    visa_requested = Signal()  # a délégué OPJ's « Faire viser par l'OPJ » (a screen's own `visa_requested`)
    data_changed = Signal(str)  # a section's data changed (emitted from any thread: queued to the GUI thread)

    def __init__(
        self,
        *,
        station_label: str,
        agent_label: str,
        sections: list[Section],
        status: StatusSnapshot,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Guichet — procurations et renouvellements"))
        self.resize(1280, 800)
        self.status_snapshot = status
        self.counter_seat: QObject | None = None  # the lock and change of agent, once an agent is known
        self._sections = sections
        self._index_of: dict[str, int] = {}
        self._headings: list[QListWidgetItem] = []
        self._shortcuts_made = False
        self._refused: dict[str, str] = {}  # the sections the agent at the counter may not open, and why

        central = QWidget()
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._header(station_label, agent_label, demo))

        body = QHBoxLayout()
        body.setSpacing(0)
        self.nav = NavList()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(230)  # the style sheet widens it with the text size (theme.qss), NavList.SHARE caps it
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.stack = QStackedWidget()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        root.addLayout(body, 1)
        self.setCentralWidget(central)

        self._fill_nav()
        self.nav.currentRowChanged.connect(self._on_row)
        self._make_status_bar()
        self.show_section(sections[0].key)
        self.status_arrived.connect(self.show_status)
        self._render(status, polished=False)  # the labels are polished when the window is first shown

    # -- building -------------------------------------------------------------------------------------------------
    def _header(self, station_label: str, agent_label: str, demo: bool) -> HeaderBar:
        header = HeaderBar(station_label, agent_label, demo=demo)
        header.switch_agent_requested.connect(self.switch_agent_requested)
        header.lock_requested.connect(self.lock_requested)
        self.header = header
        self.who_label = header.who
        self.switch_button = header.switch_button
        self.lock_button = header.lock_button
        return header

    def seat_taken(self) -> None:
        """An agent holds the counter (views/counter_seat.py): « Changer d'agent » and « Verrouiller » are shown."""
        self.header.seat_taken()

    def _fill_nav(self) -> None:
        group = None
        for section in self._sections:
            number = self._number(section.key)
            if section.group != group:
                group = section.group
                head = self.nav.add_heading(group.upper())
                self._headings.append(head)  # no item flags: given by finish(), right after the first frame
            item = QListWidgetItem(section.label)
            item.setToolTip(self._shortcut(number))
            item.setData(USER_ROLE, section.key)
            self.nav.addItem(item)
            if section.page is not None:  # each screen added costs ~0.3 ms (the style sheet's polish)
                self._index_of[section.key] = self.stack.addWidget(section.page)

    def _make_status_bar(self) -> None:
        bar = self.statusBar()
        # Elided when the text is large (200 %): whole in the tooltip and to screen readers.
        self.online_label = ElidedLabel()
        self.pending_label = ElidedLabel()
        self.reader_label = ElidedLabel()
        self.printer_label = ElidedLabel()
        labels = (self.online_label, self.pending_label, self.reader_label, self.printer_label)
        for label in labels:
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)  # whole when it fits
        self.status_row = StatusRow(labels)  # one line, or two when one cannot hold them whole
        bar.addPermanentWidget(self.status_row, 1)
        # Offline past midnight no snapshot comes: « dernier échange à 22:10 » would read as this morning's.
        self.day_watch = DayWatch(self, lambda: station_now().date(), lambda: self._render(self.status_snapshot))

    def _make_shortcuts(self) -> None:
        from PySide6.QtGui import QKeySequence, QShortcut

        from desktop.views.kit.azerty import bind_digit

        # Qt.ShortcutContext.WindowShortcut, QShortcut's default: the whole window, not only the focused widget.
        lock = QShortcut(QKeySequence("Ctrl+L"), self)  # in the window's dialogs too: views/counter_seat.py
        lock.activated.connect(self.lock_requested)
        switch = QShortcut(QKeySequence("Ctrl+Shift+L"), self)
        switch.activated.connect(self.switch_agent_requested)
        # The sections' keys belong to the content, which the lock screen hides (views/lock.py): a hidden widget's
        # shortcuts do not fire, so nobody moves the locked agent's screens (they did until session 26).
        content = self.centralWidget() or self
        for section in self._sections:  # Ctrl+1 … Ctrl+9, then Ctrl+0; Ctrl+& Ctrl+é… too on AZERTY (kit/azerty)
            number = self._number(section.key)
            if number > 10:
                continue
            bind_digit(content, "Ctrl", str(number % 10), lambda k=section.key: self.show_section(k, focus_page=True))

    def finish(self) -> None:
        """What the first frame does without: the group headings neither selectable nor enabled (Qt's enums cost
        ~12 ms), the keyboard shortcuts. Called right after that frame, in the same turn of the event loop: no input
        reaches the window between the two, and the headings look the same either way (the style sheet colours
        every item)."""
        from PySide6.QtCore import Qt

        for head in self._headings:
            head.setFlags(Qt.ItemFlag.NoItemFlags)
        self._headings = []
        if not self._shortcuts_made:
            self._shortcuts_made = True
            self._make_shortcuts()

    def _number(self, key: str) -> int:
        """A section's Ctrl+digit (10: Ctrl+0): its own number, else its place in the list."""
        place, section = next((i, s) for i, s in enumerate(self._sections, start=1) if s.key == key)
        return section.number or place

    def _shortcut(self, number: int) -> str:
        """A section's tooltip: its Ctrl+digit; none past the tenth (Journal d'audit: it said Ctrl+1, Établir's)."""
        return self.tr("Raccourci : Ctrl+{n}").format(n=number % 10) if number <= 10 else ""

    # -- behaviour ------------------------------------------------------------------------------------------------
    def current_key(self) -> str:
        item = self.nav.currentItem()
        return str(item.data(USER_ROLE)) if item else ""

    def show_section(self, key: str, *, focus_page: bool = False) -> None:
        """Select a section in the navigation and show its screen (not one refused to the agent: `set_refused`)."""
        if key in self._refused:
            return
        for row in range(self.nav.count()):
            if self.nav.item(row).data(USER_ROLE) == key:
                self.nav.setCurrentRow(row)
                break
        if focus_page:
            page = self.stack.currentWidget()
            if isinstance(page, Page):
                page.enter_from(self.nav)

    # -- size and place, remembered per OS user (QSettings: the user's own configuration, never the station's) -------
    def restore_place(self, store: QSettings) -> None:
        """The size and position the agent left the window in; else the default, never larger than the screen."""
        saved = store.value("fenetre/geometrie")
        if isinstance(saved, QByteArray) and self.restoreGeometry(saved):
            return
        screen = self.screen()
        if screen is not None:
            free = screen.availableGeometry()
            self.resize(min(self.width(), free.width()), min(self.height(), free.height() - 30))  # the title bar

    def save_place(self, store: QSettings) -> None:
        store.setValue("fenetre/geometrie", self.saveGeometry())
        store.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        nav = getattr(self, "nav", None)  # not yet while the window is built
        if nav is not None:
            nav.fit_window(
                event.size().width()
            )  # a share of the window at most: the screens keep their width on a small one

    def set_badge(self, key: str, count: int, tooltip: str = "") -> None:
        """A count beside a section's name in the navigation (red), e.g. acts the central store refused today."""
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(USER_ROLE) != key:
                continue
            label = next(s.label for s in self._sections if s.key == key)
            item.setText(f"{label}  ⚠ {count}" if count else label)
            item.setForeground(QBrush(QColor(colours.current().error)) if count else QBrush())
            item.setData(BADGE_ROLE, count or None)  # painted red by the delegate: the style sheet wins over a brush
            if count:
                self._paint_apart()
            shortcut = self._shortcut(self._number(key))
            item.setToolTip("\n".join(t for t in (tooltip if count else "", shortcut) if t))
            item.setData(ACCESSIBLE_TEXT_ROLE, item.text())

    def _paint_apart(self) -> None:
        """The navigation's own painter, once a section is badged or refused (views/nav_delegate.py)."""
        from desktop.views.nav_delegate import NavDelegate

        if not isinstance(self.nav.itemDelegate(), NavDelegate):
            self.nav.setItemDelegate(NavDelegate(self.nav))

    def set_refused(self, key: str, reason: str | None) -> None:
        """A section the agent at the counter may not open (`reason`, French, their role's): its entry stays in place,
        so that Ctrl+1…Ctrl+0 are the guide's on every station, but greyed, never selected (mouse, arrows, its
        Ctrl+digit), the reason in its tooltip and said to screen readers. `None`: offered again (another agent)."""
        from PySide6.QtCore import Qt  # the real screens arrive after the first frame (see widgets.USER_ROLE)

        if reason:
            self._refused[key] = reason
        else:
            self._refused.pop(key, None)
        for section in self._sections:
            if section.key != key:
                continue
            number = self._number(key)
            item = next((i for i in map(self.nav.item, range(self.nav.count())) if i.data(USER_ROLE) == key), None)
            if item is None:
                return
            shortcut = self._shortcut(number)
            enabled = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if reason:
                self._paint_apart()
            item.setFlags(Qt.ItemFlag.NoItemFlags if reason else enabled)
            item.setData(REFUSED_ROLE, reason or None)
            item.setToolTip(reason or shortcut)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, reason or None)
        if reason and self.current_key() == key:
            # Where this agent's day starts instead: an agent's Établir, a supervisor's À décider, an administrator's
            # Agents (the first of these they may open).
            home = next((k for k in HOMES if k not in self._refused), self._sections[0].key)
            self.show_section(home)

    def refused(self, key: str) -> str | None:
        """Why the agent at the counter may not open a section (None: they may)."""
        return self._refused.get(key)

    def badge(self, key: str) -> str:
        """The navigation text of a section (tests)."""
        for row in range(self.nav.count()):
            if self.nav.item(row).data(USER_ROLE) == key:
                return self.nav.item(row).text()
        return ""

    def set_agent(self, agent_label: str) -> None:
        """Name the agent at the counter in the header (after login)."""
        self.header.set_agent(agent_label)

    def section_index(self, key: str) -> int:
        """The stack index of a section's screen (-1 when there is no such section)."""
        return self._index_of.get(key, -1)

    def page(self, key: str) -> QWidget | None:
        """The screen of a section, or None when it has none yet."""
        index = self._index_of.get(key)
        return None if index is None else self.stack.widget(index)

    def replace_page(self, key: str, page: QWidget) -> None:
        """Swap a section's screen (the real screens arrive once the store is open), or add the first one a section
        made without a screen gets (the shell's first frame has only the screen it shows).

        A screen built for the agent at the counter that has `why_not_offered()` says whether that agent may open
        it: its entry in the navigation follows (`set_refused`), for each agent the screens are built for."""
        asks_visa = getattr(page, "visa_requested", None)
        if asks_visa is not None:
            asks_visa.connect(self.visa_requested)
        why_not = getattr(page, "why_not_offered", None)
        if callable(why_not):
            self.set_refused(key, why_not())
        if key not in self._index_of:
            if all(s.key != key for s in self._sections):
                raise KeyError(key)
            self._index_of[key] = self.stack.addWidget(page)
            return
        index = self._index_of[key]
        old = self.stack.widget(index)
        current = self.stack.currentIndex() == index
        if old is not None:
            from desktop.views.kit.runner import Runner  # the real screens come after the first frame

            for runner in old.findChildren(Runner):  # its late answers: for nobody now (another agent's screens)
                runner.close()
            self.stack.removeWidget(old)
            old.deleteLater()
        self.stack.insertWidget(index, page)
        if current:
            self.stack.setCurrentIndex(index)

    def _on_row(self, row: int) -> None:
        item = self.nav.item(row)
        if item is None:
            return
        key = item.data(USER_ROLE)
        if key in self._index_of:
            self.stack.setCurrentIndex(self._index_of[key])
            # The window's title names the screen: what a screen reader says on Alt+Tab (RGAA 8.6).
            label = next((s.label for s in self._sections if s.key == key), "")
            app = self.tr("Guichet")
            self.setWindowTitle(self.tr("{screen} — {app}").format(screen=label, app=app) if label else app)

    def show_status(self, snap: StatusSnapshot) -> None:
        """Render a pushed snapshot, unless a newer one is already on screen (they may cross between threads)."""
        if snap.version < self.status_snapshot.version:
            return
        self.status_snapshot = snap
        self._render(snap)

    def _render(self, snap: StatusSnapshot, *, polished: bool = True) -> None:
        def set_state(label: QLabel, state: str) -> None:
            widgets.set_state(label, state, polished=polished)

        if snap.online is None:
            self.online_label.setText(self.tr("● Répertoire central non configuré"))
            set_state(self.online_label, "neutral")
        elif snap.connecting:  # until the sync worker reports: neither online nor offline yet
            self.online_label.setText(self.tr("Connexion…"))
            set_state(self.online_label, "neutral")
        elif snap.slow:  # a sync waits on the central store with no news: not « En ligne » green
            when = _clock_time(snap.last_success)
            self.online_label.setText(
                self.tr("● Répertoire central lent à répondre (dernier échange à {t})").format(t=when)
                if when
                else self.tr("● Répertoire central lent à répondre")
            )
            set_state(self.online_label, "warn")
        elif snap.online and snap.last_failed and snap.unavailable:
            # Reached, and could not serve (its database down or busy): not « Hors ligne », the network is fine.
            when = _clock_time(snap.last_success)
            self.online_label.setText(
                self.tr("● Répertoire central indisponible (dernier échange réussi à {t})").format(t=when)
                if when
                else self.tr("● Répertoire central indisponible")
            )
            set_state(self.online_label, "warn")
        elif snap.online and not snap.last_failed:
            # « En ligne » only when the last real exchange succeeded, and since when it is known.
            when = _clock_time(snap.last_success)
            self.online_label.setText(
                self.tr("● En ligne (dernier échange à {t})").format(t=when) if when else self.tr("● En ligne")
            )
            set_state(self.online_label, "ok")
        else:
            when = _clock_time(snap.last_success)
            self.online_label.setText(
                self.tr("● Hors ligne (dernier échange réussi à {t})").format(t=when)
                if when
                else self.tr("● Hors ligne")
            )
            set_state(self.online_label, "warn")
        if snap.offline_too_long:
            # offline_warning_hours: the last successful sync is older than the station's setting.
            self.online_label.setText(self.tr("● Pas de synchronisation depuis trop longtemps : vérifiez la connexion"))
            set_state(self.online_label, "error")
        if snap.pending is None:
            self.pending_label.setText(self.tr("Ouverture de la base…"))
            set_state(self.pending_label, "neutral")
        elif snap.pending:
            self.pending_label.setText(self.tr("{n} en attente de synchronisation").format(n=snap.pending))
            set_state(self.pending_label, "warn")
        else:
            self.pending_label.setText(self.tr("Tout est synchronisé"))
            set_state(self.pending_label, "ok")
        if not snap.devices_checked:  # before the device monitor's first poll: no claim either way
            self.reader_label.setText(self.tr("Lecteur : vérification…"))
            set_state(self.reader_label, "neutral")
            self.printer_label.setText(self.tr("Imprimante : vérification…"))
            set_state(self.printer_label, "neutral")
            return
        self.reader_label.setText(self.tr("Lecteur : {s}").format(s=snap.reader))
        set_state(self.reader_label, "ok" if snap.reader_ok else "warn")
        self.printer_label.setText(self.tr("Imprimante : {s}").format(s=snap.printer))
        set_state(self.printer_label, "ok" if snap.printer_ok else "warn")
