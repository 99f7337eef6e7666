"""Process hardening at start: no core dump may write the store's key or personal data to disk (issue 15)."""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)
PR_SET_DUMPABLE = 4  # linux/prctl.h


def disable_core_dumps() -> bool:
    """RLIMIT_CORE = 0 (soft and hard: a child cannot raise it back) and, on Linux, prctl(PR_SET_DUMPABLE, 0), which
    also stops the kernel's core pattern helpers (systemd-coredump, apport) and other processes of the same user
    from reading this one's memory through ptrace or /proc/<pid>/mem. True when both were applied."""
    done = True
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        done = False  # Windows: no core files; WER dumps are an administrator's setting
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
                done = False
        except (OSError, AttributeError):
            done = False
    if not done:
        log.warning("core dumps could not be fully disabled on this system")
    return done
