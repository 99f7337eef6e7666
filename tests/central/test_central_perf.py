"""The shortcuts the apply path takes for speed (issue 21) say exactly what the slow forms said."""

from __future__ import annotations

import re
import unicodedata

from central.register import norm
from desktop.rules.textlimits import wire_forbidden
from desktop.sync.wire.fields import WIRE_FORBIDDEN


def test_wire_forbidden_pattern_is_wire_forbidden() -> None:
    for code in range(0x110000):
        char = chr(code)
        assert bool(WIRE_FORBIDDEN.search(char)) == wire_forbidden(char), hex(code)


def _slow_norm(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", plain).split())


def test_norm_is_the_unicode_normalisation() -> None:
    samples = [
        "Dupont",
        "  de la   Tour-d'Auvergne ",
        "Müller",
        "ÉLODIE",
        "straße",
        "Ŀlorenç",
        "ﬁnn",
        "a\u0301",
        "",
        "½",
    ]
    samples += [chr(c) for c in range(32, 0x250)]
    for value in samples:
        assert norm(value) == _slow_norm(value), value
