"""`guichet-central review list|decide`: the review queue from the command line (central/review.py)."""

from __future__ import annotations

import argparse
import csv
import sys

from sqlalchemy import Engine

from central.review import ReviewChanged, ReviewNotFound, decide_review, list_reviews
from central.review_page import AUTHOR_MAX, NOTE_MAX
from central.schema import INTEGER_MAX
from desktop.rules.spreadsheet import safe_row
from desktop.rules.textlimits import shown_text, wire_forbidden

HEADER: tuple[str, ...] = ("num", "objet", "enregistrement", "poste", "statut", "regle", "signale_par", "signaux")
HEADER += ("ouverte_le", "decision", "par", "vu")


def run_review(args: argparse.Namespace, engine: Engine) -> int:
    """List the queue, or decide one review; French output, non-zero exit code on a refusal."""
    if args.review_command == "list":
        items = list_reviews(engine, pending_only=not args.all)
        if not items:
            print("Aucune revue en attente." if not args.all else "Aucune revue.")
            return 0
        # objet: procuration, passeport.etape or vote_internet.demande; signale_par: the records (or a renewal's
        # entries) whose flagged time or agent asked the review.
        # A CSV an administrator may redirect to a file and open in a spreadsheet: quoted where needed (an author may
        # hold « ; »), and no cell a spreadsheet would run as a formula (docs/SECURITY.md, CSV injection).
        writer = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        for r in items:
            writer.writerow(
                safe_row(
                    [
                        str(r.id),
                        r.subject,
                        r.procuration_id,
                        r.station_id,
                        r.status,
                        r.rule_id or "",
                        " ".join(r.flagged),
                        ",".join(r.flags),
                        r.opened_at.strftime("%d/%m/%Y %H:%M"),
                        r.decision or "en attente",
                        shown_text(r.decided_by or ""),  # a name typed in a secret's session: no direction override
                        r.vu,
                    ]
                )
            )
        return 0
    typed = [("--by", args.by, AUTHOR_MAX), ("--note", args.note or "", NOTE_MAX)]
    for option, text, limit in typed:  # what the review page refuses too (PostgreSQL refuses a NUL in a text)
        if any(wire_forbidden(c) for c in text) or len(text) > limit:
            print(
                f"Option {option} refusée, rien n'a été modifié : {limit} caractères au plus, sans caractère de "
                "contrôle (tabulation…).",
                file=sys.stderr,
            )
            return 2
    try:
        if not 1 <= args.id <= INTEGER_MAX:  # no review has it, and PostgreSQL refuses it for its Integer column
            raise ReviewNotFound(args.id)
        # --vu: the outcome `review list` showed (its column vu); one changed since is not decided blind.
        item = decide_review(engine, args.id, decision=args.decision, by=args.by, note=args.note, seen=args.vu)
    except ReviewNotFound:
        print(f"Aucune revue n° {args.id}.", file=sys.stderr)
        return 1
    except ReviewChanged:
        print(
            f"Revue n° {args.id} non décidée, rien n'a été modifié : elle a changé depuis sa lecture (un poste a "
            "transmis depuis un acte qui modifie son résultat, ou un autre administrateur l'a décidée). Relisez-la "
            "avec « guichet-central review list --all » puis décidez de nouveau avec la valeur de sa colonne vu.",
            file=sys.stderr,
        )
        return 2
    print(f"Revue n° {item.id} : {item.decision} par {item.decided_by}.")
    return 0
