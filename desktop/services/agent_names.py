"""The station's accounts as the screens, the Rapport d'activité, its CSV export and the Journal d'audit name them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Agent
from desktop.rules.textlimits import AGENT_NAME_MAX, shown_text


def agent_names(s: Session) -> dict[str, tuple[str, str]]:
    """Each account's name and login, by id (the station's accounts: a few dozen at most). The name without the
    direction and invisible characters an account created before names were checked (session 33) may hold
    (« Paul \u202eTNOMUD » read « Paul DUMONT » in the report and in the CSV export's spreadsheet)."""
    rows = s.execute(select(Agent.id, Agent.display_name, Agent.login))
    return {i: (shown_text(name)[:AGENT_NAME_MAX], login) for i, name, login in rows}


def told_apart(agents: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Each account's name, followed by its login where another account of the station bears the same name (an agent
    removed and enrolled again, two « M. Martin »): the dashboard's « Par agent » and the report's totals count by
    account, and a total must say which one."""
    seen: dict[str, int] = {}
    for name, _login in agents.values():
        seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
    return {
        i: f"{name} ({login})" if seen[name.casefold()] > 1 and login else name for i, (name, login) in agents.items()
    }
