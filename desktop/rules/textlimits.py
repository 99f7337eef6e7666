"""How long a text may be and which characters it may hold, written once.

The wire format (`desktop/sync/wire/fields.py`) builds its bounded field types from these numbers and from
`wire_forbidden`; the counter checks what the agent typed with the same numbers (`check_person_texts`), so what the
counter accepts the central store accepts too. The counter is stricter on characters than the wire (it also refuses
invisible and direction-changing characters a name never holds); it is never looser.
"""

from __future__ import annotations

import unicodedata

from desktop.i18n import N_, _
from desktop.rules.names import foreign_letters
from desktop.rules.types import ERREUR, Violation, party_name

# Wire limits (characters, i.e. code points, as the wire's JSON Schema counts them).
SURNAME_MAX = 100  # Identity.nom
GIVEN_NAME_MAX = 60  # each of Identity.prenoms
GIVEN_NAMES_MAX = 10  # how many given names Identity.prenoms holds
GIVEN_NAMES_TEXT_MAX = GIVEN_NAMES_MAX * (GIVEN_NAME_MAX + 1)  # the given names as one text, one space apart
PLACE_MAX = 100  # Identity.inscription: INSEE commune code or consulate name
ID_MAX = 64  # agent ids, key ids, boot ids
RULE_ID_MAX = 40
LABEL_MAX = 200
PARTY_MAX = 300  # "NOM Prénoms" of the other party in a look-up answer
MESSAGE_MAX = 2000
EMAIL_MAX = 200  # an agent's professional address (AgentEnrol.email)
# Counter-only limits: the address never travels, but it is printed on receipts; nor does an agent's name
# (Agent.display_name), printed on receipts, the Rapport d'activité and the CSV export of acts.
ADDRESS_MAX = 200
AGENT_NAME_MAX = 120

RULE = "R-SAISIE-1"

# Categories a typed name never holds: controls (TAB, NUL, DEL, C1), format characters (zero-width, bidi
# overrides and isolates), surrogates, private use, unassigned; line and paragraph separators.
_DESK_REFUSED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_SHOWN_AS_SPACE = frozenset({"Cc", "Zl", "Zp"})


def wire_forbidden(char: str) -> bool:
    """What the wire refuses in a text: C0 controls (TAB, NUL, newline…) and lone surrogates."""
    code = ord(char)
    return code < 32 or 0xD800 <= code <= 0xDFFF


def desk_forbidden(char: str) -> bool:
    """What the counter refuses in a typed text: everything the wire refuses, and invisible characters."""
    return wire_forbidden(char) or unicodedata.category(char) in _DESK_REFUSED


def shown_text(value: str) -> str:
    """A text another station typed, as a screen may show it: without the invisible and direction-changing characters
    the counter refuses (a U+202E shows « DUBOIS Jean » reversed in a table), each control or line break as a
    space, runs of spaces as one; « - » when nothing is left."""
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if category in _SHOWN_AS_SPACE:
            kept.append(" ")
        elif category not in _DESK_REFUSED:
            kept.append(char)
    return " ".join("".join(kept).split()) or "-"


def text_fault(value: str, *, limit: int) -> str | None:
    """Why a text cannot be kept, in French and without repeating it; None when it can."""
    if len(value) > limit:
        return _("{limit} caractères au plus (ici {count})").format(limit=limit, count=len(value))
    if any(desk_forbidden(c) for c in value):
        return _("caractère invisible ou de contrôle interdit (tabulation, retour à la ligne, caractère de direction…)")
    return None


def agent_name_fault(display_name: str) -> str | None:
    """R-SAISIE-1 for an agent's name as the administrator typed it: why it cannot be kept, in French, or None. A
    « \u202e » in it reversed the name in the CSV export's spreadsheet and in text copied from the report."""
    fault = text_fault(display_name.strip(), limit=AGENT_NAME_MAX)
    return None if fault is None else _("Nom de l'agent : {fault}. Corrigez la saisie.").format(fault=fault)


def name_fault(value: str, *, limit: int) -> str | None:
    """Why a typed name cannot be kept (`text_fault`, or a letter outside the Latin alphabet: a look-alike of another
    script would key the person apart and walk around the limits, rules/names.py), or None."""
    fault = text_fault(value, limit=limit)
    if fault is None and foreign_letters(value):
        return _(
            "lettre hors de l'alphabet latin (cyrillique, grec, petite capitale…) : retapez-la au clavier, en lettres "
            "latines avec leurs accents"
        )
    return fault


def typed_text(value: str) -> str:
    """A typed or pasted text as the act keeps it: canonically composed (NFC: a name pasted from a macOS mail had « e »
    and a combining accent, two characters for one letter), each space of another kind (no-break « \u00a0 », narrow
    no-break « \u202f »…) a plain one, runs of spaces one, none at either end. It reads the same and folds the same
    (rules/names.py); controls and invisible characters are left for `text_fault` to refuse."""
    composed = unicodedata.normalize("NFC", value)
    if composed.isascii() and "  " not in composed:
        return composed.strip()
    spaced = "".join(" " if unicodedata.category(c) == "Zs" else c for c in composed).strip()
    return " ".join(part for part in spaced.split(" ") if part)


def wire_surname(last_name: str) -> str:
    """The surname as the wire carries it (upper case: 'ß' becomes 'SS', so the length is checked after)."""
    return last_name.strip().upper()


def wire_given_names(given_names: str) -> tuple[str, ...]:
    """The given names as the wire carries them: one item per word."""
    return tuple(given_names.split())


_LABELS = {
    "last_name": N_("Nom"),
    "given_names": N_("Prénoms"),
    "commune": N_("Commune ou consulat d'inscription"),
    "address": N_("Adresse"),
}


def check_person_texts(
    who: str, *, last_name: str, given_names: str, commune: str | None = None, address: str | None = None
) -> list[Violation]:
    """R-SAISIE-1: each typed text of a person within the wire's limits, with no invisible character, the names in
    Latin letters."""
    out: list[Violation] = []

    def refuse(name: str, reason: str) -> None:
        out.append(
            Violation(
                RULE,
                _("{LABELS} du {who} : {reason}. Corrigez la saisie.").format(
                    LABELS=_(_LABELS[name]), who=party_name(who), reason=reason
                ),
                f"{who}.{name}",
                ERREUR,
            )
        )

    fault = name_fault(wire_surname(last_name), limit=SURNAME_MAX)
    if fault:
        refuse("last_name", fault)
    names = wire_given_names(given_names)
    fault = name_fault(given_names.strip(), limit=GIVEN_NAMES_TEXT_MAX)
    if fault is None:
        long = [n for n in names if len(n) > GIVEN_NAME_MAX]
        if long:
            fault = _("chaque prénom compte {GIVEN_NAME_MAX} caractères au plus").format(GIVEN_NAME_MAX=GIVEN_NAME_MAX)
        elif len(names) > GIVEN_NAMES_MAX:
            fault = _("{GIVEN_NAMES_MAX} prénoms au plus (ici {count})").format(
                GIVEN_NAMES_MAX=GIVEN_NAMES_MAX, count=len(names)
            )
    if fault:
        refuse("given_names", fault)
    for name, value, limit in (("commune", commune, PLACE_MAX), ("address", address, ADDRESS_MAX)):
        fault = text_fault((value or "").strip(), limit=limit)
        if fault:
            refuse(name, fault)
    return out
