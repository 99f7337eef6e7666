"""The kinds of outbox entry a station sends (the wire's `Entry.kind`), defined once.

Apart from the wire's models (desktop/sync/wire/push.py re-exports them): the services that only name a kind
(establishing, revoking, the sync status) import these without the wire's pydantic models, which the agent's first
screen then does not wait for (desktop/views/loading.py imports the wire once the store is ready).
"""

from __future__ import annotations

KIND_PROCURATION = "procuration.etablie"
KIND_RESILIATION = "procuration.resiliation"
KIND_PASSEPORT = "passeport.etape"
KIND_VOTE_INTERNET = "vote_internet.demande"
KINDS = (KIND_PROCURATION, KIND_RESILIATION, KIND_PASSEPORT, KIND_VOTE_INTERNET)

# The body an acknowledged entry keeps once retention purged its record (desktop/services/retention.py): nothing to
# send again, ever (desktop/sync/recovery.py leaves these out of a resend).
PURGED_BODY = '{"purge": true}'
