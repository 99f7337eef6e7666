"""The Tableau de bord over a store seeded with 30 days of acts: series, a click on a bar, the refusal, the export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from activitykit import AGENT, NOW, Seeded, context, seed_activity
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.services.dashboard import DashboardService
from desktop.services.permissions import Principal
from desktop.services.reports import ActivityService, FrenchCsv
from desktop.views.dashboard import DashboardPage, RulesModel
from desktop.views.dashboard_acts import ActsDialog, ActsModel
from desktop.views.kit.charts import BarChart, grid_steps, nice_top


@pytest.fixture
def seeded(store: Store) -> Seeded:
    return seed_activity(store, now=NOW, count=500)


def make_page(qtbot: QtBot, store: Store, tmp_path: Path, actor: Principal | None = None) -> DashboardPage:
    ctx = context(store, tmp_path, actor) if actor else context(store, tmp_path)
    page = DashboardPage(
        DashboardService(ctx),
        ActivityService(ctx),
        zone="Europe/Paris",
        clock=lambda: NOW,
        save_path=lambda _title, name, _pattern: tmp_path / name,
    )
    qtbot.addWidget(page)
    page.resize(1200, 820)
    page.show()
    return page


def test_chart_series_equal_independent_counts(qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded) -> None:
    page = make_page(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    days = page.kind_chart.days
    assert len(days) == 30 and days[-1] == NOW.date()
    assert {s.key for s in page.kind_chart.series} == {"procuration", "resiliation", "passeport", "vote_internet"}
    for s in page.kind_chart.series:
        expected = seeded.per_day(kind=s.key)
        assert s.values == tuple(expected.get(d, 0) for d in days), s.key
    assert {s.key for s in page.channel_chart.series} == {"cerfa_12668", "cerfa_14952", "maprocuration", "cerfa_16199"}
    for s in page.channel_chart.series:
        expected = seeded.per_day(channel=s.key)
        assert s.values == tuple(expected.get(d, 0) for d in days), s.key
    assert page.sync_chart.series[0].values[-1] == seeded.pending
    assert "en attente" in page.sync_label.text()
    assert page.rules_model.rowCount() == len(set(seeded.refused) | set(seeded.invalidated_later))
    qtbot.waitUntil(lambda: "non configuré" in page.central_label.text(), timeout=10_000)  # offline: said, not failed


def test_a_click_on_a_bar_opens_the_acts_behind_it(qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded) -> None:
    page = make_page(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    chart = page.channel_chart
    si = next(i for i, s in enumerate(chart.series) if s.key == "cerfa_14952")
    d = max(range(len(chart.days)), key=lambda i: chart.series[si].values[i])
    rect = chart.bar_rect(si, d)
    assert rect.height() > 0
    assert chart.hit(rect.center()) == (si, d)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.waitUntil(lambda: page.acts_dialog is not None, timeout=10_000)
    dialog = page.acts_dialog
    assert dialog is not None and dialog.isVisible()
    shown = sorted(a.receipt_number for a in dialog.model.rows())
    day = chart.days[d]
    expected = sorted(a.receipt_number for a in seeded.acts if a.channel == "cerfa_14952" and seeded.day(a) == day)
    assert shown == expected and len(shown) == chart.series[si].values[d]
    assert day.strftime("%d/%m/%Y") in dialog.windowTitle()
    dialog.close()


def test_an_agent_without_the_role_is_refused_and_audited(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = make_page(qtbot, store, tmp_path, AGENT)
    qtbot.waitUntil(lambda: "refusée" in page.message.text(), timeout=10_000)
    assert "tableau de bord" in page.message.text()
    assert not page.content.isVisible() and not page.csv_button.isEnabled()
    assert page.runner.wait(5)
    with store.read() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "acces.refuse")).all()
    assert [(e.agent_id, e.detail) for e in events] == [("agent-1", "tableau_de_bord.consulter")]


def test_csv_export_from_the_screen(qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded) -> None:
    page = make_page(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    first = NOW.date() - timedelta(days=2)
    page.first_input.set_value(first)
    page.csv_button.click()
    target = tmp_path / f"actes_{first.isoformat()}_{NOW.date().isoformat()}.csv"
    qtbot.waitUntil(lambda: "Enregistré" in page.message.text(), timeout=10_000)
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline=""), dialect=FrenchCsv))
    assert len(rows) - 1 == sum(1 for a in seeded.acts if first <= seeded.day(a) <= NOW.date())
    assert (target.stat().st_mode & 0o077) == 0  # it names agents: owner only


def test_models_pass_the_model_tester(qtmodeltester: object, store: Store, tmp_path: Path, seeded: Seeded) -> None:
    from zoneinfo import ZoneInfo

    service = DashboardService(context(store, tmp_path))
    rules = RulesModel()
    rules.set_rows(service.figures().rules)
    qtmodeltester.check(rules)  # type: ignore[attr-defined]
    acts = ActsModel(ZoneInfo("Europe/Paris"))
    acts.set_rows(service.acts(axis="kind", key="procuration", day=NOW.date() - timedelta(days=1)))
    qtmodeltester.check(acts)  # type: ignore[attr-defined]
    assert acts.columnCount() == 6


def test_chart_axis_and_empty_state(qtbot: QtBot) -> None:
    assert [nice_top(v) for v in (0, 1, 3, 7, 12, 51, 180)] == [1, 1, 5, 10, 20, 100, 200]
    for top in (1, 2, 5, 10, 20, 50, 100, 200, 500):
        assert top % grid_steps(top) == 0  # whole numbers on the axis
    chart = BarChart("vide")
    qtbot.addWidget(chart)
    chart.resize(400, 300)
    chart.show()
    assert chart.hit(chart.rect().center().toPointF()) is None


def test_the_bars_can_be_opened_from_the_keyboard(qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded) -> None:
    page = make_page(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    chart = page.kind_chart
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Left)  # from nothing chosen: the last day's top segment
    assert chart.current is not None
    si, d = chart.current
    assert d == len(chart.days) - 1 and chart.series[si].values[d] > 0
    qtbot.keyClick(chart, Qt.Key.Key_Down)  # one segment back
    si, d = chart.current
    with qtbot.waitSignal(chart.bar_clicked, timeout=2000) as blocker:
        qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert blocker.args == [chart.series[si].axis, chart.series[si].key, chart.days[d]]
    qtbot.waitUntil(lambda: page.acts_dialog is not None, timeout=10_000)
    assert page.acts_dialog is not None and page.acts_dialog.model.rowCount() == chart.series[si].values[d]


def test_the_mandants_identities_are_said_and_a_non_proven_chip_stands_out(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    from dataclasses import replace

    from desktop.services.dashboard_values import DashboardFigures

    page = make_page(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    assert page.identity_label.text() == "Identité des mandants (30 jours) : aucune procuration ne la mentionne."
    assert page.identity_label.isVisible()
    figures = page.figures
    assert isinstance(figures, DashboardFigures)
    page.show_figures(replace(figures, identities=(("puce", 40), ("saisie", 7))))
    # « saisie 7 » (« saisie 2 » in the audit) read as a numbered entry: the source, then its count, in the review's
    # words.
    said = "Identité des mandants sur 30 jours — puce prouvée : 40 ; saisie d'après le document : 7."
    assert page.identity_label.text() == said
    assert page.identity_label.property("state") == "neutral"
    page.show_figures(replace(figures, identities=(("puce", 40), ("puce_non_verifiee", 2), ("mrz", 3))))
    said = "Identité des mandants sur 30 jours — puce prouvée : 40 ; puce non prouvée : 2 ; zone MRZ : 3."
    assert page.identity_label.text() == said and page.identity_label.property("state") == "warn"


def test_at_1366_by_768_the_charts_do_not_scroll(
    qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded, themed: Callable[..., None]
) -> None:
    """The audit: at 1366×768 the period and its three buttons stacked (a date field asked for 17 characters) and
    the charts scrolled in what was left. The row holds on one line and the four boxes are in sight."""
    from PySide6.QtWidgets import QApplication

    from desktop.views.kit.reflow import ButtonRow, InnerScrollArea

    themed()
    page = make_page(qtbot, store, tmp_path)
    page.resize(1366 - 230, 768 - 58 - 23)  # beside the navigation, under the header, over the status bar
    qtbot.waitUntil(lambda: page.figures is not None and not page.runner.busy, timeout=10_000)
    QApplication.processEvents()
    qtbot.wait(20)
    row = page.findChild(ButtonRow)
    assert row is not None and not row.stacked()
    [charts] = page.findChildren(InnerScrollArea)
    assert charts.verticalScrollBar().maximum() == 0
    assert page.page_scroll.verticalScrollBar().maximum() == 0
    assert page.charts.hint.isHidden()  # nothing scrolls: no words about scrolling


def test_the_figures_are_read_again_each_time_the_screen_is_opened(
    qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded
) -> None:
    """The figures were read at the first opening only: a chef de poste who opened the dashboard at 9:00 read the
    9:00 figures at 17:00 (the acts of the day, the backlog), nothing saying how old they were."""
    from sqlalchemy import update

    from desktop.models import OutboxEntry

    page = make_page(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    first = page.figures
    assert first is not None and first.sync.pending > 0
    page.hide()  # the supervisor goes to another screen; meanwhile a sync pass empties the backlog
    with store.write() as s:
        s.execute(update(OutboxEntry).values(acked_at=NOW, verdict="validee"))
    page.show()
    qtbot.waitUntil(lambda: page.figures is not first, timeout=10_000)
    assert page.figures is not None and page.figures.sync.pending == 0
    assert page.sync_label.text().startswith("0 entrée en attente")


def _at_1024(qtbot: QtBot, store: Store, tmp_path: Path, themed: Callable[..., None], language: str) -> DashboardPage:
    """The dashboard in `language`, themed, beside the navigation at 1024×768, its figures shown."""
    from PySide6.QtWidgets import QApplication

    from desktop.views.translations import install

    themed()
    install(language)
    try:
        page = make_page(qtbot, store, tmp_path)
    finally:
        install("fr")
    page.resize(1024 - 230, 768 - 58 - 23)
    qtbot.waitUntil(lambda: page.figures is not None and not page.runner.busy, timeout=10_000)
    QApplication.processEvents()
    qtbot.wait(20)
    return page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_at_1024_by_768_the_buttons_take_one_line_under_the_period(
    qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded, themed: Callable[..., None], language: str
) -> None:
    """At 1024×768 the period and the three buttons did not fit on one line and stacked, each alone on its line at
    the screen's whole width: four lines, 220 px of buttons, the charts scrolled in a 250 px strip. The period goes
    on its line and the three buttons side by side under it."""
    from desktop.views.kit.reflow import InnerScrollArea

    page = _at_1024(qtbot, store, tmp_path, themed, language)
    buttons = (page.report_button, page.csv_button, page.refresh_button)
    assert len({b.mapTo(page, b.rect().topLeft()).y() for b in buttons}) == 1
    assert (
        page.first_input.mapTo(page, page.first_input.rect().topLeft()).y()
        < page.report_button.mapTo(page, page.report_button.rect().topLeft()).y()
    )
    [charts] = page.findChildren(InnerScrollArea)
    assert charts.height() >= 330  # the charts keep half the screen


def test_the_rules_titles_are_read_whole_at_1024_in_english(
    qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded, themed: Callable[..., None]
) -> None:
    """At 1024×768 in English the rules' columns, a third each, cut their titles: « used on arri », « validated lat »
    (Refused on arrival, Invalidated later). The rule id takes its width, the titles wrap in the rest."""
    from PySide6.QtCore import QRect

    from desktop.views.kit.tablefit import TALL

    page = _at_1024(qtbot, store, tmp_path, themed, "en")
    header = page.rules_table.horizontalHeader()
    font = header.font()
    font.setBold(True)  # the style sheet's header titles
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(font)
    for column in range(page.rules_model.columnCount()):
        title = str(page.rules_model.headerData(column, Qt.Orientation.Horizontal))
        room = header.sectionSize(column) - 8
        if metrics.horizontalAdvance(title) <= room:
            continue  # on one line
        wraps = bool(header.defaultAlignment() & Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value))
        box = metrics.boundingRect(QRect(0, 0, room, TALL), Qt.TextFlag.TextWordWrap, title)
        padding = header.sizeHint().height() - metrics.height()  # the header's margins around one line
        assert wraps and box.width() <= room and box.height() + padding <= header.height(), title
    assert header.sectionSize(0) < header.sectionSize(1)


def test_each_agents_acts_are_said_today_and_over_seven_days(
    qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded
) -> None:
    page = make_page(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    assert page.figures is not None and page.figures.by_agent
    said = page.agents_label.text()
    assert said.startswith("Par agent, aujourd'hui / sur 7 jours — ")
    for a in page.figures.by_agent:
        assert f"{a.name} : {a.today} / {a.week}" in said


def test_the_acts_behind_a_bar_open_within_the_screen(
    qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded
) -> None:
    """The list of the acts behind a bar opened 1040 px wide: on a 1024×768 screen its right edge, the agents'
    column and the « Fermer » button, were off the screen."""
    page = make_page(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    page.open_acts("kind", "procuration", NOW.date())
    qtbot.waitUntil(lambda: page.acts_dialog is not None, timeout=10_000)
    dialog = page.acts_dialog
    assert dialog is not None
    screen = dialog.screen().availableGeometry()
    assert screen.width() < 1040  # the test's screen is narrower than the dialog's old width
    assert dialog.frameGeometry().width() <= screen.width() and dialog.frameGeometry().height() <= screen.height()
    dialog.close()


def test_the_entries_waiting_are_listed_from_the_synchronisation_box(
    qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded
) -> None:
    """Beside « N entrées en attente ; la plus ancienne attend depuis … », the list behind that count: which acts,
    queued since when (date and time: they span days), by whom."""
    page = make_page(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    assert page.figures is not None
    page.waiting_button.click()
    qtbot.waitUntil(lambda: page.acts_dialog is not None, timeout=10_000)
    dialog = page.acts_dialog
    assert dialog is not None
    assert dialog.model.rowCount() == page.figures.sync.pending == seeded.pending
    first = dialog.model.rows()[0]
    assert dialog.model.text(0, 0) == first.at.astimezone(page.zone).strftime("%d/%m/%Y %H:%M")
    assert str(dialog.model.headerData(0, Qt.Orientation.Horizontal)) == "En attente depuis"
    assert dialog.windowTitle() == "En attente du répertoire central"
    assert f"{seeded.pending} entrées" in page.sync_label.text()
    titles = [label.text() for label in dialog.findChildren(QLabel)]
    heading = f"En attente du répertoire central — {seeded.pending} entrée"  # « entrées » once the catalog has it
    assert any(t.startswith(heading) for t in titles)  # entries, as the box counts them, not « actes »
    dialog.close()


def test_a_rule_row_opens_the_acts_behind_its_figures_from_the_keyboard(
    qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded
) -> None:
    """A row of « Refus et invalidations par règle » (« R-LIMIT-1 : 3 / 1 ») opened nothing: which acts, whose,
    when? Entrée on the row lists them, each saying whether it was refused on arrival or invalidated later, and
    the listing is audited as « Voir la liste » is (`tableau_de_bord.regle`)."""
    page = make_page(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    assert page.figures is not None
    row = max(range(page.rules_model.rowCount()), key=lambda i: page.figures.rules[i].refused)  # type: ignore[union-attr]
    counted = page.figures.rules[row]
    assert counted.refused > 0
    page.rules_table.setFocus()
    page.rules_table.setCurrentIndex(page.rules_model.index(row, 1))
    QTest.keyClick(page.rules_table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.acts_dialog is not None, timeout=10_000)
    dialog = page.acts_dialog
    assert dialog is not None and dialog.isVisible()
    assert {a.receipt_number for a in dialog.model.rows()} == seeded.rule_acts[counted.rule_id]
    assert dialog.model.rowCount() == counted.refused + counted.invalidated_later
    assert counted.rule_id in dialog.windowTitle()
    titles = [str(dialog.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(dialog.model.columnCount())]
    assert titles[0] == "Refusé ou invalidé le" and "Décision" in titles
    decision = titles.index("Décision")
    said = [dialog.model.text(r, decision) for r in range(dialog.model.rowCount())]
    assert said.count("Refus à l'arrivée") == counted.refused
    with store.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "tableau_de_bord.regle")).one()
    assert event.detail == f"regle={counted.rule_id} actes={dialog.model.rowCount()}"
    assert event.agent_id == "chef-1"
    dialog.close()


def _established(store: Store, tmp_path: Path) -> str:
    """A procuration established at the counter at NOW, with its kept receipt: its number."""
    from datetime import date

    from contextkit import station_desk

    from desktop.services.desk import EstablishInput, PersonInput

    desk = station_desk(store, tmp_path / "desk", lambda: NOW)
    mandant = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
    mandataire = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
    out = desk.establish(EstablishInput(mandant=mandant, mandataire=mandataire, election_id="presidentielle-2027"))
    assert out.saved and out.receipt_number is not None
    return out.receipt_number


def _acts_of_the_day(qtbot: QtBot, page: DashboardPage) -> ActsDialog:
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    page.open_acts("kind", "procuration", NOW.date())
    qtbot.waitUntil(lambda: page.acts_dialog is not None, timeout=10_000)
    dialog = page.acts_dialog
    assert dialog is not None
    return dialog


def test_the_supervisor_opens_a_listed_acts_receipt(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """The acts behind a bar listed receipt numbers and nothing opened the receipt itself. Entrée on an act opens
    the counter's preview of its receipt (read off the GUI thread), without closing the list; opening it is a
    consultation, journaled as the counter's preview is (R-DATA-4)."""
    from desktop.services.consultation_writer import settle

    number = _established(store, tmp_path)
    page = make_page(qtbot, store, tmp_path)
    dialog = _acts_of_the_day(qtbot, page)
    [row] = [i for i, a in enumerate(dialog.model.rows()) if a.receipt_number == number]
    assert dialog.receipt_button.isVisible() and dialog.receipt_button.text() == "Voir le &récépissé (Entrée)"
    from a11ykit import accessible_name, describe, interactive_widgets, order_problems

    assert not [describe(w) for w in interactive_widgets(dialog, visible_only=True) if not accessible_name(w)]
    assert not order_problems(dialog)  # the list, then « Voir le récépissé », then « Fermer »
    dialog.table.setFocus()
    dialog.table.selectRow(row)
    assert dialog.receipt_button.isEnabled()
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.isVisible(), timeout=10_000)
    assert dialog.preview is not None and number in dialog.preview.windowTitle()
    assert dialog.isVisible()  # Entrée opened the receipt, it did not close the list
    assert dialog.preview.print_button is None  # a reprint is the counter's act
    settle(store)
    with store.read() as s:
        seen = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "consultation", AuditEvent.record_kind == "recepisse")
        ).all()
    assert [(e.agent_id, e.record_id) for e in seen] == [("chef-1", number)]
    dialog.preview.close()
    dialog.close()


