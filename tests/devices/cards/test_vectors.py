"""ICAO 9303-11 worked examples (BAC, secure messaging) and the dmrtd PACE ECDH-GM example, byte for byte."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric import ec as crypto_ec

from desktop.devices.cards import crypto, pace
from desktop.devices.cards.apdu import Apdu
from desktop.devices.cards.bac import BacTerminal, authenticate_data, open_authenticate_data, session_from
from desktop.devices.cards.ec import BRAINPOOL_P256R1, NIST_P256, Curve
from desktop.devices.cards.handler import MrzKey

H = bytes.fromhex
MRZ_INFO = "L898902C<369080619406236"
RND_ICC = H("4608F91988702212")
RND_IFD = H("781723860C06C226")
K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
K_ICC = H("0B4F80323EB3191CB04970CB4052790B")
KENC = H("AB94FDECF2674FDFB9B391F85D7F76F2")
KMAC = H("7962D9ECE03D1ACD4C76089DCE131543")
E_IFD_M_IFD = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2") + H("5F1448EEA8AD90A7")
E_ICC_M_ICC = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F") + H("2F2D235D074D7449")


def test_bac_keys_from_mrz_information() -> None:
    assert crypto.mrz_information("L898902C", "690806", "940623") == MRZ_INFO
    assert crypto.bac_key_seed(MRZ_INFO) == H("239AB9CB282DAF66231DC5A4DF6BFBAE")
    assert crypto.bac_keys(MRZ_INFO) == (KENC, KMAC)
    # spec/devices.md's second case: a 12-character document number, used whole with its own check digit.
    second = crypto.mrz_information("D23145890734", "340712", "950712")
    assert second == "D23145890734934071279507122"
    assert crypto.bac_key_seed(second) == H("B366AD857DDCA2B08C0E299811714730")


def test_bac_mutual_authentication_values() -> None:
    s = RND_IFD + RND_ICC + K_IFD
    assert s == H("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B")
    assert authenticate_data(KENC, KMAC, RND_IFD, RND_ICC, K_IFD) == E_IFD_M_IFD
    assert open_authenticate_data(KENC, KMAC, E_ICC_M_ICC) == RND_ICC + RND_IFD + K_ICC
    assert open_authenticate_data(KENC, KMAC, E_ICC_M_ICC[:-1] + b"\x00") is None


def test_bac_session_keys_and_ssc() -> None:
    seed = bytes(a ^ b for a, b in zip(K_IFD, K_ICC, strict=True))
    assert seed == H("0036D272F5C350ACAC50C3F572D23600")
    channel = session_from(K_IFD, K_ICC, RND_ICC, RND_IFD)
    assert channel.ks_enc == H("979EC13B1CBFE9DCD01AB0FED307EAE5")
    assert channel.ks_mac == H("F1CB1F1FB5ADF208806B89DC579DC1F8")
    assert channel.ssc == int("887022120C06C226", 16)


def test_bac_terminal_against_worked_example_chip_answers() -> None:
    sent: list[bytes] = []
    answers = [RND_ICC + H("9000"), E_ICC_M_ICC + H("9000")]

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        return answers[len(sent) - 1]

    channel = BacTerminal(MRZ_INFO, rnd_ifd=RND_IFD, k_ifd=K_IFD).run(transmit)
    assert sent[0] == H("0084000008")
    assert sent[1] == H("0082000028") + E_IFD_M_IFD + H("28")
    assert channel.ks_enc == H("979EC13B1CBFE9DCD01AB0FED307EAE5")


def test_secure_messaging_worked_example() -> None:
    terminal = session_from(K_IFD, K_ICC, RND_ICC, RND_IFD)
    select = terminal.wrap(Apdu(0x00, 0xA4, 0x02, 0x0C, H("011E")))
    assert select == H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
    # The ICAO tables print the response body without its trailer; the chip sends SW1-SW2 after it.
    assert terminal.unwrap(H("990290008E08FA855A5D4C50A8ED9000")) == (b"", 0x9000)
    read4 = terminal.wrap(Apdu(0x00, 0xB0, 0x00, 0x00, le=4))
    assert read4 == H("0CB000000D9701048E08ED6705417E96BA5500")
    data, sw = terminal.unwrap(H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"))
    assert (data, sw) == (H("60145F01"), 0x9000)
    read18 = terminal.wrap(Apdu(0x00, 0xB0, 0x00, 0x04, le=0x12))
    assert read18 == H("0CB000040D9701128E082EA28A70F3C7B53500")
    response = H("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D74")
    assert terminal.unwrap(response + H("9000")) == (H("04303130365F36063034303030305C026175"), 0x9000)


def test_chip_side_secure_messaging_reproduces_the_example() -> None:
    chip = session_from(K_IFD, K_ICC, RND_ICC, RND_IFD)
    command = chip.unwrap_command(H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"))
    assert (command.ins, command.data) == (0xA4, H("011E"))
    assert chip.wrap_response(b"", 0x9000) == H("990290008E08FA855A5D4C50A8ED9000")
    command = chip.unwrap_command(H("0CB000000D9701048E08ED6705417E96BA5500"))
    assert (command.ins, command.le) == (0xB0, 4)
    expected = H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")
    assert chip.wrap_response(H("60145F01"), 0x9000) == expected


# PACE ECDH-GM, brainpoolP256r1: the worked example of ZeroPass/dmrtd test/pace_test_ecdh.dart (ICAO 9303-11 G.1).
PACE_MRZ = crypto.mrz_information("T22000129", "640812", "101031")
TERMINAL_MAP = int("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99", 16)
CHIP_MAP = int("498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560", 16)
TERMINAL_EPH = int("A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595", 16)
CHIP_EPH = int("107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A", 16)
PROTOCOL = "0.4.0.127.0.7.2.2.4.2.2"
APDUS = [
    (H("0022C1A40F800A04007F00070202040202830101"), H("9000")),
    (H("10860000027C0000"), H("7C12801095A3A016522EE98D01E76CB6B98B42C39000")),
    (
        H(
            "10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
            "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00"
        ),
        H(
            "7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AA"
            "A9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000"
        ),
    ),
    (
        H(
            "10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
            "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200"
        ),
        H(
            "7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277"
            "A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000"
        ),
    ),
    (H("008600000C7C0A8508C2B0BD78D94BA86600"), H("7C0A86083ABB9674BCE93C089000")),
]


def test_pace_card_access_and_password_key() -> None:
    infos = pace.parse_card_access(H("31143012060A04007F0007020204020202010202010D"))
    assert infos == [pace.PaceInfo(PROTOCOL, 2, 13)]
    assert pace.encode_card_access(infos) == H("31143012060A04007F0007020204020202010202010D")
    assert hashlib.sha1(PACE_MRZ.encode()).digest() == H("7e2d2a41c74ea0b38cd36f863939bfa8e9032aad")
    k_pi = pace.password_key(PACE_MRZ, pace.PASSWORD_MRZ)
    assert k_pi == H("89DED1B26624EC1E634C1989302849DD")
    assert pace.decrypt_nonce(k_pi, H("95a3a016522ee98d01e76cb6b98b42c3")) == H("3F00C4D39D153F2B2A214A078D899B22")


def test_pace_mapping_and_session_keys() -> None:
    curve = BRAINPOOL_P256R1
    terminal_pub = curve.mul(TERMINAL_MAP, curve.g)
    chip_pub = curve.mul(CHIP_MAP, curve.g)
    assert curve.encode(terminal_pub)[1:33] == H("7ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E")
    assert curve.encode(chip_pub)[33:] == H("30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54")
    shared = curve.mul(TERMINAL_MAP, chip_pub)
    assert shared == curve.mul(CHIP_MAP, terminal_pub)
    assert curve.encode(shared)[1:] == H(
        "60332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD5"
        "0840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181"
    )
    nonce = H("3F00C4D39D153F2B2A214A078D899B22")
    generator = pace.map_generator(curve, nonce, TERMINAL_MAP, chip_pub)
    assert generator == pace.map_generator(curve, nonce, CHIP_MAP, terminal_pub)
    assert curve.encode(generator)[1:] == H(
        "8CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
        "8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522"
    )
    terminal_eph = curve.mul(TERMINAL_EPH, generator)
    chip_eph = curve.mul(CHIP_EPH, generator)
    secret = curve.mul(TERMINAL_EPH, chip_eph)
    assert secret is not None
    x = secret[0].to_bytes(32, "big")
    assert x == H("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925")
    ks_enc, ks_mac = pace.session_keys(x, 128)
    assert ks_enc == H("F5F0E35C0D7161EE6724EE513A0D9A7F")
    assert ks_mac == H("FE251C7858B356B24514B3BD5F4297D1")
    assert pace.auth_token(ks_mac, PROTOCOL, curve, chip_eph) == H("C2B0BD78D94BA866")
    assert pace.auth_token(ks_mac, PROTOCOL, curve, terminal_eph) == H("3ABB9674BCE93C08")


def test_pace_terminal_sends_every_apdu_of_the_example() -> None:
    sent: list[bytes] = []

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        return APDUS[len(sent) - 1][1]

    info = pace.PaceInfo(PROTOCOL, 2, 13)
    terminal = pace.PaceTerminal(info, PACE_MRZ, pace.PASSWORD_MRZ, TERMINAL_MAP, TERMINAL_EPH)
    channel = terminal.run(transmit)
    assert sent == [apdu for apdu, _ in APDUS]
    assert (channel.cipher, channel.ssc) == ("aes", 0)
    assert channel.ks_enc == H("F5F0E35C0D7161EE6724EE513A0D9A7F")


@pytest.mark.parametrize(
    ("curve", "library_curve"),
    [(NIST_P256, crypto_ec.SECP256R1()), (BRAINPOOL_P256R1, crypto_ec.BrainpoolP256R1())],
)
def test_curve_arithmetic_agrees_with_cryptography(curve: Curve, library_curve: crypto_ec.EllipticCurve) -> None:
    for scalar in (1, 2, 3, 0xDEADBEEF, curve.n - 1, int("A73FB703AC1436A18E0CFA5ABB3F7BEC", 16)):
        public = crypto_ec.derive_private_key(scalar, library_curve).public_key().public_numbers()
        assert curve.mul(scalar, curve.g) == (public.x, public.y)
    assert curve.mul(curve.n, curve.g) is None
    assert curve.add(curve.g, curve.mul(curve.n - 1, curve.g)) is None


def test_second_bac_vector_from_a_td1_mrz_with_the_number_overflow() -> None:
    """The spec's second case as the chip's MRZ prints it: `D23145890<` then `734` and the number's check digit
    at the head of the optional data; the access key is the whole number with that digit."""
    digit = crypto.check_digit_of("D23145890734")
    line1 = ("I<UTOD23145890<734" + digit).ljust(30, "<")
    birth, expiry = "340712", "950712"
    line2 = birth + crypto.check_digit_of(birth) + "F" + expiry + crypto.check_digit_of(expiry) + "UTO"
    line2 = line2.ljust(29, "<")
    line2 += crypto.check_digit_of(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    mrz = "\n".join((line1, line2, "ERIKSSON<<ANNA<MARIA".ljust(30, "<")))
    key = MrzKey.from_text(mrz)
    assert key.information == "D23145890734934071279507122"
    assert crypto.bac_key_seed(key.information) == H("B366AD857DDCA2B08C0E299811714730")
