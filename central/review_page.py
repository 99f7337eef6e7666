"""The review queue as a page for the ministry's administrators (`/admin/revue`), beside the national page.

Same sign-in as `/admin/national` (the signed session cookie, SameSite=Strict, scoped to /admin), same rules: plain
markup, no script, no personal data (the record's kind and id, the station's id, the outcome, the flags). Each
pending review is decided here with a reason; the decision and its author go to the review's audit trail
(central/review.py). Each row says why it was opened: a flagged time, an agent not the station's own, or an act
refused because its authority is not the agent enrolled (R-AUTH-1/3, central/agent_authority.py), or a Maprocuration
act the central store's request, register or enrolment contradicts (R-CHAN-A-4/5/8, central/request_checks.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from central import admin_session
from central import agent_authority as authority
from central import request_checks as online
from central.admin_accounts import Administrator
from central.attribution import AGENT_FLAGS, FLAG_OTHER_STATION, FLAG_UNKNOWN
from central.national import ZONE, _html, sign_in_page
from central.national_page import _doc, label_shown, scrolled, signed_in_line
from central.review import (
    DECISIONS,
    SUBJECT_PROCURATION,
    ReviewChanged,
    ReviewItem,
    ReviewNotFound,
    decide_review,
    list_reviews,
)
from central.schema import INTEGER_MAX
from desktop.rules.terms import status_label
from desktop.rules.textlimits import shown_text, wire_forbidden
from desktop.sync.wire import KIND_PASSEPORT, KIND_VOTE_INTERNET

DECISION_LABELS = {
    "maintenue": "Maintenir le résultat",
    "contestee": "Contester l'heure (à reprendre)",
}
AGENT_DECISION_LABELS = {  # a review opened on an agent not the station's own, whatever its time says
    "maintenue": "Maintenir l'acte",
    "contestee": "Contester l'acte (à reprendre)",
}
AUTHORITY_DECISION_LABELS = {  # an act refused for its authority (R-AUTH-1/3: central/agent_authority.py)
    "maintenue": "Maintenir le refus",
    "contestee": "Contester le refus (à reprendre)",
}
FORM_REFUSED = (
    "Décision refusée : le formulaire ne vient pas de cette page ou de cette session. Rechargez la page puis "
    "décidez de nouveau."
)
CHANGED = (
    "Décision refusée, rien n'a été enregistré : la revue n° {id} a changé depuis l'affichage de la page (un poste "
    "a transmis depuis un acte qui modifie son résultat, ou un autre administrateur l'a décidée). Relisez-la "
    "ci-dessous puis décidez de nouveau."
)
NOTE_MAX = 500
AUTHOR_MAX = 64
FLAG_LABELS = {
    "horloge_bornee": "heure bornée",
    "horloge_decalee": "horloge du poste décalée",
    "horloge_inconnue": "dernière synchronisation non reconnue",
    FLAG_OTHER_STATION: "agent d'un autre poste",
    FLAG_UNKNOWN: "agent inconnu du répertoire",
    authority.FLAG_NOT_HABILITATED: "agent non habilité (R-AUTH-1)",
    authority.FLAG_DEACTIVATED: "agent retiré du poste avant l'acte (R-AUTH-1)",
    authority.FLAG_CAPACITY: "qualité différente de celle enrôlée (R-AUTH-1)",
    authority.FLAG_NO_VISA: "délégué d'OPJ sans visa d'un OPJ du poste (R-AUTH-3)",
    online.FLAG_PLACE: "référence en ligne reçue par une autorité non habilitée en France (R-CHAN-A-4)",
    online.FLAG_LIST: "mandataire absent de la liste indiquée par la demande en ligne (R-CHAN-A-5)",
    online.FLAG_EXPIRED: "demande en ligne de plus de 2 mois (R-CHAN-A-8)",
    online.FLAG_UNKNOWN: "demande en ligne inconnue du répertoire central",
}
SUBJECT_LABELS = {
    SUBJECT_PROCURATION: "Procuration",
    authority.KIND_RESILIATION_SUBJECT: "Résiliation",
    KIND_PASSEPORT: "Renouvellement de passeport",
    KIND_VOTE_INTERNET: "Identifiants de vote par internet",
}


@dataclass(frozen=True)
class Refused:
    """A decision form the store sent back: its review, why, which fields are wrong (« decision », « par »,
    « motif »), and what was typed in them, shown again (CONVENTIONS 11)."""

    review_id: int
    message: str
    fields: frozenset[str]
    decision: str = ""
    par: str = ""
    motif: str = ""

    def kept(self, typed: str) -> str:
        """What was typed, unless it holds what the form refuses (a control character is not sent back)."""
        return "" if _controlled(typed) else typed

    @property
    def first(self) -> str:
        """The first wrong field in the form's order: the focus goes there."""
        return next((f for f in ("decision", "par", "motif") if f in self.fields), "")


