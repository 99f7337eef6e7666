"""Channels, required fields, New Caledonia, places, authorities and home visits (spec §1.2-2.3)."""

from __future__ import annotations

from datetime import date, datetime

from desktop.rules.channels import check_channel, check_home_visit, check_place, home_documents_retention_until
from desktop.rules.facts import AuthorityFacts, ChannelFacts, HomeVisit, PlaceFacts
from desktop.rules.terms import Capacity, Channel, PlaceKind
from desktop.rules.types import ListKind

from .factories import elector, new_procuration

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 10, 0)
MAP = Channel.MAPROCURATION
ASKED = date(2026, 11, 20)  # the online request's day (R-CHAN-A-8: required)


def _rules(**kw: object) -> list[str]:
    return [v.rule_id for v in check_channel(new_procuration(**kw), today=TODAY)]


def _fields(**kw: object) -> list[str | None]:
    return [v.field for v in check_channel(new_procuration(**kw), today=TODAY)]


def test_R_CHAN_A_3_reference_required_and_well_formed() -> None:
    assert _rules(channel=ChannelFacts(MAP, "ab12cd", requested_on=ASKED)) == []
    assert _rules(channel=ChannelFacts(MAP, None, requested_on=ASKED)) == ["R-ID-REF-1"]
    assert _fields(channel=ChannelFacts(MAP, "AB12", requested_on=ASKED)) == ["channel.reference"]


def test_R_CHAN_A_8_request_older_than_two_months() -> None:
    # Requested 01/10/2026: accepted on 30/11, refused on 01/12 (two months later) and after.
    ch = ChannelFacts(MAP, "AB12CD", requested_on=date(2026, 10, 1))
    p = new_procuration(channel=ch)
    assert check_channel(p, today=date(2026, 11, 30)) == []
    assert [v.rule_id for v in check_channel(p, today=date(2026, 12, 1))] == ["R-CHAN-A-8"]
    assert [v.rule_id for v in check_channel(p, today=date(2026, 12, 2))] == ["R-CHAN-A-8"]


def test_R_CHAN_A_8_the_request_date_is_required_and_not_in_the_future() -> None:
    """The two months run from the request's day: without it (or with a day to come) nothing can be checked."""
    for asked in (None, date(2026, 12, 2)):
        [v] = check_channel(new_procuration(channel=ChannelFacts(MAP, "AB12CD", requested_on=asked)), today=TODAY)
        assert (v.rule_id, v.field, v.blocking) == ("R-CHAN-A-8", "channel.requested_on", True)
    assert _rules(channel=ChannelFacts(MAP, "AB12CD", requested_on=TODAY)) == []  # made this morning
    # Only Maprocuration has a request: a paper form needs no date.
    assert _rules(channel=ChannelFacts(Channel.CERFA_12668)) == []


def test_R_CHAN_A_2_mandataire_identified_by_nne_or_civil_identity() -> None:
    ch = ChannelFacts(MAP, "AB12CD", requested_on=ASKED)
    assert _rules(channel=ch, mandataire=elector("222222222", last_name="", given_names="", commune=None)) == []
    assert _rules(channel=ch, mandataire=elector(None)) == []
    assert _rules(channel=ch, mandataire=elector(None, commune=None)) == ["R-CHAN-A-2"]
    assert _fields(channel=ch, mandataire=elector("222222222", birth_date=None)) == ["mandataire.birth_date"]


def test_R_CHAN_A_4_only_opj_apj_reservists_receive_a_reference() -> None:
    ch = ChannelFacts(MAP, "AB12CD", requested_on=ASKED)
    for cap in (Capacity.OPJ, Capacity.APJ, Capacity.RESERVISTE_APJ):
        assert _rules(channel=ch, authority=AuthorityFacts(cap)) == []
    for cap in (Capacity.MAGISTRAT, Capacity.DIRECTEUR_GREFFE, Capacity.DELEGUE_OPJ):
        assert _rules(channel=ch, authority=AuthorityFacts(cap)) == ["R-CHAN-A-4"]
    # Abroad the reference is presented at a consulate.
    assert _rules(channel=ch, place=PlaceFacts(PlaceKind.CONSULAT), authority=AuthorityFacts(Capacity.CHEF_POSTE)) == []


def test_R_CHAN_A_5_nc_mandataire_cannot_use_maprocuration() -> None:
    r = _rules(channel=ChannelFacts(MAP, "AB12CD", requested_on=ASKED), mandataire=elector("2", list_kind=ListKind.NC))
    assert r == ["R-CHAN-A-5", "R-NC-4"]


def test_R_NC_3_nc_mandant_may_use_maprocuration() -> None:
    assert _rules(
        channel=ChannelFacts(MAP, "AB12CD", requested_on=ASKED), mandant=elector("1", list_kind=ListKind.NC)
    ) == ["R-NC-4"]


