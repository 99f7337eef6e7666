"""Chip profiles: how the virtual chip answers, modelled on what chips in citizens' hands do.

Each profile is data, so tests, the benchmark and the demo pick one by name (``--profil`` on the command line).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChipProfile:
    """One way of answering: which files the chip holds and how it says things."""

    name: str
    label: str  # French, shown in the demo's choices
    plain_errors: bool = False  # errors inside secure messaging as bare status words (no DO99/MAC)
    bac_only: bool = False  # no EF.CardAccess, no PACE: BAC with the MRZ
    no_dg2: bool = False
    no_sod: bool = False
    t0: bool = False  # T=0 chip: data comes back through 61xx + GET RESPONSE, a wrong Le gets 6Cxx
    delay: float = 0.0  # seconds the chip takes for each APDU
    active_auth: bool = False  # DG14 advertising Active Authentication, DG15 holding its public key
    chip_auth: bool = False  # DG14 advertising Chip Authentication (ECDH, AES-128) with the chip's static key
    extended_length: bool = True  # announced in the ATR's card capabilities
    atr_info: bool = False  # the ATR says nothing: extended length (2 KB answers at most) is in EF.ATR/INFO
    phantom_groups: tuple[int, ...] = ()  # listed in EF.COM but absent: the chip answers 6A82
    odd_read: bool = True  # READ BINARY with odd INS (B1, offset in DO54) for files over 32 KiB; 6D00 when False


PROFILES: dict[str, ChipProfile] = {
    p.name: p
    for p in (
        ChipProfile("standard", "Puce standard (PACE, toutes les données)"),
        ChipProfile(
            "plain-status",
            "Erreurs en mots d'état nus (DG11/DG12 annoncés mais absents)",
            plain_errors=True,
            phantom_groups=(11, 12),
        ),
        ChipProfile("bac-only", "Sans EF.CardAccess : BAC seulement", bac_only=True, extended_length=False),
        ChipProfile("no-dg2-no-sod", "Sans photo (DG2) ni EF.SOD", no_dg2=True, no_sod=True),
        ChipProfile("t0", "Puce T=0 (61xx, 6Cxx)", t0=True, extended_length=False),
        ChipProfile("slow", "Puce lente (50 ms par commande)", delay=0.05),
        ChipProfile("chip-auth", "DG14 + authentification de la puce (anti-clonage)", chip_auth=True),
        ChipProfile(
            "active-auth", "DG14 + authentification active (anti-clonage), EF.ATR/INFO", active_auth=True, atr_info=True
        ),
    )
}


def atr_for(profile: ChipProfile) -> bytes:
    """The ATR the chip announces: T=1 (with TCK) or T=0, and card capabilities saying whether extended
    length is supported (compact-TLV tag 7, third byte bit 0x40)."""
    history = bytes.fromhex("807300") + bytes([0x80, 0x40 if profile.extended_length else 0x00])
    if profile.atr_info:
        history = bytes.fromhex("803180")  # card service data only: nothing about lengths
    if profile.t0:
        return bytes([0x3B, len(history)]) + history
    body = bytes([0x80 | len(history), 0x80, 0x01]) + history
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3b" + body + bytes([tck])


def profile(name: str) -> ChipProfile:
    """The profile called `name`; KeyError with the known names otherwise."""
    try:
        return PROFILES[name]
    except KeyError:
        raise KeyError(f"profil inconnu « {name} » ; profils : {', '.join(PROFILES)}") from None


def atr_info_for(profile: ChipProfile) -> bytes | None:
    """EF.ATR/INFO's content: extended length information (largest command 4 KB, largest response 2 KB)."""
    if not profile.atr_info:
        return None
    return bytes.fromhex("7F660802021000") + bytes.fromhex("02020800")
