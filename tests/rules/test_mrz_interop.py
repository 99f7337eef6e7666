"""Our two MRZ readers against another implementation of ICAO 9303 (the `mrz` package: its generator writes the
zones, its checker judges ours). What it writes, the rules' parser (scans and typing at the counter) and the chip
layer's (DG1, the BAC key) read back field for field; a zone it calls valid we accept, one whose check digit it
refuses we refuse; the demo documents' zones pass its checker."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from mrz.checker.td1 import TD1CodeChecker
from mrz.checker.td2 import TD2CodeChecker
from mrz.checker.td3 import TD3CodeChecker
from mrz.generator.td1 import TD1CodeGenerator
from mrz.generator.td2 import TD2CodeGenerator
from mrz.generator.td3 import TD3CodeGenerator

from desktop.devices.cards.demo_persons import DEMO_PERSONS
from desktop.devices.cards.mrzdata import parse_mrz_text
from desktop.rules.mrz import MrzError, MrzFormat, bac_mrz_information, parse_mrz

TODAY = date(2026, 12, 3)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# States whose codes both sides know; D is Germany's one-letter code (D<<).
STATES = ["FRA", "D", "ITA", "ESP", "BEL", "GBR", "USA", "CAN", "MAR", "DZA", "SEN", "VNM", "CHE", "LUX", "NLD"]
CHECKERS = {"TD1": TD1CodeChecker, "TD2": TD2CodeChecker, "TD3": TD3CodeChecker}


def digits_valid(layout: str, text: str) -> bool:
    """The other implementation's verdict on the zone's check digits alone. (Its whole verdict also guesses the
    centuries of the dates, its own way: a birth in 1917 beside an expiry in 2016 it calls « expiry before birth ».)"""
    return bool(CHECKERS[layout](text)._all_hashes())


word = st.text(LETTERS, min_size=1, max_size=9)
names = st.lists(word, min_size=1, max_size=3)


NAME_ROOM = {"TD1": 30, "TD2": 31, "TD3": 39}  # the name field's characters (the generator does not truncate)


@st.composite
def identities(draw: st.DrawFn) -> dict[str, object]:
    layout = draw(st.sampled_from(["TD1", "TD2", "TD3"]))
    surname, given = draw(names), draw(names)
    assume(len("<".join(surname)) + 2 + len("<".join(given)) <= NAME_ROOM[layout])
    birth = draw(st.dates(TODAY - timedelta(days=365 * 95), TODAY - timedelta(days=1)))
    expiry = draw(st.dates(TODAY - timedelta(days=365 * 10), TODAY + timedelta(days=365 * 10)))
    number = draw(st.text(LETTERS + "0123456789", min_size=1, max_size=9))
    return {
        "layout": layout,
        "state": draw(st.sampled_from(STATES)),
        "nationality": draw(st.sampled_from(STATES)),
        "surname": surname,
        "given": given,
        "number": number,
        "birth": birth,
        "expiry": expiry,
        "sex": draw(st.sampled_from(["M", "F", "X"])),
    }


def written(i: dict[str, object]) -> str:
    """The zone the other implementation writes for identity `i`."""
    surname, given = " ".join(i["surname"]), " ".join(i["given"])  # type: ignore[arg-type]
    birth, expiry = (f"{d:%y%m%d}" for d in (i["birth"], i["expiry"]))  # type: ignore[str-format]
    sex = "<" if i["sex"] == "X" else i["sex"]
    state, nationality, number = i["state"], i["nationality"], i["number"]
    if i["layout"] == "TD3":
        code = TD3CodeGenerator("P", state, surname, given, number, nationality, birth, sex, expiry)
    elif i["layout"] == "TD2":
        # « I » not « ID »: 2×36 zones beginning IDFRA are France's old identity card, which has its own layout.
        code = TD2CodeGenerator("I", state, surname, given, number, nationality, birth, sex, expiry)
    else:
        code = TD1CodeGenerator("ID", state, number, birth, sex, expiry, nationality, surname, given)
    return str(code)


@settings(max_examples=300, deadline=None)
@given(identities())
def test_what_another_implementation_writes_we_read_back_field_for_field(i: dict[str, object]) -> None:
    text = written(i)
    assert digits_valid(str(i["layout"]), text)  # its check digits, by its own checker
    ours = parse_mrz(text, today=TODAY)  # the counter's reader: every check digit verified
    assert ours.format == MrzFormat(str(i["layout"]))
    assert ours.issuing_state == str(i["state"]) and ours.nationality == str(i["nationality"])
    assert ours.surname == " ".join(i["surname"]) and ours.given_names == " ".join(i["given"])  # type: ignore[arg-type]
    assert ours.document_number == i["number"]
    assert (ours.birth_date, ours.expiry_date) == (i["birth"], i["expiry"])
    assert ours.sex == (None if i["sex"] == "X" else i["sex"])
    chip = parse_mrz_text(text)  # the chip layer's reader (DG1, the BAC/PACE key)
    assert (chip.surname, " ".join(chip.given_names)) == (ours.surname, ours.given_names)
    assert (chip.document_number, chip.issuing_state, chip.nationality) == (
        ours.document_number,
        ours.issuing_state,
        ours.nationality,
    )
    assert chip.information == bac_mrz_information(ours)
    # The BAC key's MRZ information is the zone's own characters (ICAO 9303-11 §4.3.2), as the other side wrote them.
    lines = text.splitlines()
    if i["layout"] == "TD1":
        line2 = lines[1]
        expected = lines[0][5:15] + line2[0:7] + line2[8:15]
    else:
        line2 = lines[1]
        expected = line2[0:10] + line2[13:20] + line2[21:28]
    assert chip.information == expected


# Positions of each layout's check digits: (line, column).
DIGITS = {
    "TD1": [(0, 14), (1, 6), (1, 14), (1, 29)],
    "TD2": [(1, 9), (1, 19), (1, 27), (1, 35)],
    "TD3": [(1, 9), (1, 19), (1, 27), (1, 43)],
}


@settings(max_examples=300, deadline=None)
@given(identities(), st.integers(0, 3), st.integers(1, 9))
def test_a_check_digit_the_other_implementation_refuses_we_refuse(i: dict[str, object], which: int, shift: int) -> None:
    lines = written(i).splitlines()
    row, col = DIGITS[str(i["layout"])][which]
    digit = lines[row][col]
    wrong = str((int(digit) + shift) % 10) if digit.isdigit() else str(shift)
    lines[row] = lines[row][:col] + wrong + lines[row][col + 1 :]
    text = "\n".join(lines)
    assert not digits_valid(str(i["layout"]), text)
    with pytest.raises(MrzError):
        parse_mrz(text, today=TODAY)


@pytest.mark.parametrize("person", DEMO_PERSONS, ids=lambda p: p.id)
def test_the_demo_documents_zones_pass_the_other_implementations_checker(person: object) -> None:
    """The zones our virtual chips carry (DG1) and the demo shows: valid for another implementation too."""
    text = person.mrz  # type: ignore[attr-defined]
    layout = {90: "TD1", 72: "TD2", 88: "TD3"}[len(text.replace("\n", ""))]
    report = CHECKERS[layout](text)
    assert report, report.report  # type: ignore[attr-defined]
