"""The user's own configuration folder, without importing platformdirs before the window's first frame.

`platformdirs` (a dozen modules, ~2 ms of CPU at every start) stays the answer on Windows, macOS and every case
where the XDG rule below is not plain: only on Linux, with an absolute `XDG_CONFIG_HOME`, or with none and an
absolute `HOME`, does this module answer itself, with what platformdirs answers there
(`tests/test_paths.py` compares both over generated environments).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def xdg_user_config_dir(appname: str) -> str | None:
    """`platformdirs.user_config_dir(appname, appauthor=False)` where the XDG rule is plain; None elsewhere.

    None on any system but Linux, on Android (platformdirs has its own folders there), for a relative
    `XDG_CONFIG_HOME` (platformdirs' releases have not all treated it alike) and for an unset or relative `HOME`
    (platformdirs then asks the password database, or refuses)."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel"):
        return None
    env = os.environ
    if "ANDROID_DATA" in env or "ANDROID_ROOT" in env:
        return None
    config = env.get("XDG_CONFIG_HOME", "")
    if config:
        return os.path.join(config, appname) if config.startswith("/") else None
    home = env.get("HOME", "")
    if not home.startswith("/"):
        return None
    return os.path.join(os.path.expanduser("~/.config"), appname)  # as platformdirs joins them


def user_config_dir(appname: str) -> Path:
    """The user's own configuration folder for `appname` (platformdirs' answer)."""
    plain = xdg_user_config_dir(appname)
    if plain is not None:
        return Path(plain)
    import platformdirs  # Windows, macOS, and the cases above where platformdirs decides

    return Path(platformdirs.user_config_dir(appname, appauthor=False))
