"""What a driver asks the agent (CAN, MRZ) and tells them (progress); views implement it, drivers never open dialogs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from desktop.devices.cards.errors import card_error
from desktop.devices.cards.mrzdata import mrz_information_from


class CardHandler(Protocol):
    """Called on the reader's worker thread: a view must hop to the GUI thread and block until answered."""

    def ask_can(self) -> str | None:
        """The 6-digit CAN printed on the card, or None when the agent prefers the MRZ or cancels."""
        ...

    def ask_mrz(self) -> str | None:
        """The MRZ information (24+ characters) or the whole MRZ, or None to cancel."""
        ...

    def progress(self, step: str, fraction: float) -> None:
        """A French label of the current step and the overall fraction done (0.0 to 1.0)."""
        ...


@dataclass(frozen=True, slots=True)
class CanKey:
    """Access with the Card Access Number."""

    can: str

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[0-9]{6}", self.can):
            raise card_error("bad_can_format")


@dataclass(frozen=True, slots=True)
class MrzKey:
    """Access with the MRZ information (document number, birth date, expiry date, with their check digits)."""

    information: str

    @classmethod
    def from_text(cls, text: str) -> MrzKey:
        """From the 24+ characters of BAC or a whole scanned/typed MRZ; CardError when unusable."""
        return cls(mrz_information_from(text))


AccessKey = CanKey | MrzKey


@dataclass
class FixedHandler:
    """A handler with answers known in advance (command line, tests, demo); records the progress it gets."""

    can: str | None = None
    mrz: str | None = None

    def __post_init__(self) -> None:
        self.steps: list[tuple[str, float]] = []

    def ask_can(self) -> str | None:
        """The preset CAN."""
        return self.can

    def ask_mrz(self) -> str | None:
        """The preset MRZ."""
        return self.mrz

    def progress(self, step: str, fraction: float) -> None:
        """Record the step."""
        self.steps.append((step, fraction))
