"""The station's CSCA master list, as configured (setting csca_list), on the real PC/SC path: pyscard → pcscd → vpcd →
a virtual chip whose EF.SOD a forger signed with a certificate of their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.handler import FixedHandler
from desktop.devices.cards.identity import CheckStatus, IdentityRead
from desktop.devices.cards.passive_auth import CscaList
from desktop.devices.cards.pcsc import PcscCardReader
from desktop.devices.cards.vchip import pki as test_pki
from desktop.devices.cards.vchip.build import build_content, build_master_list
from desktop.devices.cards.vchip.chip import VirtualChip
from desktop.devices.cards.vchip.pki import generate_pki, shared_test_pki
from desktop.devices.cards.vchip.stack import READER_0, PcscDaemon, wait_for
from desktop.devices.cards.vchip.vpcd import VPCD_PORTS, VpcdCard
from desktop.devices.registry import make_reader
from desktop.settings import load_settings

pytestmark = pytest.mark.pcsc
TIMEOUT = 30


@pytest.fixture
def station_reader(pcscd: PcscDaemon, tmp_path: Path) -> Iterator[PcscCardReader]:
    """The reader a counter gets from its settings, its master list holding the test state's CSCA."""
    listed = build_master_list([shared_test_pki().csca_certificate], generate_pki())
    (tmp_path / "liste-maitresse.ml").write_bytes(listed)
    config = tmp_path / "guichet.toml"
    config.write_text(f'card_reader = "pcsc"\ncsca_list = "{tmp_path / "liste-maitresse.ml"}"\n', encoding="utf-8")
    settings = load_settings(config_path=config, environ={}, data_dir=tmp_path / "data")
    reader = make_reader(settings)
    assert isinstance(reader, PcscCardReader) and isinstance(reader.csca, CscaList)
    assert wait_for(lambda: READER_0 in reader.readers())
    yield reader
    reader.close()


def read_on_reader(reader: PcscCardReader, pki: test_pki.TestPki) -> IdentityRead:
    card = VpcdCard(VirtualChip(build_content(demo_person("martin-claire"), pki=pki)), VPCD_PORTS[READER_0])
    card.insert()
    try:
        assert wait_for(lambda: reader.card_present(READER_0))
        return reader.read_identity(FixedHandler(can="123456"), reader=READER_0).result(TIMEOUT)
    finally:
        card.remove()
        assert wait_for(lambda: not reader.card_present(READER_0))


def test_a_forgers_signer_fails_against_the_stations_list_and_the_states_passes(
    station_reader: PcscCardReader,
) -> None:
    forged = read_on_reader(station_reader, generate_pki())
    check = forged.check("csca_chain")
    assert check is not None and check.status is CheckStatus.FAILED
    assert forged.check("sod_signature").status is CheckStatus.PASSED  # type: ignore[union-attr]
    assert not forged.authentic and not forged.proven
    genuine = read_on_reader(station_reader, shared_test_pki())
    assert genuine.proven
