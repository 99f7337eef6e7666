"""The agent card on the Appareils screen: its row, and the demo's simulated card pulled out and put back."""

from __future__ import annotations

from collections.abc import Callable

from desktop.devices.agent_card import AgentCardWatch
from desktop.i18n import _ as gettext_
from desktop.views.loading import ContextHolder
from desktop.views.translations import translate


def agent_card_text(card: AgentCardWatch) -> str:
    """The Appareils row of the agent card: its state, the reader watched (a real name as it is, the simulated one
    translated), and what pulling it does."""
    from desktop.devices.agent_card import Presence

    presence = card.presence()
    if presence is Presence.UNUSED:
        return presence.shown
    reader = card.reader()
    where = gettext_(reader) if reader is not None else card.setting
    return translate("app", "{state} — {reader} (la retirer verrouille la session)").format(
        state=presence.shown, reader=where
    )


def simulated_card(holder: ContextHolder) -> tuple[Callable[[], None], Callable[[], None]]:
    """The demo's agent card pulled out and put back from the Appareils screen."""
    from desktop.devices.agent_card.fake import FakeAgentCard

    def card() -> FakeAgentCard | None:
        ctx = holder.ctx
        return ctx.agent_card if ctx is not None and isinstance(ctx.agent_card, FakeAgentCard) else None

    def pull() -> None:
        found = card()
        if found is not None:
            found.remove()

    def put_back() -> None:
        found = card()
        if found is not None:
            found.insert()

    return pull, put_back
