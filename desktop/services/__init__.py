"""Use cases: one module per agent action; each opens one transaction that writes record, audit event and outbox."""
