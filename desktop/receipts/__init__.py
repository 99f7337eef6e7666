"""Receipts: what they say, their signed QR payload, and their PDF and ESC/POS renderings."""

from __future__ import annotations

from desktop.receipts.content import (
    Authority,
    Party,
    Place,
    Receipt,
    ReceiptKind,
    mask_nne,
)
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
