"""Who opens the store: the station's key slots, the first set-up (online) and every later login (offline).

Plain Python over `desktop.services.agents`; the Qt dialogs in `desktop/views/login.py` call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import httpx

from desktop.credentials import load_credentials
from desktop.models import Agent, utcnow
from desktop.security.central_api import CentralRefused, CentralUnavailable, HttpCentralSecurity
from desktop.security.device import DeviceSecret
from desktop.security.keyslots import KeySlots
from desktop.security.session import SessionPolicy
from desktop.services.agents import AccountError, AgentAccounts, LoginResult, first_setup, login, reset_with_code
from desktop.settings import Settings


@dataclass
class Session:
    """The opened store, who opened it, and the accounts service bound to them."""

    result: LoginResult
    accounts: AgentAccounts
    login_name: str
    display_name: str

    def verify(self, password: str, now: datetime | None = None) -> None:
        """The same agent's password again (lock screen, re-login after 12 hours); raises LoginRefused."""
        self.accounts.authenticate(login_name=self.login_name, password=password, now=now or utcnow())

    def change_password(self, *, old_password: str, new_password: str, now: datetime | None = None) -> None:
        self.accounts.change_password(
            self.result.principal, old_password=old_password, new_password=new_password, now=now or utcnow()
        )


class StationAuth:
    """The station's key slots (beside the database) and, when enrolled, the central store's security API."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.device = DeviceSecret(settings.station_code, settings.keys_dir / "device.secret")
        self.slots = KeySlots.beside(settings.database_path, self.device, station_code=settings.station_code)
        self._http: httpx.Client | None = None

    @property
    def needs_setup(self) -> bool:
        """No key slot yet: the first administrator must be enrolled, online."""
        return not self.slots.exists()

    def policy(self) -> SessionPolicy:
        return SessionPolicy(idle_minutes=self.settings.idle_lock_minutes)

    def central(self) -> HttpCentralSecurity | None:
        """The security API of the central store, when this station is configured and enrolled."""
        if not self.settings.central_url:
            return None
        creds = load_credentials(self.settings.station_code, self.settings.keys_dir)
        if creds is None:
            return None
        if self._http is None:
            self._http = httpx.Client(base_url=self.settings.central_url, timeout=15)
        return HttpCentralSecurity(self._http, token=creds.token)

    def setup(
        self, *, login_name: str, display_name: str, email: str | None, password: str, now: datetime | None = None
    ) -> Session:
        """Enrol the first administrator (needs the central store: escrow and enrolment); raises AccountError."""
        central = self.central()
        if central is None:
            raise AccountError(
                "Ce poste n'est pas encore enrôlé auprès du répertoire central : configurez central_url puis lancez "
                "« guichet enrol --token … » avant la première connexion."
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
                "Répertoire central non configuré : demandez à un superviseur de réinitialiser votre "
                "mot de passe à ce poste."
            )
        try:
            central.request_reset_code(identifier=identifier)
        except (CentralUnavailable, CentralRefused):
            raise AccountError(
                "Le répertoire central est injoignable : demandez à un superviseur de réinitialiser "
                "votre mot de passe à ce poste."
            ) from None

    def reset(self, *, login_name: str, code: str, new_password: str, now: datetime | None = None) -> None:
        """Redeem the code and set the new password (the key comes back from the central store's escrow)."""
        central = self.central()
        if central is None:
            raise AccountError("Répertoire central non configuré.")
        reset_with_code(
            slots=self.slots,
            central=central,
            login_name=login_name,
            code=code,
            new_password=new_password,
            now=now or utcnow(),
        )

    def _session(self, result: LoginResult, login_name: str) -> Session:
        accounts = AgentAccounts(
            store=result.store,
            slots=self.slots,
            database_key=result.database_key,
            station_kind=self.settings.station_kind.value,
            central=self.central(),
        )
        with result.store.read() as s:
            agent = s.get(Agent, result.principal.agent_id)
            name = agent.display_name if agent is not None else login_name
        return Session(result=result, accounts=accounts, login_name=login_name, display_name=name)

    @property
    def key_description(self) -> str:
        return f"Clé de la base déverrouillée par le mot de passe de l'agent ; {self.device.description.lower()}"

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
