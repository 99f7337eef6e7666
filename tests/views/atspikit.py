"""A desk seen by a screen reader's own library: Xvfb, a private D-Bus session, the AT-SPI bus, the demo, pyatspi.

`Desk` starts the display and both buses once; `Desk.open_app()` starts `guichet --demo` in a language and gives a
`Reader`: the system's Python running `atspi_probe.py` (pyatspi is Debian's `python3-pyatspi`, which Orca uses;
the tests' venv cannot import gi), asked over a pipe. Nothing here imports Qt: what is read is what went over the bus.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
PROBE = Path(__file__).with_name("atspi_probe.py")
ROOT = Path(__file__).resolve().parents[2]


def missing() -> str:
    """Why this machine cannot run the reader (empty when it can): `make system` installs all of it."""
    for tool in ("Xvfb", "dbus-daemon", "xdotool", "xwd"):
        if shutil.which(tool) is None:
            return f"{tool} absent (make system)"
    if not Path(BUS_LAUNCHER).exists():
        return "at-spi2-core absent (make system)"
    check = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0'); import pyatspi"],
        capture_output=True,
        check=False,
    )
    return "" if check.returncode == 0 else "python3-pyatspi absent (make system)"


@dataclass
class Node:
    """One accessible object as the bus gives it."""

    path: str
    role: str
    name: str
    description: str
    states: frozenset[str]
    id: str
    parent: str = ""
    depth: int = 0
    relations: dict[str, list[str]] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)
    interfaces: list[str] = field(default_factory=list)
    locale: str = ""
    columns: list[str] = field(default_factory=list)
    rows: int = 0

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Node:
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        known["states"] = frozenset(raw.get("states", ()))
        return cls(**known)

    @property
    def showing(self) -> bool:
        return "showing" in self.states

    @property
    def focusable(self) -> bool:
        return "focusable" in self.states and "enabled" in self.states

    def __str__(self) -> str:
        return f"[{self.role}] {self.name!r} ({self.id.rsplit('.', 2)[-2:] if self.id else ''})"


class Tree:
    """An application's whole accessible tree, read at one moment."""

    def __init__(self, nodes: list[Node]) -> None:
        self.nodes = nodes
        self.by_path = {n.path: n for n in nodes}

    def parent(self, node: Node) -> Node | None:
        return self.by_path.get(node.parent)

    def ancestors(self, node: Node) -> Iterator[Node]:
        up = self.parent(node)
        while up is not None:
            yield up
            up = self.parent(up)

    def shown(self) -> list[Node]:
        """What is on the screen: showing, and every ancestor too (Qt says `showing` of a hidden page's child)."""
        return [n for n in self.nodes if n.showing and all(a.showing for a in self.ancestors(n))]

    def find(self, role: str, name: str, *, shown: bool = True) -> Node:
        found = [n for n in (self.shown() if shown else self.nodes) if n.role == role and n.name == name]
        assert found, f"no {role} named {name!r} on the bus"
        return found[0]

    def targets(self, node: Node, relation: str) -> list[Node]:
        return [self.by_path[p] for p in node.relations.get(relation, []) if p in self.by_path]

    def focused(self) -> Node | None:
        found = [n for n in self.shown() if "focused" in n.states and n.role not in ("list item", "table cell")]
        return found[-1] if found else None


