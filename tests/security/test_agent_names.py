"""An agent's name is printed on receipts, the Rapport d'activité and the CSV export: it is checked as typed names
are (R-SAISIE-1: no invisible or direction-changing character, the length its column holds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.models import Agent
from desktop.security.keyslots import KeySlots
from desktop.services.agents import AccountError, first_setup

from .central_fixture import CentralUnderTest, start_central
from .test_agents import ADMIN_PW, T0, _accounts, _setup

# U+202E reverses what follows: « Paul \u202eTNOMUD » shows « Paul DUMONT » in the CSV export's spreadsheet and in any
# text copied from the report. The others hide (zero width) or break a line.
HOSTILE = ["Paul \u202eTNOMUD", "Anne\u200bMartin", "Jean\tRoy", "Léa\nPetit", "M. " + "W" * 118]


@pytest.fixture
def central(tmp_path: Path) -> CentralUnderTest:
    return start_central(tmp_path / "central")


@pytest.mark.parametrize("name", HOSTILE)
def test_an_agent_is_not_enrolled_under_a_name_the_exports_would_reverse_hide_or_overflow(
    tmp_path: Path, slots: KeySlots, central: CentralUnderTest, name: str
) -> None:
    admin = _setup(tmp_path, slots, central)
    accounts = _accounts(admin, slots, central.client)
    with pytest.raises(AccountError, match="Nom de l'agent"):
        accounts.enrol(login_name="paul", display_name=name, role="agent_police", capacity="OPJ")
    assert slots.document().by_login("paul") is None
    with admin.store.read() as s:
        assert s.query(Agent).filter_by(login="paul").one_or_none() is None
    accounts.enrol(login_name="paul", display_name="Paul-Émile d'Arc-Lefèvre", role="agent_police", capacity="OPJ")
    admin.store.close()


def test_the_first_administrator_is_checked_too(tmp_path: Path, slots: KeySlots, central: CentralUnderTest) -> None:
    with pytest.raises(AccountError, match="Nom de l'agent"):
        first_setup(
            database=tmp_path / "guichet.db",
            slots=slots,
            central=central.client,
            station_kind="commissariat",
            login_name="admin",
            display_name="Admin \u202eETSOP",
            password=ADMIN_PW,
            now=T0,
        )
    assert not slots.exists()  # refused before anything was written or sent
