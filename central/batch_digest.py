"""A batch's digest (the same batch_id always carries it) and its entries' canonical bodies, from one dump."""

from __future__ import annotations

import hashlib

from central.canonical import typed_canonical
from desktop.sync.wire import Batch, OpaqueBody, canonical_json


def batch_digest(batch: Batch) -> str:
    """SHA-256 of the canonical content: the same batch_id must always carry this digest."""
    return digest_and_bodies(batch)[0]


_BODY_TOKEN = "corps-" + "5f0c" * 8  # stands for each body in the batch's skeleton (`digest_and_bodies`)


def digest_and_bodies(batch: Batch) -> tuple[str, list[str]]:
    """The digest and each entry's canonical body text, from one dump of the batch, each body serialised once.

    The batch's canonical text is that of the batch with every body in place of one token, with each body's text
    put back at the token's places, in order (a JSON array keeps its order; an object has one `body`): the bodies,
    most of a batch, are not serialised twice (issue 21). Were the token another value of the batch too, the text
    would split in more parts than there are bodies: that batch is serialised whole.
    """
    raw = batch.to_dict()
    bodies = [
        canonical_json(d["body"]) if isinstance(e.body, OpaqueBody) else typed_canonical(d["body"])
        for e, d in zip(batch.entries, raw["entries"], strict=True)
    ]
    skeleton = {**raw, "entries": [{**e, "body": _BODY_TOKEN} for e in raw["entries"]]}
    parts = typed_canonical(skeleton).split(f'"{_BODY_TOKEN}"')
    if len(parts) == len(bodies) + 1:
        text = "".join(part + body for part, body in zip(parts, [*bodies, ""], strict=True))
    else:  # another value of the batch is the token itself: the whole batch, the slow way
        text = canonical_json(raw)
    return hashlib.sha256(text.encode()).hexdigest(), bodies
