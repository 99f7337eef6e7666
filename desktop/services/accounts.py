"""The Agents screen's account management (list, enrol, unlock, reset, remove) over the one service context.

The acting agent is `ctx.agent`, never an argument; permissions go through `services/guard.py` like the desk's.
What runs before a context exists (first set-up, login, reset with a code, the session's password checks) stays in
`services/agents.py`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Agent
from desktop.models.ids import uuid7
from desktop.rules.terms import Capacity, Role
from desktop.rules.textlimits import agent_name_fault
from desktop.security.central_api import CentralRefused, CentralSecurity, CentralUnavailable
from desktop.security.hkdf import derive_audit_key
from desktop.security.keyslots import KeySlots
from desktop.security.passwords import generate_password
from desktop.security.roles import may_give_visa, outranks
from desktop.security.slotkeys import agent_purpose
from desktop.services import guard
from desktop.services.agents import (
    AccountError,
    checked_login,
    known_generation,
    note_generation,
    offline_error,
)
from desktop.services.central_catch_up import catch_up_central
from desktop.services.context import ServiceContext
from desktop.services.designations import designating_opj, name_designating_opj
from desktop.services.journal import action, audit
from desktop.services.permissions import Permission

__all__ = ["AccountKeys", "AgentAccounts", "AgentView", "Removal"]


@dataclass(frozen=True, slots=True)
class AccountKeys:
    """What only accounts need beside the context: the station's key slots, the opened database key (re-wrapped
    for a new or reset agent) and the central store's security API (None offline or not enrolled)."""

    slots: KeySlots
    database_key: bytes
    central: CentralSecurity | None = None
    audit_root: bytes | None = None  # the audit chain's key source once the store was re-keyed (LoginResult.root)


@dataclass(frozen=True, slots=True)
class AgentView:
    """An agent as the management screen shows it (plain values)."""

    id: str
    login: str
    display_name: str
    role: str
    capacity: str
    active: bool
    locked: bool
    failed_logins: int
    may_designate: bool = False  # an active OPJ: may designate délégués and give them the visa (R-AUTH-3)
    designated_by: str | None = None  # a délégué OPJ: the OPJ who designated them
    # What the acting agent may do to this account, decided as the act itself decides (the screen offers only that).
    may_unlock: bool = False  # a lock or delay to lift, and the acting agent outranks the account
    may_reset: bool = False
    may_remove: bool = False
    may_name_designator: bool = False  # an active délégué OPJ, and the acting agent manages accounts
    designation_missing: bool = False  # an active délégué OPJ enrolled before designations: no visa counts yet

    @property
    def delegate(self) -> bool:
        """A délégué OPJ: establishes only with the visa of the OPJ who designated them (R-AUTH-3)."""
        return Capacity.parse(self.capacity) is Capacity.DELEGUE_OPJ


