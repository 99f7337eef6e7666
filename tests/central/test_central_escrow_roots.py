"""An escrow copy the central store cannot check against a copy it holds (none kept yet, or one its escrow key no
longer opens) is taken only of the station's set-up key (central/escrow_roots.py; central audit, 4 December 2026:
an adversary holding a valid station token, not the station's database key)."""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import delete, update
from test_central_edge import Central, Station, _b64, _recover, agent, edge, enrol, refusal

from central import escrow_roots
from central.authority import UNREADABLE
from central.security import EscrowKeys
from central.security_tables import escrows
from desktop.security.keyslots import escrow_context
from desktop.security.sealed import public_bytes, seal
from desktop.security.slotkeys import agent_purpose, authority_proof, central_authority, escrow_purpose

__all__ = ["edge"]  # the fixture, shared with test_central_edge
CODE = "75056-01"
SETUP_KEY = b"k" * 32
MAIL = "chef@interieur.gouv.fr"


def _proved(key: bytes, purpose: bytes) -> str:
    return authority_proof(central_authority(key), purpose)


def _put(edge: Central, st: Station, box: bytes, proof: str | None) -> int:
    body = {"station_code": CODE, "box": _b64(box), "proof": proof}
    return int(edge.client.put("/v1/security/escrow", json=body, headers=st.auth).status_code)


def _set_up(edge: Central, st: Station) -> None:
    """What desktop/services/agents.first_setup sends first: its administrator, proved with the new key."""
    fields = {"agent_id": "chef", "login": "chef", "role": "administrateur", "capacity": "opj", "email": MAIL}
    proof = _proved(SETUP_KEY, agent_purpose(**fields))
    answer = agent(edge, st, "chef", role="administrateur", email=MAIL, proof=proof)
    assert answer.status_code == 201, answer.text


def test_while_no_copy_is_kept_the_token_alone_cannot_put_one_of_its_own_key(edge: Central) -> None:
    """The first send at set-up failed: the station's token alone (a stolen disk) put a copy of a key of its own,
    proved with it, and became the station's authority. Now the copy must carry the set-up's key."""
    st = enrol(edge)
    keys = EscrowKeys.load_or_create(edge.folder / "escrow.key")
    _set_up(edge, st)
    forged = seal(keys.public, b"f" * 32, context=escrow_context(CODE))
    assert _put(edge, st, forged, None) == 403
    assert _put(edge, st, forged, _proved(b"f" * 32, escrow_purpose(forged))) == 403
    # The station's own copy, sent later (its first send failed), after a re-key made meanwhile: the new key and the
    # audit root (the set-up key, which a re-key keeps), proved with the new key.
    new_key = b"n" * 32
    rekeyed = seal(keys.public, new_key + SETUP_KEY, context=escrow_context(CODE))
    assert _put(edge, st, rekeyed, _proved(SETUP_KEY, escrow_purpose(rekeyed))) == 403  # not the key it carries
    assert _put(edge, st, rekeyed, _proved(new_key, escrow_purpose(rekeyed))) == 200
    assert _recover(edge, st, "chef") == new_key + SETUP_KEY


def test_a_kept_copy_the_central_store_no_longer_opens_asks_the_set_up_key(edge: Central) -> None:
    """The escrow key lost, the kept copy opened no more, and then nothing was asked: any copy replaced it, any agent
    was enrolled. Now a copy must carry the station's key (its root, taken from the copy kept before the upgrade),
    and nothing else is taken until then."""
    st = enrol(edge)
    keys = EscrowKeys.load_or_create(edge.folder / "escrow.key")
    first = seal(keys.public, SETUP_KEY, context=escrow_context(CODE))
    assert _put(edge, st, first, _proved(SETUP_KEY, escrow_purpose(first))) == 200
    with edge.engine.begin() as conn:  # a store from before the roots: they are adopted from the copies kept
        conn.execute(delete(escrow_roots.roots))
    assert escrow_roots.adopt_copies(edge.engine, keys, now=datetime.now(UTC)) == 1
    lost = public_bytes(X25519PrivateKey.generate().public_key())
    with edge.engine.begin() as conn:  # the escrow key the copy was sealed to is lost
        conn.execute(update(escrows).values(box=seal(lost, SETUP_KEY, context=escrow_context(CODE))))
    forged = seal(keys.public, b"f" * 32, context=escrow_context(CODE))
    assert _put(edge, st, forged, _proved(b"f" * 32, escrow_purpose(forged))) == 403
    thief = {"agent_id": "intrus", "login": "intrus", "role": "administrateur", "capacity": "opj", "email": None}
    answer = agent(edge, st, "intrus", role="administrateur", proof=_proved(b"f" * 32, agent_purpose(**thief)))  # type: ignore[arg-type]
    assert refusal(answer, 403).message == UNREADABLE
    again = seal(keys.public, SETUP_KEY, context=escrow_context(CODE))  # the station seals to the new escrow key
    assert _put(edge, st, again, _proved(SETUP_KEY, escrow_purpose(again))) == 200
    ok = {**thief, "agent_id": "chef", "login": "chef", "email": MAIL}
    proof = _proved(SETUP_KEY, agent_purpose(**ok))  # type: ignore[arg-type]
    assert agent(edge, st, "chef", role="administrateur", email=MAIL, proof=proof).status_code == 201
    assert _recover(edge, st, "chef") == SETUP_KEY
