"""Elliptic-curve arithmetic for PACE generic mapping, which needs a mapped generator no library exposes."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec

from desktop.devices.cards.errors import TlvError
from desktop.i18n import _

Point = tuple[int, int] | None  # None is the point at infinity


@dataclass(frozen=True, slots=True)
class Curve:
    """Short Weierstrass curve y² = x³ + ax + b over GF(p), with base point G of order n."""

    name: str
    p: int
    a: int
    b: int
    gx: int
    gy: int
    n: int

    @property
    def g(self) -> tuple[int, int]:
        """The standard base point."""
        return self.gx, self.gy

    @property
    def size(self) -> int:
        """Bytes per coordinate."""
        return (self.p.bit_length() + 7) // 8

    def contains(self, point: Point) -> bool:
        """Whether `point` is a finite point on the curve."""
        if point is None:
            return False
        x, y = point
        if not (0 <= x < self.p and 0 <= y < self.p):
            return False
        return (y * y - (x * x * x + self.a * x + self.b)) % self.p == 0

    def add(self, first: Point, second: Point) -> Point:
        """Point addition (affine; inversions through pow(-1) are fast enough for a handful of operations)."""
        if first is None:
            return second
        if second is None:
            return first
        p = self.p
        x1, y1 = first
        x2, y2 = second
        if x1 == x2:
            if (y1 + y2) % p == 0:
                return None
            slope = (3 * x1 * x1 + self.a) * pow(2 * y1, -1, p) % p
        else:
            slope = (y2 - y1) * pow(x2 - x1, -1, p) % p
        x3 = (slope * slope - x1 - x2) % p
        return x3, (slope * (x1 - x3) - y1) % p

    def mul(self, k: int, point: Point) -> Point:
        """Scalar multiplication k·P (Jacobian coordinates, one inversion at the end)."""
        if point is None or k % self.n == 0:
            return None
        k %= self.n
        p, a = self.p, self.a
        px, py = point
        rx, ry, rz = 0, 1, 0  # infinity in Jacobian form
        for bit in bin(k)[2:]:
            rx, ry, rz = _jdouble(rx, ry, rz, a, p)
            if bit == "1":
                rx, ry, rz = _jadd_affine(rx, ry, rz, px, py, a, p)
        if rz == 0:
            return None
        zinv = pow(rz, -1, p)
        zinv2 = zinv * zinv % p
        return rx * zinv2 % p, ry * zinv2 * zinv % p

    def encode(self, point: Point) -> bytes:
        """Uncompressed encoding 04 || X || Y."""
        if point is None:
            raise ValueError(_("point à l'infini"))
        return b"\x04" + point[0].to_bytes(self.size, "big") + point[1].to_bytes(self.size, "big")

    def decode(self, data: bytes) -> tuple[int, int]:
        """A point from its uncompressed encoding; TlvError when malformed or off the curve."""
        if len(data) != 1 + 2 * self.size or data[0] != 0x04:
            raise TlvError(_("point de courbe mal encodé"))
        point = (int.from_bytes(data[1 : 1 + self.size], "big"), int.from_bytes(data[1 + self.size :], "big"))
        if not self.contains(point):
            raise TlvError(_("point hors de la courbe"))
        return point


def _jdouble(x: int, y: int, z: int, a: int, p: int) -> tuple[int, int, int]:
    if z == 0 or y == 0:
        return 0, 1, 0
    yy = y * y % p
    s = 4 * x * yy % p
    zz = z * z % p
    m = (3 * x * x + a * zz * zz) % p
    x3 = (m * m - 2 * s) % p
    y3 = (m * (s - x3) - 8 * yy * yy) % p
    return x3, y3, 2 * y * z % p


def _jadd_affine(x1: int, y1: int, z1: int, x2: int, y2: int, a: int, p: int) -> tuple[int, int, int]:
    if z1 == 0:
        return x2, y2, 1
    z1z1 = z1 * z1 % p
    u2 = x2 * z1z1 % p
    s2 = y2 * z1 * z1z1 % p
    h = (u2 - x1) % p
    r = (s2 - y1) % p
    if h == 0:
        if r == 0:
            return _jdouble(x1, y1, z1, a, p)
        return 0, 1, 0
    hh = h * h % p
    hhh = h * hh % p
    v = x1 * hh % p
    x3 = (r * r - hhh - 2 * v) % p
    y3 = (r * (v - x3) - y1 * hhh) % p
    return x3, y3, z1 * h % p


BRAINPOOL_P256R1 = Curve(
    "brainpoolP256r1",
    p=0xA9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377,
    a=0x7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9,
    b=0x26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6,
    gx=0x8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262,
    gy=0x547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997,
    n=0xA9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7,
)

NIST_P256 = Curve(
    "secp256r1",
    p=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF,
    a=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC,
    b=0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
    gx=0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    gy=0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
    n=0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
)

# Standardized domain parameter ids of ICAO 9303-11, 9.5.1 (only the curves we support).
CURVES_BY_PARAMETER_ID: dict[int, Curve] = {12: NIST_P256, 13: BRAINPOOL_P256R1}

# The same curves in the `cryptography` package: multiplications by the standard base point and ECDH (only the
# x-coordinate is needed) run there, in C; only the two products the mapped generator needs stay in Python.
_NATIVE: dict[str, type[ec.EllipticCurve]] = {"brainpoolP256r1": ec.BrainpoolP256R1, "secp256r1": ec.SECP256R1}


def base_mul(curve: Curve, k: int) -> Point:
    """k·G for the curve's standard base point."""
    native = _NATIVE.get(curve.name)
    if native is None or not 0 < k < curve.n:
        return curve.mul(k, curve.g)
    numbers = ec.derive_private_key(k, native()).public_key().public_numbers()
    return numbers.x, numbers.y


def shared_x(curve: Curve, k: int, point: Point) -> int | None:
    """The x-coordinate of k·P (ECDH), None when P is not a valid point or the product is infinity."""
    native = _NATIVE.get(curve.name)
    if native is None or point is None or not 0 < k < curve.n:
        product = curve.mul(k, point)
        return None if product is None else product[0]
    try:
        peer = ec.EllipticCurvePublicNumbers(point[0], point[1], native()).public_key()
        secret = ec.derive_private_key(k, native()).exchange(ec.ECDH(), peer)
    except ValueError:
        return None
    return int.from_bytes(secret, "big")
