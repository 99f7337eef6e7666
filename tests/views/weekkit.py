"""A week at the counter without a restart: what the process holds, counted between rounds of acts.

`census(window, ...)` counts what one act could leave open: file descriptors (by what they point to), threads (by
name), the window's descendant QObjects (by class), the top-level widgets, the active QTimers, the files in the
process's temp folder and in the data folder, the log handlers, the receivers of the signals an act could connect
to again, the listeners kept in Python lists (the workers' subscribers, the runner's write hooks). `growth(a, b)`
says what grew; the week's test asserts that nothing grows with the rounds.

`NetworkSwitch` puts the station's network down and up under its real HTTP client (the central store keeps
running): a request while down fails as a cable pulled out does (`httpx.ConnectError`).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import SIGNAL, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class NetworkSwitch(httpx.BaseTransport):
    """The station's side of a network cable: `down` makes every request fail before it leaves the machine."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.down = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("network down (test)", request=request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def cut_in(client: httpx.Client) -> NetworkSwitch:
    """The switch between `client` and its connections (the client's own transport stays behind it)."""
    switch = NetworkSwitch(client._transport)
    client._transport = switch
    return switch


def _fd_kind(target: str) -> str:
    if target.startswith(("socket:", "pipe:")):
        return target.split(":", 1)[0]
    if target.startswith("anon_inode:"):
        return target
    if target.startswith("/dev/"):
        return "dev"
    return "file:" + re.sub(r"\d+", "#", Path(target).name)


def open_fds() -> Counter[str]:
    """This process's open descriptors, by kind (socket, pipe, anon_inode:…) or by file name (digits folded)."""
    kinds: Counter[str] = Counter()
    for fd in os.listdir("/proc/self/fd"):
        try:
            kinds[_fd_kind(os.readlink(f"/proc/self/fd/{fd}"))] += 1
        except OSError:  # the listing's own descriptor, closed meanwhile
            continue
    return kinds


def threads() -> Counter[str]:
    """Threads by name (digits folded): Python's, and the OS's count under "os" (Qt's own threads, the pools')."""
    named = Counter(re.sub(r"\d+", "#", t.name) for t in threading.enumerate())
    named["os"] = len(os.listdir("/proc/self/task"))
    return named


def qobjects(root: QObject) -> Counter[str]:
    """`root`'s descendant QObjects, by class (the Python class, else Qt's)."""
    found: Counter[str] = Counter()
    for child in root.findChildren(QObject):
        name = type(child).__name__
        found[name if not name.startswith("Q") else child.metaObject().className()] += 1
    return found


def top_levels() -> Counter[str]:
    """The application's top-level widgets by class (a dialog made without a parent lives on among them)."""
    return Counter(type(w).__name__ for w in QApplication.topLevelWidgets())


def active_timers(roots: Iterable[QObject]) -> int:
    return sum(1 for root in roots for t in root.findChildren(QTimer) if t.isActive())


def files_under(folder: Path, *, skip: Callable[[Path], bool] = lambda _p: False) -> Counter[str]:
    """The files under `folder` by name, digits folded (a receipt per act would count as one name growing)."""
    names: Counter[str] = Counter()
    for path in folder.rglob("*"):
        if path.is_file() and not skip(path):
            names[str(re.sub(r"\d+", "#", str(path.relative_to(folder))))] += 1
    return names


def log_handlers() -> Counter[str]:
    """Handlers of every logger (root included), by logger and class."""
    handlers: Counter[str] = Counter()
    loggers = [
        logging.getLogger(),
        *(v for v in logging.root.manager.loggerDict.values() if isinstance(v, logging.Logger)),
    ]
    for logger in loggers:
        for handler in logger.handlers:
            handlers[f"{logger.name}:{type(handler).__name__}"] += 1
    return handlers


def receivers(signals: dict[str, tuple[QObject, str]]) -> Counter[str]:
    """How many slots each signal runs (`name -> (object, "signature(args)")`)."""
    return Counter({name: obj.receivers(SIGNAL(signature)) for name, (obj, signature) in signals.items()})


def lengths(lists: dict[str, Callable[[], Any]]) -> Counter[str]:
    """The length of each listener list (`name -> getter`)."""
    return Counter({name: len(get()) for name, get in lists.items()})


@dataclass
class Census:
    """One count of everything; each field a Counter of names."""

    parts: dict[str, Counter[str]] = field(default_factory=dict)

    def line(self) -> str:
        return "  ".join(f"{part}={sum(c.values())}" for part, c in self.parts.items())


def census(
    window: QWidget,
    *,
    folders: dict[str, tuple[Path, Callable[[Path], bool]]],
    signals: dict[str, tuple[QObject, str]],
    lists: dict[str, Callable[[], Any]],
) -> Census:
    app = QApplication.instance()
    assert app is not None
    return Census(
        {
            "fds": open_fds(),
            "threads": threads(),
            "window_qobjects": qobjects(window),
            "app_qobjects": Counter(type(o).__name__ for o in app.children()),
            "top_levels": top_levels(),
            "active_timers": Counter({"active": active_timers([window, app])}),
            "log_handlers": log_handlers(),
            "receivers": receivers(signals),
            "listeners": lengths(lists),
            **{name: files_under(folder, skip=skip) for name, (folder, skip) in folders.items()},
        }
    )


def growth(
    before: Census, after: Census, *, margin: int = 0, caps: dict[str, dict[str, int]] | None = None
) -> dict[str, dict[str, int]]:
    """What is more in `after` than in `before` by more than `margin`, part by part, name by name; a name with a cap
    (a pool's connections) grows only past it: a pool opens its connections as the load asks, up to its size."""
    grown: dict[str, dict[str, int]] = {}
    for part, counts in after.parts.items():
        base = before.parts.get(part, Counter())
        cap = (caps or {}).get(part, {})
        more = {
            name: n - base.get(name, 0)
            for name, n in counts.items()
            if n > base.get(name, 0) + margin and n > cap.get(name, 0)
        }
        if more:
            grown[part] = more
    return grown
