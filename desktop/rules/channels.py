"""Channels and required fields (spec §1.2-1.5), places and authorities (§2.1-2.2), home visits (§2.3)."""

from __future__ import annotations

import re
from datetime import date, datetime

from desktop.i18n import N_, _
from desktop.rules.facts import AuthorityFacts, Elector, HomeVisit, NewProcuration, PlaceFacts
from desktop.rules.identifiers import REFERENCE_RE, IdentifierError, normalize_reference
from desktop.rules.terms import Capacity, Channel, PlaceKind
from desktop.rules.types import AVERTISSEMENT, DECISION_SUPERVISEUR, ListKind, Violation, party_name
from desktop.rules.validity import add_months

# R-CHAN-A-4: only 2° and 3° of R72-1 I receive a Maprocuration reference in France.
_REFERENCE_FRANCE = frozenset({Capacity.OPJ, Capacity.APJ, Capacity.RESERVISTE_APJ})
_FRANCE = frozenset(
    {
        Capacity.MAGISTRAT,
        Capacity.DIRECTEUR_GREFFE,
        Capacity.MAGISTRAT_DESIGNE_PP,
        Capacity.OPJ,
        Capacity.APJ,
        Capacity.RESERVISTE_APJ,
        Capacity.DELEGUE_OPJ,
    }
)
_ABROAD = frozenset({Capacity.AMBASSADEUR, Capacity.CHEF_POSTE, Capacity.AGENT_CONSULAIRE, Capacity.CONSUL_HONORAIRE})
# R-CHAN-A-4, R-REVOKE-4: abroad, an online request's reference is presented at a consulate or an embassy.
_REFERENCE_ABROAD = frozenset({PlaceKind.CONSULAT, PlaceKind.AMBASSADE})
_NEEDS_JUDGE = frozenset({Capacity.OPJ, Capacity.APJ, Capacity.RESERVISTE_APJ})
_TRIBUNAL = frozenset({Capacity.MAGISTRAT, Capacity.DIRECTEUR_GREFFE, Capacity.MAGISTRAT_DESIGNE_PP})


def _v(rule: str, text: str, field: str | None) -> Violation:
    return Violation(rule, text, field)


def _missing(person: Elector, prefix: str, fields: tuple[str, ...]) -> list[str]:
    return [f"{prefix}.{name}" for name in fields if not getattr(person, name)]


_LABEL = {
    "nne": N_("le numéro national d'électeur"),
    "last_name": N_("le nom"),
    "given_names": N_("les prénoms"),
    "birth_date": N_("la date de naissance"),
    "commune": N_("la commune ou le consulat d'inscription"),
    "address": N_("l'adresse"),
}


def _required(rule: str, keys: list[str]) -> list[Violation]:
    out = []
    for key in keys:
        who, name = key.split(".")
        out.append(
            _v(
                rule,
                _("Renseignez {LABEL} du {who} : cette information est obligatoire.").format(
                    LABEL=_(_LABEL[name]), who=party_name(who)
                ),
                key,
            )
        )
    return out


def check_channel(
    new: NewProcuration, *, today: date, reference_pattern: re.Pattern[str] = REFERENCE_RE
) -> list[Violation]:
    """Channel rules: which form for whom, the Maprocuration reference, the required fields of each path."""
    ch, mandant, mandataire = new.channel, new.mandant, new.mandataire
    nc = ListKind.NC in (mandant.list_kind, mandataire.list_kind)
    out: list[Violation] = []
    if ch.kind is Channel.EN_LIGNE:
        return [
            _v("R-CHAN-A-7", _("Une procuration entièrement en ligne ne s'établit pas au guichet."), "channel.kind")
        ]
    if ch.kind is Channel.MAPROCURATION:
        out += _check_maprocuration(new, today, reference_pattern)
    elif ch.kind is Channel.CERFA_16199:
        if not nc:
            out.append(
                _v(
                    "R-NC-1",
                    _(
                        "Le formulaire Nouvelle-Calédonie est réservé aux électeurs inscrits en "
                        "Nouvelle-Calédonie : utilisez le cerfa 14952*03 ou le formulaire du guichet."
                    ),
                    "channel.kind",
                )
            )
        out += _required(
            "R-NC-2",
            _missing(mandataire, "mandataire", ("last_name", "given_names", "birth_date", "address", "commune")),
        )
    else:
        if nc and ch.kind is Channel.CERFA_14952:
            out.append(
                _v(
                    "R-NC-1",
                    _(
                        "Un électeur inscrit en Nouvelle-Calédonie est concerné : utilisez le formulaire cerfa "
                        "16199*01 ou le formulaire du guichet."
                    ),
                    "channel.kind",
                )
            )
        rule = "R-CHAN-B-2" if ch.kind is Channel.CERFA_14952 else "R-CHAN-C-1"
        if nc:
            out += _required(
                "R-NC-2",
                _missing(mandataire, "mandataire", ("last_name", "given_names", "birth_date", "address", "commune")),
            )
        else:
            out += _required(
                rule,
                _missing(mandant, "mandant", ("nne",))
                + _missing(mandataire, "mandataire", ("nne", "last_name", "given_names", "birth_date")),
            )
    expected = ch.kind.form_version
    if expected is not None and ch.form_version is not None and ch.form_version.replace(" ", "") != expected:
        rule = {Channel.CERFA_14952: "R-CHAN-B-1", Channel.CERFA_12668: "R-CHAN-C-1"}.get(ch.kind, "R-NC-1")
        out.append(
            _v(
                rule,
                _("Ce formulaire n'est pas la version en vigueur : faites remplir le cerfa {expected}.").format(
                    expected=expected
                ),
                "channel.form_version",
            )
        )
    if nc:
        out.append(
            Violation(
                "R-NC-4",
                _(
                    "Électeur inscrit en Nouvelle-Calédonie : la procuration ne sera pas visible dans le "
                    "service en ligne « Interroger sa situation électorale ». Ne le promettez pas au mandant."
                ),
                None,
                AVERTISSEMENT,
            )
        )
    return out


