"""Revocation (spec §6)."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.rules.facts import Elector
from desktop.rules.revocation import check_revocation_request, check_revocation_selection, revocable
from desktop.rules.terms import Channel, PlaceKind
from desktop.rules.types import ListKind

from .factories import elector, facts

NOW = datetime(2026, 12, 1, 10, 0)


def test_R_REVOKE_1_and_2_all_procurations_of_the_mandant() -> None:
    ps = [
        facts("b", mandant="m", at=NOW - timedelta(days=1)),
        facts("a", mandant="m", at=NOW - timedelta(days=2)),
        facts("x", mandant="other", at=NOW - timedelta(days=2)),
        facts("r", mandant="m", at=NOW - timedelta(days=5), revoked_at=NOW - timedelta(days=4)),
        facts("n", mandant="m", at=NOW - timedelta(days=5), annulled_at=NOW),
        facts("v", mandant="m", at=NOW - timedelta(days=5), void_other=True),
        facts("f", mandant="m", at=NOW + timedelta(seconds=1)),
    ]
    in_force = revocable(ps, mandant_key="m", now=NOW)
    assert in_force == ["a", "b"]
    assert check_revocation_selection(["a", "b"], in_force) == []
    assert check_revocation_selection(["a", "b", "zz"], in_force) == []
    assert [v.rule_id for v in check_revocation_selection(["a"], in_force)] == ["R-REVOKE-2"]
    assert check_revocation_selection([], []) == []


def _req(
    channel: Channel,
    place: PlaceKind,
    *,
    mandant: Elector | None = None,
    mandataire: Elector | None = None,
    reference: str | None = None,
) -> list[tuple[str, str | None]]:
    v = check_revocation_request(
        channel=channel,
        place=place,
        mandant=mandant or elector("111111111"),
        mandataire=mandataire or elector("222222222"),
        reference=reference,
    )
    return [(x.rule_id, x.field) for x in v]


def test_R_REVOKE_4_online_revocation_needs_reference_and_paper_for_nc() -> None:
    assert _req(Channel.MAPROCURATION, PlaceKind.COMMISSARIAT, reference="AB12CD") == []
    assert _req(Channel.MAPROCURATION, PlaceKind.BRIGADE_GENDARMERIE) == [("R-REVOKE-4", "channel.reference")]
    nc = elector("2", list_kind=ListKind.NC)
    assert _req(Channel.MAPROCURATION, PlaceKind.COMMISSARIAT, reference="AB12CD", mandataire=nc) == [
        ("R-REVOKE-4", "channel.kind")
    ]
    assert _req(Channel.MAPROCURATION, PlaceKind.CONSULAT, reference="AB12CD", mandataire=nc) == []


def test_R_REVOKE_5_france_paper_needs_mandant_nne() -> None:
    assert _req(Channel.CERFA_14952, PlaceKind.TRIBUNAL_JUDICIAIRE) == []
    assert _req(Channel.CERFA_12668, PlaceKind.COMMISSARIAT, mandant=elector(None), mandataire=elector(None)) == [
        ("R-REVOKE-5", "mandant.nne")
    ]


def test_R_REVOKE_6_abroad_needs_both_nnes() -> None:
    assert _req(Channel.CERFA_14952, PlaceKind.CONSULAT) == []
    assert _req(Channel.CERFA_14952, PlaceKind.AMBASSADE, mandant=elector(None), mandataire=elector(None)) == [
        ("R-REVOKE-6", "mandant.nne"),
        ("R-REVOKE-6", "mandataire.nne"),
    ]


def test_R_REVOKE_7_new_caledonia() -> None:
    nc = elector(None, list_kind=ListKind.NC, address=None)
    assert _req(Channel.CERFA_14952, PlaceKind.COMMISSARIAT, mandataire=nc) == [("R-REVOKE-7", "channel.kind")]
    assert _req(Channel.CERFA_16199, PlaceKind.COMMISSARIAT, mandataire=nc) == []
    nc_full = elector("222222222", list_kind=ListKind.NC, address="1 rue A")
    assert _req(Channel.CERFA_16199, PlaceKind.CONSULAT, mandataire=nc_full) == []
    assert _req(Channel.CERFA_16199, PlaceKind.CONSULAT, mandataire=elector("2", list_kind=ListKind.NC)) == [
        ("R-REVOKE-7", "mandataire.address")
    ]
