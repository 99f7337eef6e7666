"""The one fold of a person's name (desktop/rules/names.py), and the party rule it closes (R-PARTY-4)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.rules.mrz import parse_mrz
from desktop.rules.names import fold_name, foreign_letters, same_name
from desktop.rules.parties import check_parties, same_person

from .factories import elector
from .test_mrz import FR_TD1

# The same name spelt as a keyboard, an OCR or a document gives it.
SAME = [
    ("Lefèvre", "LEFEVRE"),
    ("lefèvre", "LEFÈVRE"),
    ("L’Hôte", "L'HOTE"),
    ("LʼHôte", "L HOTE"),
    ("L-Hôte", "L'HOTE"),
    ("CŒUR", "COEUR"),
    ("cœur", "Coeur"),
    ("Lætitia", "LAETITIA"),
    ("Straße", "STRASSE"),
    ("STRAẞE", "STRASSE"),
    ("M\u0410RTIN", "MARTIN"),  # a Cyrillic А
    ("\u041c\u0410R\u0422\u0406N", "MARTIN"),  # Cyrillic М, А, Т, І
    ("\u0420\u041e\u0421\u0425\u0415", "POCXE"),  # Cyrillic Р, О, С, Х, Е
    ("m\u0430rtin", "MARTIN"),  # a small Cyrillic а
    ("\u039c\u0391RTIN", "MARTIN"),  # Greek Μ, Α
    ("ＭＡＲＴＩＮ", "MARTIN"),  # fullwidth
    ("Ø\u0301STERGÅRD", "OSTERGARD"),
    ("  de la   Tour-d'Auvergne. ", "DE LA TOUR D AUVERGNE"),
    ("Jean-Pierre", "JEAN PIERRE"),
    ("e\u0301lodie", "ÉLODIE"),  # decomposed and precomposed accent
]
DIFFERENT = [
    ("MARTIN", "MARTINE"),
    ("DE LA FONTAINE", "DELAFONTAINE"),  # word boundaries count (docs/RULES.md)
    ("ИВАНОВ", "ПЕТРОВ"),  # another script never folds to nothing
    ("LEFEVRE", "LEFEBVRE"),
    ("NGUYEN", "NGUYỄN VAN"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_spellings_of_one_name_fold_equal(a: str, b: str) -> None:
    assert fold_name(a) == fold_name(b) and same_name(a, b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert fold_name(a) != fold_name(b) and not same_name(a, b)


def test_the_fold_is_upper_case_latin_one_space_between_words() -> None:
    assert fold_name("  L’Hôte--de  Cœur ") == "L HOTE DE COEUR"
    assert fold_name("-'’ .,") == ""
    assert fold_name("㎯") == "RAD S2"  # compatibility forms can make it longer than the name


def test_a_name_read_from_the_mrz_folds_as_typed() -> None:
    # The French TD1 (CNIE) specimen of tests/rules/test_mrz.py, its name line (outside the check digits) changed.
    l1, l2, _ = FR_TD1.split("\n")
    mrz = parse_mrz(f"{l1}\n{l2}\n{'LE<HOTE<DE<COEUR<<JEAN<PIERRE':<<30}", today=date(2026, 3, 1))
    assert mrz.surname and same_name(mrz.surname, "Le-Hôte de Cœur") and same_name(mrz.given_names, "Jean-Pierre")
    assert fold_name("LE<HOTE<DE<COEUR<<<<") == fold_name("Le Hôte-de-Cœur")
    assert fold_name("L<HOTE") == fold_name("L’Hôte")  # a filler where the apostrophe was


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=40,
)


@given(names)
def test_the_fold_is_idempotent(text: str) -> None:
    assert fold_name(fold_name(text)) == fold_name(text)


@given(names)
def test_the_fold_is_blind_to_case(text: str) -> None:
    # The wire carries a surname upper-cased (textlimits.wire_surname): the central store folds that.
    assert fold_name(text.upper()) == fold_name(text)
    assert fold_name(text.lower()) == fold_name(text.lower().upper())


@given(names)
def test_the_fold_holds_only_letters_digits_and_single_spaces(text: str) -> None:
    folded = fold_name(text)
    assert folded == folded.strip() and "  " not in folded
    assert all(c == " " or unicodedata.category(c)[0] in "LN" for c in folded)


latin = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)
_ACCENTS = {"A": "ÀÂÄ", "E": "ÉÈÊË", "I": "ÎÏ", "O": "ÔÖ", "U": "ÙÛÜ", "C": "Ç", "Y": "Ÿ"}


@given(st.lists(latin, min_size=1, max_size=4), st.data())
def test_accent_case_and_separator_variants_fold_equal(words: list[str], data: st.DataObject) -> None:
    typed_words = []
    for word in words:
        chars = [
            data.draw(st.sampled_from([c, c.lower(), *_ACCENTS.get(c, ""), *_ACCENTS.get(c, "").lower()])) for c in word
        ]
        typed_words.append("".join(chars))
    separators = st.sampled_from([" ", "-", "'", "’", "ʼ", " - ", ". ", "  ", "<"])
    typed = typed_words[0] + "".join(data.draw(separators) + w for w in typed_words[1:])
    mrz = "<".join(words) + "<" * data.draw(st.integers(0, 5))
    assert fold_name(typed) == fold_name(" ".join(words)) == fold_name(mrz)


@given(latin, latin)
def test_distinct_plain_names_stay_distinct(a: str, b: str) -> None:
    assert (fold_name(a) == fold_name(b)) == (a == b)


def test_R_PARTY_4_a_respelt_name_is_still_the_same_person() -> None:
    # Walk-arounds of the party rule: the mandant named again as mandataire under another spelling, no NNE.
    for mandant, mandataire in [
        ("Lefèvre", "LEFEVRE"),
        ("L’Hôte", "L'HOTE"),
        ("CŒUR", "COEUR"),
        ("MARTIN", "M\u0410RTIN"),
        ("ＭＡＲＴＩＮ", "Martin"),
    ]:
        a = elector(None, last_name=mandant, given_names="Claire")
        b = elector(None, last_name=mandataire, given_names="CLAIRE")
        assert same_person(a, b), (mandant, mandataire)
        assert [v.rule_id for v in check_parties(a, b)] == ["R-PARTY-4"]
    a = elector(None, last_name="MARTIN", given_names="Anne-Cœur")
    assert same_person(a, elector(None, last_name="Martin", given_names="ANNE COEUR"))
    assert not same_person(a, elector(None, last_name="MARTINE", given_names="Anne-Cœur"))


def test_R_PARTY_4_the_given_names_in_another_order_or_one_dropped_are_the_same_person() -> None:
    """The mandant « DUBOIS Jean Paul » named as his own mandataire « DUBOIS Jean » or « Paul Jean », without an NNE on
    one side: the party rule said nothing (given names compared whole, in order); twins' names stay apart."""
    a = elector("123456789", last_name="DUBOIS", given_names="Jean Paul")
    for typed in ("Jean", "Paul Jean", "Jean-Paul", "JEAN PAUL"):
        b = elector(None, last_name="Dubois", given_names=typed)
        assert same_person(a, b) and [v.rule_id for v in check_parties(a, b)] == ["R-PARTY-4"], typed
    twin = elector(None, last_name="DUBOIS", given_names="Jean Pierre")
    assert not same_person(a, twin) and check_parties(a, twin) == []
    assert not same_person(a, elector("987654321", last_name="DUBOIS", given_names="Jean"))  # two NNEs: two people


