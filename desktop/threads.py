"""Background threads yield the processor to the GUI thread: they run at a lower OS priority where the OS allows it."""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)
BACKGROUND_NICENESS = 10


def lower_priority() -> None:
    """Lower the calling thread's priority (Linux: niceness is per thread); elsewhere, leave it as it is.

    Called first by every background thread (sync worker, device monitor, the views' runner pool): on a busy
    machine, when a worker lets go of the GIL the scheduler hands the processor to the GUI thread first.
    """
    setpriority = getattr(os, "setpriority", None)
    if setpriority is None or not sys.platform.startswith("linux"):
        return
    try:
        current = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        setpriority(os.PRIO_PROCESS, threading.get_native_id(), min(19, current + BACKGROUND_NICENESS))
    except OSError as exc:  # a sandbox may refuse: the thread then runs at normal priority
        log.debug("thread priority unchanged: %s", exc)
