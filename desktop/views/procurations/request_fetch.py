"""Établir's Maprocuration request: fetched from the central store with the mandant's birth date (a second factor),
or scanned from its QR code, then laid into the form; offline, the agent types it in full. A mixin of EstablishPage,
kept apart so that each module stays small."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit

from desktop.rules.terms import Channel
from desktop.services.desk import DeskServices, RequestFetch
from desktop.services.permissions import PermissionDenied
from desktop.views.kit.dates import format_date
from desktop.views.kit.fields import failure_text
from desktop.views.kit.runner import Runner
from desktop.views.procurations.channel import ChannelPanel
from desktop.views.procurations.identity import IdentityPanel
from desktop.views.procurations.mandataire import MandatairePanel
from desktop.views.procurations.validity import ValidityPanel
from desktop.views.translations import translate


class RequestFetching:
    """« Récupérer (Ctrl+R) » and a scanned reference, for the establish form."""

    # Provided by EstablishPage (declared for the type checker).
    desk: DeskServices
    runner: Runner
    channel_panel: ChannelPanel
    identity: IdentityPanel
    mandataire: MandatairePanel
    validity: ValidityPanel
    reference: QLineEdit
    requested_on: QLineEdit
    last_fetch: RequestFetch | None

    if TYPE_CHECKING:

        def _schedule(self, *_args: object) -> None: ...

    def _on_scanned_reference(self, reference: str) -> None:
        self.channel_panel.choose(Channel.MAPROCURATION)
        self.reference.setText(reference)
        self.fetch_reference()

    def fetch_reference(self) -> None:
        """Fetch the Maprocuration request (network: on a thread); offline, the agent types it in full."""
        if not self.channel_panel.online():
            self.channel_panel.choose(Channel.MAPROCURATION)
        reference = self.reference.text()
        # The central store asks for the mandant's birth date with the reference (second factor): the one typed
        # or read from the identity document above.
        birth_date = self.identity.birth_date.value()
        self.channel_panel.show_fetch(translate("RequestFetching", "Recherche de la demande…"), "neutral")
        self.runner.submit(
            lambda: self.desk.fetch_request(reference, birth_date=birth_date),
            done=self._on_fetched,
            failed=self._fetch_failed,
            key="fetch",
        )

    def _fetch_failed(self, exc: Exception) -> None:
        if isinstance(exc, PermissionDenied):
            self.channel_panel.show_fetch(exc.message, "error")
            return
        failure_text(exc)  # logged with a reference; the agent can go on by typing the request
        self.channel_panel.show_fetch(
            translate("RequestFetching", "La demande n'a pas pu être récupérée : saisissez-la en entier.")
        )

    def _on_fetched(self, result: RequestFetch) -> None:
        self.last_fetch = result
        state = {"trouvee": "ok", "interdite": "error"}.get(result.state, "warn")  # R-DATA-3: a refusal, in red
        self.channel_panel.show_fetch(result.message, state)
        request = result.request
        if request is None:
            self.requested_on.setFocus()
            return
        self.requested_on.setText(format_date(request.requested_on))
        m = request.mandant
        self.identity.set_person(m.last_name, m.given_names, m.birth_date, m.nne, m.list_kind)
        self.mandataire.set_identity(request.mandataire)
        if request.election_id is not None and request.rounds is not None:
            self.validity.set_scrutin(request.election_id, request.rounds)
        elif request.start is not None and request.end is not None:
            self.validity.set_duration(request.start, request.end)
        self.identity.can.setFocus()  # the identity document is still checked at the counter
        self._schedule()
