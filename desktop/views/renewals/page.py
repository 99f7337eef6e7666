"""The Renouvellements section: remote passport renewal, the daily deadlines, internet-vote credentials."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from desktop.services.ivote import IvoteService
from desktop.services.passports import PassportService
from desktop.views.kit.azerty import bind_digit
from desktop.views.kit.reflow import InnerTabs
from desktop.views.kit.runner import Runner
from desktop.views.renewals.deadlines import DeadlinesPanel
from desktop.views.renewals.ivote import IvotePanel
from desktop.views.renewals.passport import PassportPanel
from desktop.views.widgets import Page, notice

TAB_PASSPORT, TAB_DEADLINES, TAB_IVOTE = 0, 1, 2


class RenewalsPage(Page):
    """Three tabs, reachable with Alt+1/2/3 (or Ctrl+Tab); each one reloads its list when it is shown."""

    def __init__(
        self, passports: PassportService, ivote: IvoteService, parent: QWidget | None = None, *, abroad: bool = True
    ) -> None:
        super().__init__(
            self.tr("Renouvellements"),
            self.tr("Renouvellement de passeport à distance et identifiants de vote par internet."),
            parent,
        )
        self.runner = Runner(self)
        self.passport = PassportPanel(passports, self.runner)
        self.deadlines = DeadlinesPanel(passports, self.runner)
        self.ivote = IvotePanel(ivote, self.runner)
        # Each tab scrolls inside (its tables, the passport pane): the screen has no scroll of its own beside them.
        self.tabs = InnerTabs()
        # Short titles where the whole ones do not fit (200 % text on a small screen).
        self.tabs.add_tab(self.passport, self.tr("Passeport à distance"), self.tr("Passeport"))
        self.tabs.add_tab(self.deadlines, self.tr("Échéances du jour"), self.tr("Échéances"))
        self.tabs.add_tab(self.ivote, self.tr("Identifiants de vote par internet"), self.tr("Vote internet"))
        self.tabs.currentChanged.connect(self._tab_shown)
        self.deadlines.open_requested.connect(self.open_case)
        self.refusal = QLabel()
        self.refusal.setObjectName("fieldError")
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        self.body.addWidget(self.refusal)
        self.body.addWidget(self.tabs, 1)
        # Renewals are the consular network's (no role has them at a station in France): there the screen says so,
        # where it said « Action refusée » in red each time it was opened, and reads nothing (its Ctrl+5 stays, as
        # in the guide, so that the numbers are the same on every station).
        self.abroad = abroad
        self.elsewhere = notice(
            self.tr(
                "Les renouvellements de passeport à distance et les identifiants de vote par internet sont traités par "
                "les consulats et les ambassades : ce poste n'en traite pas."
            )
        )
        self.body.insertWidget(0, self.elsewhere)  # in the page before it is shown: never a window of its own
        self.elsewhere.setVisible(not abroad)
        self.tabs.setVisible(abroad)
        if not abroad:
            self.body.addStretch(1)
        for panel in (self.passport, self.deadlines, self.ivote):
            panel.refused.connect(lambda text, p=panel: self._refused(p, text))
            panel.allowed.connect(lambda p=panel: self._allowed(p))
        for i in range(3):
            bind_digit(self, "Alt", str(i + 1), lambda i=i: self.show_tab(i))  # Alt+& too on AZERTY

    def show_tab(self, index: int) -> None:
        """Switch tab and put the focus on its first field."""
        if not self.abroad:
            return
        self.tabs.setCurrentIndex(index)
        self.focus_first()

    def open_case(self, case_id: str) -> None:
        """Open a passport case from the daily list."""
        self.tabs.setCurrentIndex(TAB_PASSPORT)
        self.passport.open_case(case_id)

    def focus_first(self) -> None:
        """The first field of the tab on screen."""
        if not self.abroad:
            return
        first = {
            TAB_PASSPORT: self.passport.search,
            TAB_DEADLINES: self.deadlines.late_table,
            TAB_IVOTE: self.ivote.numic,
        }[self.tabs.currentIndex()]
        first.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        if not self.isVisible() or not self.abroad:
            return
        panel: PassportPanel | DeadlinesPanel | IvotePanel = (self.passport, self.deadlines, self.ivote)[index]
        panel.refresh()  # on the runner; the panel answers with `allowed` or `refused`

    def _refused(self, panel: QWidget, text: str) -> None:
        """The agent's role does not allow this desk here (R-DATA-3): say so, plainly."""
        if panel is not self.tabs.currentWidget():
            return
        self.refusal.setText(text)
        self.refusal.show()
        panel.setEnabled(False)

    def _allowed(self, panel: QWidget) -> None:
        if panel is not self.tabs.currentWidget():
            return
        self.refusal.hide()
        panel.setEnabled(True)
