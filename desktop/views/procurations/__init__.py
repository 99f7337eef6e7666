"""The procuration desk's screens: establish, revoke all, look up."""

from desktop.views.procurations.establish import EstablishPage
from desktop.views.procurations.revoke import RevokePage
from desktop.views.procurations.search import SearchPage
from desktop.views.procurations.to_decide import ToDecidePage

__all__ = ["EstablishPage", "RevokePage", "SearchPage", "ToDecidePage"]
