"""Write desktop/resources/cards/icao_states.json: the ICAO 9303 three-letter codes of issuing states to the two-letter
country codes of X.509 names (a CSCA's and a document signer's ``C``).

Run: ``.venv/bin/python tools/icao_states.py [iso_3166-1.json]``. The ISO 3166-1 table is Debian's ``iso-codes``
(``/usr/share/iso-codes/json/iso_3166-1.json``); ICAO's own codes that are not ISO's (9303 part 3: ``D`` for Germany,
the five British nationality codes) are added here. Codes of organisations, of stateless persons and refugees, and
others whose signer's country is not one state's are left out: no comparison is made for them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "desktop" / "resources" / "cards" / "icao_states.json"
ICAO_ONLY = {"D": "DE", "GBD": "GB", "GBN": "GB", "GBO": "GB", "GBP": "GB", "GBS": "GB"}


def table(source: Path) -> dict[str, str]:
    countries = json.loads(source.read_text(encoding="utf-8"))["3166-1"]
    out = {c["alpha_3"]: c["alpha_2"] for c in countries}
    out.update(ICAO_ONLY)
    return dict(sorted(out.items()))


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else Path("/usr/share/iso-codes/json/iso_3166-1.json")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(table(source), ensure_ascii=True, indent=0) + "\n", encoding="utf-8")
    print(TARGET)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
