"""The central store's reasons in the agent's language.

The central store answers in French (``central/**`` never calls ``set_language``): a verdict's reason (« Le mandataire
n'a pas été retrouvé sur les listes électorales (R-PARTY-2)… »), an enrolment token's refusal. Its sentences carry
values (dates, places, capacities) and change with the central store's version, so the station cannot translate
them as they come. It translates what is stable instead: the rule id of a verdict, the code of a refusal. An agent
working in French reads the central store's own words, which say the most; in another language, the station's
sentence for that rule or code (what the central store found; the advice beside it says what to do), or the French
words as received when this station knows no sentence for the rule (a newer central store's rule).
"""

from __future__ import annotations

from desktop.i18n import N_, SOURCE_LANGUAGE, _, language

# What the central store found, by the rule id of its verdict (central/decide.py, apply.py, agent_authority.py,
# request_checks.py, revoke_form.py, renewal_checks.py, ivote_checks.py; SYNC-REFUS: an entry refused at reception).
REASONS: dict[str, str] = {
    "R-PARTY-1": N_(
        "Le mandant n'a pas été retrouvé sur les listes électorales sous cette identité (nom, prénoms, date de "
        "naissance ou numéro national d'électeur différents)."
    ),
    "R-PARTY-2": N_("Le mandataire n'a pas été retrouvé sur les listes électorales."),
    "R-PARTY-4": N_("Le mandant et le mandataire sont la même personne selon le répertoire électoral."),
    "R-VALID-2": N_(
        "Le scrutin n'est pas valable pour cet acte : inconnu du calendrier électoral, ou déjà passé le jour de "
        "l'acte selon l'heure que le répertoire central retient."
    ),
    "R-VALID-4": N_(
        "La durée de la procuration dépasse le maximum que permet la liste du mandant selon le répertoire "
        "électoral (un an sur une liste communale, trois ans sur une liste consulaire)."
    ),
    "R-VALID-4a": N_(
        "Les dates de validité ne tiennent pas dans la durée permise, comptée depuis le jour de l'acte selon "
        "l'heure que le répertoire central retient."
    ),
    "R-VALID-6": N_("Le mandant avait déjà donné une procuration pour ce jour de vote, peut-être à un autre guichet."),
    "R-LIMIT-1": N_("Le mandataire détenait déjà une procuration établie en France."),
    "R-LIMIT-2": N_("Le mandataire avait déjà atteint le nombre maximal de procurations."),
    "R-LIMIT-3": N_("Le mandataire avait déjà atteint le nombre maximal de procurations."),
    "R-ELIG-2": N_(
        "Le mandataire, citoyen de l'Union européenne, ne peut voter que pour les élections européennes ou municipales."
    ),
    "R-ELIG-5": N_("Le répertoire électoral signale le décès du mandataire ou la perte de ses droits civiques."),
    "R-AUTH-1": N_(
        "L'acte n'a pas été établi par une autorité habilitée : son agent n'est pas enrôlé au répertoire central "
        "avec cette qualité, ou avait été retiré du poste."
    ),
    "R-AUTH-2": N_("Un maire ou un adjoint ne peut pas établir de procuration, même officier de police judiciaire."),
    "R-AUTH-3": N_("L'acte a été établi par un délégué d'OPJ sans le visa d'un OPJ du poste."),
    "R-AUTH-4": N_(
        "Les renouvellements sont traités par les autorités consulaires : ce poste ou cet agent n'est pas enregistré "
        "comme tel au répertoire central."
    ),
    "R-CHAN-A-4": N_("La référence de la demande en ligne a été reçue par une autorité qui ne peut pas la recevoir."),
    "R-CHAN-A-5": N_(
        "Selon le répertoire électoral, le mandataire n'est pas inscrit sur la liste qu'indique la demande en ligne, "
        "ou il est inscrit sur une liste de Nouvelle-Calédonie."
    ),
    "R-CHAN-A-8": N_("La demande en ligne n'était plus valable le jour de l'acte (2 mois au plus), ou est inconnue."),
    "R-REVOKE-2": N_("Procuration résiliée par le mandant : elle ne peut plus être utilisée."),
    "R-REVOKE-4": N_("La résiliation demandée en ligne n'a pas été présentée dans un lieu habilité."),
    "R-REVOKE-5": N_("Le numéro national d'électeur du mandant manquait à la résiliation."),
    "R-REVOKE-6": N_("Le numéro national d'électeur du mandant ou celui du mandataire manquait à la résiliation."),
    "R-PASS-1": N_(
        "L'ancien passeport a été reçu après le 40e jour : le nouveau doit être invalidé et signalé à Interpol."
    ),
    "R-PASS-2": N_("Le demandeur ne remplit pas les conditions du renouvellement à distance."),
    "R-PASS-3": N_("Le demandeur relève d'un cas exclu du renouvellement à distance."),
    "R-PASS-4": N_("Le pays de résidence ou la date n'entre dans aucune expérimentation du renouvellement à distance."),
    "R-PASS-STEP": N_("La date indiquée pour cette étape est postérieure au jour de l'acte."),
    "R-IVOTE-2": N_("Le lien de cette demande a déjà servi : un lien ne sert qu'à un renouvellement."),
    "R-IVOTE-5": N_(
        "Un autre renouvellement est en cours pour cet électeur : l'identifiant et le mot de passe ne peuvent pas "
        "être renouvelés en même temps."
    ),
    "SYNC-REFUS": N_("Le répertoire central a refusé cet enregistrement tel qu'il a été transmis."),
}
# The code of a refusal (the wire's Refusal.error) whose words the station has its own sentence for.
REFUSALS: dict[str, str] = {
    "jeton": N_(
        "Jeton d'enrôlement refusé par le répertoire central (inconnu, déjà utilisé, révoqué, expiré ou émis pour "
        "un autre poste) : vérifiez le code du poste (réglage station_code) ou demandez un nouveau jeton à son "
        "administrateur."
    ),
}


