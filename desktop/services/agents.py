"""What runs before a service context exists: first set-up, login (offline after enrolment), reset with a code, and
the opened session's own password checks (lock screen, OPJ visa, forced change).

None of these can take the `ServiceContext`: there is no acting agent yet (the password is what establishes one) and,
before the login, no opened store. Managing the station's accounts once an agent is logged in is
`services/accounts.AgentAccounts(ctx, ...)`.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Agent, SequenceCounter
from desktop.models.db import Store, StoreError, open_store
from desktop.models.ids import uuid7
from desktop.rules.terms import Capacity, Role
from desktop.rules.textlimits import agent_name_fault
from desktop.security.central_api import CentralRefused, CentralSecurity, CentralUnavailable
from desktop.security.hkdf import derive_audit_key
from desktop.security.keyslots import (
    KEY_BYTES,
    KeySlots,
    LoginRefused,
    SlotKeyProvider,
    Unlocked,
    key_check,
    reset_context,
    split_material,
)
from desktop.security.logins import LoginError, lookup_form, normalise_login
from desktop.security.passwords import check_password
from desktop.security.sealed import SealedBoxError, open_sealed, public_bytes
from desktop.security.slotkeys import agent_purpose, authority_proof, central_authority, generation_counter
from desktop.services.audit_log import record_login_attempts
from desktop.services.central_catch_up import catch_up_central
from desktop.services.journal import Actor, action, audit
from desktop.services.permissions import PermissionDenied, Principal
from desktop.services.warm_up import warm_up

log = logging.getLogger(__name__)
LOCKED_FOREVER = datetime(9999, 12, 31, tzinfo=UTC)  # "until a supervisor unlocks" in Agent.locked_until

__all__ = [
    "AccountError",
    "LoginRefused",
    "LoginResult",
    "SignedIn",
    "first_setup",
    "from_above",
    "login",
    "offline_error",
    "recover_from_escrow",
    "reset_route",
    "reset_with_code",
]


class AccountError(Exception):
    """An account operation refused; `message` is French for the agent (no personal data)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class LoginResult:
    """An opened store and who opened it; `must_change` asks for a new password at once."""

    store: Store
    principal: Principal
    database_key: bytes
    must_change: bool
    login_at: datetime
    audit_root: bytes | None = None  # the audit chain's key source when the store was re-keyed (keyslots.Unlocked)

    @property
    def root(self) -> bytes:
        return self.audit_root or self.database_key


def _checked(password: str, *, login: str, names: tuple[str, ...] = ()) -> None:
    verdict = check_password(password, login=login, names=names)
    if not verdict.accepted:
        raise AccountError(" ".join(verdict.reasons))


def checked_login(login_name: str) -> str:
    """The stored form of a new login (NFKC, lower case); AccountError on invisible or control characters."""
    try:
        return normalise_login(login_name)
    except LoginError as exc:
        raise AccountError(exc.message) from None


def store_without_slots(database: Path, slots: KeySlots) -> bool:
    """A database file with content but no keyslots.json beside it: set-up must not run over it (item 7)."""
    try:
        has_data = database.stat().st_size > 0
    except FileNotFoundError:
        return False
    return has_data and not slots.exists()


def from_above() -> str:
    """Who resets a password at the station, said to someone whose rank is not known yet (before the login: the
    same answer whoever the login is): a supervisor an agent's; a supervisor's or the administrator's, nobody."""
    return _(
        "Un agent peut aussi demander à un superviseur de réinitialiser son mot de passe à ce poste ; pour un "
        "superviseur ou l'administrateur, seul un code du répertoire central le permet (« Mot de passe oublié ? »)."
    )


