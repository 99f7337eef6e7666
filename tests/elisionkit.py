"""French elision: « de », « que », « ne »… before a vowel lose their e (« d'établir », not « de établir »)."""

from __future__ import annotations

import re

# A particle then a word starting with a vowel. Not after a hyphen (« faites-la établir », « rappelez-le au »: object
# pronouns after an imperative do not elide) nor after an apostrophe; « h » is left out (aspirated or not: a word
# list's job), and so are words French does not elide before (« le onze », « de oui »).
ELISION_MISSED = re.compile(
    r"(?<![\w'’-])(de|De|que|Que|ne|Ne|jusque|lorsque|puisque|je|Je|me|te|se)"
    r" (?!onze\b|oui\b|ouï)([aeiouyéèêàâîôûœAEIOUYÉÈÊÀÂÎÔÛŒ])"
)

# « de » before a placeholder that holds a name or a login (« le récépissé de {who} »): the value may start with a
# vowel (« de ARNAUD Marie », « de Agent de démonstration »); the sentence is worded so that no particle stands there
# (« du mandant {who} », « du compte {login} »). Numbers, dates, durations and lists after « de » are fine.
NAMED = ("who", "login", "opj", "surname", "name", "nom", "agent", "mandant", "mandataire", "person")
PARTICLE_BEFORE_A_NAME = re.compile(r"(?<![\w'’-])(de|De|que|Que) \{(" + "|".join(NAMED) + r")\}")
