"""Helpers of the desk screen tests: a desk over a test store, keyboard-only typing, receipt decoding."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from contextkit import service_context
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.devices.printers.base import ReceiptPrinter
from desktop.models.db import Store
from desktop.receipts.signing import ReceiptVerifier, StationSigner, TrustedKeys
from desktop.services.desk import DeskServices
from desktop.services.permissions import Principal
from desktop.settings import Settings
from desktop.sync.client import CentralClient
from desktop.views.widgets import Page

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
SIGNER = StationSigner(key_id="TV01", private_key=Ed25519PrivateKey.generate(), identity_key=b"v" * 32)
VERIFIER = ReceiptVerifier(TrustedKeys().with_key(SIGNER.key_id, SIGNER.public_key))


def make_desk(
    store: Store,
    tmp_path: Path,
    printer: ReceiptPrinter,
    central: CentralClient | None = None,
    now: datetime = NOW,
    agent_id: str = "agent-7",
) -> DeskServices:
    """A commissariat desk with an OPJ, a fixed clock and the given printer (`agent_id`: one per test when several
    tests share a central store, where agent ids are unique)."""
    settings = Settings(data_dir=tmp_path / "data", station_code="75056-01", station_name="Commissariat central du 11e")
    actor = Principal("75056-01", agent_id, role="agent_police", capacity="OPJ", station_kind="commissariat")
    return DeskServices(
        service_context(
            store,
            settings,
            actor=actor,
            agent_name="Brigadier-chef Lemoine",
            printer=printer,
            signer=SIGNER,
            central=central,
            clock=lambda: now,
        )
    )


def focused() -> QWidget:
    """The widget with the keyboard focus (the keyboard is all these tests use)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the focus"
    return widget


def type_text(qtbot: QtBot, text: str) -> int:
    """Type into whatever has the focus; returns the keystroke count."""
    qtbot.keyClicks(focused(), text)
    return len(text)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> int:
    """One key (or chord) to the focused widget; returns 1."""
    qtbot.keyClick(focused(), key, modifier)
    return 1


def show_page(qtbot: QtBot, page: Page, *, size: tuple[int, int] = (1280, 800), focus: bool = True) -> None:
    """The screen shown at the counter's size, active, its first field focused (for keyboard-only tests)."""
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=3000)
    if focus:
        page.focus_first()


def decode_pdf_qr(pdf: Path) -> list[str]:
    """Rasterise the receipt with poppler and read its QR codes with zbar, as a citizen's tools would."""
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(stem)], check=True)
    out = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(stem.with_suffix(".png"))],
        capture_output=True,
        text=True,
    )
    return [line for line in out.stdout.splitlines() if line]


def pdf_text(pdf: Path) -> str:
    """The text of a receipt PDF."""
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def confirm_review(qtbot: QtBot, page: QWidget) -> int:
    """The review of the act opens after Enter/Ctrl+S; Enter confirms it (one keystroke)."""
    qtbot.waitUntil(lambda: getattr(page, "review", None) is not None and page.review.isVisible(), timeout=10000)
    dialog = page.review  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.confirm_button, timeout=3000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    return 1


def with_enrolled_agent(client: CentralClient, agent_id: str = "agent-7", role: str = "agent_police") -> CentralClient:
    """The desk's agent made known to the central store for this station: look-ups are for enrolled agents only."""
    from desktop.security.central_api import HttpCentralSecurity

    HttpCentralSecurity(client.http).enrol_agent(
        agent_id=agent_id, login=agent_id, role=role, capacity="OPJ", email=None
    )
    return client
