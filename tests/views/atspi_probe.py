"""What Orca's own library reads of an application over the AT-SPI bus: run by the system's Python (pyatspi, gi).

Not a test module, nor importable from the tests' venv (no gi there): `atspikit.Reader` starts it as a child and
talks to it over its stdin and stdout, one JSON object a line each way. Requests: ``apps``; ``tree`` (``pid``: the
whole tree of that application, a flat list of nodes; ``shown``: what is on the screen only, quicker); ``do``
(``path``, ``action`` by name: "Press", "SetFocus", "Toggle"…); ``set_text`` (``path``, ``text``: the editable
text's whole content); ``focus`` (``path``, the Component's grabFocus); ``events`` (``wait`` seconds, pumped, then
every event since the last ``events``; ``until``, a kind that ends the wait early). Every object is known by its
D-Bus path, as the bus names it.
"""

from __future__ import annotations

import json
import select
import sys
import time
import traceback

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402
from gi.repository import GLib  # noqa: E402

EVENTS = (
    "object:state-changed:focused",
    "object:announcement",
    "object:property-change:accessible-description",
    "object:property-change:accessible-name",
)
known: dict[str, object] = {}
queued: list[dict[str, object]] = []


def _describe(obj, *, deep: bool) -> dict[str, object]:
    """What a screen reader reads of one object (`deep`: its relations, actions, table headers too)."""
    known[obj.path] = obj
    node: dict[str, object] = {
        "path": obj.path,
        "role": obj.getRoleName(),
        "name": obj.name or "",
        "description": obj.description or "",
        "states": sorted(pyatspi.stateToString(s) for s in obj.getState().getStates()),
        "id": obj.get_accessible_id() or "",
    }
    if not deep:
        return node
    interfaces = list(obj.get_interfaces())
    node["interfaces"] = interfaces
    node["locale"] = obj.get_object_locale() or ""
    relations: dict[str, list[str]] = {}
    for relation in obj.getRelationSet():
        targets = [relation.getTarget(i) for i in range(relation.getNTargets())]
        relations[pyatspi.relationToString(relation.getRelationType())] = [t.path for t in targets if t]
        for target in targets:
            if target is not None:
                known[target.path] = target
    node["relations"] = relations
    if "Action" in interfaces:
        action = obj.queryAction()
        node["actions"] = [action.getName(i) for i in range(action.nActions)]
    if "Table" in interfaces:
        table = obj.queryTable()
        headers = []
        for column in range(table.nColumns):
            header = table.getColumnHeader(column)
            headers.append(header.name if header is not None else "")
        node["columns"] = headers
        node["rows"] = table.nRows
    return node


def _pid(app) -> int:
    """The process of an application on the bus; 0 for one that has just left it (a closed demo)."""
    try:
        return int(app.get_process_id()) if app is not None else 0
    except Exception:
        return 0


def _tree(pid: int, *, shown: bool = False) -> list[dict[str, object]]:
    """Every object of the application `pid`, a flat list; `shown`: only what is on the screen, read shallowly."""
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if _pid(app) == pid:
            break
    else:
        return []
    nodes: list[dict[str, object]] = []

    def walk(obj, parent: str, depth: int) -> None:
        node = _describe(obj, deep=not shown)
        node["parent"], node["depth"] = parent, depth
        nodes.append(node)
        if shown and "showing" not in node["states"]:  # type: ignore[operator]
            return
        for child_index in range(obj.childCount):
            child = obj.getChildAtIndex(child_index)
            if child is not None:
                walk(child, obj.path, depth + 1)

    walk(app, "", 0)
    return nodes


def _windows(pid: int) -> list[dict[str, object]]:
    desktop = pyatspi.Registry.getDesktop(0)
    apps = [desktop.getChildAtIndex(i) for i in range(desktop.childCount)]
    return [_describe(w, deep=False) for app in apps if _pid(app) == pid for w in app]


def _on_event(event) -> None:
    source = event.source
    try:
        described = _describe(source, deep=False) if source is not None else {}
    except Exception:  # an object destroyed since: its event still counts, unnamed
        described = {}
    kind = event.type if isinstance(event.type, str) else str(event.type)
    queued.append({"type": kind, "detail1": event.detail1, "any_data": _plain(event.any_data), "source": described})


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _pump(seconds: float, until: str = "") -> None:
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        if until and any(until in str(e["type"]) for e in queued):
            return
        time.sleep(0.01)


def _answer(request: dict[str, object]) -> object:
    command = request["cmd"]
    if command == "apps":
        desktop = pyatspi.Registry.getDesktop(0)
        apps = (desktop.getChildAtIndex(i) for i in range(desktop.childCount))
        return [{"name": a.name, "pid": _pid(a)} for a in apps if _pid(a)]
    if command == "tree":
        return _tree(int(request["pid"]), shown=bool(request.get("shown")))  # type: ignore[call-overload]
    if command == "windows":  # the application's windows' titles (its top-level objects), read at once
        return [w["name"] for w in _windows(int(request["pid"]))]  # type: ignore[call-overload]
    if command == "events":
        _pump(float(request.get("wait", 0.0)), str(request.get("until", "")))  # type: ignore[arg-type]
        got = list(queued)
        queued.clear()
        return got
    obj = known[str(request["path"])]
    if command == "do":
        action = obj.queryAction()
        names = [action.getName(i) for i in range(action.nActions)]
        return action.doAction(names.index(str(request["action"])))
    if command == "set_text":
        return obj.queryEditableText().setTextContents(str(request["text"]))
    if command == "text":  # what the field holds, as a reader reads it
        return obj.queryText().getText(0, -1)
    if command == "focus":
        return obj.queryComponent().grabFocus()
    raise ValueError(f"unknown request {command!r}")


def main() -> None:
    for kind in EVENTS:
        pyatspi.Registry.registerEventListener(_on_event, kind)
    print(json.dumps({"ready": True}), flush=True)
    while True:
        _pump(0.0)
        readable, _, _ = select.select([sys.stdin], [], [], 0.02)
        if not readable:
            continue
        line = sys.stdin.readline()
        if not line:
            return
        try:
            reply: dict[str, object] = {"ok": _answer(json.loads(line))}
        except Exception as exc:
            reply = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
        print(json.dumps(reply, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
