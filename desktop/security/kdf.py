"""Argon2id with the spec's parameters (and HKDF-SHA256 re-exported for the keys derived from it)."""

from __future__ import annotations

from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from desktop.security.hkdf import hkdf_sha256

__all__ = ["DEFAULT_PARAMS", "FLOOR_PARAMS", "KdfParams", "argon2id", "hkdf_sha256"]

FLOOR_MEMORY_KIB = 19 * 1024  # OWASP ASVS floor: never below 19 MiB, t = 2
FLOOR_TIME_COST = 2
# A slot file asking more is not ours (the file is edited by hand or damaged): Argon2id would take the machine's
# memory or minutes of CPU at every login attempt.
CEILING_MEMORY_KIB = 4 * 1024 * 1024
CEILING_TIME_COST = 64
CEILING_PARALLELISM = 64


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost; refuses anything under the ASVS floor so a weak setting cannot slip in."""

    memory_kib: int = 64 * 1024
    time_cost: int = 3
    parallelism: int = 4

    def __post_init__(self) -> None:
        if self.memory_kib < FLOOR_MEMORY_KIB or self.time_cost < FLOOR_TIME_COST or self.parallelism < 1:
            raise ValueError("Argon2id parameters below the ASVS floor (19 MiB, t=2)")
        if (
            self.memory_kib > CEILING_MEMORY_KIB
            or self.time_cost > CEILING_TIME_COST
            or self.parallelism > CEILING_PARALLELISM
        ):
            raise ValueError("Argon2id parameters above what Guichet makes (4 GiB, t=64, p=64)")

    def to_dict(self) -> dict[str, int]:
        return {"m": self.memory_kib, "t": self.time_cost, "p": self.parallelism}

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> KdfParams:
        """ValueError for anything but whole numbers within bounds (a slot file's `inf`, `"64"`, `true`, `1e400`)."""
        return cls(memory_kib=_whole(data["m"]), time_cost=_whole(data["t"]), parallelism=_whole(data["p"]))


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("Argon2id parameter is not a number")
    if isinstance(value, float) and not value.is_integer():  # inf and nan are not integers either
        raise ValueError("Argon2id parameter is not a whole number")
    return int(value)


DEFAULT_PARAMS = KdfParams()  # m = 64 MiB, t = 3, p = 4 (spec/security.md)
FLOOR_PARAMS = KdfParams(memory_kib=FLOOR_MEMORY_KIB, time_cost=FLOOR_TIME_COST, parallelism=1)


def argon2id(password: str, salt: bytes, params: KdfParams, length: int = 32) -> bytes:
    """The raw Argon2id output for a password (NFC-normalised so the same typed text gives the same key)."""
    import unicodedata

    secret = unicodedata.normalize("NFC", password).encode("utf-8")
    return hash_secret_raw(
        secret,
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=length,
        type=Type.ID,
    )
