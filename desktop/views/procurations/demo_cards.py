"""The demo's card reader at the establish form: F3 puts the next fictitious document on the simulated reader."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from desktop.devices.cards.base import CardReader
from desktop.views.translations import translate


def demo_cards(reader: CardReader) -> Callable[[], str] | None:
    """The demo's simulated reader: each call puts the next fictitious document on it and says which."""
    from desktop.devices.cards.demo_persons import DEMO_PERSONS
    from desktop.devices.cards.fake import FakeCardReader

    if not isinstance(reader, FakeCardReader):
        return None
    turn = itertools.cycle(range(len(DEMO_PERSONS)))
    next(turn)  # the demo starts with the first one inserted

    def swap() -> str:
        person = DEMO_PERSONS[next(turn)]
        reader.insert(person.id)
        key = f"CAN {person.can}" if person.can else translate("EstablishPage", "zone MRZ (pas de CAN)")
        return translate(
            "EstablishPage", "Démonstration : {document} ({surname}) sur le lecteur ({key}). F3 : document suivant."
        ).format(document=person.document, surname=person.surname, key=key)

    return swap
