"""Issue 15: core dumps are off from the start (RLIMIT_CORE = 0, and not dumpable on Linux)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.slow
def test_guichet_turns_core_dumps_off_as_it_starts() -> None:
    """Before: a crash of the counter could write its memory (the database key, personal data) to a core file."""
    code = (
        "import contextlib, resource, sys\n"
        "sys.argv = ['guichet', '--version']\n"
        "from desktop.__main__ import main\n"
        "with contextlib.suppress(SystemExit):\n"
        "    main()\n"
        "assert resource.getrlimit(resource.RLIMIT_CORE) == (0, 0), resource.getrlimit(resource.RLIMIT_CORE)\n"
        "if sys.platform.startswith('linux'):\n"
        "    import ctypes\n"
        "    assert ctypes.CDLL(None).prctl(3, 0, 0, 0, 0) == 0  # PR_GET_DUMPABLE\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