class AgentAccounts:
    """Account management for the acting agent of `ctx`: every method checks its permission first (audited)."""

    def __init__(self, ctx: ServiceContext, *, keys: AccountKeys) -> None:
        store = ctx.store
        if store.audit_key is not None and derive_audit_key(keys.audit_root or keys.database_key) != store.audit_key:
            raise ValueError("database key does not belong to this store")
        self.ctx = ctx
        self._keys = keys

    def _key(self) -> tuple[bytes, bytes]:
        """(database key, audit root) as they are now: a removal re-keys the store under this service."""
        return self._keys.slots.current_key or (
            self._keys.database_key,
            self._keys.audit_root or self._keys.database_key,
        )

    def refusal(self) -> str | None:
        """Why the acting agent may not see the accounts, not audited (the screen deciding what to offer)."""
        if self._may_list():
            return None
        refused = guard.refusal(self.ctx, Permission.AGENTS_GERER)
        return refused.message if refused is not None else None

    def may_enrol(self) -> bool:
        """Whether the acting agent may enrol an agent (the administrator: agents.gerer), not audited: the screen
        offers the enrolment form only then (a supervisor filled it in to be refused)."""
        return guard.refusal(self.ctx, Permission.AGENTS_GERER) is None

    def _may_list(self) -> bool:
        return guard.refusal(self.ctx, Permission.AGENTS_DEVERROUILLER) is None

    def _designator(self, capacity: str, designated_by: str | None) -> str | None:
        """The designating OPJ of a délégué OPJ: required, an active OPJ of this station; None for anyone else."""
        if Capacity.parse(capacity) is not Capacity.DELEGUE_OPJ:
            return None
        with self.ctx.store.read() as s:
            return designating_opj(s, designated_by)

    def name_designator(self, *, delegate_id: str, opj_id: str) -> None:
        """Name the OPJ who designated a délégué OPJ, without enrolling them again (R-AUTH-3; the administrator)."""
        name_designating_opj(self.ctx, delegate_id=delegate_id, opj_id=opj_id)

    def list_agents(self) -> list[AgentView]:
        """Every account of this station (agents.gerer or agents.deverrouiller)."""
        if not self._may_list():
            guard.require_audited(self.ctx, Permission.AGENTS_GERER)
        slots = self._keys.slots.document().slots
        actor_role, actor_id = self._actor_role(), self.ctx.actor.agent_id
        resets = guard.refusal(self.ctx, Permission.AGENTS_DEVERROUILLER) is None
        manages = guard.refusal(self.ctx, Permission.AGENTS_GERER) is None
        out: list[AgentView] = []
        with self.ctx.store.read() as s:
            for a in s.scalars(select(Agent).order_by(Agent.login)):
                slot = slots.get(a.id)
                locked = bool(slot and slot.locked)
                failures = slot.failures if slot is not None else a.failed_logins
                above = a.active and a.id != actor_id and outranks(actor_role, a.role)
                delegate = a.active and Capacity.parse(a.capacity) is Capacity.DELEGUE_OPJ
                out.append(
                    AgentView(
                        id=a.id,
                        login=a.login,
                        display_name=a.display_name,
                        role=a.role,
                        capacity=a.capacity,
                        active=a.active,
                        locked=locked,
                        failed_logins=failures,
                        may_designate=a.active and may_give_visa(a.role, a.capacity),
                        designated_by=a.designated_by,
                        may_unlock=above and slot is not None and (locked or failures > 0),
                        may_reset=above and resets,
                        may_remove=manages and a.active and a.id != actor_id,
                        may_name_designator=manages and delegate,
                        designation_missing=delegate and not a.designated_by,
                    )
                )
        return out

    def _actor_role(self) -> str:
        return str(getattr(self.ctx.actor, "role", ""))

    def enrol(
        self,
        *,
        login_name: str,
        display_name: str,
        role: str,
        capacity: str,
        email: str | None = None,
        designated_by: str | None = None,
    ) -> tuple[str, str]:
        """Enrol an agent (online only); returns (agent id, temporary password to hand over once). A délégué OPJ
        names the OPJ of the station who designated them (`designated_by`): only that OPJ's visa counts (R-AUTH-3)."""
        guard.require_audited(self.ctx, Permission.AGENTS_GERER)
        slots, central = self._keys.slots, self._keys.central
        if role not in set(Role):
            raise AccountError(_("Rôle inconnu."))
        designated_by = self._designator(capacity, designated_by)
        login_name = checked_login(login_name)
        if fault := agent_name_fault(display_name):
            raise AccountError(fault)
        if slots.document().by_login(login_name) is not None:
            raise AccountError(_("Cet identifiant est déjà utilisé à ce poste."))
        if central is None:
            raise offline_error()
        agent_id = uuid7()
        key, root = self._key()
        purpose = agent_purpose(agent_id=agent_id, login=login_name, role=role, capacity=capacity, email=email)
        try:
            # What the central store does not know yet first (a re-keyed copy): the proof is of the copy it holds.
            catch_up_central(slots, central, self.ctx.store, now=self.ctx.clock(), database_key=key, audit_root=root)
            central.enrol_agent(
                agent_id=agent_id,
                login=login_name,
                role=role,
                capacity=capacity,
                email=email,
                proof=slots.central_proof(key, purpose),
            )
        except CentralUnavailable:
            raise offline_error() from None
        except CentralRefused as exc:
            raise AccountError(exc.message) from None
        now = self.ctx.clock()
        temporary = generate_password()
        slots.add(
            agent_id=agent_id,
            login=login_name,
            password=temporary,
            database_key=key,
            now=now,
            must_change=True,
            audit_root=root,
        )
        with action(self.ctx.store) as s:
            _free_login(s, login_name)
            s.add(
                Agent(
                    id=agent_id,
                    login=login_name,
                    display_name=display_name,
                    role=role,
                    capacity=capacity,
                    active=True,
                    failed_logins=0,
                    created_at=now,
                    designated_by=designated_by,
                )
            )
            self._audit(s, "agent.enrole", agent_id, now)
        return agent_id, temporary

    def _audit(self, s: Session, action_name: str, agent_id: str, now: datetime, *, detail: str | None = None) -> None:
        """An account act's audit event: the acting agent, the account as the record."""
        audit(
            s,
            actor=self.ctx.actor,
            action_name=action_name,
            now=now,
            record_kind="agent",
            record_id=agent_id,
            detail=detail,
        )

    def remove(self, *, agent_id: str) -> Removal:
        """Remove an agent so that nothing they kept opens the store (issue 15, item 8).

        Their slot goes, then the store is re-keyed: a new database key, sealed for every other slot (no password
        needed, see keyslots) and for the escrow; any old copy of keyslots.json (a backup, a crash's temp file)
        holds only the old key, which opens nothing any more. The central store deactivates the agent (no reset
        code, the login free to enrol again); offline, the screen says it must be done later.
        """
        guard.require_audited(self.ctx, Permission.AGENTS_GERER)
        if agent_id == self.ctx.actor.agent_id:
            raise AccountError(_("Vous ne pouvez pas retirer votre propre compte."))
        with self.ctx.store.read() as s:
            if s.get(Agent, agent_id) is None:
                raise AccountError(_("Agent inconnu."))
        slots = self._keys.slots
        slots.remove(agent_id)
        old_key, root = self._key()
        new_key = secrets.token_bytes(len(old_key))
        dropped = slots.prepare_rekey(new_key, root, old_key=old_key)
        self.ctx.store.rekey(new_key)
        slots.commit_rekey(new_key, root, old_key=old_key)
        now = self.ctx.clock()
        with action(self.ctx.store) as s:
            agent = s.get(Agent, agent_id)
            assert agent is not None
            agent.active = False
            self._audit(s, "agent.retire", agent_id, now, detail=f"base_rechiffree sans_acces={len(dropped)}")
            for other in dropped:
                self._audit(s, "agent.acces_a_refaire", other, now, detail="emplacement_non_rescelle")
        central_done = self._tell_central(agent_id, now)
        return Removal(central_done=central_done, need_reset=tuple(dropped))

    def _tell_central(self, agent_id: str, now: datetime) -> bool:
        """Deactivate the agent at the central store and send the re-sealed escrow copy; False when offline."""
        self._keys.slots.note_deactivation(agent_id)  # done at the next login if the call below fails
        central = self._keys.central
        database_key, root = self._key()
        return central is not None and catch_up_central(
            self._keys.slots, central, self.ctx.store, now=now, database_key=database_key, audit_root=root
        )

    def unlock(self, *, agent_id: str) -> None:
        """Lift a lock or a delay, from above only: an administrator lifts a supervisor's or an agent's, a supervisor
        an agent's; nobody their own or a peer's (counter audit: a supervisor guessing an administrator's password
        lifted the lock after every 10 tries). A locked administrator, or a supervisor with no administrator at
        hand, reopens with a reset code from the central store (« Mot de passe oublié ? »)."""
        if not self._may_list():  # a supervisor (agents.deverrouiller) or the administrator (agents.gerer)
            guard.require_audited(self.ctx, Permission.AGENTS_GERER)
        if agent_id not in self._keys.slots.document().slots:
            raise AccountError(_("Cet agent n'a pas d'accès à ce poste."))
        with self.ctx.store.read() as s:
            target = s.get(Agent, agent_id)
            role = target.role if target is not None and target.active else None
        if role is None:
            raise AccountError(_("Cet agent n'a pas d'accès à ce poste."))
        if agent_id == self.ctx.actor.agent_id or not outranks(self._actor_role(), role):
            with action(self.ctx.store) as s:
                self._audit(s, "acces.refuse", agent_id, self.ctx.clock(), detail="deverrouillage_compte_egal")
            raise AccountError(
                _(
                    "Vous ne pouvez déverrouiller qu'un compte qui a moins de droits que le vôtre : un superviseur "
                    "déverrouille un agent, l'administrateur un superviseur ou un agent. Un compte sans personne "
                    "au-dessus de lui se rouvre par « Mot de passe oublié ? » (code du répertoire central)."
                )
            )
        self._keys.slots.unlock_agent(agent_id)
        with action(self.ctx.store) as s:
            _clear_lock(s, agent_id)
            self._audit(s, "agent.deverrouille", agent_id, self.ctx.clock())

    def reset_by_supervisor(self, *, agent_id: str) -> str:
        """Offline reset: re-wrap the key for the agent under a temporary password (changed at next login)."""
        guard.require_audited(self.ctx, Permission.AGENTS_DEVERROUILLER)
        slots = self._keys.slots
        if agent_id == self.ctx.actor.agent_id:
            raise AccountError(_("Un superviseur ne réinitialise pas son propre mot de passe."))
        with self.ctx.store.read() as s:
            target = s.get(Agent, agent_id)
            role, login_name = (target.role, target.login) if target is not None and target.active else ("", "")
            known = known_generation(s, agent_id)
        if not login_name:
            raise AccountError(_("Cet agent n'a pas d'accès à ce poste."))
        if not outranks(self._actor_role(), role):
            with action(self.ctx.store) as s:
                self._audit(s, "acces.refuse", agent_id, self.ctx.clock(), detail="reinitialisation_compte_egal")
            raise AccountError(
                _("Vous ne pouvez réinitialiser que le mot de passe d'un compte qui a moins de droits que le vôtre.")
            )
        slot = slots.document().slots.get(agent_id)
        now = self.ctx.clock()
        temporary = generate_password()
        key, root = self._key()
        # A slot lost in a re-key (version 1) or an escrow recovery is made again from the account's login.
        number = slots.add(
            agent_id=agent_id,
            login=slot.login if slot is not None else login_name,
            password=temporary,
            database_key=key,
            now=now,
            must_change=True,
            audit_root=root,
            above=known,
        )
        slots.unlock_agent(agent_id)
        with action(self.ctx.store) as s:
            _clear_lock(s, agent_id)
            note_generation(s, agent_id, number)  # the slot with the previous password opens nothing any more
            self._audit(s, "agent.mot_de_passe_reinitialise", agent_id, now, detail="par_superviseur")
        return temporary


@dataclass(frozen=True, slots=True)
class Removal:
    """What a removal did: whether the central store was told, and agents whose old slots need a reset."""

    central_done: bool
    need_reset: tuple[str, ...] = ()


def _free_login(s: Session, login_name: str) -> None:
    """A removed agent's login may be enrolled again: the old (inactive) account keeps its history under a
    renamed login (the audit log refers to agents by id, never by login)."""
    old = s.scalar(select(Agent).where(Agent.login == login_name))
    if old is None:
        return
    if old.active:
        raise AccountError(_("Cet identifiant est déjà utilisé à ce poste."))
    old.login = f"{login_name[:50]}~{old.id[:8]}"
    s.flush()


def _clear_lock(s: Session, agent_id: str) -> None:
    """The store's mirror of a slot's lock, lifted (the slot itself is unlocked by the caller)."""
    agent = s.get(Agent, agent_id)
    if agent is not None:
        agent.failed_logins, agent.locked_until = 0, None
