"""The ESC/POS printer profile a station prints with unless its settings name another.

A module of its own: the printer's settings (`devices/printers/registry.py`, read at every start) need the name and
not the renderer, whose import brings the QR code's library and PIL (about 50 ms on a slow machine, on the path to
the first act)."""

DEFAULT_PROFILE = "TM-T88V"
