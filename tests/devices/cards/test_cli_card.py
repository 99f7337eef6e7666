"""`guichet card readers|read`: French output for support staff, JSON for machines, exit codes."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli.card import EXIT_CHECK_FAILED, EXIT_ERROR, EXIT_OK, main
from desktop.devices.cards.vchip.stack import READER_0, wait_for
from desktop.devices.cards.vchip.vpcd import VpcdCard


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, out)
    return code, out.getvalue()


def test_read_demo_card_prints_fields_and_checks() -> None:
    code, text = run(["read", "--demo", "martin-claire", "--can", "123456"])
    assert code == EXIT_OK
    assert "Nom                  MARTIN" in text
    assert "Date de naissance    15/01/1990" in text
    assert "[réussie] Signature du document (EF.SOD)" in text
    assert "Document authentique." in text


def test_read_json_with_full_mrz() -> None:
    from desktop.devices.cards.demo_persons import demo_person

    code, text = run(["read", "--demo", "dubois-jean", "--mrz", demo_person("dubois-jean").mrz, "--json"])
    data = json.loads(text)
    assert code == EXIT_OK
    assert (data["surname"], data["access"], data["birth_date"]) == ("DUBOIS", "BAC", "1958-06-03")
    assert {c["id"]: c["status"] for c in data["checks"]}["sod_signature"] == "passed"


def test_errors_are_french_and_exit_one() -> None:
    assert run(["read", "--demo", "martin-claire", "--can", "111111"]) == (
        EXIT_ERROR,
        "Erreur : Mauvais CAN : vérifiez les 6 chiffres imprimés au recto de la carte.\n",
    )
    code, text = run(["read", "--demo", "martin-claire", "--can", "12a", "--json"])
    assert code == EXIT_ERROR and json.loads(text)["error"] == "bad_can_format"
    code, text = run(["read", "--demo", "dubois-jean", "--mrz", "18AB12345058060342811202"])
    assert code == EXIT_ERROR and "clé de contrôle" in text


def test_a_csca_file_claiming_x509_version_4_is_said_in_french(tmp_path: Path) -> None:
    """Found by fuzzing: a PEM certificate whose version field says v4 raised cryptography's InvalidVersion (not a
    ValueError) out of --csca, a traceback instead of the French message."""
    import base64

    from cryptography.hazmat.primitives.serialization import Encoding

    from desktop.devices.cards.vchip.pki import shared_test_pki

    der = shared_test_pki().csca_certificate.public_bytes(Encoding.DER)
    v4 = der.replace(bytes.fromhex("a003020102"), bytes.fromhex("a003020103"), 1)
    path = tmp_path / "csca.pem"
    path.write_bytes(b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(v4) + b"-----END CERTIFICATE-----\n")
    code, text = run(["read", "--demo", "martin-claire", "--can", "123456", "--csca", str(path)])
    assert (code, text) == (
        EXIT_ERROR,
        "Erreur : Le fichier --csca n'est ni un certificat (PEM, DER) ni une liste maîtresse.\n",
    )


def test_readers_demo() -> None:
    code, text = run(["readers", "--demo", "--json"])
    assert code == EXIT_OK and json.loads(text)["readers"][0]["card_present"] is False


@pytest.mark.pcsc
def test_readers_and_tampered_read_through_pcscd(insert_card: Callable[..., VpcdCard]) -> None:
    insert_card("martin-claire", tamper_dg1=True)
    from desktop.devices.cards.pcsc import PcscCardReader

    assert wait_for(lambda: PcscCardReader(monitor=False).card_present(READER_0))
    code, text = run(["readers"])
    assert code == EXIT_OK and f"{READER_0} : carte présente" in text
    code, text = run(["read", "--reader", READER_0, "--can", "123456"])
    assert code == EXIT_CHECK_FAILED
    assert "[ÉCHEC] Intégrité de l'état civil (DG1)" in text
    assert "ATTENTION : authenticité non établie." in text


@pytest.mark.pcsc
def test_a_genuine_chip_is_authentic_only_against_a_csca_list(
    insert_card: Callable[..., VpcdCard], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    from desktop.devices.cards.pcsc import PcscCardReader
    from desktop.devices.cards.vchip.pki import shared_test_pki

    (tmp_path / "empty.toml").touch()
    monkeypatch.setenv("GUICHET_CONFIG", str(tmp_path / "empty.toml"))  # an empty machine file: no station list
    monkeypatch.delenv("GUICHET_CSCA_LIST", raising=False)
    insert_card("martin-claire")
    assert wait_for(lambda: PcscCardReader(monitor=False).card_present(READER_0))
    code, text = run(["read", "--reader", READER_0, "--can", "123456"])
    assert code == EXIT_OK and "Document authentique." not in text
    assert "Signature valide, mais le pays émetteur n'est pas contrôlé" in text
    (tmp_path / "csca.pem").write_bytes(shared_test_pki().csca_certificate.public_bytes(Encoding.PEM))
    code, text = run(["read", "--reader", READER_0, "--can", "123456", "--csca", str(tmp_path / "csca.pem")])
    assert code == EXIT_OK and "Document authentique." in text
    monkeypatch.setenv("GUICHET_CSCA_LIST", str(tmp_path / "csca.pem"))  # the station's list, as the counter has it
    code, text = run(["read", "--reader", READER_0, "--can", "123456"])
    assert code == EXIT_OK and "Document authentique." in text


@pytest.mark.slow
def test_a_support_command_writes_no_english_log_line_on_the_terminal() -> None:
    """With no card service, `guichet card readers` printed the driver's log warning (« PC/SC context refused:
    Service not available. », Python's last-resort handler) before its French answer: a support command speaks
    the agent's language and keeps its log lines off the terminal (found from the installed wheel, session 36)."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from desktop.devices.cards import pcsc\n"
        "class Refusing:\n"
        "    SCARD_SCOPE_USER = 0\n"
        "    SCARD_S_SUCCESS = 0\n"
        "    def SCardEstablishContext(self, scope): return (0x8010001D, None)\n"
        "    def SCardGetErrorMessage(self, code): return 'Service not available.'\n"
        "pcsc.scard = Refusing()\n"
        "from desktop.cli.card import main\n"
        "sys.exit(main(['readers']))\n"
    )
    env = {**os.environ, "GUICHET_LANGUAGE": "fr"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert "PC/SC context refused" not in done.stdout + done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.strip() or done.stderr.strip()  # the command still says something, in French
