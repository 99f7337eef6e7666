"""Wire format, consultation side: look-ups and Maprocuration fetches travel as POST bodies, station tokens renew.

No NNE, name or birth date goes in a URL (proxies and access logs keep URLs); the agent asking is named in the body
and must be known to the central store for the calling station (enrolled through /v1/security/agents).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, model_validator

from desktop.i18n import _
from desktop.sync.wire.fields import Day, Instant, Name60, Nne, Reference, Surname, Text64, Text200, WireModel, refuse

# Either an NNE, or a name with given names: said in the schema as it is in the parser.
_PERSON_NAMED: dict[str, Any] = {
    "anyOf": [
        {"required": ["nne"], "properties": {"nne": {"type": "string"}}},
        {"required": ["nom", "prenoms"], "properties": {"nom": {"type": "string"}, "prenoms": {"type": "array"}}},
    ]
}


class LookupRequest(WireModel):
    """Body of POST /v1/procurations/search: the person at the counter (birth date and NNE, or full name)."""

    model_config = ConfigDict(json_schema_extra=_PERSON_NAMED)

    agent_id: Text64
    date_naissance: Day
    nne: Nne | None = None
    nom: Surname | None = None
    prenoms: Annotated[tuple[Name60, ...], Field(min_length=1, max_length=10)] | None = None

    @model_validator(mode="after")
    def _named(self) -> LookupRequest:
        if self.nne is None and (self.nom is None or self.prenoms is None):
            raise refuse(_("date de naissance et NNE (ou nom et prénoms) obligatoires"))
        return self


class RequestFetch(WireModel):
    """Body of POST /v1/requests/fetch: a Maprocuration reference and the mandant's birth date (second factor)."""

    agent_id: Text64
    reference: Reference
    date_naissance: Day


class TokenRenewal(WireModel):
    """Answer of POST /v1/stations/{station}/token: the station's new token and when it expires."""

    token: Text200
    expires_at: Instant
