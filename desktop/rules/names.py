"""The one fold of a person's name: how two names are compared, on the counter and at the central store alike.

A name is folded, never rewritten: what is printed and sent is what the agent typed or the document gave (composed,
its spaces plain: a paste from an e-mail is the name it reads, rules/textlimits.py `typed_text`). Two
spellings of one name must fold equal, or a limit (R-LIMIT-1, R-LIMIT-2) and the party rules (R-PARTY-4) can be
walked around by typing a name another way; two different names must stay apart. `fold_name`:

1. compatibility forms become plain letters (Unicode NFKD: fullwidth « ＭＡＲＴＩＮ », ligatures « ﬁ », « ㎯ »);
2. accents and every other combining mark are dropped (« Lefèvre » is « LEFEVRE »);
3. letters that NFKD does not split are spelt out: « Œ » is « OE », « Æ » is « AE », « ß » and « ẞ » are « SS »,
   « Ø » is « O », « Ł » is « L », « Đ » is « D »…;
4. upper case;
5. capitals of the Cyrillic and Greek alphabets drawn like Latin ones (a keyboard layout or an OCR can give them:
   « МАRTIN » with a Cyrillic « М » and « А ») are read as those Latin letters; other letters of those alphabets,
   and letters of any other script, stay as they are: they never fold to nothing, so two names written in another
   script stay distinct (the register writes names in Latin letters; a look-alike of another script is not read);
6. every run of other characters (spaces, hyphen, apostrophes ' ’ ʼ, dots, commas, the MRZ filler « < ») is one
   space, none at either end: « L’Hôte », « L'HOTE », « L-HOTE » and the MRZ's « L<HOTE » are « L HOTE ».

Word boundaries count: « DE LA FONTAINE » and « DELAFONTAINE » are two names, as the register and civil status write
them (gluing the words would also merge « MARTIN ECLAIRE » with « MARTINE CLAIRE » in the counter's name-and-given-
names key, and change the key of every stored name with a space). An MRZ that omits an apostrophe (« LHOTE ») is
therefore not the typed « L'Hôte »: the agent corrects the field, or the NNE identifies the person.

The look-alikes of step 5 cannot be complete (a small Greek « ν » is drawn like « v » but its capital like « N »;
Armenian, Cherokee or Lisu letters, Latin small capitals « ᴍ », the eth « Ð » beside « Đ », invisible Hangul fillers),
so the counter does not rely on them: `foreign_letters` says whether a typed name holds a letter outside the Latin
alphabet, and the counter refuses it (R-SAISIE-1, rules/textlimits.py); the fold keeps reading them at the central
store, where an identity the register does not know is refused (R-PARTY-1, R-PARTY-2).

The fold is idempotent (`fold_name(fold_name(x)) == fold_name(x)`) and blind to case (`fold_name(x.upper()) ==
fold_name(x)`: the wire carries surnames upper-cased). The central store keeps it in its electors
register (`nom_key`, `nom_usage_key`) and the counter in `electors.search_name`: a change here needs a migration of
both (central/register.py `rekey_electors`, desktop migration 0012).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin letters NFKD leaves whole (no combining mark to drop), spelt as French documents and the MRZ spell them.
_SPELT = {
    "Œ": "OE",
    "œ": "OE",
    "Æ": "AE",
    "æ": "AE",
    "ß": "SS",
    "ẞ": "SS",
    "Ø": "O",
    "ø": "O",
    "Ł": "L",
    "ł": "L",
    "Đ": "D",
    "đ": "D",
    "Ħ": "H",
    "ħ": "H",
    "ı": "I",
    "Þ": "TH",
    "þ": "TH",
}
# Cyrillic and Greek capitals drawn like a Latin capital. The fold upper-cases first, so a small letter counts as its
# capital (« а » is « А », read as « A »); mapping a small letter on its own would make a name typed in small letters
# and the same name upper-cased (as the wire carries surnames: textlimits.wire_surname) fold apart.
_LOOKALIKES = {
    # Cyrillic
    "А": "A",
    "В": "B",
    "Е": "E",
    "Ѕ": "S",
    "І": "I",
    "Ј": "J",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "У": "Y",
    "Х": "X",
    "Һ": "H",
    "Ԁ": "D",
    "Ԛ": "Q",
    "Ԝ": "W",
    "Ү": "Y",
    # Greek
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
}
_TABLE = str.maketrans({**_SPELT, **_LOOKALIKES})
_NOT_ALNUM_ASCII = re.compile(r"[^A-Z0-9]+")
SEPARATOR = " "


def _kept(char: str) -> bool:
    """A letter or a digit of a name; a modifier letter (« ʼ », U+02BC, an apostrophe) is punctuation here."""
    category = unicodedata.category(char)
    return (category[0] == "L" and category != "Lm") or category[0] == "N"


@lru_cache(maxsize=1 << 16)
def fold_name(text: str) -> str:
    """The compared form of a name (see the module): upper-case letters and digits, one space between words.

    Cached, and an ASCII text skips the Unicode tables (they would change nothing): the central store's apply path
    folds every name of a batch (issue 21).
    """
    if text.isascii():
        return SEPARATOR.join(_NOT_ALNUM_ASCII.sub(SEPARATOR, text.upper()).split())
    # Upper-casing can decompose again (« ŉ » is « ʼN », « ǰ » is « J » and a caron): NFKD after it too.
    upper = _bare(_bare(text).upper()).translate(_TABLE)
    return SEPARATOR.join("".join(c if _kept(c) else SEPARATOR for c in upper).split())


def _bare(text: str) -> str:
    """The text in compatibility decomposition (NFKD), without its combining marks (accents)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c)[0] != "M")


