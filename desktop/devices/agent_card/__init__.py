"""The agent's card (spec/security.md: the session locks at once when the agent's card is removed).

The card is a presence token: Guichet watches one reader, named in the station's settings (`agent_card_reader`),
and the counter locks when the card it held leaves it. It proves nothing about who holds it (no certificate is
read): the password still opens the lock. The document reader leaves that reader alone (`reserves`).
"""

from desktop.devices.agent_card.base import (
    AgentCardWatch,
    NullAgentCard,
    Presence,
    lost,
    matches,
)

__all__ = ["AgentCardWatch", "NullAgentCard", "Presence", "lost", "matches"]