def test_R_CHAN_A_7_fully_online_is_not_a_counter_channel() -> None:
    assert _rules(channel=ChannelFacts(Channel.EN_LIGNE)) == ["R-CHAN-A-7"]


def test_R_CHAN_B_2_and_C_1_required_fields() -> None:
    for kind, rule in ((Channel.CERFA_14952, "R-CHAN-B-2"), (Channel.CERFA_12668, "R-CHAN-C-1")):
        assert _rules(channel=ChannelFacts(kind)) == []
        fields = _fields(
            channel=ChannelFacts(kind),
            mandant=elector(None),
            mandataire=elector(None, last_name="", given_names="", birth_date=None),
        )
        assert fields == [
            "mandant.nne",
            "mandataire.nne",
            "mandataire.last_name",
            "mandataire.given_names",
            "mandataire.birth_date",
        ]
        assert set(_rules(channel=ChannelFacts(kind), mandant=elector(None))) == {rule}


def test_R_CHAN_B_1_and_C_1_current_form_versions() -> None:
    assert _rules(channel=ChannelFacts(Channel.CERFA_14952, form_version="14952*03")) == []
    assert _rules(channel=ChannelFacts(Channel.CERFA_14952, form_version="14952*02")) == ["R-CHAN-B-1"]
    assert _rules(channel=ChannelFacts(Channel.CERFA_12668, form_version="12668*01")) == ["R-CHAN-C-1"]
    assert _rules(channel=ChannelFacts(Channel.CERFA_12668, form_version="12668 *03")) == []


def test_R_NC_1_nc_voters_use_the_nc_form_or_counter_form() -> None:
    nc_mandant = elector("1", list_kind=ListKind.NC, address="1 rue A")
    nc_mandataire = elector(None, list_kind=ListKind.NC, address="2 rue B", commune="Nouméa")
    assert _rules(channel=ChannelFacts(Channel.CERFA_14952), mandant=nc_mandant, mandataire=nc_mandataire) == [
        "R-NC-1",
        "R-NC-4",
    ]
    assert _rules(channel=ChannelFacts(Channel.CERFA_16199), mandataire=nc_mandataire) == ["R-NC-4"]
    assert _rules(channel=ChannelFacts(Channel.CERFA_12668), mandataire=nc_mandataire) == ["R-NC-4"]
    assert _rules(channel=ChannelFacts(Channel.CERFA_16199)) == ["R-NC-1", "R-NC-2"]
    assert _rules(channel=ChannelFacts(Channel.CERFA_16199, form_version="16199*02"), mandataire=nc_mandataire) == [
        "R-NC-1",
        "R-NC-4",
    ]


def test_R_NC_2_nc_path_needs_address_and_commune_not_nne() -> None:
    m = elector(None, list_kind=ListKind.NC, address=None, commune=None)
    fields = _fields(channel=ChannelFacts(Channel.CERFA_16199), mandataire=m)
    assert fields == ["mandataire.address", "mandataire.commune", None]


def test_R_NC_4_no_online_lookup_warning() -> None:
    p = new_procuration(mandant=elector("1", list_kind=ListKind.NC), mandataire=elector("2", address="3 rue C"))
    v = check_channel(p, today=TODAY)
    assert [(x.rule_id, x.severity) for x in v] == [("R-NC-4", "avertissement")]


def _place(kind: PlaceKind, cap: Capacity = Capacity.OPJ, **kw: object) -> list[str]:
    return [v.rule_id for v in check_place(PlaceFacts(kind, **kw), AuthorityFacts(cap), now=NOW)]  # type: ignore[arg-type]


def test_R_PLACE_1_any_commissariat_or_gendarmerie() -> None:
    assert _place(PlaceKind.COMMISSARIAT) == [] and _place(PlaceKind.BRIGADE_GENDARMERIE, Capacity.APJ) == []


def test_R_PLACE_2_prefet_place_within_its_hours() -> None:
    window = ((datetime(2026, 12, 1, 9, 0), datetime(2026, 12, 1, 17, 0)),)
    kind = PlaceKind.LIEU_PREFET
    for now, ok in (
        (datetime(2026, 12, 1, 8, 59), False),
        (datetime(2026, 12, 1, 9, 0), True),
        (datetime(2026, 12, 1, 17, 0), True),
        (datetime(2026, 12, 1, 17, 1), False),
        (datetime(2026, 11, 30, 10, 0), False),
        (datetime(2026, 12, 2, 10, 0), False),
    ):
        v = check_place(PlaceFacts(kind, opening_windows=window), AuthorityFacts(Capacity.OPJ), now=now)
        assert (v == []) is ok
    assert _place(kind) == ["R-PLACE-2"]


