"""Password policy (CNIL 2022-100, ASVS V6): length or passphrase, estimated entropy, common passwords refused."""

from __future__ import annotations

import math
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from desktop import resources
from desktop.i18n import _

MIN_LENGTH = 12
MIN_PASSPHRASE_WORDS = 4
MIN_ENTROPY_BITS = 80.0  # CNIL 2022-100 when the password alone protects
_SEPARATORS = re.compile(r"[\s\-_.,;:/+]+")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_KEYBOARD_ROWS = (
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
)
# Readable alphabet for generated passwords: no 0/O, 1/l/I that agents confuse when typing.
_GEN_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%*+=?@"


@dataclass(frozen=True, slots=True)
class PasswordVerdict:
    """The policy's answer: accepted or not, the French reasons, and the entropy estimate in bits."""

    accepted: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)
    entropy_bits: float = 0.0


@lru_cache(maxsize=4)
def _load_list(name: str) -> frozenset[str]:
    lines = resources.read_text("security", name).splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def common_passwords() -> frozenset[str]:
    """The shipped list of common and breached-pattern passwords, lower-cased."""
    return _load_list("common_passwords.txt")


def word_list() -> tuple[str, ...]:
    """The shipped French word list used for generated passphrases and dictionary detection."""
    return tuple(sorted(_load_list("fr_words.txt")))


def _fold(text: str) -> str:
    """Lower-case, accent-free form used for dictionary comparisons."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _pool(chars: str) -> int:
    pool = 0
    if any(c.islower() and c.isascii() for c in chars):
        pool += 26
    if any(c.isupper() and c.isascii() for c in chars):
        pool += 26
    if any(c.isdigit() for c in chars):
        pool += 10
    if any(not c.isalnum() and c.isascii() for c in chars):
        pool += 33
    if any(not c.isascii() for c in chars):
        pool += 40  # accented letters and other Unicode
    return max(pool, 1)


def _is_sequence(chunk: str) -> bool:
    folded = chunk.lower()
    return any(folded in row or folded in row[::-1] for row in _KEYBOARD_ROWS)


def estimate_entropy(password: str) -> float:
    """A conservative estimate in bits: dictionary words, keyboard runs and repeats count for little."""
    if not password:
        return 0.0
    words = frozenset(word_list()) | _base_words()
    per_char = math.log2(_pool(password))
    bits = 0.0
    for token in re.findall(r"[^\W\d_]+|\d+|[\W_]+", password):
        folded = _fold(token)
        if folded in words and len(folded) >= 3:
            # A dictionary word is one pick out of the list, plus a bit when it is capitalised.
            bits += math.log2(len(words)) + (1.0 if token[:1].isupper() else 0.0)
        elif token.isdigit() and len(token) == 4 and token[:2] in ("19", "20"):
            bits += 7.0  # a year: about a century of likely values
        else:
            bits += _chunk_bits(token, per_char)
    return bits


def _chunk_bits(token: str, per_char: float) -> float:
    bits = 0.0
    i = 0
    while i < len(token):
        # Extend over a repeat (aaaa) or a keyboard/alphabet run (abcd, 1234, azer): first char full, rest ~1 bit.
        j = i + 1
        while j < len(token) and (token[j] == token[i] or _is_sequence(token[i : j + 1])):
            j += 1
        run = j - i
        bits += per_char + (run - 1) * 1.0 if run >= 3 else per_char * run
        i = j
    return bits


@lru_cache(maxsize=1)
def _base_words() -> frozenset[str]:
    """Common passwords stripped of their digit and symbol decorations (soleil2024! → soleil)."""
    bases = set()
    for entry in common_passwords():
        core = re.sub(r"[\d\W_]+$", "", entry)
        if len(core) >= 4:
            bases.add(_fold(core))
    return frozenset(bases)


def _is_common(password: str, extra: frozenset[str]) -> bool:
    lowered = password.lower()
    known = common_passwords() | extra
    if lowered in known:
        return True
    # Variations of a common password: leet-speak undone, separators and decorations removed.
    core = _fold(lowered.translate(_LEET))
    core = re.sub(r"[\W_]+", "", core)
    stripped = re.sub(r"[\d]+$", "", core)
    return core in known or stripped in _base_words() or (len(set(core)) <= 2)


def check_password(
    password: str, *, login: str | None = None, names: tuple[str, ...] = (), extra_refused: frozenset[str] = frozenset()
) -> PasswordVerdict:
    """Apply the policy; every refusal reason is a French sentence for the agent."""
    reasons: list[str] = []
    words = [w for w in _SEPARATORS.split(password.strip()) if w]
    passphrase = len(words) >= MIN_PASSPHRASE_WORDS
    if len(password) < MIN_LENGTH and not passphrase:
        reasons.append(
            _(
                "Le mot de passe doit compter au moins {MIN_LENGTH} caractères, ou être une phrase de "
                "passe d'au moins {MIN_PASSPHRASE_WORDS} mots."
            ).format(MIN_LENGTH=MIN_LENGTH, MIN_PASSPHRASE_WORDS=MIN_PASSPHRASE_WORDS)
        )
    if _is_common(password, frozenset(e.lower() for e in extra_refused)):
        reasons.append(_("Ce mot de passe est trop courant ou figure dans une liste de mots de passe divulgués."))
    folded = _fold(password)
    personal = [p for p in (login, *names) if p and len(p) >= 3]
    if any(_fold(p) in folded for p in personal):
        reasons.append(_("Le mot de passe ne doit pas contenir votre identifiant ni votre nom."))
    entropy = estimate_entropy(password)
    if entropy < MIN_ENTROPY_BITS and not reasons:
        reasons.append(
            _(
                "Le mot de passe est trop prévisible : allongez-le, mêlez majuscules, minuscules, "
                "chiffres et signes, ou choisissez une phrase de passe de mots sans rapport entre eux."
            )
        )
    return PasswordVerdict(accepted=not reasons, reasons=tuple(reasons), entropy_bits=round(entropy, 1))


def generate_password(*, passphrase: bool = False) -> str:
    """A strong password to propose (seed 003): 16 readable characters, or enough random words for 80 bits."""
    if not passphrase:
        while True:
            chars = [secrets.choice(_GEN_ALPHABET) for _ in range(16)]
            candidate = "-".join("".join(chars[i : i + 4]) for i in range(0, 16, 4))
            if check_password(candidate).accepted:
                return candidate
    words = word_list()
    digits_bits = math.log2(100)
    count = math.ceil((MIN_ENTROPY_BITS - digits_bits) / math.log2(len(words)))
    picked = [secrets.choice(words) for _ in range(count)]
    return "-".join(picked) + f"-{secrets.randbelow(100):02d}"


def generated_entropy_bits(*, passphrase: bool = False) -> float:
    """The real entropy of generate_password's output (by construction, not estimated)."""
    if not passphrase:
        return 16 * math.log2(len(_GEN_ALPHABET))
    words = word_list()
    count = math.ceil((MIN_ENTROPY_BITS - math.log2(100)) / math.log2(len(words)))
    return count * math.log2(len(words)) + math.log2(100)
