"""Fixtures shared by the receipt tests: a station signer and a verifier that trusts it."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.receipts.signing import ReceiptVerifier, StationSigner, TrustedKeys


@pytest.fixture(scope="session")
def signer() -> StationSigner:
    """A station signer with a fixed key id and a fresh key."""
    return StationSigner(key_id="TS01", private_key=Ed25519PrivateKey.generate(), identity_key=b"k" * 32)


@pytest.fixture(scope="session")
def verifier(signer: StationSigner) -> ReceiptVerifier:
    """A verifier that trusts exactly the test station."""
    return ReceiptVerifier(TrustedKeys().with_key(signer.key_id, signer.public_key))
