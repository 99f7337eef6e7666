"""R-ID-DOC-1 at the save: the mandant's document, when it was read, must be valid; a CNI or a passport expired less
than five years ago is accepted (arrêté of 16 November 2018). Nothing said so before: the badge read « Document
expiré le … » and the rules were never asked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from test_procurations import FORM, NOW, make_desk

from desktop.models.db import Store
from desktop.services import supervision
from desktop.services.desk import EstablishInput
from desktop.services.procuration_body import form_to_json

TODAY = NOW.date()


def _with(kind: str, expiry: date | None) -> EstablishInput:
    return replace(FORM, mandant=replace(FORM.mandant, document=kind, document_expiry=expiry))


def test_R_ID_DOC_1_a_cni_expired_more_than_five_years_ago_is_refused_at_the_save(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    # Valid until five years ago yesterday: expired five years ago today, out (valid until five years ago today,
    # it has been expired a day less than five years: in, tests/rules/test_spec_corners.py).
    old = _with("cni", date(TODAY.year - 5, TODAY.month, TODAY.day) - timedelta(days=1))
    refused = desk.establish(old)
    assert not refused.saved
    assert [v.rule_id for v in refused.violations if v.blocking] == ["R-ID-DOC-1"]
    assert "périmée depuis plus de 5 ans" in refused.violations[0].message
    recent = _with("passeport", date(TODAY.year - 4, TODAY.month, 1))
    assert desk.establish(recent).saved  # expired less than five years ago: accepted


def test_a_document_of_another_kind_must_be_valid_and_a_typed_identity_is_not_judged(
    store: Store, tmp_path: Path
) -> None:
    desk = make_desk(store, tmp_path)
    assert [v.rule_id for v in desk.check(_with("carte_vitale", date(2026, 1, 1))) if v.blocking] == ["R-ID-DOC-1"]
    assert not [v for v in desk.check(_with("", None)) if v.rule_id == "R-ID-DOC-1"]
    assert not [v for v in desk.check(_with("autre", date(2001, 1, 1))) if v.rule_id == "R-ID-DOC-1"]


def test_the_document_survives_a_supervisors_kept_form() -> None:
    form = _with("cni", date(2020, 5, 17))
    assert supervision.form_from_json(form_to_json(form)) == form