class Reader:
    """The probe process: pyatspi in the system's Python, one request a line."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, str(PROBE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
            encoding="utf-8",
        )
        assert self._line() == {"ready": True}

    def _line(self) -> Any:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, f"the AT-SPI probe ended ({self.process.poll()})"
        return json.loads(line)

    def ask(self, cmd: str, **args: Any) -> Any:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"cmd": cmd, **args}) + "\n")
        self.process.stdin.flush()
        reply = self._line()
        assert "error" not in reply, reply
        return reply["ok"]

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class App:
    """One `guichet --demo` on the desk, read through the probe, typed into through the X server (xdotool)."""

    def __init__(
        self, process: subprocess.Popen[bytes], reader: Reader, language: str, log: Path, env: dict[str, str]
    ) -> None:
        self.process, self.reader, self.language, self.log, self.env = process, reader, language, log, env
        self.opening: list[dict[str, Any]] = []  # what was said while it opened
        self.first: Tree | None = None  # the whole tree once it opened (a read takes seconds)

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, check=True)
        return done.stdout

    def activate(self) -> None:
        """Give the main window the keyboard, as a window manager does when a dialog closes (Xvfb has none)."""
        windows = self.xdotool("search", "--pid", str(self.process.pid), "--name", "Guichet").split()
        for window in windows:  # the first may be one never shown (the frozen bundle's: windowfocus refuses it)
            focused = subprocess.run(["xdotool", "windowfocus", "--sync", window], env=self.env, capture_output=True)
            if focused.returncode == 0:
                return
        raise AssertionError(f"no window of guichet takes the keyboard: {windows}")

    def screenshot(self, target: Path) -> Path:
        """The whole screen as a PNG (xwd's dump, read here: no ImageMagick needed)."""
        dump = subprocess.run(["xwd", "-root", "-silent"], env=self.env, capture_output=True, check=True).stdout
        return write_xwd_as_png(dump, target)

    def keys(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "40", *keys)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "20", text)

    def focus_after(self, act: Callable[[], object], *, wait: float = 3.0) -> tuple[dict[str, Any], list[Any]]:
        """What gets the focus once `act` is done, as a reader is told it (the last object said focused), and
        every event on the way."""
        self.events()
        act()
        seen = self.events(wait=wait, until="object:state-changed:focused")
        seen += self.events(wait=0.25)  # a focus passed on at once (a page, then its first field)
        focused = [e["source"] for e in seen if e["type"].endswith(":focused") and e["detail1"] == 1]
        assert focused, f"nothing got the focus: {seen}"
        return dict(focused[-1]), seen

    def tree(self, *, shown: bool = False) -> Tree:
        """The whole tree (relations, actions, table headers too: seconds), or what is `shown` only (quicker)."""
        return Tree([Node.of(raw) for raw in self.reader.ask("tree", pid=self.process.pid, shown=shown)])

    def wait_for(self, what: Callable[[Tree], Any], *, timeout: float = 20.0, why: str = "") -> Any:
        """Read what is shown until `what` gives something (the app answers on its own time)."""
        end = time.monotonic() + timeout
        while True:
            assert self.process.poll() is None, f"guichet ended ({self.process.returncode}): {self.log.read_text()}"
            tree = self.tree(shown=True)
            got = what(tree)
            if got:
                return got
            assert time.monotonic() < end, f"not seen over AT-SPI in {timeout} s: {why}"
            time.sleep(0.2)

    def do(self, node: Node, action: str) -> None:
        assert self.reader.ask("do", path=node.path, action=action), (node, action)

    def set_text(self, node: Node, text: str) -> None:
        assert self.reader.ask("set_text", path=node.path, text=text), node

    def focus(self, node: Node) -> None:
        self.reader.ask("focus", path=node.path)

    def events(self, *, wait: float = 0.0, until: str = "") -> list[dict[str, Any]]:
        return list(self.reader.ask("events", wait=wait, until=until))

    def close(self) -> None:
        self.reader.close()
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Desk:
    """Xvfb on a free display, a private session bus and its AT-SPI bus, in a throw-away folder."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="guichet-atspi-"))
        self.processes: list[subprocess.Popen[bytes]] = []
        runtime = self.folder / "run"
        runtime.mkdir(mode=0o700)
        read, write = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x900x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(xvfb)
        os.close(write)
        with os.fdopen(read) as displayfd:
            self.display = ":" + displayfd.readline().strip()
        self.env = {
            **os.environ,
            "DISPLAY": self.display,
            "XDG_RUNTIME_DIR": str(runtime),
            "NO_AT_BRIDGE": "0",
        }
        self.env.pop("QT_QPA_PLATFORM", None)
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self.env,
        )
        self.processes.append(bus)
        assert bus.stdout is not None
        self.env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
        launcher = subprocess.Popen(
            [BUS_LAUNCHER, "--launch-immediately"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.processes.append(launcher)

    def open_app(self, language: str, *, command: list[str] | None = None, **settings: str) -> App:
        """`guichet --demo` from this checkout (or `command`: an installed bundle's), its screens in `language`,
        accessibility on over the bus."""
        home = Path(tempfile.mkdtemp(prefix=f"app-{language}-", dir=self.folder))
        env = {
            **self.env,
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "QT_ACCESSIBILITY": "1",
            "XDG_CONFIG_HOME": str(home / "config"),
            "GUICHET_DATA_DIR": str(home / "data"),
            "GUICHET_LANGUAGE": language,
            "PYTHONPATH": str(ROOT),
            "TMPDIR": str(home),  # the demo's own folder, and its central store's, in ours
            **{f"GUICHET_{k.upper()}": v for k, v in settings.items()},
        }
        log = home / "guichet.log"
        with log.open("wb") as out:
            # Its own process group: the demo's central store is a child of its own, which a SIGTERM of the
            # application alone leaves running.
            process = subprocess.Popen(
                command or [sys.executable, "-m", "desktop", "--demo"],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        return App(process, Reader(self.env), language, log, self.env)

    def close(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def write_xwd_as_png(dump: bytes, target: Path) -> Path:
    """An X window dump of a 24-bit TrueColor screen (ZPixmap, 32 bits a pixel) written as a PNG."""
    from PIL import Image

    header = struct.unpack(">25I", dump[:100])
    header_size, width, height, bytes_per_line, ncolors = header[0], header[4], header[5], header[12], header[19]
    start = header_size + ncolors * 12
    order = "BGRX" if header[7] == 0 else "XRGB"  # byte_order: LSBFirst writes blue first
    image = Image.frombuffer("RGB", (width, height), dump[start:], "raw", order, bytes_per_line, 1)
    image.save(target)
    return target
