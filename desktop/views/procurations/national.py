"""The establish form's questions to the central store: what each party already holds at other counters.

Once a party's identity is complete enough (`holdings_key`), its procurations in force are asked for on a worker
(`DeskServices.national_holdings`, audited) and kept for the form; the checks read them (`EstablishInput.national`)
and give a warning to acknowledge (R-VALID-6, L73). A line under the warnings says what was checked, so the agent
knows when the other counters were not (offline, too many look-ups).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from desktop.services.procuration_body import EstablishInput, PersonInput, holdings_key
from desktop.views.kit.fields import failure_text
from desktop.views.kit.runner import Runner

if TYPE_CHECKING:
    from desktop.services.desk import DeskServices
    from desktop.services.procuration_body import Holdings

ROLES = ("mandant", "mandataire")


class NationalLookups(QObject):
    """Asks once per party identity; `answers` for the form; `label` says where things stand."""

    def __init__(
        self, parent: QObject, runner: Runner, desk: Callable[[], DeskServices], answered: Callable[[], None]
    ) -> None:
        super().__init__(parent)
        self._runner, self._desk, self._answered = runner, desk, answered
        self._answers: dict[tuple[str, tuple[str, ...]], Holdings] = {}
        self._asking: set[tuple[str, tuple[str, ...]]] = set()
        self._failed: dict[str, str] = {}
        self._current: dict[str, tuple[str, ...] | None] = {}
        self._then: Callable[[], None] | None = None  # what the agent asked for while a question was on its way
        self.label = QLabel()
        self.label.setObjectName("hint")
        self.label.setWordWrap(True)
        self.label.hide()

    def ask(self, form: EstablishInput) -> None:
        """Ask for each party whose complete identity was not asked yet (off the GUI thread)."""
        if self._desk().ctx.central() is None:
            return  # no central store configured: nothing to say beyond the Synchronisation screen's
        for role, person in zip(ROLES, (form.mandant, form.mandataire), strict=True):
            key = holdings_key(person)
            self._current[role] = key
            if key is None or (role, key) in self._answers or (role, key) in self._asking:
                continue
            self._asking.add((role, key))
            self._failed.pop(role, None)
            self._submit(role, key, person)
        self._show()

    def _submit(self, role: str, key: tuple[str, ...], person: PersonInput) -> None:
        desk = self._desk()

        def fetch() -> Holdings | None:
            return desk.national_holdings(person, role)

        def done(found: Holdings | None) -> None:
            self._done(role, key, found)

        def failed(exc: Exception) -> None:
            self._fail(role, key, exc)

        self._runner.submit(fetch, done=done, failed=failed, key=f"national-{role}-{'-'.join(key)}")

    def pending(self) -> bool:
        """A question for the identities now typed is still on its way."""
        return any((role, key) in self._asking for role, key in self._current.items() if key is not None)

    def when_settled(self, then: Callable[[], None]) -> None:
        """Run `then` once no question for the identities typed is on its way (answered or failed); forgotten when
        the form is cleared."""
        self._then = then

    def _settled(self) -> None:
        if self._then is not None and not self.pending():
            then, self._then = self._then, None
            then()

    def answers(self) -> tuple[Holdings, ...]:
        """What the central store answered (the checks read the ones for the identities typed)."""
        return tuple(self._answers.values())

    def clear(self) -> None:
        self._answers.clear()
        self._asking.clear()
        self._failed.clear()
        self._current.clear()
        self._then = None
        self.label.hide()

    def _done(self, role: str, key: tuple[str, ...], found: Holdings | None) -> None:
        self._asking.discard((role, key))
        if found is not None:
            self._answers[(role, key)] = found
        self._show()
        self._answered()
        self._settled()

    def _fail(self, role: str, key: tuple[str, ...], exc: Exception) -> None:
        self._asking.discard((role, key))
        self._failed[role] = failure_text(exc)
        self._show()
        self._settled()

    def _show(self) -> None:
        lines = []
        for role in ROLES:
            key = self._current.get(role)
            if key is None:
                continue
            answer = self._answers.get((role, key))
            who = self.tr("Mandant") if role == "mandant" else self.tr("Mandataire")
            if (role, key) in self._asking:
                text = self.tr("consultation du répertoire central…")
            elif role in self._failed:
                text = self._failed[role]
            elif answer is None:
                continue
            elif answer.state != "en_ligne":
                text = answer.message
            elif answer.facts:
                text = self.tr("%n procuration(s) en vigueur connue(s) du répertoire central.", "", len(answer.facts))
            else:
                text = self.tr("aucune procuration en vigueur au répertoire central.")
            lines.append(self.tr("{who} : {text}").format(who=who, text=text))
        self.label.setText("\n".join(lines))
        self.label.setVisible(bool(lines))
