"""Guichet: the counter application for voting proxies and consular renewals."""

__version__ = "0.2.0"
