"""The desk's window: its shell (the first frame of the demo's start), the screens built after it, and what they
are wired to once the store is open (`views/start.py` runs the start itself).

The shell is shown before SQLAlchemy and the encrypted store are even imported: the agent sees the window at
once, and a queue of citizens never waits on a migration.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from desktop import __version__
from desktop.i18n import _ as gettext_
from desktop.rules.terms import Capacity
from desktop.settings import Settings
from desktop.snapshots import StatusFeed
from desktop.views.kit.relay import relay_to
from desktop.views.loading import ContextHolder, activity_page, follow_activity, service_page_factories
from desktop.views.main_window import MainWindow, Section
from desktop.views.translations import translate
from desktop.views.widgets import Page, notice

if TYPE_CHECKING:
    from collections.abc import Iterator

    from desktop.sync.status import SyncStatus
    from desktop.sync.worker import SyncWorker


def build_main_window(settings: Settings, holder: ContextHolder) -> MainWindow:
    """The whole window before the store is open: its shell, then every screen (tests; `run` shows the shell first)."""
    window = build_shell(settings, holder)
    fill_main_window(window, settings, holder)
    return window


def _sections(*, abroad: bool) -> list[tuple[str, str, str, int]]:
    """The navigation: each section's key, French label, group and Ctrl+digit. Renewals are consular acts (spec §9-10,
    roles.py): a station in France has none, its other sections keep their numbers (Ctrl+6: Synchronisation)."""
    procurations, station = translate("app", "Procurations"), translate("app", "Poste")
    sections = [
        ("etablir", translate("app", "Établir une procuration"), procurations),
        ("resilier", translate("app", "Résilier"), procurations),
        ("rechercher", translate("app", "Rechercher"), procurations),
        ("activite", translate("app", "Activité du jour"), procurations),
        ("renouvellements", translate("app", "Renouvellements"), translate("app", "Consulat")),
        ("synchronisation", translate("app", "Synchronisation"), station),
        ("appareils", translate("app", "Appareils"), station),
        ("agents", translate("app", "Agents"), station),
        ("tableau", translate("app", "Tableau de bord"), station),  # R-ELIG-4, R-HOME-4 below: acts waiting
        ("a_decider", translate("app", "À décider"), station),
        ("journal", translate("app", "Journal d'audit"), station),  # no Ctrl+digit left: the arrows reach it
    ]
    return [(k, label, group, n) for n, (k, label, group) in enumerate(sections, 1) if abroad or k != "renouvellements"]


def _opening_page(title: str, lead: str) -> Page:
    """A service screen before the store is open: says so, and has nothing to type into."""
    page = Page(title, lead)
    page.body.addWidget(notice(translate("app", "Ouverture de la base…")))
    page.body.addStretch(1)
    return page


def _status_arrived(window: MainWindow, snapshot: object) -> None:
    window.status_arrived.emit(snapshot)


def _verdicts_may_have_arrived(window: MainWindow, _status: object) -> None:
    window.data_changed.emit("activite")  # a sync pass may have brought the central store's verdicts


def build_shell(settings: Settings, holder: ContextHolder) -> MainWindow:
    """The window's first frame, from the fewest imports and widgets: the header (station, agent), the navigation,
    the status bar and the Établir screen saying the store is opening. The other screens come right after that frame
    (`fill_main_window`), the service screens once the store is open; nothing in the shell takes typed input."""
    s = settings
    # The status bar and the Synchronisation screen render what the workers last pushed; they never read the store.
    feed = StatusFeed(configured=s.demo or bool(s.central_url))
    holder.feed = feed
    establish = _opening_page(
        translate("app", "Établir une procuration"),
        translate("app", "Mandant, mandataire, validité : chaque règle est vérifiée pendant la saisie."),
    )
    # Only the screen shown is in the first frame; the others join the stack right after it (fill_main_window).
    sections = [
        Section(key, label, group, establish if key == "etablir" else None, number)
        for key, label, group, number in _sections(abroad=s.station_kind.abroad)
    ]
    window = MainWindow(
        station_label=f"{s.station_kind.shown_label} — {s.station_name}",
        agent_label=(
            translate("app", "Agent de démonstration ({capacity})").format(
                capacity=(Capacity.CHEF_POSTE if s.station_kind.abroad else Capacity.OPJ).shown_label
            )
            if s.demo
            else ""
        ),
        sections=sections,
        status=feed.snapshot,
        demo=s.demo,
    )
    # From the workers' threads: through the relay to the GUI thread (a test's window may be gone by then).
    feed.subscribe(relay_to(window, _status_arrived))
    return window


def fill_main_window(window: MainWindow, settings: Settings, holder: ContextHolder) -> None:
    """The screens after the shell's first frame; the service screens' arrival once the store is open."""
    for _ in fill_steps(window, settings, holder):
        pass


def fill_steps(window: MainWindow, settings: Settings, holder: ContextHolder) -> Iterator[None]:
    """`fill_main_window` in steps of a few milliseconds (each `yield`): the production start runs them behind the
    login prompt, one per turn of the event loop, while the agent types (`kit.turns.InTurns`)."""
    window.finish()  # first: what the shell's frame left to after it
    yield
    from desktop.views.agent_card_rows import agent_card_text, simulated_card
    from desktop.views.pages import DevicesPage, placeholder_page

    yield
    from desktop.views.sync_view import SyncPage

    yield
    s = settings
    configured = s.demo or bool(s.central_url)
    feed = holder.feed
    assert feed is not None  # made by build_shell

    def sync_status() -> SyncStatus | None:
        return feed.sync_status

    def device_rows() -> list[tuple[str, str]]:
        from desktop.devices.cards.passive_auth import csca_description
        from desktop.devices.registry import reader_mode

        ctx = holder.ctx
        rows = [
            (translate("app", "Poste"), f"{s.station_kind.shown_label} — {s.station_name} ({s.station_code})"),
            (translate("app", "Version de Guichet"), __version__),
        ]
        if ctx is None:
            return [*rows, (translate("app", "État"), translate("app", "Ouverture de la base…"))]
        dev = ctx.devices.snapshot()
        # A real reader's name is not in the catalog and is shown as it is; the simulated one is translated.
        readers = ", ".join(gettext_(name) for name in ctx.reader.readers()) if ctx.reader.available else ""
        return [
            *rows,
            (translate("app", "Lecteur de cartes"), f"{dev.reader_text}" + (f" — {readers}" if readers else "")),
            (  # read here, on the runner: never on the GUI thread
                translate("app", "Liste maîtresse CSCA"),
                csca_description(ctx.reader.csca)
                + (translate("app", " — autorité de test de la démonstration") if reader_mode(s) == "demo" else ""),
            ),
            (
                translate("app", "Imprimante de récépissés"),
                f"{ctx.printer.description} — {dev.printer_detail or dev.printer_text}",
            ),
            (translate("app", "Carte agent"), agent_card_text(ctx.agent_card)),
            (translate("app", "Stockage chiffré"), ctx.key_description),
            (
                translate("app", "Clé de signature des récépissés"),
                translate("app", "identifiant {key}").format(key=ctx.signer.key_id),
            ),
            (translate("app", "Dossier des données"), str(s.data_dir)),
            (
                translate("app", "Répertoire central"),
                s.central_url
                or (translate("app", "local (démonstration)") if s.demo else translate("app", "non configuré")),
            ),
        ]

    # Until the store is open, each service screen says so (its real screen replaces it then).
    revoke = _opening_page(
        translate("app", "Résilier"),
        translate("app", "Retrouvez le mandant : toutes ses procurations sont résiliées ensemble (R-REVOKE-2)."),
    )
    activity = _opening_page(
        translate("app", "Activité du jour"),
        translate("app", "Les actes de ce poste aujourd'hui, leur statut et leur récépissé."),
    )
    search = _opening_page(
        translate("app", "Rechercher"),
        translate("app", "Par numéro national d'électeur, par nom et date de naissance, ou par numéro de récépissé."),
    )

    def sync_now() -> None:
        ctx = holder.ctx
        if ctx is not None and ctx.sync is not None:
            ctx.sync.sync_now()

    yield
    sync_page = SyncPage(
        sync_status, sync_now=sync_now if configured else None, configured=configured, outbox=lambda: feed.outbox
    )
    yield

    def save_language(value: str) -> object:  # on the runner: a small file in the user's own folder
        from desktop.preferences import save_preference

        return save_preference("language", value)

    devices_page = DevicesPage(
        device_rows,
        language=s.language,
        save_language=save_language,
        simulated_card=simulated_card(holder) if s.demo else None,
    )
    yield
    pages: dict[str, QWidget] = {
        "resilier": revoke,
        "rechercher": search,
        "activite": activity,
        "synchronisation": sync_page,
        "appareils": devices_page,
        "agents": placeholder_page(
            translate("app", "Agents"),
            translate("app", "Les comptes des agents de ce poste."),
            translate(
                "app",
                "La gestion des comptes s'ouvre à l'administrateur ou au superviseur connecté "
                "(pas en mode démonstration, où l'agent est fictif).",
            ),
        ),
        "tableau": _opening_page(
            translate("app", "Tableau de bord"), translate("app", "L'activité du poste sur 30 jours.")
        ),
        "a_decider": _opening_page(
            translate("app", "À décider"), translate("app", "Les actes qui attendent un superviseur.")
        ),
        "journal": _opening_page(translate("app", "Journal d'audit"), translate("app", "Qui a fait quoi, et quand.")),
    }
    yield
    if s.station_kind.abroad:  # the consulates' section (`_sections`)
        pages["renouvellements"] = _opening_page(
            translate("app", "Renouvellements"),
            translate("app", "Renouvellement de passeport à distance et identifiants de vote par internet."),
        )
    for key, page in pages.items():
        window.replace_page(key, page)
    yield

    def data_changed(key: str) -> None:  # on the GUI thread
        page = activity_page(window) if key == "activite" else None
        if page is not None:
            page.refresh()

    window.data_changed.connect(data_changed)
    holder.seeded.connect(lambda: window.data_changed.emit("activite"))

    def on_ready() -> None:
        from desktop.views.kit.runner import after_writes, background

        ctx = holder.ctx
        assert ctx is not None
        # The screen the agent is on first, so they can act; the others one per turn of the event loop after it
        # (those the loader prepares after "ready" once `prepared` says so).
        factories, holder.factories = holder.factories or service_page_factories(ctx), None
        first = next((k for k in factories if window.section_index(k) == window.stack.currentIndex()), "etablir")
        window.replace_page(first, factories.pop(first)())
        holder.pending_pages = later = list(factories.items())

        def settle() -> None:
            # The loader's deferred work (the other screens' modules, the wire, python-escpos, reportlab) waits for
            # the first screens on screen: started when they were built, its imports held the GIL while the GUI
            # thread painted them (bench/login_path.py: Établir painted 0.1-0.7 s after it was built, under load).
            if not holder.settled.is_set():
                window.repaint()
                holder.settled.set()

        def build_next() -> None:
            if holder.pending_pages is not later or not later:
                settle()  # nothing left to build, or a change of agent built its own screens meanwhile
                return
            key, make = later.pop(0)
            window.replace_page(key, make())
            if key == "activite":
                follow_activity(window)
            if later:
                QTimer.singleShot(0, window, build_next)  # dropped if the window is closed and deleted meanwhile
            else:
                settle()  # the first screens are built (the others come once the loader has `prepared` them)
                gc.freeze()  # as below, for the screens built after it

        def prepared() -> None:
            if holder.pending_pages is not later:
                return  # a change of agent built its own screens meanwhile
            idle = not later
            later.extend(holder.later.items())
            if idle:
                QTimer.singleShot(0, window, build_next)  # dropped if the window is closed and deleted meanwhile

        holder.prepared.connect(prepared)
        QTimer.singleShot(0, window, build_next)

        from desktop.status import outbox_status

        def count_pending() -> None:  # on a worker thread: at start-up, and after every write through the runner
            ctx.devices.refresh_soon()  # a print may have found the paper out: the status bar says so now, not in 5 s
            feed.outbox_counted(outbox_status(ctx.store))
            if not configured:  # no sync worker to tell the Synchronisation screen: it shows the count itself
                sync_page.bridge.changed.emit(None)

        # Sync status changes arrive on the sync thread: hop to the GUI thread through the page's bridge.
        def follow(worker: SyncWorker) -> None:
            worker.subscribe(sync_page.bridge.changed.emit)
            worker.subscribe(relay_to(window, _verdicts_may_have_arrived))
            worker.subscribe(feed.sync_changed)

            def first() -> None:
                status = worker.status()
                feed.sync_changed(status)
                sync_page.bridge.changed.emit(status)

            background(first)

        ctx.devices.subscribe(feed.devices_changed)
        ctx.agent_card.subscribe(relay_to(devices_page, lambda page, _presence: page.refresh()))
        background(count_pending)
        holder.seeded.connect(lambda: background(count_pending))  # the demo's acts: the loader writes them after ready
        window.destroyed.connect(after_writes(count_pending))
        ctx.on_sync_started(follow)
        devices_page.refresh()
        sync_page.refresh()
        if s.demo:
            from desktop.demo.agents import DEMO_PASSWORD
            from desktop.seat import DemoSeat
            from desktop.views.station_login import install_counter_seat

            install_counter_seat(
                window,
                holder,
                DemoSeat(s),
                hint=translate("app", "Démonstration : le mot de passe est « {password} », ou changez d'agent.").format(
                    password=DEMO_PASSWORD
                ),
            )
        # What start-up built (Qt wrappers, mappers, the screens) lives as long as the window: move it out of the
        # cyclic collector's sight. A full collection stops every thread, the GUI's included, for a time that grows
        # with the objects it scans: 110-215 ms measured during a feed application before this (bench/responsiveness).
        gc.freeze()
        gc.enable()  # `guichet` starts with it disabled (desktop/__main__.py)

    holder.ready.connect(on_ready)
