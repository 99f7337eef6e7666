"""Qt views: windows, forms and item models. The only place (with the print bridge) that imports PySide6."""