def reset_route(role: str) -> str:
    """Who resets this account's password at the station: a password is reset only from above, and the
    administrator, who resets none, has no one above (services/accounts.AgentAccounts.reset_by_supervisor)."""
    if role in (Role.SUPERVISEUR, Role.ADMINISTRATEUR):
        return _(
            "Utilisez « Mot de passe oublié ? » : le mot de passe d'un superviseur ou de l'administrateur se "
            "réinitialise par un code du répertoire central, personne à ce poste ne le peut."
        )
    return _(
        "Demandez à un superviseur de réinitialiser votre mot de passe, ou utilisez « Mot de passe oublié ? » "
        "(code du répertoire central)."
    )


def offline_error() -> AccountError:
    return AccountError(_("Le répertoire central est injoignable : cette opération nécessite d'être en ligne."))


def first_setup(
    *,
    database: Path,
    slots: KeySlots,
    central: CentralSecurity,
    station_kind: str,
    login_name: str,
    display_name: str,
    password: str,
    now: datetime,
    email: str | None = None,
) -> LoginResult:
    """Enrol this station's first administrator: needs the central store (escrow and enrolment), then works offline.

    Refused, before anything is sent to the central store, when a store already exists: over a database without its
    key slots a set-up would make a slot file for a key that does not open it (issue 15, item 7); the way back is
    the escrow recovery (`recover_from_escrow`).
    """
    if slots.exists():
        raise AccountError(_("Ce poste est déjà configuré : connectez-vous avec votre identifiant."))
    if store_without_slots(database, slots):
        raise AccountError(
            _(
                "Une base existe déjà à ce poste mais son fichier de clés (keyslots.json) est absent : "
                "la première configuration la rendrait illisible. Restaurez keyslots.json depuis une "
                "sauvegarde, ou récupérez l'accès par le séquestre du répertoire central (code de "
                "réinitialisation d'un agent de ce poste)."
            )
        )
    login_name = checked_login(login_name)
    if fault := agent_name_fault(display_name):
        raise AccountError(fault)
    _checked(password, login=login_name, names=(display_name,))
    agent_id = uuid7()
    # The key first: the enrolment is proved with it, and the central store then takes the first escrow copy of this
    # key only (central/escrow_roots.py): else a stolen token could put a key of its own (central audit, 4 Dec. 2026).
    key = secrets.token_bytes(KEY_BYTES)
    role, capacity = Role.ADMINISTRATEUR, Capacity.ADMINISTRATEUR
    purpose = agent_purpose(agent_id=agent_id, login=login_name, role=role, capacity=capacity, email=email)
    try:
        escrow_key = central.escrow_public_key()
        central.enrol_agent(
            agent_id=agent_id,
            login=login_name,
            role=role,
            capacity=capacity,
            email=email,
            proof=authority_proof(central_authority(key), purpose),
        )
    except CentralUnavailable:
        raise offline_error() from None
    except CentralRefused as exc:
        raise AccountError(exc.message) from None
    slots.initialise(escrow_public_key=escrow_key, database_key=key)
    slots.add(agent_id=agent_id, login=login_name, password=password, database_key=key, now=now)
    store = open_store(database, SlotKeyProvider(Unlocked(key, agent_id, False, ())))
    principal = Principal(
        station_code=slots.station_code,
        agent_id=agent_id,
        role=Role.ADMINISTRATEUR,
        capacity=Capacity.ADMINISTRATEUR,
        station_kind=station_kind,
    )
    with action(store) as s:
        s.add(
            Agent(
                id=agent_id,
                login=login_name,
                display_name=display_name,
                role=Role.ADMINISTRATEUR,
                capacity=Capacity.ADMINISTRATEUR,
                active=True,
                failed_logins=0,
                created_at=now,
            )
        )
        audit(s, actor=principal, action_name="agent.enrole", now=now, record_kind="agent", record_id=agent_id)
    catch_up_central(slots, central, store, now=now, database_key=key, audit_root=key)
    log.info("station set up with its first administrator %s", agent_id)
    return LoginResult(store=store, principal=principal, database_key=key, must_change=False, login_at=now)


