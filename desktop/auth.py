"""Who opens the store: the station's key slots, the first set-up (online) and every later login (offline).

Plain Python over `desktop.services.agents`; the Qt dialogs in `desktop/views/login.py` call it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import httpx
from sqlalchemy.engine import make_url
from sqlalchemy.orm import configure_mappers

from desktop.credentials import load_credentials
from desktop.i18n import _
from desktop.keystore.registry import make_device_secret, make_secret_store
from desktop.models import Agent, utcnow
from desktop.privatefile import remove_stale_temps, share_with_station_group
from desktop.security.central_api import CentralRefused, CentralSecurity, CentralUnavailable, HttpCentralSecurity
from desktop.security.keyslots import KeySlots
from desktop.security.roles import may_give_visa
from desktop.security.session import SessionPolicy
from desktop.security.slotfile import SlotFileError
from desktop.services.accounts import AccountKeys
from desktop.services.agents import (
    AccountError,
    LoginResult,
    SignedIn,
    first_setup,
    from_above,
    login,
    recover_from_escrow,
    reset_with_code,
    store_without_slots,
)
from desktop.services.central_catch_up import catch_up_central
from desktop.services.permissions import DESIGNATION_MISSING, NO_DESIGNATION, Principal
from desktop.settings import Settings


@dataclass
class Session:
    """The opened store, who opened it and their password checks; `account_keys()` is what the Agents screen's
    service needs beside the service context (built later, once the store is open)."""

    result: LoginResult
    signed_in: SignedIn
    slots: KeySlots
    login_name: str
    display_name: str
    central: CentralSecurity | None = None
    visa_by: Principal | None = None  # R-AUTH-3: the OPJ who visaed this délégué's session

    def account_keys(self) -> AccountKeys:
        """The key slots, the opened database key and the central security API, for `AgentAccounts(ctx, keys=...)`."""
        return AccountKeys(
            slots=self.slots, database_key=self.result.database_key, central=self.central, audit_root=self.result.root
        )

    def give_visa(self, *, login_name: str, password: str, now: datetime | None = None) -> tuple[Principal, str]:
        """R-AUTH-3: the designating OPJ signs in at this station, so the délégué's acts carry the visa; audited
        (« agent.visa », by the OPJ, on the délégué). Returns the OPJ and their name."""
        from desktop.services.journal import action, audit

        when = now or utcnow()
        opj = self.signed_in.authenticate(login_name=login_name, password=password, now=when, provisional_ok=False)
        delegate = self.result.principal
        if not may_give_visa(opj.role, opj.capacity) or opj.agent_id == delegate.agent_id:
            raise AccountError(_("Le visa doit être donné par un OPJ de ce poste (R-AUTH-3)."))
        with self.result.store.read() as s:  # as the store has it now: the administrator may have named it since
            own = s.get(Agent, delegate.agent_id)
            designated = own.designated_by if own is not None else None
        if designated is None:  # enrolled before designations: no OPJ's visa is known to be theirs (counter audit)
            with action(self.result.store) as s:
                audit(s, actor=delegate, action_name="acces.refuse", now=when, record_kind="agent",
                      record_id=delegate.agent_id, detail=f"agent.visa {DESIGNATION_MISSING}")  # fmt: skip
            raise AccountError(_(NO_DESIGNATION))
        if opj.agent_id != designated:
            raise AccountError(_("Le visa doit être celui de l'OPJ qui vous a désigné (R-AUTH-3)."))
        with action(self.result.store) as s:
            agent = s.get(Agent, opj.agent_id)
            name = agent.display_name if agent is not None else login_name
            audit(s, actor=opj, action_name="agent.visa", now=when, record_kind="agent", record_id=delegate.agent_id)
        self.visa_by = opj
        return opj, name

    def check_credentials(self, login_name: str, password: str) -> Principal:
        """Another agent of this station signs in on the spot (a supervisor's decision); raises LoginRefused."""
        return self.signed_in.authenticate(login_name=login_name, password=password, now=utcnow(), provisional_ok=False)

    def switch_agent(self, *, login_name: str, password: str, now: datetime | None = None) -> Principal:
        """Another agent of the station takes the counter with their own password (audited like a login); the
        session then checks, locks and signs as them. A visa given to the previous agent does not carry over."""
        when = now or utcnow()
        principal = self.signed_in.authenticate(
            login_name=login_name, password=password, now=when, provisional_ok=False
        )
        with self.result.store.read() as s:
            agent = s.get(Agent, principal.agent_id)
            name = agent.display_name if agent is not None else login_name
        self.result = replace(self.result, principal=principal, login_at=when, must_change=False)
        self.signed_in.principal = principal
        self.login_name, self.display_name, self.visa_by = login_name, name, None
        return principal

    def verify(self, password: str, now: datetime | None = None) -> None:
        """The same agent's password again (lock screen, re-login after 12 hours); raises LoginRefused."""
        self.signed_in.authenticate(login_name=self.login_name, password=password, now=now or utcnow())

    def change_password(self, *, old_password: str, new_password: str, now: datetime | None = None) -> None:
        """The logged-in agent's new password (forced at a first login); raises AccountError or LoginRefused."""
        self.signed_in.change_password(old_password=old_password, new_password=new_password, now=now or utcnow())


class StationAuth:
    """The station's key slots (beside the database) and, when enrolled, the central store's security API."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        share_with_station_group(settings.data_dir)  # what this process creates there stays the group's
        # A crash mid-write leaves temp files beside keyslots.json and the secrets: an old slot file among them
        # would still open a store for a removed agent's password (issue 15, item 8).
        for folder in {settings.database_path.parent, settings.keys_dir}:
            remove_stale_temps(folder)
        self.secrets = make_secret_store(settings)
        self.device = make_device_secret(settings)
        self.slots = KeySlots.beside(settings.database_path, self.device, station_code=settings.station_code)
        self._http: httpx.Client | None = None

    @staticmethod
    def prepare_login() -> None:
        """What the first login would do first, done ahead (while the agent types, on the login's worker): the models'
        mappers configured, which the login's first session otherwise configures after the password (30-45 ms on a
        slow machine, bench/login_path.py), and the SQLite dialect and driver module SQLAlchemy imports when the
        store's engine is made (20 ms, and the GIL held while `_sqlite3` loads: the prompt's painting waited)."""
        configure_mappers()
        make_url("sqlite://").get_dialect().import_dbapi()

    @property
    def needs_setup(self) -> bool:
        """No key slot yet: the first administrator must be enrolled, online (never over an existing store: then
        the login screen shows, and its "Mot de passe oublié ?" recovers through the escrow)."""
        return not self.slots.exists() and not store_without_slots(self.settings.database_path, self.slots)

    def _slots_missing(self) -> bool:
        return store_without_slots(self.settings.database_path, self.slots)

    def policy(self) -> SessionPolicy:
        return SessionPolicy(idle_minutes=self.settings.idle_lock_minutes)

    def central(self) -> HttpCentralSecurity | None:
        """The security API of the central store, when this station is configured and enrolled."""
        if not self.settings.central_url:
            return None
        creds = load_credentials(self.secrets)
        if creds is None:
            return None
        if self._http is None:
            from desktop.sync.http import Endpoint, build_client

            self._http = build_client(Endpoint.from_settings(self.settings) or self.settings.central_url, timeout=15)
        return HttpCentralSecurity(self._http, token=creds.token)

    def setup(
        self, *, login_name: str, display_name: str, email: str | None, password: str, now: datetime | None = None
    ) -> Session:
        """Enrol the first administrator (needs the central store: escrow and enrolment); raises AccountError."""
        central = self.central()
        if central is None:
            raise AccountError(
                _(
                    "Ce poste n'est pas encore enrôlé auprès du répertoire central : configurez central_url "
                    "puis lancez « guichet enrol --token … » avant la première connexion."
                )
            )
        result = first_setup(
            database=self.settings.database_path,
            slots=self.slots,
            central=central,
            station_kind=self.settings.station_kind.value,
            login_name=login_name,
            display_name=display_name,
            password=password,
            email=email,
            now=now or utcnow(),
        )
        return self._session(result, login_name)

    def login(self, *, login_name: str, password: str, now: datetime | None = None) -> Session:
        """Open the store with an agent's password (works offline); raises LoginRefused or AccountError."""
        if self._slots_missing():
            raise AccountError(
                _(
                    "Le fichier de clés de ce poste (keyslots.json) est absent : restaurez-le depuis une "
                    "sauvegarde, ou utilisez « Mot de passe oublié ? » pour rouvrir la base par le séquestre "
                    "du répertoire central."
                )
            )
        result = login(
            database=self.settings.database_path,
            slots=self.slots,
            login_name=login_name,
            password=password,
            station_kind=self.settings.station_kind.value,
            now=now or utcnow(),
        )
        return self._session(result, login_name)

    def forgot(self, identifier: str) -> None:
        """Ask the central store to send a single-use reset code (seed 003); raises AccountError when offline."""
        central = self.central()
        if central is None:
            raise AccountError(
                _("Répertoire central non configuré : aucun code ne peut être envoyé.") + " " + from_above()
            )
        try:
            central.request_reset_code(identifier=identifier)
        except (CentralUnavailable, CentralRefused):
            raise AccountError(
                _("Le répertoire central est injoignable : réessayez dès qu'il répondra.") + " " + from_above()
            ) from None

    def reset(self, *, login_name: str, code: str, new_password: str, now: datetime | None = None) -> None:
        """Redeem the code and set the new password (the key comes back from the central store's escrow).

        When no slot can open the store (keyslots.json lost, or the device secret gone with a keystore), the same
        code makes the slot file again: the escrow recovery (issue 15, items 2 and 7).
        """
        central = self.central()
        if central is None:
            raise AccountError(_("Répertoire central non configuré."))
        if self._slots_missing() or self._secret_missing():
            self.recover(login_name=login_name, code=code, new_password=new_password, now=now).result.store.close()
            return
        reset_with_code(
            slots=self.slots,
            central=central,
            login_name=login_name,
            code=code,
            new_password=new_password,
            now=now or utcnow(),
        )

    def recover(self, *, login_name: str, code: str, new_password: str, now: datetime | None = None) -> Session:
        """Escrow recovery (no slot opens the store: keyslots.json lost, or the device secret gone): a reset code
        from the central store gives the key back and this agent's slot is made again; raises AccountError."""
        central = self.central()
        if central is None:
            raise AccountError(_("Répertoire central non configuré : la récupération par séquestre est impossible."))
        result = recover_from_escrow(
            database=self.settings.database_path,
            slots=self.slots,
            central=central,
            login_name=login_name,
            code=code,
            new_password=new_password,
            station_kind=self.settings.station_kind.value,
            now=now or utcnow(),
        )
        return self._session(result, login_name)

    def _secret_missing(self) -> bool:
        try:
            doc = self.slots.document()
        except SlotFileError:
            return False
        return bool(doc.slots) and self.device.find(doc.device_check) is None

    def _session(self, result: LoginResult, login_name: str) -> Session:
        signed_in = SignedIn(result, slots=self.slots, station_kind=self.settings.station_kind.value)
        central = self.central()
        if central is not None:
            # What an offline removal or re-key could not tell.
            catch_up_central(
                self.slots,
                central,
                result.store,
                now=result.login_at,
                database_key=result.database_key,
                audit_root=result.root,
            )
        with result.store.read() as s:
            agent = s.get(Agent, result.principal.agent_id)
            name = agent.display_name if agent is not None else login_name
        return Session(
            result=result,
            signed_in=signed_in,
            slots=self.slots,
            login_name=login_name,
            display_name=name,
            central=self.central(),
        )

    @property
    def key_description(self) -> str:
        return _("Clé de la base déverrouillée par le mot de passe de l'agent ; {lower}").format(
            lower=self.device.description.lower()
        )

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