def foreign_letters(text: str) -> bool:
    """Whether a name holds a letter or digit that is not of the Latin alphabet once its accents are dropped: another
    script (Cyrillic « а », Greek « ν », Hangul fillers…), a Latin letter the register never writes (« ᴍ », « Ð »,
    « ə »), a digit of another script (« ٣ »). Fullwidth letters and the letters step 3 spells out are Latin."""
    if text.isascii():
        return False
    return any(not c.isascii() and c not in _SPELT and _kept(c) for c in _bare(text))


def same_name(a: str, b: str) -> bool:
    """Whether two spellings are the same name once folded."""
    return fold_name(a) == fold_name(b)


def given_names_agree(a: str, b: str) -> bool:
    """Whether two lists of given names may name one person: the words of one are all among the other's, in any
    order (« Jean Paul », « Paul Jean », « Jean », « Jean-Paul » agree; « Marie Anne » and « Marie Claire », twins'
    names, do not). Only for counting a person's procurations when no NNE tells (R-LIMIT-1, R-VALID-6): a given name
    left out or typed in another order walked around the limits; an empty list agrees only with an empty one."""
    mine, theirs = set(fold_name(a).split()), set(fold_name(b).split())
    if not mine or not theirs:
        return mine == theirs
    return mine <= theirs or theirs <= mine


def typed_name(text: str) -> tuple[str, str]:
    """The surname and the given names in one typed search (Rechercher, Résilier): the central store and the
    résiliation's identity take them apart, and a surname may have several words (« LE GALL », « DE LA TOUR »).

    Where the agent says it, the split is theirs: before a comma (« le gall, yann »), or where the surname written in
    capitals ends, as French forms write names (« LE GALL Yann Marie »). Otherwise the first word is the surname
    (« dubois jean marie »): the central store tries the other splits of the same words when the register knows no
    such surname (central/register.py `resolve_typed`), and the agent corrects the identity from the document."""
    head, comma, tail = text.partition(",")
    if comma:
        return " ".join(head.split()), " ".join(tail.replace(",", " ").split())
    words = text.split()
    # A word without a letter (« - », a stray mark) goes with the words before it: « LE GALL - Yann » is LE GALL's,
    # where it began the given names, and the central store compared « - » with the register's first given name.
    capitals = 0
    while capitals < len(words) and not _lower_case(words[capitals]):
        capitals += 1
    if capitals < len(words) and any(_letters(word) for word in words[:capitals]):
        return " ".join(words[:capitals]), " ".join(words[capitals:])  # the given names start at the first word
    first = next((i for i, word in enumerate(words) if _letters(word)), 0) + 1  # not in capitals; else the first
    return " ".join(words[:first]), " ".join(words[first:])


def _letters(word: str) -> bool:
    return any(c.isalpha() for c in word)


def _lower_case(word: str) -> bool:
    """A word holding a lower-case letter that has a capital of its own: « STRAßE » is in capitals (« ß » has none
    but « SS »; a German surname in capitals keeps it), « Straße » is not."""
    return any(c.islower() and len(c.upper()) == 1 for c in word)
