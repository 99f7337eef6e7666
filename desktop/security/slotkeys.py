"""What key slots are made of, apart from the slot file: the refusals, the unwrapped key, the contexts that bind
sealed boxes to their purpose, and the key material's layout (database key, then the audit root after a re-key)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from desktop.i18n import N_, _
from desktop.security.logins import lookup_form

KEY_BYTES = 32
ESCROW_CONTEXT = b"guichet database key escrow"
BAD_LOGIN = N_("Identifiant ou mot de passe incorrect.")
# The same words whoever the login is (an unknown login's counter locks too): no rank, nor account, is revealed.
LOCKED = N_(
    "Compte verrouillé après trop d'essais. Un superviseur déverrouille le compte d'un agent, l'administrateur celui "
    "d'un superviseur ; sinon, et pour l'administrateur, « Mot de passe oublié ? » le rouvre (code du répertoire "
    "central)."
)


class LoginRefused(Exception):
    """A login that did not open the key; `message` is French for the agent, never with personal data."""

    def __init__(self, message: str, *, code: str, retry_at: datetime | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code  # mauvais_mot_de_passe, delai, verrouille, inconnu, secret_absent
        self.retry_at = retry_at


class DeviceSecretMissing(LoginRefused):
    """Key slots exist but their device secret is nowhere to be found: only the escrow recovery opens the store."""

    def __init__(self, where: str | None) -> None:
        place = {"trousseau": _("le trousseau du système"), "fichier": _("le dossier du poste")}.get(where or "", "")
        super().__init__(
            _("Le secret de ce poste est introuvable")
            + (_(" (il était dans {place})").format(place=place) if place else "")
            + _(
                " : aucun mot de passe ne peut ouvrir la base. Rétablissez cet emplacement, ou récupérez "
                "l'accès par le séquestre du répertoire central (« Mot de passe oublié ? », code de "
                "réinitialisation)."
            ),
            code="secret_absent",
        )


@dataclass(frozen=True, slots=True)
class Unlocked:
    """A successful unwrap: the database key, whose slot opened it, and the success to record in the audit log.

    `audit_root` is what the audit chain's key derives from: the store's first database key, unchanged by re-keys.
    `next_key` is set when a re-key was interrupted: the caller tries it when `database_key` does not open.
    """

    database_key: bytes
    agent_id: str
    must_change: bool
    pending_attempts: tuple[dict[str, str], ...]
    audit_root: bytes | None = None
    next_key: tuple[bytes, bytes] | None = None
    generation: int = 0  # the slot's generation as its binding proves it (0: none proved)

    @property
    def root(self) -> bytes:
        return self.audit_root or self.database_key


def escrow_context(station_code: str) -> bytes:
    """The sealed-box context of a station's escrow copy (the central store opens it with the same)."""
    return ESCROW_CONTEXT + b"|" + station_code.encode("utf-8")


def reset_context(login: str) -> bytes:
    """The sealed-box context of a database key returned by the central store for a password reset."""
    return b"guichet reset|" + lookup_form(login).encode("utf-8")


def split_material(material: bytes) -> tuple[bytes, bytes]:
    """(database key, audit root) from an escrow or slot payload: 32 bytes (never re-keyed) or 64."""
    if len(material) == KEY_BYTES:
        return material, material
    if len(material) == 2 * KEY_BYTES:
        return material[:KEY_BYTES], material[KEY_BYTES:]
    raise ValueError("key material must be 32 or 64 bytes")


AUTHORITY_CONTEXT = b"guichet central authority v1"


def central_authority(database_key: bytes) -> bytes:
    """What the station proves its central requests with: derived from the database key, so the central store
    derives the same from the station's escrow copy, and the bearer token alone (readable on a stolen disk) proves
    nothing (central audit, 4 December 2026). Never the key itself: the proof reveals nothing of it."""
    return hmac.new(database_key, AUTHORITY_CONTEXT, hashlib.sha256).digest()


def authority_proof(authority: bytes, purpose: bytes) -> str:
    """The proof of one request (64 hexadecimal digits): an HMAC of what it asks for under the authority."""
    return hmac.new(authority, purpose, hashlib.sha256).hexdigest()


def agent_purpose(*, agent_id: str, login: str, role: str, capacity: str, email: str | None) -> bytes:
    """What an agent's enrolment proves: every field the central store keeps of the agent (the e-mail as it keeps
    it: trimmed, in lower case)."""
    kept_email = (email or "").strip().lower()
    return "\x1f".join(("agent", agent_id, login, role, capacity, kept_email)).encode("utf-8")


def deactivation_purpose(agent_id: str) -> bytes:
    """What an agent's deactivation proves: which agent."""
    return b"deactivate\x1f" + agent_id.encode("utf-8")


def escrow_purpose(box: bytes, roster: Collection[str] | None = None) -> bytes:
    """What replacing the escrow copy proves: the new copy itself, and the station's agents when it sends them."""
    if roster is None:
        return b"escrow\x1f" + box
    return b"escrow\x1f" + box + b"\x1fagents\x1f" + "\x1f".join(sorted(roster)).encode("utf-8")


def key_check(database_key: bytes) -> str:
    """Recognises the current database key without revealing it (kept in keyslots.json)."""
    return hmac.new(database_key, b"guichet database key check v1", hashlib.sha256).hexdigest()[:32]


def raw_private(private: X25519PrivateKey) -> bytes:
    # private_bytes_raw() needs cryptography 40; the system Python of an installed station may have an older one.
    return private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def slot_aad(station_code: str, agent_id: str) -> bytes:
    # Bind each wrapped key to its station and agent: a slot copied under another agent's id does not open.
    return f"guichet key slot v1|{station_code}|{agent_id}".encode()


ESCROW_OWNER = "escrow"  # the escrow key's owner in `public_binding` (agent ids are UUIDs: never this word)


def public_binding(database_key: bytes, station_code: str, owner: str, public: bytes, generation: int = 0) -> str:
    """An HMAC, under the database key, of a public key the station seals that key to (an agent's slot, the escrow)
    and of the slot's generation: whoever edits keyslots.json without the key cannot make one, so a re-key never
    seals to a key planted there, and an older slot put back cannot claim a newer generation."""
    mac_key = hmac.new(database_key, b"guichet public key binding v1", hashlib.sha256).digest()
    head = f"{station_code}\x1f{owner}\x1f{generation}\x1f".encode()
    return hmac.new(mac_key, head + public, hashlib.sha256).hexdigest()


def bound(
    database_key: bytes,
    station_code: str,
    owner: str,
    public: bytes | None,
    binding: str | None,
    generation: int = 0,
) -> bool:
    """True when `binding` is the station's own for this public key and generation (see `public_binding`)."""
    if public is None or binding is None:
        return False
    return hmac.compare_digest(public_binding(database_key, station_code, owner, public, generation), binding)


def generation_counter(agent_id: str) -> str:
    """The store's counter (`sequence_counters`) of an agent's latest slot generation: a slot file's entry older
    than it (a copy put back: an old password) opens nothing (counter audit)."""
    return "slot." + agent_id.replace("-", "")[:35]


def seal_context(station_code: str, agent_id: str) -> bytes:
    return f"guichet key slot v2|{station_code}|{agent_id}".encode()
