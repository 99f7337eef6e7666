"""The OS's colour scheme and contrast preference as Qt reads them, without PySide6's `Qt` namespace.

PySide6 returns both as `Qt` enums, and the first of those it converts makes all ~140 Python enums of the namespace
(~12 ms of CPU, before the window's first frame when the theme is `systeme`). On Linux, Qt's own const getters are
called through ctypes instead: the same C++ functions PySide6's wrappers call, so the same answer, as Qt's int.
Anywhere else (Windows, macOS: other C++ name mangling, not tried), or if the library or a symbol is not found, or
the value is not one Qt defines, the answer comes through PySide6 as before.
"""

from __future__ import annotations

import sys
from typing import Any

# Qt's values (qnamespace.h: Qt::ColorScheme, Qt::ContrastPreference), part of Qt 6's API.
SCHEME_UNKNOWN, SCHEME_LIGHT, SCHEME_DARK = 0, 1, 2
CONTRAST_NONE, CONTRAST_HIGH = 0, 1

# Qt 6's const getters, Itanium C++ ABI (Linux): `Qt::ColorScheme QStyleHints::colorScheme() const`, ...
COLOR_SCHEME = "_ZNK11QStyleHints11colorSchemeEv"
CONTRAST_PREFERENCE = "_ZNK19QAccessibilityHints18contrastPreferenceEv"


class _QtGui:
    """Qt's GUI library, already loaded by PySide6 (looked up once; never loaded by this module)."""

    tried = False
    lib: Any = None


def _qt_gui() -> Any:
    if not _QtGui.tried:
        _QtGui.tried = True
        if sys.platform.startswith("linux"):
            try:
                import ctypes
                import os

                # RTLD_NOLOAD: the library PySide6 loaded (matched by its soname), or nothing.
                _QtGui.lib = ctypes.CDLL("libQt6Gui.so.6", mode=os.RTLD_NOLOAD)
            except (OSError, AttributeError):
                _QtGui.lib = None
    return _QtGui.lib


def native_int(obj: Any, symbol: str) -> int | None:
    """What Qt's const getter `symbol` (no argument, an int-sized enum returned) says for the C++ object behind
    `obj`; None when it cannot be called here."""
    lib = _qt_gui()
    if lib is None:
        return None
    try:
        import ctypes

        from shiboken6 import Shiboken

        getter = getattr(lib, symbol)
        getter.restype = ctypes.c_int
        getter.argtypes = [ctypes.c_void_p]
        address = Shiboken.getCppPointer(obj)[0]
        return int(getter(address)) if address else None
    except (AttributeError, OSError, TypeError, ValueError, IndexError):
        return None


def color_scheme(hints: Any) -> int:
    """The OS's colour scheme as Qt says it (`QStyleHints.colorScheme()`): SCHEME_UNKNOWN, _LIGHT or _DARK."""
    value = native_int(hints, COLOR_SCHEME)
    if value is not None and value in (SCHEME_UNKNOWN, SCHEME_LIGHT, SCHEME_DARK):
        return value
    return int(hints.colorScheme().value)  # PySide6: makes the `Qt` namespace's enums


def contrast_preference(hints: Any) -> int:
    """The OS's contrast preference as Qt says it (`QStyleHints.accessibility().contrastPreference()`):
    CONTRAST_NONE or CONTRAST_HIGH; CONTRAST_NONE when Qt has no accessibility hints."""
    accessibility = hints.accessibility()  # owned by `hints`, which the caller keeps alive
    if accessibility is None:
        return CONTRAST_NONE
    value = native_int(accessibility, CONTRAST_PREFERENCE)
    if value is not None and value in (CONTRAST_NONE, CONTRAST_HIGH):
        return value
    return int(accessibility.contrastPreference().value)  # PySide6: makes the `Qt` namespace's enums
