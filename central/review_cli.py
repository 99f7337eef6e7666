"""`guichet-central review list|decide`: the review queue from the command line (central/review.py)."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import Engine

from central.review import ReviewNotFound, decide_review, list_reviews
from central.schema import INTEGER_MAX


def run_review(args: argparse.Namespace, engine: Engine) -> int:
    """List the queue, or decide one review; French output, non-zero exit code on a refusal."""
    if args.review_command == "list":
        items = list_reviews(engine, pending_only=not args.all)
        if not items:
            print("Aucune revue en attente." if not args.all else "Aucune revue.")
            return 0
        # objet: procuration, passeport.etape or vote_internet.demande; signale_par: the records (or a renewal's
        # entries) whose flagged time or agent asked the review.
        print("num;objet;enregistrement;poste;statut;regle;signale_par;signaux;ouverte_le;decision;par")
        for r in items:
            print(
                ";".join(
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
                        r.decided_by or "",
                    ]
                )
            )
        return 0
    try:
        if not 1 <= args.id <= INTEGER_MAX:  # no review has it, and PostgreSQL refuses it for its Integer column
            raise ReviewNotFound(args.id)
        item = decide_review(engine, args.id, decision=args.decision, by=args.by, note=args.note)
    except ReviewNotFound:
        print(f"Aucune revue n° {args.id}.", file=sys.stderr)
        return 1
    print(f"Revue n° {item.id} : {item.decision} par {item.decided_by}.")
    return 0
