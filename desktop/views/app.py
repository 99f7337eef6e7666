"""Start the desk application: QApplication, theme, the main window over an AppContext; screenshot mode."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.context import AppContext
from desktop.status import outbox_status
from desktop.views.main_window import MainWindow, Section, StatusSnapshot
from desktop.views.pages import DevicesPage, SyncPage, placeholder_page
from desktop.views.theme import apply_theme


def build_main_window(ctx: AppContext) -> MainWindow:
    """Assemble the sections over the context's services."""
    s = ctx.settings

    def online() -> bool | None:
        return None if not s.central_url else False

    def status() -> StatusSnapshot:
        st = outbox_status(ctx.store)
        reader = "simulé" if s.demo else "aucun"
        printer = "simulée" if s.demo else s.receipt_printer
        return StatusSnapshot(
            online=online(), pending=st.pending, reader=reader, reader_ok=s.demo, printer=printer, printer_ok=True
        )

    def device_rows() -> list[tuple[str, str]]:
        return [
            ("Poste", f"{s.station_kind.label} — {s.station_name} ({s.station_code})"),
            ("Lecteur de cartes", "Lecteur simulé (démonstration)" if s.demo else "Aucun lecteur détecté"),
            ("Imprimante de récépissés", "Imprimante simulée (démonstration)" if s.demo else s.receipt_printer),
            ("Stockage chiffré", ctx.key_description),
            ("Dossier des données", str(s.data_dir)),
            ("Répertoire central", s.central_url or "non configuré"),
        ]

    establish = placeholder_page(
        "Établir une procuration",
        "Mandant, mandataire, validité : chaque règle est vérifiée pendant la saisie.",
        "Le formulaire d'établissement n'est pas encore disponible dans cette version.",
    )
    revoke = placeholder_page(
        "Résilier",
        "Retrouvez le mandant : toutes ses procurations sont résiliées ensemble (R-REVOKE-2).",
        "La résiliation n'est pas encore disponible dans cette version.",
    )
    search = placeholder_page(
        "Rechercher",
        "Par numéro national d'électeur, par nom et date de naissance, ou par numéro de récépissé.",
        "La recherche n'est pas encore disponible dans cette version.",
    )
    renewals = placeholder_page(
        "Renouvellements",
        "Renouvellement de passeport à distance et identifiants de vote par internet.",
        "Le suivi des renouvellements n'est pas encore disponible dans cette version.",
    )
    sections = [
        Section("etablir", "Établir une procuration", "Procurations", establish),
        Section("resilier", "Résilier", "Procurations", revoke),
        Section("rechercher", "Rechercher", "Procurations", search),
        Section("renouvellements", "Renouvellements", "Consulat", renewals),
        Section("synchronisation", "Synchronisation", "Poste", SyncPage(lambda: outbox_status(ctx.store), online)),
        Section("appareils", "Appareils", "Poste", DevicesPage(device_rows)),
    ]
    return MainWindow(
        station_label=f"{s.station_kind.label} — {s.station_name}",
        agent_label=f"{ctx.agent_name} ({ctx.agent_capacity})",
        sections=sections,
        status=status,
        demo=s.demo,
    )


def run(ctx: AppContext, *, screenshot: Path | None = None) -> int:
    """Run the event loop; with `screenshot`, render the window once, save it and quit."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Guichet")
    app.setOrganizationName("Ministère de l'Intérieur")
    apply_theme(app)
    window = build_main_window(ctx)
    window.show()
    if screenshot is not None:

        def shoot() -> None:
            window.grab().save(str(screenshot))
            app.quit()

        QTimer.singleShot(0, shoot)
    try:
        return app.exec()
    finally:
        ctx.close()