def create_page_router(engine: Engine, *, admin_secret: str) -> APIRouter:
    """GET /admin/revue (the queue) and POST /admin/revue/{id} (one decision), for a signed-in administrator.

    A decision's author is the signed-in account (`Administrator.author`); only a session opened by the shared
    secret, while no account exists, still types a name, which nothing checks (the page says so)."""
    router = APIRouter()

    def token_of(request: Request) -> str:
        return admin_session.form_token(admin_secret, request)

    def refusal(request: Request) -> Response:
        return sign_in_page(engine, admin_secret, request)

    @router.get("/admin/revue", include_in_schema=False)
    def page(request: Request) -> Response:
        who = admin_session.signed_in(engine, admin_secret, request)
        if who is None:
            return refusal(request)
        pending = list_reviews(engine, pending_only=True, limit=500)
        decided = recent_decisions(engine)
        said = request.query_params.get("fait")
        return _html(review_page(pending, decided, who=who, said=said, token=token_of(request)), 200)

    @router.post("/admin/revue/{review_id}", include_in_schema=False)
    async def decide(review_id: Annotated[int, Path(ge=1, le=INTEGER_MAX)], request: Request) -> Response:
        who = admin_session.signed_in(engine, admin_secret, request)
        if who is None:
            return refusal(request)
        form = parse_qs((await request.body())[:8192].decode("utf-8", "replace"))
        token = token_of(request)
        if not admin_session.form_allowed(admin_secret, request, form.get(admin_session.FORM_TOKEN, [""])[0]):
            # Another site's form posting with the administrator's cookie (or a page of a session since ended).
            pending = list_reviews(engine, pending_only=True, limit=500)
            return _html(review_page(pending, [], who=who, token=token, error=FORM_REFUSED), 403)
        decision = form.get("decision", [""])[0]
        typed = form.get("par", [""])[0].strip()[:AUTHOR_MAX]
        author = who.author if who.login else typed
        note = form.get("motif", [""])[0].strip()[:NOTE_MAX]
        if _controlled(author) or _controlled(note):  # « %00 » in the form: PostgreSQL refuses a NUL in a text
            pending = list_reviews(engine, pending_only=True, limit=500)
            error = (
                "Le nom et le motif ne doivent contenir aucun caractère de contrôle (tabulation, retour à la ligne…)."
            )
            wrong = {"par"} if _controlled(author) and not who.login else set()
            wrong |= {"motif"} if _controlled(note) else set()
            refused = Refused(review_id, error, frozenset(wrong), decision, typed, note)
            return _html(review_page(pending, [], who=who, token=token, refused=refused), 422)
        if decision not in DECISIONS or not author or not note:
            pending = list_reviews(engine, pending_only=True, limit=500)
            error = (
                "Choisissez une décision et indiquez le motif."
                if who.login
                else ("Choisissez une décision, indiquez votre nom et le motif.")
            )
            wrong = {"decision"} if decision not in DECISIONS else set()
            wrong |= {"par"} if not author else set()
            wrong |= {"motif"} if not note else set()
            refused = Refused(review_id, error, frozenset(wrong), decision, typed, note)
            return _html(review_page(pending, [], who=who, token=token, refused=refused), 422)
        try:
            # `vu`: the outcome the page showed; one changed since (a batch applied meanwhile) is not decided blind.
            decide_review(engine, review_id, decision=decision, by=author, note=note, seen=form.get("vu", [""])[0])
        except ReviewNotFound:
            return _html(review_page(list_reviews(engine), [], who=who, token=token, error="Revue inconnue."), 404)
        except ReviewChanged:
            pending = list_reviews(engine, pending_only=True, limit=500)
            decided = recent_decisions(engine)
            error = CHANGED.format(id=review_id)
            return _html(review_page(pending, decided, who=who, token=token, error=error), 409)
        return RedirectResponse(f"/admin/revue?fait={review_id}", status_code=303)

    return router


