"""The start-up path: PySide6's import scan answered cheaply, the services made on the loader thread, the login's
parts prepared off the GUI thread."""

from __future__ import annotations

import importlib
import inspect
import os
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot

import desktop.views  # noqa: F401  # the package lightens the hook on import
from desktop.settings import Settings, load_settings
from desktop.views import loading
from desktop.views.loading import ContextHolder, LoginPreparation
from desktop.views.qtimport import source_mentions_pyside


def _settings(tmp_path: Path) -> Settings:
    return load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path / "data")


def test_the_import_scan_is_ours_once_the_views_are_imported() -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is source_mentions_pyside


@pytest.mark.parametrize(
    "name",
    [
        "desktop.views.main_window",
        "desktop.rules.terms",
        "desktop.settings",
        "json",
        "sys",
        "argparse",
        "PySide6.QtCore",
        "pytestqt.qtbot",  # mentions PySide6, outside the standard library
    ],
)
def test_the_scan_gives_pysides_own_answer(name: str) -> None:
    module = importlib.import_module(name)
    try:
        expected = "PySide6" in inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        expected = False
    assert source_mentions_pyside(module) is expected


def test_no_module_of_the_standard_library_mentions_pyside() -> None:
    """What lets the scan answer for the standard library's modules without reading them."""
    import os

    stdlib = Path(os.__file__).parent
    mentions = [
        p
        for p in stdlib.rglob("*.py")
        if "-packages" not in p.relative_to(stdlib).parts[0] and b"PySide6" in p.read_bytes()
    ]
    assert mentions == []


