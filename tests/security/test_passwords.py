"""Password policy: length or passphrase, entropy, common passwords, generated proposals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.security.passwords import (
    MIN_ENTROPY_BITS,
    check_password,
    common_passwords,
    estimate_entropy,
    generate_password,
    generated_entropy_bits,
    word_list,
)


def test_shipped_lists_are_substantial() -> None:
    assert len(common_passwords()) > 3000
    assert len(word_list()) > 900


@pytest.mark.parametrize(
    "password",
    [
        "court1!",
        "azertyuiop123",
        "MotDePasse2024!",
        "P@ssw0rd2024!",
        "123456789012",
        "aaaaaaaaaaaaaaaa",
        "Marseille13013",
        "le chat est noir",
        "abcdefghijklmnop",
    ],
)
def test_weak_or_common_passwords_are_refused(password: str) -> None:
    verdict = check_password(password)
    assert not verdict.accepted
    assert verdict.reasons and all(r.endswith(".") for r in verdict.reasons)


@pytest.mark.parametrize(
    "password", ["h7Kq9ZxPwe4!mR2v", "girafe violette marche lentement", "J'aime les pommes vertes de Normandie!"]
)
def test_strong_passwords_and_passphrases_are_accepted(password: str) -> None:
    verdict = check_password(password)
    assert verdict.accepted, verdict.reasons
    assert verdict.entropy_bits >= MIN_ENTROPY_BITS


def test_short_refusal_names_the_two_ways() -> None:
    reasons = check_password("Xy7!kQ").reasons
    assert any("12 caractères" in r and "4 mots" in r for r in reasons)


def test_login_or_name_inside_the_password_is_refused() -> None:
    verdict = check_password("jdupont-h7Kq9ZxPwe4!", login="jdupont")
    assert not verdict.accepted
    assert any("identifiant" in r for r in verdict.reasons)
    assert not check_password("Xq9!Durand-vZ7p#w", names=("Durand",)).accepted


def test_extra_refused_list() -> None:
    assert check_password("Zq8#vLm2!pRt5w").accepted
    assert not check_password("Zq8#vLm2!pRt5w", extra_refused=frozenset({"zq8#vlm2!prt5w"})).accepted


def test_repeats_and_keyboard_runs_count_for_little() -> None:
    assert estimate_entropy("aaaaaaaaaaaa") < 20
    assert estimate_entropy("qsdfghjklm12") < 30
    assert estimate_entropy("Xq9!vZ7p#wLm") > estimate_entropy("Abcdefgh1234")


@pytest.mark.parametrize("passphrase", [False, True])
def test_generated_passwords_pass_the_policy(passphrase: bool) -> None:
    seen = {generate_password(passphrase=passphrase) for _ in range(20)}
    assert len(seen) == 20
    assert generated_entropy_bits(passphrase=passphrase) >= MIN_ENTROPY_BITS
    for pw in seen:
        assert check_password(pw).accepted, pw


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_policy_never_crashes_and_always_explains(text: str) -> None:
    verdict = check_password(text, login="agent")
    assert verdict.accepted == (not verdict.reasons)
    assert verdict.entropy_bits >= 0