@pytest.mark.parametrize(
    "name",
    [
        "Lefèvre",
        "CŒUR",
        "Straße",
        "ØSTERGÅRD",
        "Łukasz",
        "Đorđe",
        "ＭＡＲＴＩＮ",
        "e\u0301lodie",
        "Lʼhôte",
        "Jean-Pierre",
    ],
)
def test_latin_names_hold_no_foreign_letter(name: str) -> None:
    assert not foreign_letters(name)


@pytest.mark.parametrize(
    "name",
    [
        "M\u0410RTIN",  # Cyrillic А: the fold reads it, the counter refuses it all the same
        "Syl\u03bdie",  # Greek ν, drawn like « v », folded as « N »
        "Jea\u03b7",  # Greek η, drawn like « n », folded as « H »
        "MART\u04c0N",  # Cyrillic palochka
        "\u13abean",  # Cherokee
        "MARTIN\u115f",  # Hangul choseong filler: a letter drawn as nothing
        "\u1d0dARTIN",  # Latin small capital M
        "\u00d0URIC",  # eth, drawn like « Đ »
        "MARTIN\u0663",  # an Arabic-Indic digit
    ],
)
def test_lookalikes_and_other_scripts_are_foreign_letters(name: str) -> None:
    """R-SAISIE-1: the counter refuses them (rules/textlimits.py), whatever the fold makes of them."""
    assert foreign_letters(name)


@pytest.mark.parametrize(
    ("typed", "split"),
    [
        ("LE GALL Yann", ("LE GALL", "Yann")),
        ("DE LA TOUR Jean Marie", ("DE LA TOUR", "Jean Marie")),
        ("L'HÔTE Éric", ("L'HÔTE", "Éric")),
        ("le gall, yann erwan", ("le gall", "yann erwan")),
        ("  Le  Gall ,Yann  ", ("Le Gall", "Yann")),
        ("dubois jean marie", ("dubois", "jean marie")),  # no mark: the first word, the central store tries others
        ("DUBOIS JEAN", ("DUBOIS", "JEAN")),
        ("Dubois Jean", ("Dubois", "Jean")),
        ("dubois", ("dubois", "")),
        ("DUBOIS", ("DUBOIS", "")),
        ("LE GALL, ", ("LE GALL", "")),
        ("", ("", "")),
    ],
)
def test_typed_name_takes_the_agents_split(typed: str, split: tuple[str, str]) -> None:
    from desktop.rules.names import typed_name

    assert typed_name(typed) == split


@given(st.text(max_size=60))
def test_typed_name_keeps_every_word_in_its_order(typed: str) -> None:
    from desktop.rules.names import typed_name

    nom, prenoms = typed_name(typed)
    assert (nom + " " + prenoms).split() == typed.replace(",", " ").split()
    assert nom == " ".join(nom.split()) and prenoms == " ".join(prenoms.split())
