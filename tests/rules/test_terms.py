"""The domain's vocabulary: every member has its French label, stored texts parse, and the status groups hold."""

from __future__ import annotations

import pytest

from desktop.rules.terms import (
    IN_FORCE,
    VERDICTS,
    Capacity,
    Channel,
    PlaceKind,
    Role,
    Status,
    channel_label,
    status_label,
)


@pytest.mark.parametrize("term", [PlaceKind, Role, Capacity, Status, Channel])
def test_every_member_has_a_french_label(term: type[PlaceKind | Role | Capacity | Status | Channel]) -> None:
    labels = [member.label for member in term]
    assert all(labels) and len(set(labels)) == len(labels)


def test_place_kinds_keep_the_values_station_profiles_store() -> None:
    stored = ("commissariat", "brigade_gendarmerie", "lieu_prefet", "tribunal_judiciaire", "consulat")
    assert [PlaceKind(v).value for v in stored] == list(stored)
    assert [k for k in PlaceKind if k.abroad] == [PlaceKind.CONSULAT, PlaceKind.AMBASSADE, PlaceKind.CONSUL_HONORAIRE]
    assert PlaceKind.TRIBUNAL_JUDICIAIRE.label == "Tribunal judiciaire"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OPJ", Capacity.OPJ),
        ("Réserviste  APJ", Capacity.RESERVISTE_APJ),
        ("délégué OPJ", Capacity.DELEGUE_OPJ),
        ("chef_de_poste_consulaire", Capacity.CHEF_POSTE),
        ("chef de poste", Capacity.CHEF_POSTE),
        ("agent délégué", Capacity.AGENT_CONSULAIRE),
        ("consul honoraire français", Capacity.CONSUL_HONORAIRE),
        ("consul honoraire étranger", None),
        ("adjoint au maire", None),
        ("", None),
    ],
)
def test_capacities_parse_from_stored_and_older_texts(text: str, expected: Capacity | None) -> None:
    assert Capacity.parse(text) is expected


def test_account_capacities_leave_out_authorities_guichet_has_no_accounts_for() -> None:
    assert Capacity.OPJ.for_accounts and Capacity.ADMINISTRATEUR.for_accounts
    assert not Capacity.MAIRE.for_accounts and not Capacity.MAGISTRAT.for_accounts


def test_status_groups() -> None:
    assert IN_FORCE == ("provisoire", "validee")
    assert VERDICTS == ("validee", "invalidee", "resiliee", "expiree", "annulee")
    assert [s for s in Status if s.never_in_force] == [Status.INVALIDEE]
    assert status_label("resiliee") == "Résiliée" and status_label("inconnu") == "inconnu"


def test_channels_in_form_order_with_their_form_versions() -> None:
    assert next(c for c in Channel if c.at_counter) is Channel.CERFA_12668
    assert Channel.CERFA_14952.form_version == "14952*03" and Channel.MAPROCURATION.form_version is None
    assert len({c.label[0] for c in Channel if c.at_counter}) == 4  # picked by first letter in the form's list
    assert channel_label("cerfa_12668") == Channel.CERFA_12668.label and channel_label("x") == "x"
