"""Issue 15: core dumps are off from the start (RLIMIT_CORE = 0, and not dumpable on Linux)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.slow
def test_a_started_process_cannot_dump_core() -> None:
    code = (
        "import resource, sys\n"
        "from desktop.hardening import disable_core_dumps\n"
        "assert disable_core_dumps()\n"
        "assert resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)\n"
        "if sys.platform.startswith('linux'):\n"
        "    import ctypes\n"
        "    assert ctypes.CDLL(None).prctl(3, 0, 0, 0, 0) == 0  # PR_GET_DUMPABLE\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
