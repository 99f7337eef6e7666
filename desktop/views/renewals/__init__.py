"""Renouvellements: remote passport renewal follow-up and internet-vote credential renewal (issue 8)."""

from desktop.views.renewals.page import RenewalsPage

__all__ = ["RenewalsPage"]
