"""What the installed-wheel tests run inside the installed package: the checkout guard, the help sweep, the station.

Each script is passed to the installed interpreter with `-I` (no PYTHONPATH, no current folder on the path); the guard
is a `.pth` file of the test venv that makes every process of that venv (the console scripts, the central store a
command starts) refuse, and note, any opening of a file under the checkout or its clean copy.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

FORBIDDEN_ENV = "GUICHET_TEST_FORBIDDEN"  # os.pathsep-separated folders the installed package must not read
FORBIDDEN_LOG_ENV = "GUICHET_TEST_FORBIDDEN_LOG"  # where each refused path is written, one a line

_GUARD = '''"""Test venv only: the installed package may not read the checkout it was built from."""
import os, sys

_roots = tuple(os.path.join(p, "") for p in os.environ.get("GUICHET_TEST_FORBIDDEN", "").split(os.pathsep) if p)
_log = os.environ.get("GUICHET_TEST_FORBIDDEN_LOG", "")
_EVENTS = frozenset({"open", "os.listdir", "os.scandir", "os.chdir", "os.exec", "os.posix_spawn", "subprocess.Popen"})


def _hook(event, args):
    if event not in _EVENTS or not args:
        return
    path = args[0]
    if isinstance(path, (list, tuple)):
        path = path[0] if path else ""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, str):
        return
    full = os.path.join(os.path.abspath(path), "")
    if full.startswith(_roots):
        if _log:
            with open(_log, "a", encoding="utf-8") as out:
                out.write(f"{event} {path}\\n")
        raise PermissionError(13, "checkout unreadable in this test", path)


if _roots:
    sys.addaudithook(_hook)
'''


def install_checkout_guard(python: Path) -> None:
    """Put the guard in the venv's site-packages (a `.pth` line runs at every start of its interpreter)."""
    site = subprocess.run(
        [str(python), "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "_guichet_checkout_guard.py").write_text(_GUARD, encoding="utf-8")
    Path(site, "_guichet_checkout_guard.pth").write_text("import _guichet_checkout_guard\n", encoding="utf-8")


# Every sub-command's --help, in one process of the installed interpreter: `main` of each console script named in
# the arguments (what the script calls), sub-commands found in each usage line (`{a,b} ...`), so that a command
# added later is swept too. Prints {command: [exit code, stdout, stderr]} as JSON.
HELP_SWEEP = r"""
import contextlib, io, json, re, sys

def run(main, argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            import traceback
            traceback.print_exc()
            code = -1
    return code, out.getvalue(), err.getvalue()

def sweep(name, main, prefix, found):
    code, out, err = run(main, [*prefix, "--help"])
    found[" ".join([name, *prefix])] = (code, out, err)
    usage = out.split("\n\n", 1)[0]
    subs = re.search(r"\{([a-z0-9,-]+)\}\s+\.\.\.", usage)
    for sub in (subs.group(1).split(",") if code == 0 and subs else []):
        sweep(name, main, [*prefix, sub], found)

found = {}
if "guichet" in sys.argv[1:]:
    from desktop.__main__ import COMMANDS, main as desk
    sweep("guichet", desk, [], found)
    for command in COMMANDS:
        sweep("guichet", desk, [command], found)
if "guichet-central" in sys.argv[1:]:
    from central.__main__ import main as central
    sweep("guichet-central", central, [], found)
print(json.dumps(found))
"""

# Argparse's own English, which FrenchParser replaces (desktop/cli/french.py).
ARGPARSE_ENGLISH = ("usage:", "show this help message", "positional arguments", "options:", "optional arguments")


def help_faults(helps: dict[str, list[Any]]) -> dict[str, str]:
    """The swept commands whose --help failed, wrote on stderr (a traceback, a warning) or is not French."""
    wrong = {}
    for command, (code, out, err) in helps.items():
        english = [w for w in ARGPARSE_ENGLISH if w in out]
        if code != 0 or err or not out.startswith("Utilisation : ") or "affiche cette aide et quitte" not in out:
            wrong[command] = f"exit {code}: {err[-500:] or out[:200]}"
        elif english:
            wrong[command] = f"English: {english}"
    return wrong


def sweep_processes(
    run: Callable[[list[str]], subprocess.CompletedProcess[str]],
    program: str,
    prefixes: Sequence[list[str]],
    *,
    deeper: bool = True,
) -> dict[str, list[Any]]:
    """HELP_SWEEP for an installed program that has no interpreter of its own to run it (a frozen bundle): one
    process per `--help`, as {command: [exit code, stdout, stderr]}; with `deeper`, the sub-commands' too."""
    found: dict[str, list[Any]] = {}

    def sweep(prefix: list[str]) -> None:
        shown = run([*prefix, "--help"])
        found[" ".join([program, *prefix])] = [shown.returncode, shown.stdout, shown.stderr]
        subs = re.search(r"\{([a-z0-9,-]+)\}\s+\.\.\.", shown.stdout.split("\n\n", 1)[0])
        for sub in subs.group(1).split(",") if deeper and shown.returncode == 0 and subs else []:
            sweep([*prefix, sub])

    for prefix in prefixes:
        sweep(list(prefix))
    return found


# A station's day through the installed package's own services: the demo's procurations established by the desk
# service, the first receipt printed to a PDF file, then the station's sync started against the central store
# (`guichet enrol` gave it credentials, the demo's agents enrolled first) until the central store publishes its
# receipt key. Prints the PDF's path.
STATION_DAY = r"""
import sys, time
from pathlib import Path
import httpx
from sqlalchemy import select
from desktop.context import _enrol_demo_agents, build_context
from desktop.credentials import load_credentials
from desktop.demo.seed import seed_demo_procurations
from desktop.devices.printers.pdf_file import PdfFilePrinter
from desktop.keystore.registry import make_secret_store
from desktop.models import Procuration
from desktop.services.desk import DeskServices
from desktop.settings import load_settings

settings = load_settings(demo=True)
ctx = build_context(settings, defer_demo=True)
try:
    assert seed_demo_procurations(ctx.services()) > 0, "no demo procuration established"
    with ctx.store.read() as s:
        number = s.scalars(select(Procuration.receipt_number).order_by(Procuration.receipt_number)).first()
    printer = PdfFilePrinter(Path(sys.argv[1]))
    outcome = DeskServices(ctx.services(printer=printer)).reprint(number)
    assert outcome.printed, outcome
    credentials = load_credentials(make_secret_store(settings))
    # As the demo does: its agents known to the central store before the first push (central/attribution.py).
    ctx.start_sync(settings.central_url, credentials, before_start=lambda c: _enrol_demo_agents(c, settings))
    deadline = time.monotonic() + 30
    while ctx.signer.key_id not in httpx.get(settings.central_url + "/v1/security/receipt-keys").json()["keys"]:
        assert time.monotonic() < deadline, "the central store never published the station's receipt key"
        time.sleep(0.2)
    print(printer.last_path)
finally:
    ctx.close()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(
    argv: Sequence[str], env: dict[str, str], cwd: Path, log: Path, url: str
) -> Iterator[subprocess.Popen[bytes]]:
    """The installed `guichet-central … serve` until the block ends; it answers GET /v1/time when the block starts."""
    with log.open("wb") as out:
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the installed central store did not answer"
            try:
                if httpx.get(f"{url}/v1/time", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


_FORM_TOKEN = re.compile(r'name="jeton" value="([^"]+)"')


def sign_in(client: httpx.Client, login: str, password: str) -> httpx.Response:
    """The administrators' sign-in form, as a browser fills it (pre-session cookie, the form's token)."""
    form = client.get("/admin/national")
    found = _FORM_TOKEN.search(form.text)
    assert form.status_code == 401 and found, (form.status_code, form.text[:500])
    data = {"jeton": found.group(1), "identifiant": login, "mot_de_passe": password}
    return client.post("/admin/connexion", data=data)


_REFERENCES = re.compile(r'(?:href|src)="([^"]+)"|url\(([^)]+)\)|@import\s+["\']([^"\']+)')


def references(html: str) -> set[str]:
    """What a page asks the browser to fetch or offers to open: links, images, scripts, style sheets, fonts (a link
    to a place in the page itself, « Aller au contenu » for one, fetches nothing)."""
    found = {next(g for g in match.groups() if g) for match in _REFERENCES.finditer(html)}
    return {link for link in found if not link.startswith("#")}