def test_R_PLACE_3_tribunal_of_residence_or_work_and_magistrate() -> None:
    assert _place(PlaceKind.TRIBUNAL_JUDICIAIRE, Capacity.MAGISTRAT, tribunal_of_residence_or_work=True) == []
    assert _place(PlaceKind.TRIBUNAL_JUDICIAIRE, Capacity.DIRECTEUR_GREFFE, tribunal_of_residence_or_work=False) == [
        "R-PLACE-3"
    ]
    assert _place(PlaceKind.TRIBUNAL_JUDICIAIRE, Capacity.OPJ) == ["R-PLACE-3"]


def test_R_PLACE_4_consulate_and_french_honorary_consul() -> None:
    assert _place(PlaceKind.CONSULAT, Capacity.CHEF_POSTE) == []
    assert _place(PlaceKind.AMBASSADE, Capacity.AMBASSADEUR) == []
    assert _place(PlaceKind.CONSUL_HONORAIRE, Capacity.CONSUL_HONORAIRE, honorary_consul_french=True) == []
    assert _place(PlaceKind.CONSUL_HONORAIRE, Capacity.CONSUL_HONORAIRE, honorary_consul_french=False) == ["R-PLACE-4"]


def test_R_PLACE_5_consular_voter_may_establish_in_france() -> None:
    p = new_procuration(mandant=elector("1", list_kind=ListKind.CONSULAIRE))
    assert check_channel(p, today=TODAY) == [] and _place(PlaceKind.COMMISSARIAT) == []


def test_R_AUTH_1_france_authorities_and_judge_designation() -> None:
    for cap in (
        Capacity.MAGISTRAT,
        Capacity.DIRECTEUR_GREFFE,
        Capacity.MAGISTRAT_DESIGNE_PP,
        Capacity.OPJ,
        Capacity.APJ,
        Capacity.RESERVISTE_APJ,
    ):
        assert _place(PlaceKind.COMMISSARIAT, cap) == []
    assert _place(PlaceKind.COMMISSARIAT, Capacity.CHEF_POSTE) == ["R-AUTH-1"]
    v = check_place(
        PlaceFacts(PlaceKind.BRIGADE_GENDARMERIE), AuthorityFacts(Capacity.APJ, designated_by_judge=False), now=NOW
    )
    assert [x.rule_id for x in v] == ["R-AUTH-1"]


def test_R_AUTH_2_mayor_and_adjoint_excluded() -> None:
    assert _place(PlaceKind.COMMISSARIAT, Capacity.MAIRE) == ["R-AUTH-2"]
    assert _place(PlaceKind.LIEU_PREFET, Capacity.ADJOINT, opening_windows=((NOW, NOW),)) == ["R-AUTH-2"]


def test_R_AUTH_3_delegate_chosen_by_opj_with_visa() -> None:
    def rules(a: AuthorityFacts) -> list[str]:
        return [v.rule_id for v in check_place(PlaceFacts(PlaceKind.COMMISSARIAT), a, now=NOW)]

    d = Capacity.DELEGUE_OPJ
    assert rules(AuthorityFacts(d, delegated_by=Capacity.OPJ, visa_of_delegating_opj=True)) == []
    assert rules(AuthorityFacts(d, delegated_by=Capacity.OPJ, visa_of_delegating_opj=False)) == ["R-AUTH-3"]
    assert rules(AuthorityFacts(d, delegated_by=Capacity.APJ, visa_of_delegating_opj=True)) == ["R-AUTH-3"]
    assert rules(AuthorityFacts(d, delegated_by=Capacity.RESERVISTE_APJ)) == ["R-AUTH-3"]


def test_R_AUTH_4_consular_authorities() -> None:
    assert _place(PlaceKind.CONSULAT, Capacity.AGENT_CONSULAIRE) == []
    assert _place(PlaceKind.CONSULAT, Capacity.OPJ) == ["R-AUTH-4"]
    v = check_place(
        PlaceFacts(PlaceKind.CONSULAT), AuthorityFacts(Capacity.AGENT_CONSULAIRE, consular_delegation=False), now=NOW
    )
    assert [x.rule_id for x in v] == ["R-AUTH-4"]


def test_R_HOME_1_and_2_home_visit_by_police_with_request_and_attestation() -> None:
    ok = HomeVisit(written_request=True, attestation=True)
    station = PlaceFacts(PlaceKind.COMMISSARIAT)
    assert check_home_visit(ok, AuthorityFacts(Capacity.APJ), station) == []
    assert check_home_visit(None, AuthorityFacts(Capacity.MAGISTRAT), station) == []
    assert [v.rule_id for v in check_home_visit(ok, AuthorityFacts(Capacity.MAGISTRAT), station)] == ["R-HOME-1"]
    v = check_home_visit(HomeVisit(), AuthorityFacts(Capacity.OPJ), station)
    assert [(x.rule_id, x.field) for x in v] == [
        ("R-HOME-2", "home_visit.request"),
        ("R-HOME-2", "home_visit.attestation"),
    ]


