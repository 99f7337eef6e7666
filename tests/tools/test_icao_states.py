"""The shipped table of issuing states is the one tools/icao_states.py makes from Debian's iso-codes (ISO 3166-1)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISO = Path("/usr/share/iso-codes/json/iso_3166-1.json")  # the iso-codes package: make test installs it


def test_the_shipped_table_is_what_the_tool_makes_from_iso_codes() -> None:
    spec = importlib.util.spec_from_file_location("icao_states", ROOT / "tools" / "icao_states.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    shipped = json.loads((ROOT / "desktop" / "resources" / "cards" / "icao_states.json").read_text(encoding="utf-8"))
    assert shipped == tool.table(ISO)
    assert shipped["D"] == "DE" and shipped["FRA"] == "FR"  # ICAO's own code, and ISO's
