"""The audit log's stored action names in words (French first, translated through gettext), and the kinds of action
the « Journal d'audit » screen filters on. Pure data: names in, labels out; no store, no Qt."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.i18n import N_, _

# Each stored action name (desktop/services/*: `audit(action_name=…)`) as a supervisor reads it.
ACTION_LABELS: dict[str, str] = {
    "connexion.reussie": N_("Connexion réussie"),
    "connexion.echouee": N_("Échec de connexion (mot de passe)"),
    "connexion.refusee_verrouillee": N_("Connexion refusée : compte verrouillé"),
    "connexion.refusee_delai": N_("Connexion refusée : trop d'essais rapprochés"),
    "connexion.inconnue": N_("Tentative de connexion (issue inconnue)"),
    "acces.refuse": N_("Accès refusé"),
    "agent.enrole": N_("Compte d'agent créé"),
    "agent.retire": N_("Compte d'agent retiré"),
    "agent.acces_a_refaire": N_("Accès d'agent à refaire"),
    "agent.deverrouille": N_("Compte d'agent déverrouillé"),
    "agent.mot_de_passe_change": N_("Mot de passe changé"),
    "agent.mot_de_passe_reinitialise": N_("Mot de passe réinitialisé"),
    "agent.acces_recupere_sequestre": N_("Accès récupéré par le séquestre"),
    "agent.designation_opj": N_("OPJ désignant renseigné"),
    "agent.visa": N_("Visa d'OPJ donné à un délégué"),
    "procuration.etablie": N_("Procuration établie"),
    "procuration.resiliation": N_("Résiliation enregistrée"),
    "recepisse.imprime": N_("Récépissé imprimé"),
    "recepisse.echec": N_("Impression du récépissé échouée"),
    "consultation": N_("Consultation"),
    "consultation.seuil_depasse": N_("Seuil de consultations dépassé"),
    "decision_superviseur.demandee": N_("Décision du superviseur demandée"),
    "decision_superviseur.acceptee": N_("Acte accepté par le superviseur"),
    "decision_superviseur.refusee": N_("Acte refusé par le superviseur"),
    "tableau_de_bord.actes": N_("Tableau de bord : actes d'un jour consultés"),
    "tableau_de_bord.en_attente": N_("Tableau de bord : entrées en attente consultées"),
    "tableau_de_bord.regle": N_("Tableau de bord : actes refusés ou invalidés par une règle consultés"),
    "activite.rapport": N_("Rapport d'activité édité"),
    "activite.export_csv": N_("Actes exportés (CSV)"),
    "audit.exporte": N_("Journal d'audit exporté"),
    "journal.consulte": N_("Journal d'audit consulté"),
    "retention.purge": N_("Purge des données échues"),
    "synchronisation": N_("Synchronisation"),
    "synchronisation.ecartee": N_("Entrée de synchronisation écartée"),
    "synchronisation.reprise": N_("Entrée de synchronisation reprise"),
    "synchronisation.retour_central": N_("Répertoire central restauré : entrées renvoyées"),
    "synchronisation.nouvel_enrolement": N_("Poste enrôlé de nouveau"),
    "synchronisation.nouvelle_cle": N_("Nouvelle clé de récépissé tirée (identifiant pris par une autre station)"),
    "passeport.ouverture": N_("Dossier de passeport ouvert"),
    "passeport.etape": N_("Dossier de passeport : étape franchie"),
    "passeport.etape_refusee": N_("Dossier de passeport : étape refusée"),
    "passeport.refus_eligibilite": N_("Renouvellement de passeport refusé"),
    "passeport.invalidation": N_("Dossier de passeport invalidé"),
    "passeport.a_invalider": N_("Dossier de passeport à invalider"),
    "passeport.verif_numero": N_("Numéro de passeport vérifié"),
    "passeport.consultation": N_("Dossier de passeport consulté"),
    "passeport.liste": N_("Dossiers de passeport listés"),
    "passeport.echeances": N_("Échéances des passeports consultées"),
    "vote_internet.demande": N_("Identifiants de vote par internet demandés"),
    "vote_internet.consultation": N_("Vote par internet : demandes consultées"),
    "vote_internet.refus": N_("Identifiants de vote par internet refusés"),
    "vote_internet.remplacement": N_("Identifiants de vote par internet remplacés"),
    "vote_internet.lien_refuse": N_("Lien de vote par internet refusé"),
    "vote_internet.lien_utilise": N_("Lien de vote par internet utilisé"),
    "vote_internet.liste": N_("Demandes de vote par internet listées"),
}

# What was consulted (`record_kind` of a « consultation » event): said after « Consultation — ».
CONSULTED: dict[str, str] = {
    "recherche": N_("recherche de procurations"),
    "historique": N_("historique d'une procuration"),
    "recepisse": N_("aperçu d'un récépissé"),
    "verification_nationale": N_("vérification au répertoire national"),
    "recherche_centrale": N_("recherche au répertoire central"),
    "demande": N_("demande Maprocuration"),
    "activite_du_jour": N_("liste des actes du jour"),
    "annulees_du_jour": N_("liste des procurations annulées du jour"),
    "verification_locale": N_("procurations d'une personne montrées par une vérification"),
}

# The record an event concerns (`record_kind`), in a word, before its reference.
RECORD_KINDS: dict[str, str] = {
    "procuration": N_("Procuration"),
    "resiliation": N_("Résiliation"),
    "recepisse": N_("Récépissé"),
    "agent": N_("Compte"),
    "decision_superviseur": N_("Décision"),
    "decision": N_("Décision"),
    "passeport": N_("Passeport"),
    "vote_internet": N_("Vote par internet"),
    "historique": N_("Procuration"),
}


@dataclass(frozen=True, slots=True)
class ActionKind:
    """A kind of action the screen filters on (its words are the screen's: views/journal.py): exact names and name
    prefixes, so that a new action of a known family is found without a change here."""

    key: str
    names: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def matches(self, name: str) -> bool:
        return name in self.names or name.startswith(self.prefixes)


_LOOKS = frozenset({"journal.consulte", "passeport.consultation", "passeport.liste", "passeport.echeances",
                    "vote_internet.consultation", "vote_internet.liste"})  # fmt: skip
ACTION_KINDS: tuple[ActionKind, ...] = (
    ActionKind("connexions", prefixes=("connexion.",)),
    ActionKind("refus", frozenset({"acces.refuse"})),
    ActionKind("consultations", _LOOKS, ("consultation", "tableau_de_bord.")),
    ActionKind("etablissements", frozenset({"procuration.etablie"})),
    ActionKind("resiliations", frozenset({"procuration.resiliation"})),
    ActionKind("impressions", prefixes=("recepisse.",)),
    ActionKind("decisions", prefixes=("decision_superviseur.",)),
    ActionKind("renouvellements", prefixes=("passeport.", "vote_internet.")),
    ActionKind("comptes", prefixes=("agent.",)),
    ActionKind("poste", prefixes=("audit.", "activite.", "synchronisation", "retention.")),
)


def kind_of(key: str) -> ActionKind | None:
    return next((k for k in ACTION_KINDS if k.key == key), None)


DUPLICATE_PRINTED = N_("Duplicata imprimé")
PRINTED_RECEIPT = "recepisse="  # in a renewal print's audit detail: which of the record's receipts


def print_detail(number: str, *, duplicate: bool, record_kind: str) -> str | None:
    """The print's audit detail: « duplicata » for a reprint and, for a renewal's receipt, its number. The event's
    record is then the passport case (up to three receipts: steps 3, 4 and 8) or the internet-vote request, and the
    journal read « Duplicata imprimé — Passeport RPD-… » without saying which receipt the citizen took twice."""
    parts = ["duplicata"] if duplicate else []
    if record_kind != "recepisse":  # a procuration's or résiliation's record has one receipt: the journal names it
        parts.append(f"{PRINTED_RECEIPT}{number}")
    return " ".join(parts) or None


def printed_receipt(detail: str | None) -> str | None:
    """The receipt number `print_detail` wrote, if any."""
    return next((p[len(PRINTED_RECEIPT) :] for p in (detail or "").split() if p.startswith(PRINTED_RECEIPT)), None)


def is_duplicate(detail: str | None) -> bool:
    """True for a reprint's audit detail (`print_detail`)."""
    return "duplicata" in (detail or "").split()


def action_label(name: str, record_kind: str | None = None, detail: str | None = None) -> str:
    """The action in words; a name no label knows yet is shown as stored (the raw name is in the tooltip anyway).
    A duplicate says so: « which receipts were printed twice, by whom » read two identical « Récépissé imprimé »."""
    known = ACTION_LABELS.get(name)
    if known is None:
        return name
    if name == "recepisse.imprime" and is_duplicate(detail):  # desktop/services/printing.py writes the word
        return _(DUPLICATE_PRINTED)
    if name == "consultation" and record_kind in CONSULTED:
        return _("Consultation — {what}").format(what=_(CONSULTED[record_kind]))
    return _(known)


def record_kind_label(record_kind: str | None) -> str:
    if not record_kind:
        return ""
    known = RECORD_KINDS.get(record_kind)
    return _(known) if known is not None else record_kind
