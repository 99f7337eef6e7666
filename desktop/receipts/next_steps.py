"""The citizen's next steps per procedure, in plain French, as the rules of spec/rules.md require."""

from __future__ import annotations

from desktop.i18n import N_
from desktop.receipts.content import ReceiptKind
from desktop.rules.ivote import Credential
from desktop.rules.terms import Status

# Each sentence names its rule in a comment so a rule change leads here.
PROVISIONAL_NOTICE = (
    "Ce récépissé est provisoire : l'enregistrement sera transmis au répertoire central dès le retour du réseau "
    "et ne devient définitif qu'après sa confirmation."
)  # DESIGN.md: the counter is optimistic, the central store decides

_PROCURATION = (
    # R-LIFE-5
    "Prévenez votre mandataire : il ne reçoit aucun document.",
    # R-PARTY-3
    "Votre mandataire votera à votre place dans votre bureau de vote, avec sa propre pièce d'identité.",
    # R-REVOKE-3
    "Vous pouvez encore voter en personne si vous arrivez au bureau de vote avant votre mandataire.",
)
_ISE = (  # R-LIFE-6 (not offered in Nouvelle-Calédonie cases: R-NC-4)
    "Vous pouvez vérifier votre procuration sur le service « Interroger sa situation électorale » de service-public.fr."
)
_ISE_REVOKE = (  # R-LIFE-6 for a revocation
    "Vous pouvez vérifier la résiliation sur le service « Interroger sa situation électorale » de service-public.fr."
)
_LATE = (  # R-TIME-2
    "Le scrutin est proche : votre procuration risque de ne pas parvenir à temps à votre bureau de vote."
)

_RESILIATION = (
    # R-REVOKE-2
    "La résiliation porte sur toutes les procurations que vous aviez données.",
    # R-LIFE-5 applies to the revoked mandataires too
    "Prévenez votre ou vos mandataires : ils ne reçoivent aucun document.",
    # R-REVOKE-9, R-REVOKE-3
    "Vous pouvez voter en personne ou établir une nouvelle procuration.",
)

# Steps of seed 002 (R-PASS-STEP-1 to 8): what is left for the applicant after step n.
PASSPORT_STEPS: tuple[str, ...] = (
    "Connectez-vous au portail « Registre » de service-public.fr avec FranceConnect+.",
    "Déposez votre demande de renouvellement, les pièces justificatives et payez le timbre électronique.",
    "Envoyez au poste consulaire votre photo aux normes et l'étiquette d'envoi DHL prépayée, "
    "sans choisir l'option « signature d'un adulte » : elle entraînerait l'annulation de la demande.",
    "Réservez un entretien en visioconférence : l'agent consulaire vérifie votre identité et vous remet "
    "un numéro de sécurité ; conservez-le.",
    "Vous recevrez un courriel quand votre passeport sera produit et expédié par voie postale sécurisée.",
    "Recevez votre passeport en personne : il vous est envoyé sous pli sécurisé.",
    "Confirmez la réception de votre passeport sur le site de l'ANTS avec votre numéro de sécurité.",
    "Renvoyez votre passeport expiré au poste consulaire par envoi postal sécurisé dans les 40 jours ; "
    "sinon votre nouveau passeport sera invalidé automatiquement et signalé à Interpol.",
)
PASSPORT_STEP_TITLES: tuple[str, ...] = (
    N_("Connexion sécurisée à la démarche"),
    N_("Demande de renouvellement"),
    N_("Envoi postal des pièces complémentaires"),
    N_("Entretien par visio avec un agent consulaire"),
    N_("Notification d'envoi du passeport"),
    N_("Réception du passeport"),
    N_("Confirmation de la réception du passeport"),
    N_("Envoi postal sécurisé du passeport expiré"),
)

