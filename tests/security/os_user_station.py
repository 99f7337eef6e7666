"""Run by a throw-away OS user in test_two_os_users.py: one step of a station's life, through production code.

Not a test module: a script, started as `python3 os_user_station.py SITE_PACKAGES STEP [ARGS...]`; it prints one
JSON line. Settings come from GUICHET_CONFIG and GUICHET_DATA_DIR, as an installed station gets them.
"""

from __future__ import annotations

import json
import site
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

ADMIN_PW = "girafe violette marche lentement"
OPJ_PW = "marmotte rouge escalade le phare"


def _context(settings: Any, session: Any) -> Any:
    """The services' context over the store this login opened, as `AppContext.services()` builds it, without the
    devices and sync (`desktop.context` imports the card stack, which this system interpreter cannot load)."""
    from desktop.devices.printers.fake import NullPrinter
    from desktop.receipts.keys import load_or_create_station_signer
    from desktop.services.context import ActingAgent, ServiceContext, load_calendar

    return ServiceContext(
        settings=settings,
        store=session.result.store,
        agent=ActingAgent(session.result.principal, session.display_name),
        calendar=load_calendar(),
        printer=NullPrinter(),
        signer=load_or_create_station_signer(settings.keys_dir),
        digest_key=b"",  # accounts never digest personal data
    )


def enrol(token: str) -> dict[str, Any]:
    """The station's enrolment with the central store (`guichet enrol`), by the first OS user."""
    from desktop.__main__ import main

    return {"exit": main(["enrol", "--token", token])}


def setup() -> dict[str, Any]:
    """First set-up of the administrator (escrow, enrolment online), then the administrator enrols an OPJ."""
    from desktop.auth import StationAuth
    from desktop.services.accounts import AgentAccounts
    from desktop.settings import load_settings

    settings = load_settings()
    auth = StationAuth(settings)
    assert auth.needs_setup
    now = datetime.now(UTC)
    admin = auth.setup(login_name="admin", display_name="Admin Poste", email=None, password=ADMIN_PW, now=now)
    agent_id, temporary = AgentAccounts(_context(settings, admin), keys=admin.account_keys()).enrol(
        login_name="opj1", display_name="Lt Durand", role="agent_police", capacity="opj"
    )
    admin.result.store.close()
    auth.close()
    return {"agent_id": agent_id, "temporary": temporary}


def opj(temporary: str) -> dict[str, Any]:
    """The OPJ's first login with their own slot, a new password, then what the administrator wrote."""
    from sqlalchemy import select

    from desktop.auth import StationAuth
    from desktop.models import Agent
    from desktop.models.journal import AuditEvent
    from desktop.services.audit_log import verify
    from desktop.settings import load_settings

    auth = StationAuth(load_settings())
    session = auth.login(login_name="opj1", password=temporary, now=datetime.now(UTC))
    must_change = session.result.must_change
    session.change_password(old_password=temporary, new_password=OPJ_PW)
    store = session.result.store
    with store.session() as s:
        logins = sorted(a.login for a in s.scalars(select(Agent)))
        actions = [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
    chain_ok = verify(store).ok
    store.close()
    again = auth.login(login_name="opj1", password=OPJ_PW, now=datetime.now(UTC))  # the new password, kept
    again.result.store.close()
    auth.close()
    return {"must_change": must_change, "logins": logins, "actions": actions, "chain_ok": chain_ok}


def admin_again() -> dict[str, Any]:
    """The first OS user again: the administrator sees the OPJ's logins, written by the other OS user."""
    from sqlalchemy import select

    from desktop.auth import StationAuth
    from desktop.models.journal import AuditEvent
    from desktop.services.accounts import AgentAccounts
    from desktop.settings import load_settings

    settings = load_settings()
    auth = StationAuth(settings)
    session = auth.login(login_name="admin", password=ADMIN_PW, now=datetime.now(UTC))
    accounts = AgentAccounts(_context(settings, session), keys=session.account_keys())
    agents = {a.login: a.id for a in accounts.list_agents()}
    with session.result.store.session() as s:
        events = [[e.agent_id, e.action] for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
    session.result.store.close()
    auth.close()
    return {"agents": agents, "events": events}


if __name__ == "__main__":
    site.addsitedir(sys.argv[1])  # the project's virtualenv, reached by an interpreter every OS user may run
    step, args = sys.argv[2], sys.argv[3:]
    steps: dict[str, Callable[..., dict[str, Any]]] = {
        "enrol": enrol,
        "setup": setup,
        "opj": opj,
        "admin_again": admin_again,
    }
    print(json.dumps(steps[step](*args)))
