"""MRZ parsing: ICAO specimens, the old French card, tolerant input, every failed check named."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.rules.checkdigit import char_value, check_digit
from desktop.rules.mrz import MrzError, MrzFormat, bac_mrz_information, parse_mrz

TODAY = date(2026, 11, 24)
OLD = "IDFRADUPONT<<<<<<<<<<<<<<<<<<<095123\n2101095123451JEAN<<<<<<<<<<8310198M5"
TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
FR_TD1 = "IDFRAAB12CD3E44<<<<<<<<<<<<<<<\n9001158F3301144FRA<<<<<<<<<<<0\nMARTIN<<CLAIRE<MARIE<<<<<<<<<<"
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _td2() -> str:
    l1 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<"
    body = "D23145890" + "7" + "UTO" + "740812" + "2" + "F" + "120415" + "9" + "<<<<<<<"
    comp = check_digit(body[0:10] + body[13:20] + body[21:35])
    return l1 + "\n" + body + str(comp)


def test_R_ID_MRZ_1_char_values_and_specimen() -> None:
    assert (char_value("0"), char_value("9"), char_value("A"), char_value("Z"), char_value("<")) == (0, 9, 10, 35, 0)
    with pytest.raises(ValueError):
        char_value("a")
    assert check_digit("D23145890") == 7 and check_digit("740812") == 2 and check_digit("120415") == 9


def test_R_ID_CNI_OLD_3_old_french_card_vector() -> None:
    m = parse_mrz(OLD, today=TODAY)
    assert m.format is MrzFormat.FR_OLD_ID
    assert (m.document_number, m.surname, m.given_names) == ("210109512345", "DUPONT", "JEAN")
    assert m.birth_date == date(1983, 10, 19) and m.sex == "M" and m.expiry_date is None
    assert m.optional_data == "095123" and m.nationality == "FRA"


def test_R_ID_CNI_OLD_2_each_check_digit_is_verified() -> None:
    l1, l2 = OLD.split("\n")
    for pos, check in ((12, "document_number"), (33, "birth_date"), (35, "composite")):
        bad = l2[:pos] + str((int(l2[pos]) + 1) % 10) + l2[pos + 1 :]
        with pytest.raises(MrzError) as e:
            parse_mrz(l1 + "\n" + bad, today=TODAY)
        assert e.value.check == check
        assert "contrôle" in e.value.message


def test_R_ID_CNIE_3_icao_td1_specimen_and_french_synthetic() -> None:
    m = parse_mrz(TD1, today=TODAY)
    assert m.format is MrzFormat.TD1 and m.document_number == "D23145890"
    assert (m.surname, m.given_names, m.sex) == ("ERIKSSON", "ANNA MARIA", "F")
    assert m.birth_date == date(1974, 8, 12) and m.expiry_date == date(2012, 4, 15)
    f = parse_mrz(FR_TD1, today=TODAY)
    assert (f.document_code, f.issuing_state, f.nationality) == ("ID", "FRA", "FRA")
    assert f.expiry_date == date(2033, 1, 14) and f.given_names == "CLAIRE MARIE"


def test_R_ID_CNIE_1_td1_checks_named() -> None:
    l1, l2, l3 = FR_TD1.split("\n")
    cases = [
        (l1[:14] + "5" + l1[15:], l2, "document_number"),
        (l1, l2[:6] + "9" + l2[7:], "birth_date"),
        (l1, l2[:14] + "5" + l2[15:], "expiry_date"),
        (l1, l2[:29] + "1", "composite"),
    ]
    for a, b, check in cases:
        with pytest.raises(MrzError) as e:
            parse_mrz("\n".join((a, b, l3)), today=TODAY)
        assert e.value.check == check


def test_td1_long_document_number_continues_in_optional_data() -> None:
    number = "D23145890123"
    ext = number[9:] + str(check_digit(number))
    l1 = ("I<UTO" + number[:9] + "<" + ext).ljust(30, "<")
    l2 = "7408122F1204159UTO<<<<<<<<<<<"
    l2 += str(check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]))
    m = parse_mrz(l1 + l2 + "ERIKSSON<<ANNA<<<<<<<<<<<<<<<<", today=TODAY)
    assert m.document_number == number
    assert bac_mrz_information(m) == f"{number}{check_digit(number)}740812212041599"[: len(number) + 1 + 14]


def test_td2_long_document_number_continues_in_optional_data() -> None:
    """ICAO 9303-6 lets a TD2's number run past 9 characters as TD1's does ('<' for its check digit, the rest and the
    digit in the optional data): the counter refused such a zone (« Chiffre de contrôle du numéro de document
    incorrect ») while the chip layer read it. Its BAC key is spec/devices.md's second case."""
    td2 = "I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<\nD23145890<UTO3407127M95071227349<<<8"
    m = parse_mrz(td2, today=date(2000, 1, 1))
    assert m.format is MrzFormat.TD2 and m.document_number == "D23145890734" and m.optional_data == ""
    assert (m.surname, m.given_names, m.birth_date) == ("STEVENSON", "PETER JOHN", date(1934, 7, 12))
    assert bac_mrz_information(m) == "D23145890734934071279507122"
    l1, l2 = td2.split("\n")
    with pytest.raises(MrzError) as e:  # the continued number's own check digit is verified
        parse_mrz(l1 + "\n" + l2[:31] + "8" + l2[32:], today=date(2000, 1, 1))
    assert e.value.check == "document_number"
    # A passport's number never continues: the same trick in a TD3 is a wrong check digit.
    td3 = TD3.split("\n")[1]
    with pytest.raises(MrzError):
        parse_mrz(TD3.split("\n")[0] + "\n" + td3[:9] + "<" + td3[10:], today=TODAY)