NC_LOOKUP_UNAVAILABLE = N_(
    "Personne inscrite sur une liste de Nouvelle-Calédonie : ses procurations ne sont pas visibles dans le service "
    "en ligne « Interroger sa situation électorale » (R-NC-4). Ne lui promettez pas de consultation en ligne."
)
NC_EMPTY_NOT_DEFINITIVE = N_(
    "Aucune procuration trouvée, mais ce résultat n'est pas définitif : les procurations de Nouvelle-Calédonie "
    "peuvent manquer au répertoire (R-NC-4, R-NC-5). Demandez le récépissé au mandant ou renseignez-vous auprès de "
    "la commune d'inscription."
)


def lookup_notices(list_kinds: tuple[ListKind, ...], *, found: int) -> list[Violation]:
    """R-NC-4 at the look-up: for a person on an NC list, no online visibility, and an empty answer is not final."""
    if ListKind.NC not in list_kinds:
        return []
    out = [Violation("R-NC-4", _(NC_LOOKUP_UNAVAILABLE), None, AVERTISSEMENT)]
    if found == 0:
        out.append(Violation("R-NC-4", _(NC_EMPTY_NOT_DEFINITIVE), None, AVERTISSEMENT))
    return out


REQUEST_VALID_MONTHS = 2  # R-CHAN-A-8: a request not established is destroyed two months after it was made


def request_expired(requested_on: date, *, on: date) -> bool:
    """R-CHAN-A-8: from the day two calendar months after the request (`add_months`, clamped) it is gone."""
    return on >= add_months(requested_on, REQUEST_VALID_MONTHS)


def receives_reference(place: PlaceKind, capacity: Capacity | None) -> bool:
    """R-CHAN-A-4: in France only an OPJ, an APJ or an APJ réserviste receives a Maprocuration reference (R72-1 II:
    2° and 3° of I; not a magistrate, a directeur de greffe, a délégué); abroad the consulate or embassy does, not an
    honorary consul (he establishes on paper, R-PLACE-4, and is not among those who access the data, R-DATA-3)."""
    if place.abroad:
        return place in _REFERENCE_ABROAD and capacity is not Capacity.CONSUL_HONORAIRE
    return capacity in _REFERENCE_FRANCE


def _check_request_date(requested_on: date | None, today: date) -> list[Violation]:
    """R-CHAN-A-8 at the counter: the request's date is required (the two months run from it), never in the future,
    and not two months old."""
    if requested_on is None:
        text = _(
            "Renseignez la date de la demande en ligne (JJ/MM/AAAA), indiquée dans le courriel de Maprocuration "
            "du mandant : une demande n'est valable que 2 mois."
        )
    elif requested_on > today:
        text = _(
            "La date de la demande en ligne ne peut pas être dans le futur : vérifiez-la dans le courriel de "
            "Maprocuration du mandant."
        )
    elif request_expired(requested_on, on=today):
        text = _(
            "Cette demande en ligne date de plus de 2 mois et n'est plus valable : le mandant doit faire une "
            "nouvelle demande."
        )
    else:
        return []
    return [_v("R-CHAN-A-8", text, "channel.requested_on")]


