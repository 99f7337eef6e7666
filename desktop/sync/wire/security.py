"""Wire format of /v1/security (agents, reset codes, escrow, audit anchors): bounded, strict, published as is."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, Strict, StringConstraints

from desktop.i18n import _
from desktop.rules.terms import Role
from desktop.rules.textlimits import EMAIL_MAX, ID_MAX
from desktop.sync.wire.check import TEXT_PATTERN
from desktop.sync.wire.fields import (
    Instant,
    Text40,
    Text64,
    Text200,
    WireModel,
    _choice_schema,
    _one_of,
    json_int,
    refuse,
)

ROLES = tuple(r.value for r in Role)
MAX_ANCHOR_SEQ = 2**31 - 1  # the anchors table's seq is a 32-bit integer on every back-end
KEY32_PATTERN = r"^[A-Za-z0-9+/]{43}=$"  # 32 bytes in base64
SIGNATURE_PATTERN = r"^[A-Za-z0-9+/]{86}==$"  # 64 bytes in base64
BOX_PATTERN = r"^(?:[A-Za-z0-9+/]{4}){15,1024}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"  # 45 to ~3 kB
MAX_ROSTER = 10_000  # agents of one station, far above any counter's
MAC_PATTERN = r"^[0-9a-f]{64}$"
EMAIL_PATTERN = r"^[^\x00-\x20@]{1,64}@[^\x00-\x20@]{1,190}$"
CODE_PATTERN = r"^[A-Za-z0-9 -]{1,32}$"

Key32 = Annotated[str, Strict(), StringConstraints(pattern=KEY32_PATTERN)]
Signature = Annotated[str, Strict(), StringConstraints(pattern=SIGNATURE_PATTERN)]
SealedBox = Annotated[str, Strict(), StringConstraints(pattern=BOX_PATTERN)]
Mac = Annotated[str, Strict(), StringConstraints(pattern=MAC_PATTERN)]


def _fits_in_lower_case(limit: int) -> AfterValidator:
    """The central store keeps this text in lower case (`str.lower`), where « İ » is two characters: the lowered text
    must fit its column too (64 of them made a 128-character login for a varchar(64): a 503 on PostgreSQL). A login
    the desk sends is already case-folded (desktop/security/logins.py), which lowering leaves as long."""

    def check(value: str) -> str:
        if len(value.lower()) > limit:
            raise refuse(_("texte de {get} caractères au plus attendu").format(get=limit))
        return value

    return AfterValidator(check)


Email = Annotated[
    str, Strict(), StringConstraints(max_length=EMAIL_MAX, pattern=EMAIL_PATTERN), _fits_in_lower_case(EMAIL_MAX)
]
Login = Annotated[Text64, _fits_in_lower_case(ID_MAX)]
StationCode = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=32, pattern=TEXT_PATTERN)]
ResetCode = Annotated[str, Strict(), StringConstraints(pattern=CODE_PATTERN)]
RoleText = Annotated[str, Strict(), _one_of(ROLES), _choice_schema(ROLES)]
AnchorSeq = Annotated[int, Field(ge=0, le=MAX_ANCHOR_SEQ), BeforeValidator(json_int)]


class EscrowKey(WireModel):
    """Answer of GET /v1/security/escrow-key: the public key stations seal their database key to."""

    public_key: Key32


class EscrowPut(WireModel):
    """Body of PUT /v1/security/escrow: the station's database key sealed to the escrow key."""

    station_code: StationCode
    box: SealedBox
    # Replacing a kept copy: the proof of its key (desktop/security/slotkeys.authority_proof of escrow_purpose).
    proof: Mac | None = None
    # The station's agents (ids): any other agent of the station is deactivated with the copy kept, such as one
    # enrolled by an insider who knew the key before a removal re-keyed it (proved with the copy: escrow_purpose).
    agents: Annotated[tuple[Text64, ...], Field(max_length=MAX_ROSTER)] | None = None


class StationKeyPut(WireModel):
    """Body of PUT /v1/security/station-key: the station's Ed25519 anchor-signing public key."""

    public_key: Key32


class AgentEnrol(WireModel):
    """Body of POST /v1/security/agents: an agent of the calling station and the role the central store keeps."""

    agent_id: Text64
    login: Login
    role: RoleText
    capacity: Text40
    email: Email | None = None
    # Once the station's escrow copy is kept: the proof of its key over the fields above (slotkeys.agent_purpose).
    proof: Mac | None = None


class AgentDeactivate(WireModel):
    """Body of POST /v1/security/agents/{id}/deactivate: once the station's escrow copy is kept, the proof of its key
    (slotkeys.deactivation_purpose); the bearer token alone deactivated any agent."""

    proof: Mac | None = None


class ResetCodeAsk(WireModel):
    """Body of POST /v1/security/reset-codes: the agent's login or e-mail."""

    identifier: Text200


class ResetRedeem(WireModel):
    """Body of POST /v1/security/reset-codes/redeem: the code and a one-time key to seal the answer to."""

    login: Text64
    code: ResetCode
    ephemeral_public_key: Key32


class SealedAnswer(WireModel):
    """Answer of a redeemed reset code: the database key sealed to the request's one-time key."""

    box: SealedBox


class AnchorWire(WireModel):
    """A station-signed audit anchor (body of POST /v1/security/anchors, items of GET)."""

    station_code: StationCode
    seq: AnchorSeq
    mac: Mac
    at: Instant
    signature: Signature


class Anchors(WireModel):
    """Answer of GET /v1/security/anchors."""

    anchors: Annotated[tuple[AnchorWire, ...], Field(max_length=100_000)]


class Done(WireModel):
    """Answer of a security call that only acknowledges (a French status)."""

    status: Text200


class StartAnchor(AnchorWire):
    """Body of POST /v1/security/checkpoints: the anchor of a retention checkpoint (the audit chain's new start)."""

    checkpoint: Literal[True] = True  # an ordinary anchor goes to /anchors


class CountersignedStart(StartAnchor):
    """A start anchor as the central store keeps it: countersigned with the time it was received."""

    countersignature: Signature
    received_at: Instant


class Checkpoints(WireModel):
    """Answer of GET /v1/security/checkpoints: the calling station's start anchors, countersigned."""

    checkpoints: Annotated[tuple[CountersignedStart, ...], Field(max_length=100_000)]


class AnchorKey(WireModel):
    """Answer of GET /v1/security/anchor-key: the Ed25519 key that countersigns start anchors."""

    public_key: Key32


class DigestKey(WireModel):
    """Answer of GET /v1/security/digest-key: the calling station's own key for internet-vote e-mail digests."""

    key: Key32


KEY_ID_PATTERN = r"^[A-Z0-9]{4}$"
KeyId = Annotated[str, Strict(), StringConstraints(pattern=KEY_ID_PATTERN)]
MAX_PUBLISHED = 100_000  # desktop/receipts/published.MAX_PUBLISHED_KEYS


class PublishedKey(WireModel):
    """One trusted receipt key of GET /v1/security/receipt-keys: the raw key and its station's code."""

    public_key: Key32
    station_code: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=16)]


class PublishedReceiptKeys(WireModel):
    """Answer of GET /v1/security/receipt-keys (public): the trusted-keys file, signed by the anchor key."""

    version: Literal[1]
    keys: Annotated[dict[KeyId, PublishedKey], Field(max_length=MAX_PUBLISHED)]
    revoked: Annotated[tuple[KeyId, ...], Field(max_length=MAX_PUBLISHED)]
    as_of: Annotated[str, Strict(), StringConstraints(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
    central_signature: Signature
