"""Receipts: what they say, their signed QR payload, and their PDF and ESC/POS renderings."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.receipts.content import Authority, Party, Place, Receipt, ReceiptKind, mask_nne
    from desktop.receipts.next_steps import default_next_steps, passport_step_label
    from desktop.receipts.payload import ReceiptClaims, ReceiptPayloadError
    from desktop.receipts.signing import (
        ReceiptVerificationError,
        ReceiptVerifier,
        SignedReceipt,
        StationSigner,
        TrustedKeys,
        identity_matches,
    )

# Loaded on first use (PEP 562): the window imports receipts.fonts for its typeface before it is shown, and must not
# pay for cryptography and reportlab then (bench/startup.py).
_HOMES = {
    "content": ("Authority", "Party", "Place", "Receipt", "ReceiptKind", "mask_nne"),
    "next_steps": ("default_next_steps", "passport_step_label"),
    "payload": ("ReceiptClaims", "ReceiptPayloadError"),
    "signing": (
        "ReceiptVerificationError",
        "ReceiptVerifier",
        "SignedReceipt",
        "StationSigner",
        "TrustedKeys",
        "identity_matches",
    ),
}
_WHERE = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Authority",
    "Party",
    "Place",
    "Receipt",
    "ReceiptClaims",
    "ReceiptKind",
    "ReceiptPayloadError",
    "ReceiptVerificationError",
    "ReceiptVerifier",
    "SignedReceipt",
    "StationSigner",
    "TrustedKeys",
    "default_next_steps",
    "identity_matches",
    "mask_nne",
    "passport_step_label",
]