def test_R_HOME_3_documents_kept_six_months_after_validity() -> None:
    assert home_documents_retention_until(date(2027, 4, 25)) == date(2027, 10, 25)
    assert home_documents_retention_until(date(2027, 8, 31)) == date(2028, 2, 29)


def test_R_HOME_4_home_visit_abroad_is_flagged() -> None:
    v = check_home_visit(HomeVisit(True, True), AuthorityFacts(Capacity.CHEF_POSTE), PlaceFacts(PlaceKind.CONSULAT))
    assert [(x.rule_id, x.severity) for x in v] == [("R-HOME-4", "decision_superviseur")]
    assert v[0].needs_supervisor and not v[0].blocking


def test_R_VALID_7_teleprocedure_open_to_all_elections_since_2022() -> None:
    from desktop.rules.channels import teleprocedure_open

    assert not teleprocedure_open("presidentielle", on=date(2021, 12, 31))
    assert teleprocedure_open("presidentielle", on=date(2022, 1, 1))
    assert teleprocedure_open("europeennes", on=date(2022, 1, 2))
    assert teleprocedure_open("regionales", on=date(2021, 6, 1))


def test_R_PLACE_2_arrete_periods_with_several_hour_ranges() -> None:
    from datetime import time

    from desktop.rules.facts import OpeningPeriod

    period = OpeningPeriod(date(2026, 12, 1), date(2026, 12, 3), ((time(9), time(12)), (time(14), time(18))))
    place = PlaceFacts(PlaceKind.LIEU_PREFET, opening_periods=(period,))
    for now, ok in (
        (datetime(2026, 12, 1, 9, 0), True),
        (datetime(2026, 12, 2, 12, 0), True),
        (datetime(2026, 12, 2, 13, 0), False),
        (datetime(2026, 12, 3, 17, 59), True),
        (datetime(2026, 12, 4, 10, 0), False),
        (datetime(2026, 11, 30, 10, 0), False),
    ):
        v = check_place(place, AuthorityFacts(Capacity.OPJ), now=now)
        assert (v == []) is ok, now
    refused = check_place(place, AuthorityFacts(Capacity.OPJ), now=datetime(2026, 12, 2, 13, 0))
    assert [x.rule_id for x in refused] == ["R-PLACE-2"] and refused[0].blocking
    text = refused[0].message
    assert "du 01/12/2026 au 03/12/2026" in text and "de 09:00 à 12:00 et de 14:00 à 18:00" in text


def test_R_PLACE_2_no_arrete_configured_says_so() -> None:
    v = check_place(PlaceFacts(PlaceKind.LIEU_PREFET), AuthorityFacts(Capacity.OPJ), now=NOW)
    assert [x.rule_id for x in v] == ["R-PLACE-2"] and "réglages du poste" in v[0].message


def test_R_NC_4_lookup_says_no_online_visibility_and_empty_is_not_definitive() -> None:
    from desktop.rules.channels import lookup_notices

    assert lookup_notices((ListKind.COMMUNALE,), found=0) == []
    found = lookup_notices((ListKind.NC,), found=2)
    assert [v.rule_id for v in found] == ["R-NC-4"] and "Interroger sa situation électorale" in found[0].message
    empty = lookup_notices((ListKind.COMMUNALE, ListKind.NC), found=0)
    assert len(empty) == 2 and "pas définitif" in empty[1].message


def test_R_NC_4_and_R_CHAN_A_5_refusal_names_cerfa_16199_and_counter_form() -> None:
    p = new_procuration(
        channel=ChannelFacts(MAP, "AB12CD", requested_on=ASKED), mandataire=elector("2", list_kind=ListKind.NC)
    )
    v = {x.rule_id: x for x in check_channel(p, today=TODAY)}
    assert "16199*01" in v["R-CHAN-A-5"].message and "formulaire du guichet" in v["R-CHAN-A-5"].message
    assert "R-NC-4" in v


def test_R_DATA_5_home_visit_papers_kept_six_months_after_validity_end() -> None:
    # R-DATA-5 restates R-HOME-3: written request and attestation kept 6 months after the end of validity.
    assert home_documents_retention_until(date(2027, 6, 30)) == date(2027, 12, 30)
    assert home_documents_retention_until(date(2028, 8, 31)) == date(2029, 2, 28)
    assert home_documents_retention_until(date(2027, 1, 1)) > date(2027, 6, 30)
