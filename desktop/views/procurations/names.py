"""Names as the counter shows them, by the French convention: NOM in capitals, Prénom capitalised.

Display only: what the agent typed is stored and printed as typed (a legal record is not rewritten behind the
agent's back). A given name typed all in lower case (« jean », « marie-claire ») is shown « Jean », « Marie-Claire »;
a word with any capital letter (« McKenzie », « DUBOIS ») is shown as it stands."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)  # the letters between spaces, hyphens and apostrophes


def shown_given_names(text: str) -> str:
    """« jean-paul » → « Jean-Paul »; words holding a capital letter are left as typed. Composed first: the word
    pattern stops at a combining accent (« he\u0301le\u0300ne » was shown « HéLèNe »)."""
    text = unicodedata.normalize("NFC", text)

    def word(match: re.Match[str]) -> str:
        letters = match.group(0)
        return letters[:1].upper() + letters[1:] if letters.islower() else letters

    return " ".join(_WORD.sub(word, part) if part.islower() else part for part in text.split())


def shown_name(last_name: str, given_names: str) -> str:
    """« NOM Prénoms »: the surname in capitals, the given names capitalised."""
    return " ".join(p for p in (last_name.strip().upper(), shown_given_names(given_names)) if p)


def shown_person(text: str) -> str:
    """A person line already put together (« DUBOIS jean », « THOMAS sophie → DUBOIS »): each word typed all in
    lower case is capitalised. Surnames are held in capitals, so only given names change."""
    return " ".join(shown_given_names(part) if part.islower() else part for part in text.split(" "))