def _check_maprocuration(new: NewProcuration, today: date, pattern: re.Pattern[str]) -> list[Violation]:
    ch, mandataire = new.channel, new.mandataire
    out: list[Violation] = []
    if mandataire.list_kind is ListKind.NC:
        out.append(
            _v(
                "R-CHAN-A-5",
                _(
                    "Le mandataire est inscrit en Nouvelle-Calédonie : la demande en ligne ne peut pas être "
                    "utilisée. Faites remplir le formulaire « Vote par procuration – Nouvelle-Calédonie » "
                    "(cerfa n° 16199*01) ou le formulaire du guichet (cerfa n° 12668*03)."
                ),
                "channel.kind",
            )
        )
    try:
        normalize_reference(ch.reference or "", pattern=pattern)
    except IdentifierError as err:
        out.append(err.violation())
    out += _check_request_date(ch.requested_on, today)
    by_nne = bool(mandataire.birth_date and mandataire.nne)
    by_civil = bool(mandataire.birth_date and mandataire.given_names and mandataire.last_name and mandataire.commune)
    if not (by_nne or by_civil):
        out.append(
            _v(
                "R-CHAN-A-2",
                _(
                    "Le mandataire doit être identifié par sa date de naissance et son numéro national "
                    "d'électeur, ou par sa date de naissance, ses prénoms, son nom et sa commune de vote : "
                    "complétez ces informations."
                ),
                "mandataire.birth_date" if not mandataire.birth_date else "mandataire.nne",
            )
        )
    if not receives_reference(new.place.kind, new.authority.capacity):
        if new.place.kind.abroad:
            text = _(
                "À l'étranger, la référence d'une demande en ligne se présente au consulat ou à l'ambassade, pas "
                "devant un consul honoraire (R-CHAN-A-4) : orientez le mandant vers le consulat ou l'ambassade, ou "
                "faites remplir le formulaire papier."
            )
        else:
            text = _(
                "Seul un officier ou agent de police judiciaire (ou un réserviste ayant cette qualité) "
                "peut recevoir une référence de demande en ligne : orientez le mandant vers un "
                "commissariat ou une gendarmerie."
            )
        out.append(_v("R-CHAN-A-4", text, "authority.capacity"))
    return out


def check_place(place: PlaceFacts, authority: AuthorityFacts, *, now: datetime) -> list[Violation]:
    """R-PLACE-1..4 and R-AUTH-1..4: the place is a lawful one and the authority may act there."""
    out: list[Violation] = []
    kind, cap = place.kind, authority.capacity
    if kind is PlaceKind.LIEU_PREFET:
        out += check_prefet_hours(place, now)
    if kind is PlaceKind.TRIBUNAL_JUDICIAIRE:
        if place.tribunal_of_residence_or_work is False:
            out.append(
                _v(
                    "R-PLACE-3",
                    _(
                        "Le tribunal judiciaire doit être celui du domicile ou du lieu de travail du mandant : "
                        "orientez-le vers le tribunal compétent ou un commissariat."
                    ),
                    "place",
                )
            )
        if cap not in _TRIBUNAL:
            out.append(
                _v(
                    "R-PLACE-3",
                    _("Au tribunal judiciaire, seul un magistrat ou le directeur de greffe établit la procuration."),
                    "authority.capacity",
                )
            )
    if kind is PlaceKind.CONSUL_HONORAIRE and place.honorary_consul_french is False:
        out.append(
            _v(
                "R-PLACE-4",
                _(
                    "Un consul honoraire qui n'a pas la nationalité française ne peut pas établir de "
                    "procuration : orientez le mandant vers le consulat ou l'ambassade."
                ),
                "place",
            )
        )
    if cap in (Capacity.MAIRE, Capacity.ADJOINT):
        out.append(
            _v(
                "R-AUTH-2",
                _("Un maire ou un adjoint ne peut pas établir de procuration, même officier de police judiciaire."),
                "authority.capacity",
            )
        )
    elif kind.abroad:
        out += _check_abroad(authority)
    elif cap not in _FRANCE:
        out.append(
            _v(
                "R-AUTH-1",
                _("Cette autorité n'est pas habilitée à établir une procuration en France."),
                "authority.capacity",
            )
        )
    elif cap in _NEEDS_JUDGE and not authority.designated_by_judge:
        out.append(
            _v(
                "R-AUTH-1",
                _(
                    "L'officier ou agent de police judiciaire doit être désigné par le juge du tribunal "
                    "judiciaire pour établir des procurations."
                ),
                "authority.capacity",
            )
        )
    elif cap is Capacity.DELEGUE_OPJ:
        if authority.delegated_by is not Capacity.OPJ:
            out.append(
                _v(
                    "R-AUTH-3",
                    _("Un délégué ne peut être désigné que par un officier de police judiciaire."),
                    "authority.capacity",
                )
            )
        elif not authority.visa_of_delegating_opj:
            out.append(
                _v(
                    "R-AUTH-3",
                    _(
                        "La procuration établie par un délégué doit porter le visa de l'officier de police "
                        "judiciaire qui l'a désigné : faites-la viser."
                    ),
                    "authority.capacity",
                )
            )
    return out