def login(
    *, database: Path, slots: KeySlots, login_name: str, password: str, station_kind: str, now: datetime
) -> LoginResult:
    """Open the store with an agent's password (offline); raises LoginRefused or AccountError."""
    unlocked = slots.unlock(login=login_name, password=password, now=now)
    store, unlocked = _open_unlocked(database, slots, unlocked)
    try:
        principal = _after_unlock(store, slots, unlocked, station_kind=station_kind, now=now)
    except (AccountError, LoginRefused):
        store.close()
        raise
    warm_up(database)  # the morning's first look-ups: the file into the OS cache, in the background
    return LoginResult(
        store=store,
        principal=principal,
        database_key=unlocked.database_key,
        must_change=unlocked.must_change,
        login_at=now,
        audit_root=unlocked.root,
    )


def _open_unlocked(database: Path, slots: KeySlots, unlocked: Unlocked) -> tuple[Store, Unlocked]:
    """Open the store with the slot's key; after a re-key cut short, with the new key (and finish the re-key)."""
    try:
        return open_store(database, SlotKeyProvider(unlocked), audit_root=unlocked.root), unlocked
    except StoreError:
        if unlocked.next_key is None:
            raise
    key, root = unlocked.next_key
    following = replace(unlocked, database_key=key, audit_root=root, next_key=None)
    store = open_store(database, SlotKeyProvider(following), audit_root=root)
    slots.commit_rekey(key, root, old_key=unlocked.database_key)
    log.warning("an interrupted re-key was completed at login")
    return store, following


def note_generation(s: Session, agent_id: str, generation: int) -> None:
    """The store keeps an agent's latest slot generation (never lowered): an older entry put back in keyslots.json
    (a copy of the file, an old password) opens nothing any more (counter audit)."""
    name = generation_counter(agent_id)
    counter = s.get(SequenceCounter, name)
    if counter is None:
        s.add(SequenceCounter(name=name, value=generation))
    elif generation > counter.value:
        counter.value = generation


def known_generation(s: Session, agent_id: str) -> int:
    """The latest slot generation the store knows for an agent (0: none yet)."""
    counter = s.get(SequenceCounter, generation_counter(agent_id))
    return counter.value if counter is not None else 0


def _after_unlock(store: Store, slots: KeySlots, unlocked: Unlocked, *, station_kind: str, now: datetime) -> Principal:
    with action(store) as s:
        attempts = [*slots.take_pending(), *((unlocked.agent_id, a) for a in unlocked.pending_attempts)]
        record_login_attempts(s, station_code=slots.station_code, attempts=attempts, now=now)
        agent = s.get(Agent, unlocked.agent_id)
        if agent is not None:
            agent.failed_logins, agent.locked_until = 0, None
        counter = s.get(SequenceCounter, generation_counter(unlocked.agent_id))
        stale = counter is not None and unlocked.generation < counter.value
        if stale:
            audit(s, actor=Actor(station_code=slots.station_code, agent_id=unlocked.agent_id),
                  action_name="acces.refuse", now=now, record_kind="agent", record_id=unlocked.agent_id,
                  detail="emplacement_ancien")  # fmt: skip
        else:
            note_generation(s, unlocked.agent_id, unlocked.generation)
    if stale:
        raise LoginRefused(
            _(
                "Votre accès dans le fichier de clés de ce poste (keyslots.json) est plus ancien que votre dernier "
                "mot de passe : il a été remis d'une copie."
            )
            + " "
            + reset_route(agent.role if agent is not None else ""),
            code="emplacement_ancien",
        )
    if agent is None or not agent.active:
        raise AccountError(_("Ce compte d'agent est désactivé ou inconnu à ce poste."))
    return Principal(
        station_code=slots.station_code,
        agent_id=agent.id,
        role=agent.role,
        capacity=agent.capacity,
        station_kind=station_kind,
        designated_by=agent.designated_by,
    )