def recent_decisions(engine: Engine) -> list[ReviewItem]:
    """The last 20 decisions, shown below the queue."""
    return [r for r in list_reviews(engine, pending_only=False, limit=500) if r.decision is not None][-20:]


def _controlled(typed: str) -> bool:
    """Whether a typed text holds what the API's texts refuse (a control character, NUL among them)."""
    return any(wire_forbidden(c) for c in typed)


def _when(moment: datetime | None) -> str:
    return moment.astimezone(ZONE).strftime("%d/%m/%Y %H:%M") if moment is not None else ""


def _by_agent(r: ReviewItem) -> bool:
    """Whether the review asks about the agent who acted (not the station's own), not only about a time."""
    return any(f in AGENT_FLAGS or f == online.FLAG_UNKNOWN for f in r.flags)


def _decision_label(r: ReviewItem, decision: str) -> str:
    if any(f in authority.AUTHORITY_FLAGS | online.REFUSAL_FLAGS for f in r.flags):
        return AUTHORITY_DECISION_LABELS.get(decision, decision)
    labels = AGENT_DECISION_LABELS if _by_agent(r) else DECISION_LABELS
    return labels.get(decision, decision)


def _subject(r: ReviewItem) -> str:
    return f"{escape(SUBJECT_LABELS.get(r.subject, r.subject))}<br><code>{escape(r.procuration_id)}</code>"


def _station(r: ReviewItem) -> str:
    short = f"<code>{escape(r.station_id[:8])}</code>"
    return f"{label_shown(r.station_label)}<br>{short}" if r.station_label else short


def _outcome(r: ReviewItem) -> str:
    if r.subject not in (SUBJECT_PROCURATION, authority.KIND_RESILIATION_SUBJECT):
        return "Enregistré"
    return f"{escape(status_label(r.status))} {escape(r.rule_id or '')}".strip()


def _pending_row(r: ReviewItem, *, named: bool, token: str, refused: Refused | None = None) -> str:
    """One pending review and its decision form; a refused one comes back with its error tied to the fields (their
    description, RGAA 11.10), what was typed, and the focus on the first wrong field."""
    mine = refused if refused is not None and refused.review_id == r.id else None
    error_id = f"erreur-{r.id}"

    def said(name: str, *, first: bool = True) -> str:
        if mine is None:
            return ""
        out = f' aria-describedby="{error_id}"'
        out += ' aria-invalid="true"' if name in mine.fields else ""
        return out + (" autofocus" if first and name == mine.first else "")

    options = "".join(
        f'<label><input type="radio" name="decision" value="{escape(value)}" required'
        f"{' checked' if mine is not None and mine.decision == value else ''}{said('decision', first=i == 0)}> "
        f"{escape(_decision_label(r, value))}</label> "
        for i, value in enumerate(DECISIONS)
    )
    # Each row's button and fields name their review in a screen reader's lists (RGAA 11.2, 11.9), seen unchanged.
    which = f'<span class="sr"> sur la revue n° {r.id}</span>'
    what = f'<span class="sr"> (revue n° {r.id})</span>'
    author = (
        ""
        if named
        else (
            f'<label for="par-{r.id}">Votre nom{what}</label><br><input id="par-{r.id}" name="par" '
            f'maxlength="{AUTHOR_MAX}" required value="{escape(mine.kept(mine.par) if mine else "")}"{said("par")}><br>'
        )
    )
    message = f'<p id="{error_id}" class="warn">{escape(mine.message)}</p>' if mine is not None else ""
    return (
        f"<tr><td>{r.id}</td><td>{escape(_when(r.opened_at))}</td><td>{_subject(r)}</td>"
        f"<td>{_station(r)}</td>"
        f"<td>{_outcome(r)}</td>"
        f"<td>{escape(', '.join(FLAG_LABELS.get(f, f) for f in r.flags))}</td><td>"
        f'<form method="post" action="/admin/revue/{r.id}">{message}'
        f'<input type="hidden" name="{admin_session.FORM_TOKEN}" value="{escape(token)}">'
        f'<input type="hidden" name="vu" value="{escape(r.vu)}">'
        f'<fieldset><legend class="sr">Décision sur la revue n° {r.id}</legend>{options}</fieldset>{author}'
        f'<label for="motif-{r.id}">Motif{what}</label><br>'
        f'<input id="motif-{r.id}" name="motif" maxlength="{NOTE_MAX}" '
        f'required value="{escape(mine.kept(mine.motif) if mine else "")}"{said("motif")}> '
        f'<button type="submit">Décider{which}</button></form></td></tr>'
    )


