"""PySide6's import hook made cheap: the same answer, without `inspect` scanning every loaded module.

Once PySide6 is imported, every module imported after it goes through `shibokensupport.feature`: the first time a
module is seen, its source is searched for "PySide6" (does it use Qt? then `from __feature__ import …` may apply to
it). The search goes through `inspect.getsource`, which, for a module, also looks through every module already
loaded (`inspect.getmodule`): the cost of each import grows with the number loaded, about 0.5 s of a demo start for
~950 modules. Here the same question is answered by reading the module's own file (a module with no source file
gets the answer `inspect` gives it: no). Guichet never uses `__feature__`; the answer still stays PySide6's own.

If a PySide6 release changes these private names, nothing is replaced and PySide6's own hook runs unchanged.
"""

from __future__ import annotations

import logging
import os
import sys
from types import ModuleType

import PySide6  # installs the hook (shibokensupport.feature) this module lightens

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
        return False  # tests/views/test_qtimport.py checks the standard library never mentions it
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