def test_R_DATA_3_a_supervisor_who_may_not_consult_is_told_why_the_receipt_does_not_open(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """An officier supervises without consulting the procurations (R-DATA-3): the receipt names the mandant, so its
    button is disabled, the list saying why; the service refuses it too, and the refusal is audited."""
    from desktop.services.permissions import PermissionDenied

    number = _established(store, tmp_path)
    officer = Principal("75056-01", "chef-2", role="superviseur", capacity="officier", station_kind="commissariat")
    page = make_page(qtbot, store, tmp_path, officer)
    dialog = _acts_of_the_day(qtbot, page)
    dialog.table.selectRow(0)
    assert not dialog.receipt_button.isEnabled()
    assert "consulter les procurations" in dialog.state.text()
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.preview is None and not dialog.runner.busy
    with pytest.raises(PermissionDenied):
        page.dashboard.receipt(number)
    dialog.close()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_at_1024_by_768_the_charts_scroll_visibly_and_from_the_keyboard(
    qtbot: QtBot, store: Store, tmp_path: Path, seeded: Seeded, themed: Callable[..., None], language: str
) -> None:
    """At 1024×768 the boxes need ~440 px and have ~340: only a thin scroll bar said so, the rules' table showed its
    titles and no row (it looked empty), and no key reached the renewals line under it. Now a few words under the
    boxes say there is more and which key shows it; Pg. suiv. / Pg. préc. scroll them from a button too; a control
    that takes the focus brings its whole box into sight; nothing is cut (every line as tall as its text)."""
    from PySide6.QtWidgets import QApplication

    page = _at_1024(qtbot, store, tmp_path, themed, language)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=3000)
    charts, hint, bar = page.charts, page.charts.hint, page.charts.verticalScrollBar()
    assert bar.maximum() > 0 and bar.isVisible()
    assert hint.isVisible() and ("Pg. suiv." in hint.text() or "Page Down" in hint.text())
    assert hint.height() >= hint.heightForWidth(hint.width())  # its words whole
    top = lambda w: w.mapTo(page, w.rect().topLeft()).y()  # noqa: E731
    assert top(charts) + charts.height() <= top(hint) < top(page.report_button)  # under the boxes, above the buttons
    page.refresh_button.setFocus()
    QTest.keyClick(page.refresh_button, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    while bar.value() < bar.maximum():
        QTest.keyClick(page.refresh_button, Qt.Key.Key_PageDown)
    assert "Pg. préc." in hint.text() or "Page Up" in hint.text()
    QTest.keyClick(page.first_input, Qt.Key.Key_PageUp)
    QTest.keyClick(page.first_input, Qt.Key.Key_PageUp)
    assert bar.value() == 0
    viewport = charts.viewport()

    def in_sight(widget: QWidget) -> bool:
        y = widget.mapTo(viewport, widget.rect().topLeft()).y()
        return y >= 0 and y + widget.height() <= viewport.height()

    assert not in_sight(page.renewals_label)
    page.rules_table.setFocus()  # Tab or Maj+Tab from the period: the rules' box whole, its renewals line too
    QApplication.processEvents()
    assert in_sight(page.renewals_label) and in_sight(page.rules_table)
    page.kind_chart.setFocus()
    QApplication.processEvents()
    assert bar.value() == 0
    page.waiting_button.setFocus()
    QApplication.processEvents()
    assert in_sight(page.sync_label)
    for label in page.content.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
