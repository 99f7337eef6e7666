"""The establish form's question to the central store about one party (services/national_check reads the answer).

Network: run off the GUI thread. The question is a consultation, journaled here before its answer is used and
logged at the central store, which throttles it with the other look-ups (R-DATA-4).
"""

from __future__ import annotations

from desktop.i18n import N_, _
from desktop.rules.terms import Status
from desktop.services.context import ServiceContext
from desktop.services.lookup import SearchQuery, _consultations, central_items
from desktop.services.national_check import central_facts
from desktop.services.procuration_body import Holdings, PersonInput, holdings_key


def fetch_holdings(ctx: ServiceContext, person: PersonInput, role: str) -> Holdings | None:
    """Ask the central store for the person's procurations (network: run off the GUI thread); None when the
    identity is not complete enough to ask. Audited here as a consultation before the answer is used."""
    key = holdings_key(person)
    if key is None:
        return None
    kind = key[0]
    if kind == "nne":
        query = SearchQuery(key[1], person.birth_date)
    else:  # the surname may hold spaces (« LE GALL »): sent as it is, not split again from a text
        query = SearchQuery(f"{key[1]} {key[2]}", person.birth_date, named=(key[1], key[2]))
    items, state, _said = central_items(ctx, query, kind)
    if state == "non_configure":
        return Holdings(role, key, state, _("Répertoire central non configuré : vérification nationale impossible."))
    if state == "non_joint":  # nothing was asked: no consultation to journal
        return Holdings(
            role,
            key,
            state,
            _(
                "Répertoire central pas encore joint : les procurations d'autres guichets n'ont pas été vérifiées ; "
                "il en décidera à la synchronisation."
            ),
        )
    _consultations().record_consultation(
        ctx.store,
        actor=ctx.actor,
        now=ctx.clock(),
        record_kind="verification_nationale",
        detail=f"partie={role};critere={kind};resultats={len(items)}",
    )
    if state != "en_ligne":
        return Holdings(role, key, state, _(_NOT_ASKED.get(state, _NOT_ASKED["hors_ligne"])))
    facts = tuple(
        f for item in items if item.role == role and item.status == Status.VALIDEE for f in central_facts(item)
    )
    return Holdings(role, key, state, "", facts)


_NOT_ASKED = {
    "hors_ligne": N_(
        "Répertoire central injoignable : les procurations d'autres guichets n'ont pas été vérifiées ; il en décidera "
        "à la synchronisation."
    ),
    "limite": N_("Trop de consultations du répertoire central en une minute : vérification nationale non faite."),
    "refuse": N_("Le répertoire central a refusé la consultation : vérification nationale non faite."),
    "non_interroge": N_("Identité incomplète pour consulter le répertoire central : vérification nationale non faite."),
}
