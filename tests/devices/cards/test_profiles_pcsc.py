"""Every chip profile through the real stack (pyscard → pcscd → vpcd → virtual chip): what was read, which checks
ran, and what the agent sees in the identity panel (a screenshot per profile; set GUICHET_SHOTS_DIR to keep them)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.fake import NullCardReader
from desktop.devices.cards.handler import FixedHandler
from desktop.devices.cards.identity import CheckStatus, IdentityRead
from desktop.devices.cards.passive_auth import CscaStore
from desktop.devices.cards.pcsc import PcscCardReader
from desktop.devices.cards.vchip.pki import demo_cscas
from desktop.devices.cards.vchip.stack import READER_0, wait_for
from desktop.devices.cards.vchip.vpcd import VpcdCard
from desktop.views.procurations.identity import IdentityPanel
from desktop.views.theme import apply_theme

InsertCard = Callable[..., VpcdCard]
pytestmark = pytest.mark.pcsc
TODAY = date(2026, 11, 30)
P, F, N = CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.NOT_RUN
ALL = ("EF.COM", "DG1", "DG2", "EF.SOD")
PASSIVE = {"chip_access": P, "dg1_hash": P, "dg2_hash": P, "sod_signature": P, "csca_chain": P}


@dataclass(frozen=True)
class Expect:
    person: str
    access: str
    files: tuple[str, ...]
    checks: dict[str, CheckStatus]
    badges: tuple[str, ...]  # fragments of badge texts the agent must see
    max_apdus: int


CASES = {
    "standard": Expect(
        "martin-claire",
        "PACE-CAN",
        ALL,
        {**PASSIVE, "chip_authenticity": N},
        ("✓ Signature du document (EF.SOD)", "– Puce d'origine (anti-clonage) : non vérifiable"),
        20,  # extended reads: DG2 in 5 commands
    ),
    "plain-status": Expect(
        "martin-claire",
        "PACE-CAN",
        ALL,  # DG11 and DG12 listed by EF.COM, answered 6A82 bare inside secure messaging: absent
        {**PASSIVE, "chip_authenticity": N},
        ("✓ Intégrité de la photo (DG2)",),
        22,
    ),
    "bac-only": Expect(
        "martin-claire",
        "BAC",
        ALL,
        {**PASSIVE, "chip_authenticity": N},
        ("✓ Accès sécurisé à la puce",),
        90,  # no extended length announced: 223-byte reads
    ),
    "no-dg2-no-sod": Expect(
        "martin-claire",
        "PACE-CAN",
        ("EF.COM", "DG1"),
        {"chip_access": P, "sod_signature": N, "chip_authenticity": N, "face_image": N},
        ("– Signature du document (EF.SOD) : non vérifiable", "– Photo du titulaire : non vérifiable"),
        14,
    ),
    "t0": Expect(
        "dubois-jean",
        "BAC",
        ALL,
        {**PASSIVE, "chip_authenticity": N},
        ("✓ Intégrité de l'état civil (DG1)",),
        200,  # every answer behind 61xx + GET RESPONSE
    ),
    "slow": Expect("nguyen-lan", "PACE-CAN", ALL, {**PASSIVE, "chip_authenticity": N}, ("✓ Certificat",), 20),
    "chip-auth": Expect(
        "bernard-louis",  # a passport with PACE
        "PACE-CAN",
        ("EF.COM", "DG1", "DG2", "DG14", "EF.SOD"),
        {**PASSIVE, "dg14_hash": P, "chip_authenticity": P},
        ("✓ Puce d'origine (anti-clonage)", "✓ Intégrité des protocoles de sécurité (DG14)"),
        24,
    ),
    "active-auth": Expect(
        "rossi-giulia",
        "PACE-CAN",
        ("EF.COM", "DG1", "DG2", "DG14", "DG15", "EF.SOD"),
        {**PASSIVE, "dg14_hash": P, "dg15_hash": P, "chip_authenticity": P},
        ("✓ Puce d'origine (anti-clonage)", "✓ Intégrité de la clé anti-clonage (DG15)"),
        30,  # EF.ATR/INFO first (the ATR says nothing), then 2,000-byte reads as it allows
    ),
}


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[None]:
    """The application's theme, so that the screenshot shows the badges as agents see them; undone afterwards."""
    style, font, sheet = qapp.style().name(), qapp.font(), qapp.styleSheet()
    apply_theme(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setStyle(style)


@pytest.mark.parametrize("profile", list(CASES))
def test_chip_profile_through_pcscd(
    profile: str, pcsc_reader: PcscCardReader, insert_card: InsertCard, qtbot: QtBot, tmp_path: Path, themed: None
) -> None:
    expect = CASES[profile]
    person = demo_person(expect.person)
    pcsc_reader.csca = CscaStore(demo_cscas())  # each state's test CSCA (the active-auth card is Italy's)
    card = insert_card(expect.person, profile=profile)
    assert wait_for(lambda: pcsc_reader.card_present(READER_0))
    handler = FixedHandler(can=person.can, mrz=person.mrz)
    read = pcsc_reader.read_identity(handler, reader=READER_0).result(30)

    assert (read.surname, read.access, read.files_read) == (person.surname, expect.access, expect.files)
    assert {c.id: c.status for c in read.checks} == expect.checks
    assert card.chip.apdu_count <= expect.max_apdus
    assert read.authentic is (expect.checks.get("sod_signature") is P)

    panel = _panel(qtbot, read)
    texts = panel.badges.texts()
    for fragment in expect.badges:
        assert any(fragment in text for text in texts), (fragment, texts)
    assert any(text.startswith("Lu sur la puce : ") for text in texts)
    if read.not_run and not read.failed and not read.authentic:
        assert "vérifications impossibles" in panel.status.text()
    _screenshot(panel, tmp_path, f"puce-{profile}.png")


def _panel(qtbot: QtBot, read: IdentityRead) -> IdentityPanel:
    panel = IdentityPanel(NullCardReader(), today=lambda: TODAY)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.resize(760, 430)
    panel.show()
    panel.show_read(read)
    qtbot.wait(50)
    return panel


def _screenshot(panel: IdentityPanel, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    assert panel.grab().save(str(path))
    keep = os.environ.get("GUICHET_SHOTS_DIR")
    if keep:
        shutil.copyfile(path, Path(keep) / name)
