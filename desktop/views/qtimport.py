"""PySide6's import hook made cheap: the same answer, without `inspect` scanning every loaded module.

Once PySide6 is imported, every module imported after it goes through `shibokensupport.feature`: the first time a
module is seen, its source is searched for "PySide6" (does it use Qt? then `from __feature__ import …` may apply to
it). The search goes through `inspect.getsource`, which, for a module, also looks through every module already
loaded (`inspect.getmodule`): the cost of each import grows with the number loaded, about 0.5 s of a demo start for
~950 modules. Here the same question is answered by reading the module's own file (a module with no source file
gets the answer `inspect` gives it: no). Guichet never uses `__feature__`; the answer still stays PySide6's own.

If a PySide6 release changes these private names, nothing is replaced and PySide6's own hook runs unchanged.

**Qt's libraries bound lazily.** Python opens an extension module with ``RTLD_NOW``: every symbol of the libraries it
brings (Qt Core, Gui, Widgets, PySide6's and shiboken's own) is resolved before the import returns, most of them
functions Guichet never calls. `import_qt` opens PySide6 and its three modules with ``RTLD_LAZY`` instead (each
function's symbol resolved at its first call, as for any program the dynamic linker starts), then gives Python its
flags back: 2-4 ms less before the window's first frame on a ~100 ms bare PySide6 window (docs/PERFORMANCE.md). What
``RTLD_NOW`` would have caught at import (a symbol missing from a mismatched Qt) would stop the process at that
function's first call instead; the wheel and the bundle ship one consistent PySide6. ``LD_BIND_NOW`` set in the
environment restores eager binding. Neither mode changes what is writable after relocation (RELRO is the linker's).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from types import ModuleType

# The modules every view needs, imported here (and bound lazily) before any view module asks for them.
QT_MODULES = ("PySide6", "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")


def import_qt(modules: tuple[str, ...] = QT_MODULES) -> None:
    """Import `modules` with the dynamic linker's lazy binding (Unix), Python's own flags restored whatever happens."""
    flags = getattr(sys, "getdlopenflags", None)
    if flags is None:  # Windows: no dlopen, no flags
        for name in modules:
            importlib.import_module(name)
        return
    before = flags()
    sys.setdlopenflags((before & ~os.RTLD_NOW) | os.RTLD_LAZY)
    try:
        for name in modules:
            importlib.import_module(name)
    finally:
        sys.setdlopenflags(before)


import_qt()

import PySide6  # noqa: E402  # imported just above: installs the hook (shibokensupport.feature) this module lightens

log = logging.getLogger(__name__)

_MARK = b"PySide6"
# The standard library's own folder (`os` lives there): none of its sources mentions PySide6, so its modules (half of
# those imported before the window's first frame) get the answer without their file being read.
_STDLIB = os.path.dirname(os.__file__) + os.sep


def source_mentions_pyside(module: ModuleType) -> bool:
    """Whether the module's source file mentions PySide6: `_mod_uses_pyside`'s answer, read from the file alone."""
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) or getattr(module, "__file__", None)
    if not isinstance(origin, str) or not origin.endswith(".py"):
        return False  # built-in, extension or bytecode only: `inspect.getsource` has no source to read either
    if origin.startswith(_STDLIB) and "-packages" not in origin[len(_STDLIB) :]:
        return False  # tests/views/test_startup_path.py checks the standard library never mentions it
    try:
        with open(origin, "rb") as source:
            return _MARK in source.read()
    except OSError:
        return False


def lighten_import_hook() -> bool:
    """Replace PySide6's module scan by `source_mentions_pyside`; False when this PySide6 has no such scan."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        log.info("PySide6 %s: no import scan to lighten", PySide6.__version__)
        return False
    setattr(feature, "_mod_uses_pyside", source_mentions_pyside)  # noqa: B010 (a private name, checked above)
    return True