def test_R_ID_PASS_2_td3_specimen_and_personal_number() -> None:
    m = parse_mrz(TD3, today=TODAY)
    assert m.format is MrzFormat.TD3 and m.document_number == "L898902C3" and m.optional_data == "ZE184226B"
    l1, l2 = TD3.split("\n")
    with pytest.raises(MrzError) as e:
        parse_mrz(l1 + "\n" + l2[:42] + "9" + l2[43], today=TODAY)
    assert e.value.check == "personal_number"
    # An empty personal number may carry '<' as its check digit.
    body = l2[:28] + "<" * 14 + "<"
    body += str(check_digit(body[0:10] + body[13:20] + body[21:43]))
    assert parse_mrz(l1 + body, today=TODAY).optional_data == ""


def test_td2_layout() -> None:
    m = parse_mrz(_td2(), today=TODAY)
    assert m.format is MrzFormat.TD2 and m.document_number == "D23145890" and m.surname == "ERIKSSON"
    assert bac_mrz_information(m) == "D23145890774081221204159"


def test_tolerant_input_lower_case_crlf_spaces_single_line() -> None:
    expected = parse_mrz(FR_TD1, today=TODAY)
    variants = [
        FR_TD1.lower(),
        FR_TD1.replace("\n", "\r\n") + "\r\n",
        "  " + FR_TD1.replace("<<<", "< < <").replace("\n", " \n  ") + "  ",
        FR_TD1.replace("\n", ""),
        "\n\n" + FR_TD1 + "\n\n",
    ]
    for text in variants:
        assert parse_mrz(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("", "format"),
        ("   \n ", "format"),
        ("IDFRA", "format"),
        (FR_TD1.replace("MARTIN", "MART1É"), "charset"),
        (FR_TD1.replace("9001158", "9013158"), "birth_date"),
    ],
)
def test_errors_name_the_failed_check(text: str, check: str) -> None:
    with pytest.raises(MrzError) as e:
        parse_mrz(text, today=TODAY)
    assert e.value.check == check and e.value.rule_id == "R-ID-MRZ-1"


def test_non_digit_date_and_impossible_expiry() -> None:
    l1, l2, l3 = FR_TD1.split("\n")
    bad = "9001AB" + str(check_digit("9001AB")) + l2[7:]
    with pytest.raises(MrzError) as e:
        parse_mrz("\n".join((l1, bad, l3)), today=TODAY)
    assert e.value.check == "birth_date"
    exp = "331314"
    l2b = l2[:8] + exp + str(check_digit(exp)) + l2[15:29]
    l2b += str(check_digit(l1[5:30] + l2b[0:7] + l2b[8:15] + l2b[18:29]))
    with pytest.raises(MrzError) as e:
        parse_mrz("\n".join((l1, l2b, l3)), today=TODAY)
    assert e.value.check == "expiry_date"


