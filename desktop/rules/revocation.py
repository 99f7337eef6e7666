"""Revocation (spec §6): all of a mandant's procurations at once, and the fields each revocation path needs."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime

from desktop.i18n import _
from desktop.rules.calendar import ElectionCalendar
from desktop.rules.facts import Elector
from desktop.rules.terms import Channel, PlaceKind
from desktop.rules.types import ListKind, ProcurationFacts, Violation, party_name
from desktop.rules.validity import validity_over

# R-REVOKE-4 (2): the reference of an online résiliation is presented in France to the police, the gendarmerie or a
# préfet's place, abroad to a consulate or an embassy; not at a tribunal judiciaire nor before an honorary consul.
ONLINE_REVOCATION_PLACES = frozenset(
    {
        PlaceKind.COMMISSARIAT,
        PlaceKind.BRIGADE_GENDARMERIE,
        PlaceKind.LIEU_PREFET,
        PlaceKind.CONSULAT,
        PlaceKind.AMBASSADE,
    }
)


def revocable(
    procurations: Iterable[ProcurationFacts],
    *,
    mandant_key: str,
    now: datetime,
    calendar: ElectionCalendar | None = None,
    on: date | None = None,
) -> list[str]:
    """R-REVOKE-1/2: the ids of every procuration of the mandant still in force at `now`, oldest first.

    With the `calendar` and the station's day `on`, one whose validity ended before that day is left out: it is
    expired, not revoked (§8: VALIDATED → EXPIRED after the last covered date); the vote day itself is still in it."""
    live = [
        p
        for p in procurations
        if p.mandant_key == mandant_key
        and not p.void_other
        and p.established_at <= now
        and (p.revoked_at is None or p.revoked_at > now)
        and (p.annulled_at is None or p.annulled_at > now)
        and not (calendar is not None and on is not None and validity_over(p.validity, calendar, on=on))
    ]
    live.sort(key=lambda p: (p.established_at, p.id))
    return [p.id for p in live]


def check_revocation_selection(selected: Collection[str], in_force: Collection[str]) -> list[Violation]:
    """R-REVOKE-2: a revocation must cover every procuration of the mandant in force, not a subset."""
    if set(in_force) <= set(selected):
        return []
    return [
        Violation(
            "R-REVOKE-2",
            _(
                "Un mandant ne peut pas résilier une seule de ses procurations : la résiliation porte "
                "sur toutes ses procurations en cours."
            ),
            None,
        )
    ]


def check_revocation_request(
    *, channel: Channel, place: PlaceKind, mandant: Elector, mandataire: Elector, reference: str | None = None
) -> list[Violation]:
    """R-REVOKE-4..7: the form and the identifiers each revocation path requires."""
    nc = ListKind.NC in (mandant.list_kind, mandataire.list_kind)
    out: list[Violation] = []
    if channel is Channel.MAPROCURATION:
        if place not in ONLINE_REVOCATION_PLACES:
            out.append(
                Violation(
                    "R-REVOKE-4",
                    _(
                        "Une résiliation demandée en ligne se présente au commissariat, à la gendarmerie ou dans un "
                        "lieu désigné par le préfet, à l'étranger au consulat ou à l'ambassade (R-REVOKE-4) : ici, "
                        "faites remplir le formulaire papier."
                    ),
                    "channel.kind",
                )
            )
        if not place.abroad and mandataire.list_kind is ListKind.NC:
            out.append(
                Violation(
                    "R-REVOKE-4",
                    _(
                        "Le mandataire est inscrit en Nouvelle-Calédonie : la résiliation se fait sur le "
                        "formulaire papier."
                    ),
                    "channel.kind",
                )
            )
        if not reference:
            out.append(
                Violation(
                    "R-REVOKE-4",
                    _("Saisissez la référence de la demande de résiliation reçue par courriel."),
                    "channel.reference",
                )
            )
        return out
    if nc and not place.abroad and channel is Channel.CERFA_14952:
        out.append(
            Violation(
                "R-REVOKE-7",
                _(
                    "Un électeur inscrit en Nouvelle-Calédonie est concerné : utilisez le cerfa 16199*01 ou "
                    "le formulaire du guichet."
                ),
                "channel.kind",
            )
        )
    if place.abroad:
        if mandataire.list_kind is ListKind.NC:
            missing = [
                n
                for n in ("last_name", "given_names", "birth_date", "address", "commune")
                if not getattr(mandataire, n)
            ]
            out += [
                Violation(
                    "R-REVOKE-7",
                    _(
                        "Renseignez l'identité complète du mandataire inscrit en Nouvelle-Calédonie (nom, "
                        "prénoms, date de naissance, adresse, commune)."
                    ),
                    f"mandataire.{n}",
                )
                for n in missing
            ]
        for who, person in (("mandant", mandant), ("mandataire", mandataire)):
            if not person.nne:
                out.append(
                    Violation(
                        "R-REVOKE-6",
                        _(
                            "Renseignez le numéro national d'électeur du {who} : il est obligatoire pour résilier à "
                            "l'étranger."
                        ).format(who=party_name(who)),
                        f"{who}.nne",
                    )
                )
    elif not mandant.nne and not nc:
        out.append(
            Violation(
                "R-REVOKE-5",
                _("Renseignez le numéro national d'électeur du mandant : il est obligatoire pour résilier."),
                "mandant.nne",
            )
        )
    return out