def _decided_row(r: ReviewItem) -> str:
    return (
        f"<tr><td>{r.id}</td><td>{_subject(r)}</td>"
        f"<td>{escape(_decision_label(r, r.decision or ''))}</td>"
        # Typed texts (a name typed in a secret's session, a note): no direction override turns them around.
        f"<td>{escape(shown_text(r.decided_by or ''))}</td><td>{escape(_when(r.decided_at))}</td>"
        f"<td>{escape(shown_text(r.note or ''))}</td></tr>"
    )


def review_page(
    pending: tuple[ReviewItem, ...] | list[ReviewItem],
    decided: list[ReviewItem],
    *,
    who: Administrator,
    said: str | None = None,
    error: str | None = None,
    token: str = "",
    refused: Refused | None = None,
) -> str:
    """The queue: what is pending, each with its decision form; the last decisions below. `error`: a refusal of the
    page's own (said at its top); `refused`: a decision form sent back, its error shown in that form."""
    if refused is not None and all(r.id != refused.review_id for r in pending):
        error, refused = refused.message, None  # decided meanwhile: no form to show it in
    parts = [
        f'<p><a href="/admin/national">← Situation nationale</a> · {signed_in_line(who)}</p>',
        "<h1>Revue des actes signalés</h1>",
        "<p>Procurations dont le résultat (R-LIMIT, R-VALID-6 : ordre d'établissement) repose sur une heure que le "
        "répertoire "
        "central a dû borner ou n'a pas pu vérifier ; actes (procurations, résiliations, renouvellements) "
        "enregistrés au nom d'un agent qui n'est pas celui du poste. Maintenez le résultat ou l'acte, ou "
        "contestez-le : la décision, son auteur et son motif sont inscrits au journal de la revue.</p>",
    ]
    if error:
        parts.append(f'<p class="warn" role="alert">{escape(error)}</p>')
    if said and said.isdigit():
        parts.append(f'<p class="ok" role="status">Décision enregistrée pour la revue n° {escape(said)}.</p>')
    parts.append(f'<h2 id="en-attente">En attente ({len(pending)})</h2>')
    if pending:
        rows = "".join(_pending_row(r, named=who.login is not None, token=token, refused=refused) for r in pending)
        parts.append(
            scrolled(
                "en-attente",
                f'<table aria-labelledby="en-attente"><thead><tr>{_headers("N°", "Ouverte le", "Acte", "Poste")}'
                f"{_headers('Résultat', 'Signalements', 'Décision')}</tr></thead><tbody>{rows}</tbody></table>",
            )
        )
    else:
        parts.append('<p class="muted" id="vide">Aucune revue en attente.</p>')
    if decided:
        parts.append('<h2 id="decisions">Dernières décisions</h2>')
        rows = "".join(_decided_row(r) for r in decided)
        parts.append(
            scrolled(
                "decisions",
                f'<table aria-labelledby="decisions"><thead><tr>{_headers("N°", "Acte", "Décision", "Par", "Le")}'
                f"{_headers('Motif')}</tr></thead><tbody>{rows}</tbody></table>",
            )
        )
    return _doc(f"{'Erreur : ' if error or refused else ''}Revue — Guichet", "".join(parts))


def _headers(*titles: str) -> str:
    return "".join(f'<th scope="col">{escape(t)}</th>' for t in titles)