def test_the_scan_of_a_vanished_file_says_no(tmp_path: Path) -> None:
    source = tmp_path / "gone_module.py"
    source.write_text("import PySide6\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("gone_module", source)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    assert source_mentions_pyside(module) is True
    source.unlink()
    assert source_mentions_pyside(module) is False


@pytest.mark.skipif(not hasattr(sys, "getdlopenflags"), reason="dlopen flags: Unix only")
def test_qt_is_imported_with_lazy_binding_and_pythons_flags_come_back(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.views import qtimport

    before = sys.getdlopenflags()
    seen: list[tuple[str, int]] = []

    def record(name: str) -> object:
        seen.append((name, sys.getdlopenflags()))
        return sys.modules[name]

    monkeypatch.setattr(qtimport.importlib, "import_module", record)
    qtimport.import_qt()
    assert [name for name, _ in seen] == list(qtimport.QT_MODULES)
    for _name, flags in seen:
        assert flags & os.RTLD_LAZY and not flags & os.RTLD_NOW
        assert flags & ~(os.RTLD_LAZY | os.RTLD_NOW) == before & ~(os.RTLD_LAZY | os.RTLD_NOW)  # the others kept
    assert sys.getdlopenflags() == before


@pytest.mark.skipif(not hasattr(sys, "getdlopenflags"), reason="dlopen flags: Unix only")
def test_a_failed_qt_import_still_gives_python_its_flags_back(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.views import qtimport

    before = sys.getdlopenflags()

    def refuse(name: str) -> object:
        raise ImportError(f"libQt6Gui.so.6: cannot open shared object file ({name})")

    monkeypatch.setattr(qtimport.importlib, "import_module", refuse)
    with pytest.raises(ImportError):
        qtimport.import_qt()
    assert sys.getdlopenflags() == before


def test_without_dlopen_flags_qt_is_imported_as_python_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no dlopen: the same modules, imported plainly."""
    from desktop.views import qtimport

    monkeypatch.delattr(sys, "getdlopenflags", raising=False)
    seen: list[str] = []
    monkeypatch.setattr(qtimport.importlib, "import_module", lambda name: seen.append(name) or sys.modules[name])
    qtimport.import_qt()
    assert seen == list(qtimport.QT_MODULES)


@pytest.mark.slow
def test_the_views_run_on_the_lazily_bound_qt_in_a_fresh_process() -> None:
    """A fresh interpreter: the views' import binds Qt lazily, gives Python its flags back, and Qt then works."""
    import subprocess

    code = (
        "import os, sys; before = sys.getdlopenflags(); import desktop.views; "
        "assert sys.getdlopenflags() == before, sys.getdlopenflags(); "
        "from PySide6.QtWidgets import QApplication, QLabel; app = QApplication([]); "
        "label = QLabel('Procurations'); label.show(); assert not label.grab().isNull(); print('ok')"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_the_loader_makes_the_first_screens_services_before_ready_and_the_others_after(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop.context

    class Ctx:
        def close(self) -> None:
            pass

    asked: list[tuple[tuple[str, ...], str, bool]] = []

    class Screens:
        def __init__(self, _ctx: object) -> None:
            pass

        def factories(self, keys: tuple[str, ...]) -> dict[str, object]:
            asked.append((keys, threading.current_thread().name, holder.settled.is_set()))
            return dict.fromkeys(keys)

    monkeypatch.setattr(desktop.context, "build_context", lambda *_a, **_k: Ctx())
    monkeypatch.setattr(loading, "ServiceScreens", Screens)
    holder = ContextHolder()
    warmed: list[bool] = []
    holder.warmed.connect(lambda: warmed.append(True))  # may land in the same turn as `prepared`
    with qtbot.waitSignal(holder.ready, timeout=20_000):
        holder.load(_settings(tmp_path))
    assert holder.factories == {"etablir": None}  # made on the loader thread, with the context
    assert asked == [(loading.FIRST_SCREENS, asked[0][1], False)]
    assert asked[0][1] != threading.main_thread().name
    with qtbot.waitSignal(holder.prepared, timeout=20_000):
        holder.settled.set()  # the first screen is up: the others' modules may be imported now
    assert set(holder.later) == set(loading.SERVICE_SCREENS) - set(loading.FIRST_SCREENS)
    assert asked[1][2]  # only once settled
    qtbot.waitUntil(lambda: bool(warmed), timeout=60_000)  # the first receipt's imports, off the GUI thread
    assert "desktop.receipts.pdf" in sys.modules and "escpos.printer" in sys.modules
    assert "desktop.sync.wire" in sys.modules  # the first act's outbox body


def test_the_loader_waits_for_the_modules_imported_ahead(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`import_ahead` (while the password is checked) and the loader never import the same modules at once."""
    import desktop.context

    opened: list[bool] = []

    def refuse(*_a: object, **_k: object) -> None:
        opened.append(True)
        raise RuntimeError("no store in this test")

    monkeypatch.setattr(desktop.context, "build_context", refuse)
    holder = ContextHolder()
    failed: list[str] = []
    holder.failed.connect(failed.append)
    with loading._ahead:  # modules being imported ahead
        holder.load(_settings(tmp_path))
        qtbot.wait(300)
        assert opened == []
    qtbot.waitUntil(lambda: bool(failed), timeout=20_000)
    assert opened == [True]


# What the loader does before "ready" in the demo, in a new interpreter: the context and the first screen's services.
BEFORE_READY = """
import sys
from desktop.demo import demo_folder
from desktop.settings import load_settings
from desktop.context import build_context
from desktop.views.loading import FIRST_SCREENS, ServiceScreens
with demo_folder() as folder:
    ctx = build_context(load_settings(demo=True, data_dir=folder), defer_demo=True)
    ServiceScreens(ctx).factories(FIRST_SCREENS)
    print(sorted(m for m in ("desktop.sync.wire", "pydantic") if m in sys.modules))
    ctx.close()
"""


@pytest.mark.slow
def test_the_store_is_ready_without_the_sync_wire() -> None:
    """The wire's pydantic models (0.18 s of imports on a slow machine) come after "ready", on the loader thread:
    the services that build outbox bodies import them when they build one, and only name kinds before."""
    import os
    import subprocess

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", BEFORE_READY], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_login_is_prepared_off_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.orm import configure_mappers

    import desktop.auth
    from desktop.auth import StationAuth

    configured: list[str] = []
    real = desktop.auth.configure_mappers
    monkeypatch.setattr(desktop.auth, "configure_mappers", lambda: configured.append(threading.current_thread().name))
    urls: list[str] = []
    real_url = desktop.auth.make_url
    monkeypatch.setattr(desktop.auth, "make_url", lambda url: urls.append(url) or real_url(url))
    preparation = LoginPreparation()
    with qtbot.waitSignal(preparation.done, timeout=20_000):
        preparation.start(_settings(tmp_path))
    assert isinstance(preparation.auth, StationAuth)
    assert preparation.auth.needs_setup  # a new station: the first set-up's dialog will be asked for
    # The models' mappers too, which the first login's session would configure after the password.
    assert len(configured) == 1 and configured[0] != threading.main_thread().name
    assert urls == ["sqlite://"]  # and the SQLite dialect the store's engine loads (its driver module with the GIL)
    assert real is configure_mappers  # SQLAlchemy's own


def test_a_failed_preparation_still_says_done(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.auth

    def refuse(_settings: Settings) -> None:
        raise OSError("no such folder")

    monkeypatch.setattr(desktop.auth, "StationAuth", refuse)
    preparation = LoginPreparation()
    with qtbot.waitSignal(preparation.done, timeout=20_000):
        preparation.start(_settings(tmp_path))
    assert preparation.auth is None  # the GUI thread makes it, and meets the error where it always did


def test_guichet_starts_with_the_cyclic_collector_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import desktop.__main__ as entry

    seen: list[bool] = []
    monkeypatch.setattr(entry, "_app", lambda _args: seen.append(gc.isenabled()) or 0)
    monkeypatch.setattr("desktop.hardening.disable_core_dumps", lambda: None)
    monkeypatch.setattr(sys, "argv", ["guichet", "--demo"])
    try:
        assert entry.main() == 0
        assert seen == [False]  # a real start: the window enables it again (below)
        gc.enable()
        assert entry.main(["--demo"]) == 0
        assert seen[-1] is True  # a caller's own process (tests) is left alone
        # A support command (card, receipt, ...) runs with the collector on, as before.
        monkeypatch.setitem(entry.COMMANDS, "essai", ("tests_fake_command", "essai"))
        monkeypatch.setitem(
            sys.modules, "tests_fake_command", SimpleNamespace(main=lambda _argv: 0 if gc.isenabled() else 5)
        )
        monkeypatch.setattr(sys, "argv", ["guichet", "essai"])
        assert entry.main() == 0
    finally:
        gc.enable()


def test_the_collector_is_enabled_again_once_the_first_screen_is_built(qtbot: QtBot, tmp_path: Path) -> None:
    import gc

    from desktop.context import build_context
    from desktop.views.app import build_main_window

    settings = load_settings(
        config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path / "data", card_reader="simule"
    )
    ctx = build_context(settings)
    gc.disable()
    try:
        holder = ContextHolder()
        window = build_main_window(settings, holder)
        qtbot.addWidget(window)
        assert not gc.isenabled()
        holder.ctx = ctx
        holder.ready.emit()
        assert gc.isenabled()
    finally:
        gc.enable()
        ctx.close()


def test_the_shell_says_the_store_is_opening_and_takes_no_typed_input(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTextEdit

    from desktop.views.app import build_shell

    window = build_shell(_settings(tmp_path), ContextHolder())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    typed = (QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox)
    assert [w for kind in typed for w in window.findChildren(kind)] == []
    assert window.current_key() == "etablir"
    texts = [label.text() for label in window.stack.currentWidget().findChildren(QLabel)]
    assert "Ouverture de la base…" in texts and "Établir une procuration" in texts
    assert window.pending_label.text() == "Ouverture de la base…"


def test_the_prompt_shows_at_once_only_on_a_station_set_up_with_nothing_to_trade_first(tmp_path: Path) -> None:
    from desktop.station_files import SLOT_FILE, TOKEN_FILE
    from desktop.views.loading import prompt_at_once

    settings = _settings(tmp_path)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    assert not prompt_at_once(settings)  # a new station: the first set-up's dialog, once the services say so
    settings.database_path.with_name(SLOT_FILE).write_text("{}", encoding="utf-8")
    assert prompt_at_once(settings)
    (settings.data_dir / TOKEN_FILE).write_text("gen_jeton", encoding="utf-8")
    assert prompt_at_once(settings)  # no central store configured: the token is not traded
    assert not prompt_at_once(settings._replace(central_url="https://central.example"))  # the enrolment first
    assert not prompt_at_once(settings._replace(demo=True))