def reset_with_code(
    *, slots: KeySlots, central: CentralSecurity, login_name: str, code: str, new_password: str, now: datetime
) -> None:
    """Seed 003: a single-use, time-limited code from the central store lets the agent choose a new password."""
    doc = slots.document()
    slot = doc.by_login(login_name)
    if slot is None:
        raise AccountError(_("Code invalide ou expiré."))  # same answer as a bad code: logins are not revealed
    _checked(new_password, login=login_name)
    ephemeral = X25519PrivateKey.generate()
    try:
        box = central.redeem_reset_code(
            login=login_name, code=code.strip(), ephemeral_public=public_bytes(ephemeral.public_key())
        )
        key, root = split_material(open_sealed(ephemeral, box, context=reset_context(login_name)))
    except CentralUnavailable:
        raise AccountError(
            _("Le répertoire central est injoignable : réessayez dès qu'il répondra.") + " " + from_above()
        ) from None
    except (CentralRefused, SealedBoxError, ValueError):
        raise AccountError(_("Code invalide ou expiré.")) from None
    if doc.key_check is not None and key_check(key) != doc.key_check:
        # The central store's escrow copy predates a re-key (it was offline then): a slot for that key opens nothing.
        raise AccountError(
            _(
                "La copie de séquestre du répertoire central n'est pas à jour : réessayez après la prochaine "
                "connexion en ligne d'un agent de ce poste, qui la lui envoie."
            )
            + " "
            + from_above()
        )
    slots.add(
        agent_id=slot.agent_id, login=slot.login, password=new_password, database_key=key, now=now, audit_root=root
    )
    slots.unlock_agent(slot.agent_id)
    slots.note(slot.agent_id, now, "reinitialisation_code")


def recover_from_escrow(
    *,
    database: Path,
    slots: KeySlots,
    central: CentralSecurity,
    login_name: str,
    code: str,
    new_password: str,
    station_kind: str,
    now: datetime,
) -> LoginResult:
    """The way back when no slot can open the store: keyslots.json lost beside an existing store (issue 15, item 7)
    or the device secret gone with a keystore (item 2). An agent of this station redeems a reset code; the central
    store returns the database key from its escrow copy; the slot file is made again with this agent's slot only
    (the others are re-made by a supervisor's reset), and the recovery is audited."""
    _checked(new_password, login=login_name)
    ephemeral = X25519PrivateKey.generate()
    try:
        box = central.redeem_reset_code(
            login=login_name, code=code.strip(), ephemeral_public=public_bytes(ephemeral.public_key())
        )
        key, root = split_material(open_sealed(ephemeral, box, context=reset_context(login_name)))
    except CentralUnavailable:
        raise offline_error() from None
    except (CentralRefused, SealedBoxError, ValueError):
        raise AccountError(_("Code invalide ou expiré.")) from None
    try:
        store = open_store(database, SlotKeyProvider(Unlocked(key, "", False, (), audit_root=root)), audit_root=root)
    except StoreError:
        raise AccountError(
            _("La copie de séquestre du répertoire central n'ouvre pas la base de ce poste : contactez l'assistance.")
        ) from None
    try:
        with store.read() as s:
            agent = next((a for a in s.scalars(select(Agent)) if lookup_form(a.login) == lookup_form(login_name)), None)
            found = (agent.id, agent.login) if agent is not None and agent.active else None
            known = known_generation(s, found[0]) if found is not None else 0
    finally:
        store.close()
    if found is None:
        raise AccountError(_("Ce compte d'agent est désactivé ou inconnu à ce poste."))
    try:
        escrow_key: bytes | None = central.escrow_public_key()
    except (CentralUnavailable, CentralRefused):
        escrow_key = None
    slots.initialise(escrow_public_key=escrow_key, database_key=key, audit_root=root, replace=True)
    slots.add(
        agent_id=found[0],
        login=found[1],
        password=new_password,
        database_key=key,
        now=now,
        audit_root=root,
        above=known,
    )
    slots.note(found[0], now, "recuperation_sequestre")
    log.warning("store access recovered from the central store's escrow by agent %s", found[0])
    return login(
        database=database,
        slots=slots,
        login_name=login_name,
        password=new_password,
        station_kind=station_kind,
        now=now,
    )


