"""The HTML of the national page: plain markup, one inline SVG bar chart, the Marianne colours, no script."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from central.admin_accounts import Administrator
from central.admin_session import FORM_TOKEN
from central.national import SILENT_AFTER, ZONE, NationalFigures
from desktop.rules.textlimits import shown_text

STYLE = """
body{font-family:"Marianne","DejaVu Sans",Arial,sans-serif;margin:0;color:#161616;background:#fff}
header{background:#000091;color:#fff;padding:14px 32px;border-bottom:4px solid #e1000f}
header b{letter-spacing:.04em}main{padding:16px 32px;max-width:1100px}main:focus{outline:none}
h1{color:#000091;font-size:1.6rem;margin:.6rem 0}h2{color:#000091;font-size:1.15rem;margin-top:1.6rem}
table{border-collapse:collapse;min-width:60%}th{background:#000091;color:#fff;text-align:left}
th,td{padding:5px 10px;border-bottom:1px solid #ddd}td.n{text-align:right}
.defile{overflow-x:auto;max-width:100%;position:relative}
.warn{color:#b34000;font-weight:bold}.muted{color:#5c5c5c}.ok{color:#18753c}
form.inline{display:inline}button{background:#000091;color:#fff;border:0;padding:6px 14px;font:inherit}
input{font:inherit;padding:5px;border:1px solid #666;width:22rem;max-width:100%;box-sizing:border-box}
td input{width:100%;min-width:12rem}input[type=radio]{width:auto;min-width:0;margin:0 4px 0 0}
label{margin-right:12px}a{color:#000091}
fieldset{border:0;margin:0;padding:0}fieldset label{display:block}code{overflow-wrap:anywhere}
#chart{width:100%;max-width:900px;height:auto}svg text{font-family:inherit;font-size:11px;fill:#3a3a3a}
.evitement{position:absolute;left:8px;top:-4rem;background:#fff;color:#000091;padding:6px 10px}.evitement:focus{top:8px}
:focus-visible{outline:3px solid #000091;outline-offset:2px}.evitement:focus-visible{outline-color:#fff}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40em){header,main{padding-left:12px;padding-right:12px}}
"""


def _doc(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head><body>'
        '<a class="evitement" href="#contenu">Aller au contenu</a>'  # RGAA 12.7: the first Tab stop
        "<header><b>RÉPUBLIQUE FRANÇAISE</b> — Guichet, répertoire central</header>"
        f'<main id="contenu" tabindex="-1">{body}</main></body></html>'
    )


def login_page(*, named: bool = False, error: str | None = None, token: str = "", login: str = "") -> str:
    """The refusal an unauthenticated visitor gets: the form asking for an administrator's login and password, or
    the administrative secret while no named account exists (central/admin_accounts.py).

    A refused sign-in comes back with its reason as the fields' description (RGAA 11.10: said where the focus lands)
    and the login as typed (CONVENTIONS 11); the focus on the field to type again."""
    message = f'<p id="erreur" class="warn" role="alert">{escape(error)}</p>' if error else ""
    said = ' aria-describedby="erreur" aria-invalid="true"' if error else ""
    hidden = f'<input type="hidden" name="{FORM_TOKEN}" value="{escape(token)}">'  # bound to the pre-session cookie
    if named:
        kept = escape(login[:64]) if login.isprintable() else ""  # no control character echoed back
        form = (
            f'<form method="post" action="/admin/connexion">{hidden}'
            '<label for="identifiant">Identifiant</label><br>'
            f'<input id="identifiant" name="identifiant" autocomplete="username" required maxlength="64" '
            f'value="{kept}"{said}{"" if kept else " autofocus"}><br>'
            '<label for="mot_de_passe">Mot de passe</label><br>'
            '<input id="mot_de_passe" name="mot_de_passe" type="password" autocomplete="current-password" required'
            f"{said}{' autofocus' if kept else ''}> "
            '<button type="submit">Se connecter</button></form>'
        )
        lead = "<p>Connectez-vous avec votre compte d'administrateur nominatif.</p>"
    else:
        form = (
            f'<form method="post" action="/admin/connexion">{hidden}'
            '<label for="secret">Secret d\'administration</label><br>'
            '<input id="secret" name="secret" type="password" autocomplete="current-password" required autofocus'
            f"{said}> "
            '<button type="submit">Se connecter</button></form>'
        )
        lead = (
            "<p>Saisissez le secret d'administration du répertoire central. Aucun compte nominatif n'existe encore : "
            "créez-en un par administrateur sur le serveur (<code>guichet-central admin add</code>), le secret "
            "n'ouvrira plus ces pages.</p>"
        )
    return _doc(
        f"{'Erreur : ' if error else ''}Connexion — Guichet",
        f'<h1 id="refus">Accès réservé aux administrateurs du ministère</h1>{lead}{message}{form}',
    )


def signed_in_line(who: Administrator) -> str:
    """Who is signed in, beside the sign-out button; the secret's session says what it does not prove."""
    if who.login is None:
        return (
            '<span id="connecte" class="warn">Connexion par le secret partagé : aucun compte nominatif '
            "(<code>guichet-central admin add</code>).</span> "
        )
    return f'<span id="connecte">Connecté : {escape(who.name)} ({escape(who.login)}).</span> '


def everywhere_form(who: Administrator, token: str) -> str:
    """« Fermer toutes mes sessions »: an account's every session ends (a browser left open, a lost laptop); none
    for the secret's session, which a new secret ends."""
    if who.login is None:
        return ""
    return (
        ' <form class="inline" method="post" action="/admin/deconnexion-partout">'
        f'<input type="hidden" name="{FORM_TOKEN}" value="{escape(token)}">'
        '<button type="submit" title="Met fin à toutes les sessions ouvertes de votre compte, sur tous les '
        'navigateurs">Fermer toutes mes sessions</button></form>'
    )


def label_shown(label: str) -> str:
    """A station's label as the pages show it, escaped: a station enrolled by the shared secret names itself, and a
    direction override or an invisible character made one station read as another (« Commissariat de \u202eSNEL »
    shown « Commissariat de LENS »); its id, beside it, tells apart two that read the same."""
    return escape(shown_text(label))


def _when(moment: datetime) -> str:
    return moment.astimezone(ZONE).strftime("%d/%m/%Y %H:%M")


def _silence(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return f"{hours} h" if hours < 72 else f"{hours // 24} jours"


def bar_chart(figures: NationalFigures, *, width: int = 900, height: int = 260) -> str:
    """Inline SVG: procurations per day, France entière; each bar carries its day and count (and a tooltip)."""
    values = figures.procurations_per_day
    left, bottom, top_margin = 44, 28, 10
    plot_w, plot_h = width - left - 10, height - bottom - top_margin
    top = max(1, max(values, default=0))
    step = 1
    while top / step > 5:  # 1, 2, 5, 10, 20, 50…: at most five grid lines
        step = {1: 2, 2: 5, 5: 10}[int(str(step)[0])] * 10 ** (len(str(step)) - 1)
    axis_top = ((top + step - 1) // step) * step
    slot = plot_w / max(1, len(values))
    parts = [
        f'<svg id="chart" role="img" aria-labelledby="chart-title" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-title">Procurations établies par jour, France entière</title>'
    ]
    for i in range(0, axis_top + 1, step):
        y = top_margin + plot_h - plot_h * i / axis_top
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{i}</text>')
    for i, (day, n) in enumerate(zip(figures.days, values, strict=True)):
        h = plot_h * n / axis_top
        x = left + slot * i + slot * 0.15
        y = top_margin + plot_h - h
        parts.append(
            f'<rect class="bar" data-day="{day.isoformat()}" data-count="{n}" x="{x:.1f}" y="{y:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{h:.1f}" fill="#000091">'
            f"<title>{day.strftime('%d/%m/%Y')} : {n} procuration(s)</title></rect>"
        )
        if (len(values) - 1 - i) % 7 == 0:
            parts.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{height - 8}" text-anchor="middle">{day.strftime("%d/%m")}</text>'
            )
    parts.append(
        f'<line x1="{left}" x2="{width - 10}" y1="{top_margin + plot_h}" y2="{top_margin + plot_h}" stroke="#3a3a3a"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def scrolled(heading: str, table: str) -> str:
    """A data table in a region of its own that scrolls sideways when the window is narrow (WCAG 1.4.10 lets a table
    scroll; the page does not), reached by Tab so the arrows can scroll it, named after the table's heading."""
    return f'<div class="defile" role="region" tabindex="0" aria-labelledby="{heading}">{table}</div>'


def chart_figures(figures: NationalFigures) -> str:
    """The chart's figures as a table below it, folded (RGAA 1.6: a chart's detailed description, for a screen
    reader and for whoever cannot read the bars)."""
    rows = "".join(
        f'<tr data-day="{day.isoformat()}"><td>{day.strftime("%d/%m/%Y")}</td><td class="n">{n}</td></tr>'
        for day, n in zip(figures.days, figures.procurations_per_day, strict=True)
    )
    return (
        "<details><summary>Chiffres du graphique, jour par jour</summary>"
        '<table id="chart-donnees"><caption class="sr">Procurations établies par jour, France entière</caption>'
        '<thead><tr><th scope="col">Jour</th><th scope="col">Procurations</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></details>"
    )


def national_page(figures: NationalFigures, *, who: Administrator, token: str = "") -> str:
    """The page: silent stations, the national chart, the stations with the most refusals."""
    silent = figures.silent
    rows = "".join(
        f'<tr><td>{label_shown(s.label)}</td><td class="muted">{escape(s.id)}</td><td>{_when(s.last_contact)}</td>'
        f'<td class="n warn">{_silence(s.silent_for(figures.now))}</td></tr>'
        for s in silent
    )
    silent_html = (
        scrolled(
            "h-silence",
            '<table id="silent" aria-labelledby="h-silence"><thead><tr><th scope="col">Poste</th>'
            '<th scope="col">Identifiant</th><th scope="col">Dernier contact</th><th scope="col">Silence</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>",
        )
        if silent
        else '<p id="silent" class="ok">Tous les postes ont synchronisé dans les dernières 24 heures.</p>'
    )
    refused = figures.most_refused()
    rrows = "".join(
        f'<tr><td>{label_shown(s.label)}</td><td class="muted">{escape(s.id)}</td>'
        f'<td class="n">{sum(s.refusals.values())}</td>'
        f"<td>{escape(', '.join(f'{r} ({n})' for r, n in s.rules.most_common(3)))}</td></tr>"
        for s in refused
    )
    refused_html = (
        scrolled(
            "h-refus",
            '<table id="refusals" aria-labelledby="h-refus"><thead><tr><th scope="col">Poste</th>'
            '<th scope="col">Identifiant</th><th scope="col">Refus</th><th scope="col">Règles les plus citées</th>'
            f"</tr></thead><tbody>{rrows}</tbody></table>",
        )
        if refused
        else '<p id="refusals" class="muted">Aucun refus sur la période.</p>'
    )
    total = sum(figures.procurations_per_day)
    first, last = figures.days[0], figures.days[-1]
    body = (
        "<h1>Situation nationale</h1>"
        f'<p class="muted">Le {_when(figures.now)} (heure de Paris) — {len(figures.stations)} poste(s) enrôlé(s). '
        f'<a href="/admin/national.json">Données (JSON)</a> · <a href="/admin/revue">File de revue</a> '
        f'<span id="revues">({figures.pending_reviews} en attente)</span></p>'
        f"<div>{signed_in_line(who)}"
        '<form class="inline" method="post" action="/admin/deconnexion">'
        f'<input type="hidden" name="{FORM_TOKEN}" value="{escape(token)}">'
        '<button type="submit">Se déconnecter</button></form>'
        f"{everywhere_form(who, token)}</div>"
        f'<h2 id="h-silence">Postes sans synchronisation depuis plus de {int(SILENT_AFTER.total_seconds() // 3600)} '
        f"heures ({len(silent)})</h2>{silent_html}"
        f"<h2>Procurations établies par jour, France entière ({total} du {first.strftime('%d/%m/%Y')} "
        f"au {last.strftime('%d/%m/%Y')})</h2>{bar_chart(figures)}{chart_figures(figures)}"
        f'<h2 id="h-refus">Postes ayant le plus de refus (30 jours)</h2>{refused_html}'
    )
    return _doc("Situation nationale — Guichet", body)