# What this station writes when it sets an entry aside (SYNC-REFUS): stored in French, like the central store's
# words it carries, and said in the agent's language when shown.
SET_ASIDE = N_("Refusé par le répertoire central : {reason}")
UNREADABLE = N_("Entrée illisible, non envoyée ({exc}).")
_UNREADABLE_START, _UNREADABLE_END = UNREADABLE.split("{exc}")


def _key(rule_id: str) -> str:
    """A step's own rule (R-PASS-STEP-5) under its family's sentence."""
    return "R-PASS-STEP" if rule_id.startswith("R-PASS-STEP-") else rule_id


def rule_reason(rule_id: str) -> str | None:
    """This station's sentence for what the central store finds under `rule_id`, in the agent's language (None: a
    rule it has no sentence for). The dashboard says it beside a rule's counts, where no verdict's words are kept."""
    known = REASONS.get(_key(rule_id))
    return _(known) if known is not None else None


def central_reason(rule_id: str | None, said: str | None) -> str | None:
    """What the central store said (`said`, French) about a verdict under `rule_id`, as the agent reads it."""
    if not said or language() == SOURCE_LANGUAGE:
        return said
    if rule_id == "SYNC-REFUS" and said.startswith(_UNREADABLE_START) and said.endswith(_UNREADABLE_END):
        # Not the central store's refusal: this station could not read its own entry (outbox.batch_rows).
        return _(UNREADABLE).format(exc=said[len(_UNREADABLE_START) : len(said) - len(_UNREADABLE_END)])
    known = REASONS.get(_key(rule_id or ""))
    return _(known) if known is not None else said


def central_refusal(code: str | None, said: str) -> str:
    """A refusal's French words (`said`) under its wire code, as the agent reads them."""
    if language() == SOURCE_LANGUAGE:
        return said
    known = REFUSALS.get(code or "")
    return _(known) if known is not None else said
