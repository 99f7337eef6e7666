"""Agents' trust: passwords, Argon2id, key slots, lockout, sessions, audit chain, anchors (spec/security.md)."""
