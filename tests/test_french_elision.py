"""Every French message elides before a vowel (« ne permet pas d'établir », never « de établir »): the gettext
messages as the code holds them (Babel's extraction, tools/i18n_gettext.py) and the Qt screens' sources (.ts)."""

from __future__ import annotations

import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from elisionkit import ELISION_MISSED, PARTICLE_BEFORE_A_NAME

ROOT = Path(__file__).resolve().parents[1]


def _gettext_messages() -> list[str]:
    spec = importlib.util.spec_from_file_location("i18n_gettext", ROOT / "tools" / "i18n_gettext.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("i18n_gettext", module)
    spec.loader.exec_module(module)
    out = []
    for message in module.extracted(ROOT):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        out += [i for i in ids if i]
    return out


def test_the_guard_sees_a_missed_elision_and_lets_the_right_forms_pass() -> None:
    for wrong in ("ne permet pas de établir", "Heure de arrivée", "ne est pas", "jusque au vote", "de Élodie"):
        assert ELISION_MISSED.search(wrong), wrong
    for right in ("ne permet pas d'établir", "Faites-la établir", "rappelez-le au demandeur", "le onze", "de {label}"):
        assert not ELISION_MISSED.search(right), right


def test_no_gettext_message_misses_an_elision() -> None:
    messages = _gettext_messages()
    assert len(messages) > 500  # the extraction found the code's messages
    assert [m for m in messages if ELISION_MISSED.search(m)] == []


def test_no_screen_text_misses_an_elision() -> None:
    tree = ET.parse(ROOT / "desktop" / "resources" / "i18n" / "guichet_en.ts")
    sources = [s.text or "" for s in tree.iter("source")]
    assert len(sources) > 500
    assert [s for s in sources if ELISION_MISSED.search(s)] == []


def test_no_particle_stands_before_a_name_filled_in_later() -> None:
    """« Réimprimer le récépissé de {who} » read « … de ARNAUD Marie »; « sous le visa de {opj} » read « sous le visa
    de Agent de démonstration » in the demo."""
    for wrong in ("Réimprimer le récépissé de {who}", "Mot de passe de {login}", "sous le visa de {opj}"):
        assert PARTICLE_BEFORE_A_NAME.search(wrong), wrong
    for right in ("du mandant {who}", "de {count} jours", "de {gap}", "de l'OPJ {opj}"):
        assert not PARTICLE_BEFORE_A_NAME.search(right), right
    tree = ET.parse(ROOT / "desktop" / "resources" / "i18n" / "guichet_en.ts")
    texts = [s.text or "" for s in tree.iter("source")] + _gettext_messages()
    assert [t for t in texts if PARTICLE_BEFORE_A_NAME.search(t)] == []