class SignedIn:
    """An opened session's password checks (lock screen, change of agent, OPJ visa, forced change): bound to the
    login that opened the store, so they never take an actor from a caller."""

    def __init__(self, result: LoginResult, *, slots: KeySlots, station_kind: str) -> None:
        store = result.store
        if store.audit_key is not None and derive_audit_key(result.root) != store.audit_key:
            raise ValueError("database key does not belong to this store")
        self.store, self.slots, self.principal = store, slots, result.principal
        self._key, self._root = result.database_key, result.root
        self.station_kind = station_kind

    def authenticate(self, *, login_name: str, password: str, now: datetime, provisional_ok: bool = True) -> Principal:
        """Re-check a password while the store is open (lock screen, change of agent, OPJ visa); audited.

        `provisional_ok=False` (another agent taking the counter, giving a visa or deciding on the spot) refuses a
        temporary password: whoever enrolled or reset the account saw it, and only the login prompt makes the agent
        choose their own (counter audit: a change of agent kept a temporary password in use for ever)."""
        try:
            unlocked = self.slots.unlock(login=login_name, password=password, now=now)
        except LoginRefused:
            with action(self.store) as s:
                record_login_attempts(
                    s, station_code=self.slots.station_code, attempts=self.slots.take_pending(), now=now
                )
                self._mirror_lockout(s)
            raise
        principal = _after_unlock(self.store, self.slots, unlocked, station_kind=self.station_kind, now=now)
        if unlocked.must_change and not provisional_ok:
            with action(self.store) as s:
                audit(s, actor=principal, action_name="acces.refuse", now=now, record_kind="agent",
                      record_id=principal.agent_id, detail="mot_de_passe_provisoire")  # fmt: skip
            raise LoginRefused(
                _(
                    "Ce compte a encore son mot de passe provisoire : l'agent doit d'abord ouvrir Guichet avec "
                    "son identifiant pour choisir son propre mot de passe."
                ),
                code="provisoire",
            )
        return principal

    def _mirror_lockout(self, s: Session) -> None:
        for agent_id, slot in self.slots.document().slots.items():
            agent = s.get(Agent, agent_id)
            if agent is not None:
                agent.failed_logins = slot.failures
                agent.locked_until = LOCKED_FOREVER if slot.locked else None

    def change_password(self, *, old_password: str, new_password: str, now: datetime) -> None:
        """The logged-in agent chooses a new password (the old one is checked; no forced rotation otherwise)."""
        agent_id = self.principal.agent_id
        if agent_id is None:
            raise PermissionDenied(_("Action refusée : aucun agent identifié."), permission="")
        slot = self.slots.document().slots.get(agent_id)
        if slot is None:
            raise AccountError(_("Cet agent n'a pas d'accès à ce poste."))
        self.authenticate(login_name=slot.login, password=old_password, now=now)
        if new_password == old_password:
            raise AccountError(_("Le nouveau mot de passe doit être différent de l'ancien."))
        _checked(new_password, login=slot.login)
        key, root = self.slots.current_key or (self._key, self._root)
        with self.store.read() as s:
            known = known_generation(s, agent_id)
        number = self.slots.add(
            agent_id=agent_id,
            login=slot.login,
            password=new_password,
            database_key=key,
            now=now,
            audit_root=root,
            above=known,
        )
        with action(self.store) as s:
            note_generation(s, agent_id, number)  # the slot with the old password opens nothing from now on
            audit(
                s,
                actor=self.principal,
                action_name="agent.mot_de_passe_change",
                now=now,
                record_kind="agent",
                record_id=agent_id,
            )