PASSPORT_DONE = "La démarche est terminée."
PASSPORT_LATE_RETURN = (
    # R-PASS-1, R-PASS-STEP-8. True of a return after day 40 and of one in time but recorded after the invalidation.
    "Votre nouveau passeport est invalidé et signalé à Interpol : le retour de votre ancien passeport n'a pas été "
    "enregistré par le poste consulaire dans le délai de 40 jours.",
    "Prenez contact avec le poste consulaire pour la suite à donner.",
)

# R-IVOTE-5: the identifier and the password are renewed separately, so each has its own next steps.
_IVOTE_SEPARATE = "L'identifiant et le mot de passe ne peuvent pas être renouvelés en même temps."
_IVOTE_CONTACT = "Gardez à jour au Registre votre adresse électronique et votre numéro de mobile."  # R-IVOTE-7
_VOTE_INTERNET: dict[Credential, tuple[str, ...]] = {
    Credential.IDENTIFIANT: (
        # R-IVOTE-1, R-IVOTE-2
        "Sur le portail de renouvellement, saisissez votre NUMIC et votre adresse électronique ; le lien reçu "
        "par courriel ne sert qu'à un seul renouvellement.",
        # R-IVOTE-3
        "Saisissez ensuite le mot de passe reçu par SMS et les 4 chiffres du code de sécurité.",
        # R-IVOTE-4
        "Votre nouvel identifiant s'affiche à l'écran : copiez-le et conservez-le.",
        _IVOTE_SEPARATE,
        _IVOTE_CONTACT,
    ),
    # The rules say only how a password reaches the voter (R-IVOTE-6): nothing here about the screen of R-IVOTE-4.
    Credential.MOT_DE_PASSE: (
        # R-IVOTE-6
        "Votre nouveau mot de passe vous est envoyé par SMS au numéro de téléphone portable inscrit au Registre.",
        # R-IVOTE-5
        "Seul le mot de passe est renouvelé : votre identifiant ne change pas. " + _IVOTE_SEPARATE,
        _IVOTE_CONTACT,
    ),
}


def default_next_steps(
    kind: ReceiptKind,
    status: Status,
    *,
    nouvelle_caledonie: bool = False,
    close_to_vote: bool = False,
    passport_step: int = 4,
    passport_late_return: bool = False,
    credential: Credential = Credential.IDENTIFIANT,
) -> tuple[str, ...]:
    """The sentences a receipt of this kind and status should end with.

    ``passport_late_return``: the new passport is invalidated, no return recorded by day 40 (step 8 only);
    ``credential``: the internet-vote credential renewed."""
    steps: list[str] = []
    if status is Status.PROVISOIRE:
        steps.append(PROVISIONAL_NOTICE)
    if kind is ReceiptKind.PROCURATION:
        steps.extend(_PROCURATION)
        if close_to_vote:
            steps.append(_LATE)
        if not nouvelle_caledonie:
            steps.append(_ISE)
    elif kind is ReceiptKind.RESILIATION:
        steps.extend(_RESILIATION)
        if not nouvelle_caledonie:
            steps.append(_ISE_REVOKE)
    elif kind is ReceiptKind.PASSEPORT:
        if not 1 <= passport_step <= len(PASSPORT_STEPS):
            raise ValueError(f"passport step must be 1 to {len(PASSPORT_STEPS)}")
        remaining = PASSPORT_STEPS[passport_step:]
        steps.extend(remaining)
        if not remaining:
            steps.extend(PASSPORT_LATE_RETURN if passport_late_return else (PASSPORT_DONE,))
    else:
        steps.extend(_VOTE_INTERNET[credential])
    return tuple(steps)


def passport_step_label(step: int) -> str:
    """« Étape 4 sur 8 : Entretien par visio avec un agent consulaire »."""
    if not 1 <= step <= len(PASSPORT_STEP_TITLES):
        raise ValueError(f"passport step must be 1 to {len(PASSPORT_STEP_TITLES)}")
    return f"Étape {step} sur {len(PASSPORT_STEP_TITLES)} : {PASSPORT_STEP_TITLES[step - 1]}"
