"""The local store: SQLAlchemy entities over an encrypted SQLite (SQLCipher) file, migrated at start-up."""

from desktop.models.agents import Agent, Station
from desktop.models.base import Base, utcnow
from desktop.models.decisions import SupervisorDecision
from desktop.models.journal import AuditEvent, OutboxEntry, SequenceCounter, SyncState
from desktop.models.people import Elector
from desktop.models.printed import IssuedReceipt
from desktop.models.procurations import Procuration, ProcurationEvent, Revocation
from desktop.models.renewals import IvoteRequest, PassportCase, PassportEvent
from desktop.models.security import AuditAnchor, AuditCheckpoint, AuditRewrites

__all__ = [
    "Agent",
    "AuditAnchor",
    "AuditCheckpoint",
    "AuditEvent",
    "AuditRewrites",
    "Base",
    "Elector",
    "IssuedReceipt",
    "IvoteRequest",
    "OutboxEntry",
    "PassportCase",
    "PassportEvent",
    "Procuration",
    "ProcurationEvent",
    "Revocation",
    "SequenceCounter",
    "Station",
    "SupervisorDecision",
    "SyncState",
    "utcnow",
]
