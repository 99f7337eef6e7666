"""Établir's cards on a 1024×600 netbook at 200 % text: each pair of fields one under the other when the two do not
fit side by side, so that the form never scrolls sideways and each hint shows its first words (fit sweep)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fitkit import problems
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.views import translations
from desktop.views.procurations.channel import ChannelPanel
from desktop.views.procurations.mandataire import MandatairePanel

CARD_AT_1024_600 = 534  # px inside a card of Établir's form beside the navigation at 200 % text (the sweep's figures)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("panel", [ChannelPanel, MandatairePanel])
def test_the_cards_fit_a_netbook_at_200_percent(
    qtbot: QtBot, themed: Callable[..., None], language: str, panel: Callable[[], QWidget]
) -> None:
    """The reference beside « Récupérer » made the form 64 px wider than the netbook's; « 6 caractères, ex. K7M2QX »
    read « 6 caractères », « commune ou consulat où il vote » read « commune ou » (session 38)."""
    translations.install(language)
    try:
        themed(text_scale_percent=200)
        card = QWidget()
        QVBoxLayout(card).addWidget(panel())
        qtbot.addWidget(card)
        card.resize(CARD_AT_1024_600 + 18, 1400)
        card.show()
        qtbot.waitExposed(card)
        qtbot.wait(50)
        assert card.minimumSizeHint().width() <= CARD_AT_1024_600 + 18
        found = problems(card)
        assert not found, "\n".join(found)
    finally:
        translations.install("fr")
