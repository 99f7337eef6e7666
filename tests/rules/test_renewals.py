"""Renewals: remote passport renewal (spec §9), internet-vote credentials (§10), data protection (§11-12)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from desktop.rules.data import (
    normalize_login,
    retention_until,
    unestablished_request_destroyed_on,
)
from desktop.rules.ivote import (
    Credential,
    RenewalLink,
    check_contact_details,
    check_link,
    check_link_form,
    check_renewal_request,
    use_link,
    valid_credential,
)
from desktop.rules.passport import (
    Exclusion,
    PassportApplicant,
    ReturnStart,
    Step,
    check_passport_eligibility,
    check_return,
    check_step,
    next_step,
    return_deadline,
)

TODAY = date(2026, 11, 24)
OK = PassportApplicant(
    birth_date=date(1980, 5, 1),
    registered_abroad=True,
    country="esp",
    passport_issued_on=date(2015, 6, 1),
    passport_expires_on=date(2025, 5, 31),
    passport_in_hand=True,
)


def _pass(a: PassportApplicant, today: date = TODAY) -> list[str]:
    return [v.rule_id for v in check_passport_eligibility(a, today=today)]


def test_R_PASS_2_adult_registered_with_passport_in_hand() -> None:
    assert _pass(OK) == []
    assert _pass(replace(OK, registered_abroad=False)) == ["R-PASS-2"]
    assert _pass(replace(OK, passport_in_hand=False)) == ["R-PASS-2"]
    # 18th birthday: the day before is a minor, the day of is an adult.
    issued_today = {"passport_issued_on": date(2026, 11, 24), "passport_expires_on": date(2036, 11, 23)}
    teen = replace(OK, birth_date=date(2008, 11, 24), **issued_today)
    assert _pass(teen) == []
    assert "R-PASS-2" in _pass(replace(teen, birth_date=date(2008, 11, 25)))


def test_R_PASS_3_exclusions_and_passport_age() -> None:
    # Issued the day before majority: excluded; the day of: accepted.
    assert _pass(replace(OK, passport_issued_on=date(1998, 4, 30))) == ["R-PASS-3"]
    assert _pass(replace(OK, passport_issued_on=date(1998, 5, 1), passport_expires_on=date(2025, 1, 1))) == []
    # Expired 5 years ago today is still accepted; one day more is not.
    assert _pass(replace(OK, passport_expires_on=date(2021, 11, 24))) == []
    assert _pass(replace(OK, passport_expires_on=date(2021, 11, 23))) == ["R-PASS-3"]
    for ex in Exclusion:
        assert _pass(replace(OK, exclusions=frozenset({ex}))) == ["R-PASS-3"]
    again = replace(OK, exclusions=frozenset({Exclusion.DEJA_RENOUVELE_A_DISTANCE}), previous_renewal_admin_error=True)
    assert _pass(again) == []


def test_R_PASS_4_pilot_countries_and_dates() -> None:
    assert _pass(OK, date(2025, 12, 1)) == [] and _pass(OK, date(2027, 11, 30)) == []
    assert _pass(OK, date(2025, 11, 30)) == ["R-PASS-4"] and _pass(OK, date(2027, 12, 1)) == ["R-PASS-4"]
    assert _pass(replace(OK, country="USA")) == ["R-PASS-4"]
    # Pilot 1: Canada and Portugal only, March 2024 to February 2025.
    assert _pass(replace(OK, country="CAN"), date(2024, 3, 1)) == []
    assert _pass(replace(OK, country="ESP"), date(2024, 3, 1)) == ["R-PASS-4"]
    assert _pass(replace(OK, country="PRT"), date(2025, 3, 1)) == ["R-PASS-4"]


def test_R_PASS_STEP_order_and_dhl_option() -> None:
    assert next_step([]) is Step.CONNEXION
    assert next_step([Step.CONNEXION, Step.DEMANDE]) is Step.ENVOI_PIECES
    assert next_step(list(Step)) is None
    assert check_step([], Step.CONNEXION) == []
    assert [v.rule_id for v in check_step([Step.CONNEXION], Step.ENTRETIEN_VISIO)] == ["R-PASS-STEP-4"]
    done = [Step.CONNEXION, Step.DEMANDE]
    assert check_step(done, Step.ENVOI_PIECES) == []
    v = check_step(done, Step.ENVOI_PIECES, dhl_adult_signature=True)
    assert [(x.rule_id, x.field) for x in v] == [("R-PASS-STEP-3", "shipping.option")]


def test_R_PASS_1_forty_days_from_the_configured_event() -> None:
    events = {ReturnStart.RECEPTION: date(2026, 1, 1), ReturnStart.CONFIRMATION_ANTS: date(2026, 1, 3)}
    assert return_deadline(events, start_event=ReturnStart.RECEPTION) == date(2026, 2, 10)
    assert return_deadline(events, start_event=ReturnStart.CONFIRMATION_ANTS) == date(2026, 2, 12)
    assert return_deadline(events, start_event=ReturnStart.NOTIFICATION_ENVOI) is None

    def ret(today: date, returned: date | None = None) -> list[tuple[str, str]]:
        v = check_return(events, start_event=ReturnStart.RECEPTION, returned_on=returned, today=today)
        return [(x.rule_id, x.severity) for x in v]

    assert ret(date(2026, 1, 20)) == []
    assert ret(date(2026, 2, 9)) == [("R-PASS-1", "avertissement")]
    assert ret(date(2026, 2, 10)) == [("R-PASS-1", "avertissement")]  # day 40 inclusive
    assert ret(date(2026, 2, 11)) == [("R-PASS-1", "erreur")]  # day 41
    assert ret(date(2026, 3, 1), returned=date(2026, 2, 10)) == []
    assert ret(date(2026, 3, 1), returned=date(2026, 2, 11)) == [("R-PASS-1", "erreur")]


def test_R_IVOTE_1_numic_and_email() -> None:
    ok = frozenset({Credential.IDENTIFIANT})
    assert check_renewal_request(numic="AB123", email="a@b.fr", renew=ok) == []
    v = check_renewal_request(numic=" ", email="nope", renew=ok)
    assert [(x.rule_id, x.field) for x in v] == [("R-ID-NUMIC-2", "numic"), ("R-IVOTE-1", "email")]
    assert [x.rule_id for x in check_renewal_request(numic="A1", email="a@b.fr", renew=frozenset())] == ["R-IVOTE-1"]


def test_R_IVOTE_5_never_identifier_and_password_together() -> None:
    both = frozenset(Credential)
    assert [x.rule_id for x in check_renewal_request(numic="A1", email="a@b.fr", renew=both)] == ["R-IVOTE-5"]
    assert check_renewal_request(numic="A1", email="a@b.fr", renew=frozenset({Credential.MOT_DE_PASSE})) == []


def test_R_IVOTE_2_single_use_link() -> None:
    link = RenewalLink("t")
    assert check_link(link) == []
    used = use_link(link, now=datetime(2026, 11, 24, 10, 0))
    assert [v.rule_id for v in check_link(used)] == ["R-IVOTE-2"]
    with pytest.raises(ValueError):
        use_link(used, now=datetime(2026, 11, 24, 10, 1))


def test_R_IVOTE_3_and_6_password_and_security_code() -> None:
    assert check_link_form(password="ab12cd34ef56", security_code="1234") == []
    assert [v.rule_id for v in check_link_form(password="AB12CD34EF5", security_code="1234")] == ["R-IVOTE-6"]
    assert [v.rule_id for v in check_link_form(password="AB12CD34EF56", security_code="123")] == ["R-IVOTE-3"]
    assert valid_credential("AB12CD34EF56") and not valid_credential("ab12cd34ef56")
    assert not valid_credential("AB12CD34EF567")


def test_R_IVOTE_4_new_identifier_shape() -> None:
    # The new identifier shown on screen has the same 12-character format as the one e-mailed.
    assert valid_credential("ZZ99ZZ99ZZ99")


def test_R_IVOTE_7_email_and_mobile_in_registre() -> None:
    assert check_contact_details(email="a@b.fr", mobile="+33 6 12 34 56 78") == []
    v = check_contact_details(email=None, mobile="12")
    assert [(x.rule_id, x.field) for x in v] == [("R-IVOTE-7", "email"), ("R-IVOTE-7", "mobile")]


def test_R_DATA_2_retention() -> None:
    assert retention_until(date(2027, 4, 25)) == date(2028, 4, 25)
    assert retention_until(date(2028, 2, 29)) == date(2029, 2, 28)
    assert unestablished_request_destroyed_on(date(2026, 10, 1)) == date(2026, 12, 1)


def test_R_PWD_1_login_is_licence_padded_or_email() -> None:
    assert normalize_login("1234") == "00001234"
    assert normalize_login("12345678") == "12345678"
    assert normalize_login("123456789") is None
    assert normalize_login(" Jean.Dupont@Club.FR ") == "Jean.Dupont@club.fr"
    assert normalize_login("@x.fr") is None and normalize_login("a@b") is None and normalize_login("12a") is None


def test_R_PASS_STEP_1_secure_login_comes_first() -> None:
    # Step 1 (FranceConnect+ login on the Registre portal) is the first step and nothing may come before it.
    assert next_step([]) is Step.CONNEXION and int(Step.CONNEXION) == 1
    assert check_step([], Step.CONNEXION) == []
    for later in list(Step)[1:]:
        assert [v.rule_id for v in check_step([], later)] == [f"R-PASS-STEP-{int(later)}"]
