"""Qt views: windows, forms and item models. The only place (with the print bridge) that imports PySide6."""

from desktop.views.qtimport import lighten_import_hook

lighten_import_hook()  # before any view module is imported: each import after PySide6 is then checked cheaply
