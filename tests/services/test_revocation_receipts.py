"""A résiliation's receipt: it names the authority who received it, whoever prints or previews it later (R-AUTH-5),
and it states the scope of the résiliation, never a count of procurations this counter cannot know (R-REVOKE-2)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from contextkit import service_context
from sqlalchemy import update
from test_procurations import FORM, NOW, SIGNER

from desktop.devices.printers.fake import FakePrinter
from desktop.models import Agent, Revocation
from desktop.models.db import Store
from desktop.receipts.content import RESILIATION_SCOPE, Authority, ReceiptKind, resiliation_count_text
from desktop.receipts.next_steps import default_next_steps
from desktop.rules.terms import Status
from desktop.services.desk import DeskServices, SearchQuery
from desktop.services.permissions import Principal
from desktop.settings import Settings

RECEIVED_BY = Authority("Brigadier Lemoine", "OPJ")
REPRINTED_BY = Authority("Gardien Roux", "APJ")


def _desk(store: Store, tmp_path: Path, agent_id: str, name: str, capacity: str, printer: FakePrinter) -> DeskServices:
    """An agent of the same commissariat, over the same store."""
    settings = Settings(data_dir=tmp_path / "data", station_code="75056-01", station_name="Commissariat central")
    actor = Principal("75056-01", agent_id, role="agent_police", capacity=capacity, station_kind="commissariat")
    ctx = service_context(
        store, settings, actor=actor, agent_name=name, printer=printer, signer=SIGNER, clock=lambda: NOW
    )
    return DeskServices(ctx)


def _revoked_by_a1(store: Store, tmp_path: Path, printer: FakePrinter) -> str:
    """Agent a1 (OPJ) establishes one procuration for MARTIN, then receives its résiliation; its receipt number."""
    a1 = _desk(store, tmp_path, "agent-1", RECEIVED_BY.agent_name, RECEIVED_BY.capacity, printer)
    assert a1.establish(FORM).saved
    [match] = a1.find_mandants(SearchQuery("204512873"))
    out = a1.revoke_all(elector_id=match.elector_id)
    assert out.saved and out.signed is not None and out.receipt_number is not None
    assert out.signed.receipt.authority == RECEIVED_BY
    return out.receipt_number


def test_a_later_print_preview_and_duplicata_name_the_agent_who_received_the_resiliation(
    store: Store, tmp_path: Path
) -> None:
    printer = FakePrinter()
    number = _revoked_by_a1(store, tmp_path, printer)
    a2 = _desk(store, tmp_path, "agent-2", REPRINTED_BY.agent_name, REPRINTED_BY.capacity, printer)
    preview = a2.kept_receipt(number)
    assert preview is not None and preview.receipt.authority == RECEIVED_BY
    first = a2.reprint(number)  # the paper ran out at the act: a2 prints the original later
    again = a2.reprint(number)
    assert first.printed and not first.duplicate and again.printed and again.duplicate
    assert [p.receipt.authority for p in printer.printed] == [RECEIVED_BY, RECEIVED_BY]
    assert printer.printed[-1].receipt.duplicate


def test_a_resiliation_recorded_before_0011_names_the_recording_agents_account(store: Store, tmp_path: Path) -> None:
    """No authority kept with the act (older records): the account of the agent who recorded it, else as before."""
    printer = FakePrinter()
    number = _revoked_by_a1(store, tmp_path, printer)
    with store.session() as s, s.begin():
        s.execute(update(Revocation).values(authority_name=None, authority_capacity=None))
    a2 = _desk(store, tmp_path, "agent-2", REPRINTED_BY.agent_name, REPRINTED_BY.capacity, printer)
    preview = a2.kept_receipt(number)
    assert preview is not None and preview.receipt.authority == REPRINTED_BY  # no account kept: whoever prints
    with store.session() as s, s.begin():
        s.add(
            Agent(
                id="agent-1",
                login="lemoine",
                display_name="Brigadier Lemoine",
                role="agent_police",
                capacity="OPJ",
                active=True,
                created_at=NOW,
            )
        )
    preview = a2.kept_receipt(number)
    assert preview is not None and preview.receipt.authority == RECEIVED_BY


def test_the_receipt_states_the_scope_and_what_this_counter_ended_never_a_total(store: Store, tmp_path: Path) -> None:
    """MARTIN may have procurations at other counters: the central store ends them too, so no total is printed."""
    printer = FakePrinter()
    number = _revoked_by_a1(store, tmp_path, printer)
    a1 = _desk(store, tmp_path, "agent-1", RECEIVED_BY.agent_name, RECEIVED_BY.capacity, printer)
    signed = a1.kept_receipt(number)
    assert signed is not None and signed.receipt.validity == RESILIATION_SCOPE
    assert dict(signed.receipt.details)["Procurations résiliées"] == "Toutes, dont 1 enregistrée à ce guichet"
    assert "établies précédemment" in RESILIATION_SCOPE and "ailleurs" in RESILIATION_SCOPE


def test_the_count_text_agrees_in_number() -> None:
    assert resiliation_count_text(0) == "Toutes, dont aucune enregistrée à ce guichet"
    assert resiliation_count_text(2) == "Toutes, dont 2 enregistrées à ce guichet"


def test_R_NC_4_a_resiliation_for_a_new_caledonia_mandataire_promises_no_online_check(
    store: Store, tmp_path: Path
) -> None:
    """The online service does not show New Caledonia procurations: neither the receipt of their résiliation nor its
    reprint tells the mandant to check there; a résiliation of communal-list procurations still does."""
    ise = set(default_next_steps(ReceiptKind.RESILIATION, Status.PROVISOIRE)) - set(
        default_next_steps(ReceiptKind.RESILIATION, Status.PROVISOIRE, nouvelle_caledonie=True)
    )
    assert ise, "the online check's sentence"
    printer = FakePrinter()
    a1 = _desk(store, tmp_path, "agent-1", RECEIVED_BY.agent_name, RECEIVED_BY.capacity, printer)
    nc = replace(
        FORM,
        channel="cerfa_16199",
        mandataire=replace(
            FORM.mandataire, nne="", list_kind="nouvelle_caledonie", commune="Nouméa", address="1 rue A"
        ),
        acknowledged=frozenset({"R-NC-4"}),
    )
    established = a1.establish(nc)
    assert established.saved, established.violations
    [match] = a1.find_mandants(SearchQuery("204512873"))
    out = a1.revoke_all(elector_id=match.elector_id, channel="cerfa_16199")
    assert out.saved and out.signed is not None and out.receipt_number is not None
    assert not ise & set(out.signed.receipt.next_steps)
    kept = a1.kept_receipt(out.receipt_number)
    assert kept is not None and not ise & set(kept.receipt.next_steps)
    # The same résiliation of a communal-list procuration keeps the sentence (the control).
    communal = _revoked_by_a1(store, tmp_path / "other", FakePrinter())
    again = a1.kept_receipt(communal)
    assert again is not None and ise <= set(again.receipt.next_steps)