def _with_dates(birth: str, expiry: str) -> str:
    l1, _, l3 = FR_TD1.split("\n")
    l2 = birth + str(check_digit(birth)) + "F" + expiry + str(check_digit(expiry)) + "FRA" + "<" * 11
    l2 += str(check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]))
    return "\n".join((l1, l2, l3))


def test_two_digit_years_birth_in_past_expiry_in_window() -> None:
    # Born the day before, the day of and the day after "today" 24/11/2026 (two-digit year 26).
    assert parse_mrz(_with_dates("261123", "360101"), today=TODAY).birth_date == date(2026, 11, 23)
    assert parse_mrz(_with_dates("261124", "360101"), today=TODAY).birth_date == date(2026, 11, 24)
    assert parse_mrz(_with_dates("261125", "360101"), today=TODAY).birth_date == date(1926, 11, 25)
    assert parse_mrz(_with_dates("900101", "360101"), today=TODAY).expiry_date == date(2036, 1, 1)
    assert parse_mrz(_with_dates("900101", "990101"), today=TODAY).expiry_date == date(1999, 1, 1)
    assert parse_mrz(_with_dates("900101", "750101"), today=TODAY).expiry_date == date(2075, 1, 1)
    assert parse_mrz(_with_dates("900101", "760101"), today=TODAY).expiry_date == date(1976, 1, 1)
    # 29 February in a non-leap year of both centuries cannot be a birth date.
    with pytest.raises(MrzError):
        parse_mrz(_with_dates("000230", "360101"), today=TODAY)


def test_bac_mrz_information() -> None:
    assert bac_mrz_information(parse_mrz(TD3, today=TODAY)) == "L898902C3674081221204159"
    assert bac_mrz_information(parse_mrz(FR_TD1, today=TODAY)) == "AB12CD3E44900115833011444"[:24]
    with pytest.raises(MrzError):
        bac_mrz_information(parse_mrz(OLD, today=TODAY))


_MRZ_CHARS = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<abc \n\r\té«")


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=120), st.text(_MRZ_CHARS, min_size=60, max_size=100)))
def test_property_parse_mrz_raises_only_mrz_error(text: str) -> None:
    try:
        parse_mrz(text, today=TODAY)
    except MrzError as e:
        assert e.message


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([OLD, TD1, FR_TD1, TD3]), st.integers(0, 200), st.sampled_from("0123456789<AZ"))
def test_property_mutated_valid_mrz_raises_only_mrz_error(base: str, pos: int, ch: str) -> None:
    flat = base.replace("\n", "")
    pos %= len(flat)
    try:
        m = parse_mrz(flat[:pos] + ch + flat[pos + 1 :], today=TODAY)
    except MrzError as e:
        assert e.check
    else:
        # Only a change the check digits cannot see (same value, or a compensating filler) may pass.
        assert m.format in set(MrzFormat)


# ICAO Doc 9303-7 (machine readable visas), its specimens typed from the document.
MRV_A = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"
MRV_B = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<"


@pytest.mark.parametrize("visa", [MRV_A, MRV_B, MRV_A.lower(), MRV_B.replace("\n", "")], ids=["A", "B", "a", "B1"])
def test_R_ID_DOC_1_a_visa_is_refused_as_no_identity_document_not_as_a_misread(visa: str) -> None:
    assert [len(line) for line in MRV_A.splitlines()] == [44, 44] and [len(x) for x in MRV_B.splitlines()] == [36, 36]
    with pytest.raises(MrzError) as caught:
        parse_mrz(visa, today=TODAY)
    error = caught.value
    assert error.rule_id == "R-ID-DOC-1" and error.check == "document_code"
    assert error.message.startswith("Ce document est un visa, pas une pièce d'identité")
    assert "relisez" not in error.message


def test_identity_documents_and_a_misread_keep_their_rule() -> None:
    assert parse_mrz(TD3, today=TODAY).document_code == "P" and parse_mrz(_td2(), today=TODAY).document_code == "I"
    with pytest.raises(MrzError) as caught:
        parse_mrz(TD3.replace("L898902C36", "L898902C37"), today=TODAY)
    assert caught.value.rule_id == "R-ID-MRZ-1" and "relisez" in caught.value.message