def check_prefet_hours(place: PlaceFacts, now: datetime) -> list[Violation]:
    """R-PLACE-2: a place designated by the préfet is open only on the arrêté's dates and hours (local time)."""
    if any(a <= now <= b for a, b in place.opening_windows) or any(p.open_at(now) for p in place.opening_periods):
        return []
    described = [p.describe() for p in place.opening_periods] + [
        _("du {a} au {b}").format(a=a.strftime("%d/%m/%Y %H:%M"), b=b.strftime("%d/%m/%Y %H:%M"))
        for a, b in place.opening_windows
    ]
    if not described:
        text = _(
            "Aucune date ni heure d'ouverture de l'arrêté préfectoral n'est renseignée pour ce lieu "
            ": la procuration ne peut pas y être établie. Faites renseigner les plages d'ouverture "
            "dans les réglages du poste, ou orientez le mandant vers un commissariat ou une "
            "gendarmerie."
        )
    else:
        text = (
            _("Ce lieu désigné par le préfet n'est ouvert aux procurations que ")
            + " ; ".join(described)
            + _(" (arrêté préfectoral, R-PLACE-2) : orientez le mandant vers un commissariat ou une gendarmerie.")
        )
    return [_v("R-PLACE-2", text, "place")]


def _check_abroad(authority: AuthorityFacts) -> list[Violation]:
    cap = authority.capacity
    if cap not in _ABROAD:
        return [
            _v(
                "R-AUTH-4",
                _(
                    "À l'étranger, seuls l'ambassadeur, le chef de poste consulaire, leurs agents délégués "
                    "ou un consul honoraire de nationalité française établissent les procurations."
                ),
                "authority.capacity",
            )
        ]
    if cap is Capacity.AGENT_CONSULAIRE and not authority.consular_delegation:
        return [
            _v(
                "R-AUTH-4",
                _("L'agent consulaire doit avoir reçu délégation du chef de poste pour établir des procurations."),
                "authority.capacity",
            )
        ]
    return []


def check_home_visit(visit: HomeVisit | None, authority: AuthorityFacts, place: PlaceFacts) -> list[Violation]:
    """R-HOME-1, 2 and 4: who travels, the written request and the attestation sur l'honneur."""
    if visit is None:
        return []
    out: list[Violation] = []
    if place.kind.abroad:
        out.append(
            Violation(
                "R-HOME-4",
                _(
                    "Le déplacement à domicile n'est pas prévu par les textes pour une procuration établie à "
                    "l'étranger : un superviseur doit décider."
                ),
                "home_visit.request",
                DECISION_SUPERVISEUR,
            )
        )
    elif authority.capacity not in _REFERENCE_FRANCE:
        out.append(
            _v(
                "R-HOME-1",
                _(
                    "Le déplacement à domicile est assuré par un officier ou agent de police judiciaire (ou "
                    "un réserviste ayant cette qualité)."
                ),
                "authority.capacity",
            )
        )
    if not visit.written_request:
        out.append(
            _v(
                "R-HOME-2",
                _("Le déplacement à domicile doit être demandé par écrit : joignez la demande écrite."),
                "home_visit.request",
            )
        )
    if not visit.attestation:
        out.append(
            _v(
                "R-HOME-2",
                _(
                    "Joignez l'attestation sur l'honneur de l'impossibilité manifeste de se déplacer (aucun "
                    "certificat médical n'est exigé)."
                ),
                "home_visit.attestation",
            )
        )
    return out


def home_documents_retention_until(validity_end: date) -> date:
    """R-HOME-3 / R-DATA-5: the written request and attestation are kept 6 months after the end of validity."""
    return add_months(validity_end, 6)


# R-VALID-7: before 2022 the téléprocédure excluded these elections (and the députés des Français de l'étranger).
_TELEPROCEDURE_EXCLUDED_2021 = frozenset({"presidentielle", "europeennes"})
TELEPROCEDURE_ALL_FROM = date(2022, 1, 1)


def teleprocedure_open(election_type: str, *, on: date) -> bool:
    """R-VALID-7: Maprocuration serves every election from 1 Jan 2022; in 2021 some were excluded."""
    return on >= TELEPROCEDURE_ALL_FROM or election_type not in _TELEPROCEDURE_EXCLUDED_2021
