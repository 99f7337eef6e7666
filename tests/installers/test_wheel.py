"""The wheel alone: built, installed from the counter lock into an empty venv outside the checkout, run; then central.

The counter's wheel must not pull the server stack; `guichet[central]` (central lock) adds it. The demo starts its
embedded central store as `python -m central`, which fails with only the counter installed: the window then opens
offline, and must not crash.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from dataclasses import dataclass, replace
from email.message import Message
from email.parser import Parser
from pathlib import Path
from typing import Any

import httpx
import pytest
from installedkit import (
    FORBIDDEN_ENV,
    FORBIDDEN_LOG_ENV,
    HELP_SWEEP,
    STATION_DAY,
    free_port,
    help_faults,
    install_checkout_guard,
    references,
    serving,
    sign_in,
)

from .conftest import ROOT, app_env, assert_real_screenshot

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

SERVER_STACK = ("fastapi", "uvicorn", "psycopg")
TRANSLATION_SOURCES = (".ts", ".po", ".pot")  # compiled to .qm and .mo, which ship


def _pip(python: Path, *args: str) -> None:
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _clean_copy(target: Path) -> list[str]:
    """The tree as a clone has it: the files git tracks (and new ones it does not ignore), nothing `make venv` built
    (session 29: a wheel built from a clean clone had no compiled translations, and English fell back to French).
    Returns the names copied."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    copied = []
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
            copied.append(name)
    return copied


def _build_wheel(tree: Path, out: Path) -> Path:
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out)]
    subprocess.run([*command, str(tree)], check=True, capture_output=True, timeout=300)
    (wheel,) = out.glob("guichet-*.whl")
    return wheel


def _wheel_from_sdist(tmp_path: Path) -> list[str]:
    """The names in a wheel built from the sdist of a fresh clean copy (no egg-info of an earlier build in it)."""
    tree = tmp_path / "sdist-clone"
    _clean_copy(tree)
    sdist = tmp_path / "sdist"
    build = "import sys, setuptools.build_meta as b; print(b.build_sdist(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", build, str(sdist)], cwd=tree, check=True, capture_output=True, timeout=300)
    (archive,) = sdist.glob("guichet-*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(sdist, filter="data")
    with zipfile.ZipFile(_build_wheel(sdist / archive.name.removesuffix(".tar.gz"), tmp_path / "sdist-wheel")) as w:
        return w.namelist()


def _packaged(names: list[str]) -> list[str]:
    return sorted(n for n in names if ".dist-info/" not in n)


@dataclass
class Installed:
    """The wheel built once from a clean copy, installed in a venv outside the checkout (counter lock first)."""

    wheel: Path
    names: list[str]
    sources: list[str]  # the clean copy's files under desktop/ and central/
    metadata: Message
    python: Path
    bin_dir: Path
    folder: Path  # the runs' home, data and temporary folders, and their working folder
    env: dict[str, str]
    forbidden_log: Path
    central: bool = False

    def run(self, *args: str, stdin: str | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, capture_output=True, text=True, env=self.env, timeout=timeout, cwd=self.folder, input=stdin
        )

    def guichet(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.bin_dir / "guichet"), *args, stdin=stdin)

    def central_cli(self, database: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.bin_dir / "guichet-central"), "--database", database, *args, stdin=stdin)

    def read_forbidden(self) -> list[str]:
        """What a process of the venv tried to read from the checkout (nothing, when all is packaged)."""
        return self.forbidden_log.read_text(encoding="utf-8").splitlines() if self.forbidden_log.exists() else []


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Built and installed once for the module's tests; they run in their order (the counter-only checks first)."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    wheels = tmp_path / "wheels"
    tree = tmp_path / "clone"
    sources = [n for n in _clean_copy(tree) if n.startswith(("desktop/", "central/"))]
    wheel = _build_wheel(tree, wheels)
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
        names = archive.namelist()

    env_dir = tmp_path / "venv"  # outside the checkout: nothing from the source tree is importable
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    _pip(python, "--require-hashes", "-r", str(ROOT / "requirements" / "counter.txt"))
    _pip(python, "--no-deps", str(wheel))
    install_checkout_guard(python)
    runs = tmp_path / "runs"
    runs.mkdir()
    assert not str(runs).startswith(str(ROOT) + os.sep), "the runs must be outside the checkout"
    forbidden_log = runs / "checkout-reads.log"
    env = app_env(
        runs,
        **{FORBIDDEN_ENV: os.pathsep.join([str(ROOT), str(tree)]), FORBIDDEN_LOG_ENV: str(forbidden_log)},
    )
    return Installed(wheel, names, sources, metadata, python, env_dir / "bin", runs, env, forbidden_log)


@pytest.fixture(scope="module")
def with_central(installed: Installed) -> Installed:
    """The same venv with the central lock and `guichet[central]` added (after the counter-only test)."""
    if not installed.central:
        _pip(installed.python, "--require-hashes", "-r", str(ROOT / "requirements" / "central.txt"))
        _pip(installed.python, "--no-deps", f"guichet[central] @ {installed.wheel.as_uri()}")
        installed.central = True
    return installed


def test_wheel_installs_from_the_locks_and_runs_outside_the_checkout(installed: Installed) -> None:
    names, metadata = installed.names, installed.metadata
    assert "desktop/resources/theme.qss" in names and "desktop/models/migrations/env.py" in names
    assert {"desktop/resources/i18n/guichet_en.qm", "desktop/resources/i18n/guichet_fr.qm"} <= set(names)
    assert "desktop/resources/locale/en/LC_MESSAGES/guichet.mo" in names  # committed compiled, shipped
    # Every file of the two packages ships (package-data), but the translators' sources, compiled above.
    left_out = [n for n in installed.sources if n not in names and not n.endswith(TRANSLATION_SOURCES)]
    assert left_out == [], f"in the packages' folders, missing from the wheel: {left_out}"
    # And the same wheel by way of the sdist (`python -m build`, pip from an sdist): nothing left out of the sdist.
    assert _packaged(_wheel_from_sdist(installed.folder.parent)) == _packaged(names)
    requires = metadata.get_all("Requires-Dist") or []
    plain = [r for r in requires if "extra ==" not in r]
    assert any(r.lower().startswith("pyside6") for r in plain)
    assert not [r for r in plain if r.lower().startswith(SERVER_STACK)], plain
    assert [r for r in requires if r.lower().startswith(SERVER_STACK) and 'extra == "central"' in r]
    assert not installed.central, "run before the central lock is added (the module's tests run in their order)"

    python, bin_dir, run = installed.python, installed.bin_dir, installed.run
    version = run(str(bin_dir / "guichet"), "--version")
    assert version.returncode == 0 and version.stdout.startswith("guichet "), version.stderr
    where = run(str(python), "-I", "-c", "import desktop; print(desktop.__file__)").stdout
    assert str(python.parents[1]) in where, f"desktop imported from {where}"
    assert run(str(python), "-I", "-c", "import fastapi").returncode != 0, "the counter lock brought the server stack"

    # English, installed: the gettext catalog and the screens' own (Qt), from the package, not the checkout.
    english = run(
        str(python),
        "-I",
        "-c",
        "from desktop import i18n; i18n.set_language('en'); print(i18n._('Mandant introuvable sur ce poste.'))\n"
        "from PySide6.QtCore import QCoreApplication; from desktop.views import translations\n"
        "app = QCoreApplication([]); print(translations._ours('en') is not None)",
    )
    assert english.stdout.split() == ["Principal", "not", "found", "at", "this", "station.", "True"], english.stderr

    shot = installed.folder / "wheel.png"
    demo = run(str(bin_dir / "guichet"), "--demo", "--screenshot", str(shot))
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "Traceback" not in demo.stderr, demo.stderr[-3000:]
    assert_real_screenshot(shot)
    assert installed.read_forbidden() == []

    # The guard itself: a read of the checkout is refused, and noted.
    probe = run(str(python), "-I", "-c", f"open({str(ROOT / 'pyproject.toml')!r})")
    assert probe.returncode != 0 and "PermissionError" in probe.stderr, probe.stderr[-2000:]
    assert installed.read_forbidden() == [f"open {ROOT / 'pyproject.toml'}"]
    installed.forbidden_log.unlink()


# Sub-commands each program has today: the sweep finds them (and any added later) from the usage lines.
EXPECTED = {
    "guichet receipt verify",
    "guichet receipt trust",
    "guichet audit verify",
    "guichet audit export",
    "guichet store migrate",
    "guichet card read",
    "guichet enrol",
    "guichet-central serve",
    "guichet-central purge",
    "guichet-central review decide",
    "guichet-central station kind",
    "guichet-central admin add",
    "guichet-central admin unblock",
    "guichet-central admin signout",
}


def test_every_command_help_is_french_from_the_installed_package(with_central: Installed) -> None:
    """`--help` of every `guichet` and `guichet-central` sub-command, as installed: French, complete, no traceback."""
    installed = with_central
    for program in ("guichet", "guichet-central"):  # the console scripts themselves, as a shell runs them
        shown = installed.run(str(installed.bin_dir / program), "--help")
        assert shown.returncode == 0 and shown.stdout.startswith(f"Utilisation : {program} "), shown.stderr
    swept = installed.run(str(installed.python), "-I", "-c", HELP_SWEEP, "guichet", "guichet-central")
    assert swept.returncode == 0 and "Traceback" not in swept.stderr, swept.stderr[-3000:]
    helps: dict[str, list[Any]] = json.loads(swept.stdout)
    assert set(helps) >= EXPECTED, sorted(EXPECTED - set(helps))
    assert help_faults(helps) == {}
    assert installed.read_forbidden() == []


def test_installed_station_and_central_store_work_together(with_central: Installed, tmp_path: Path) -> None:
    """A station and a central store, both from the wheel: enrolment, acts, the receipt verified, the audit log,
    the administrators' pages and accounts, the published receipt keys."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database = f"sqlite:///{tmp_path / 'central.db'}"
    station = {
        "GUICHET_CENTRAL_ENROLMENT_TOKEN": secrets.token_urlsafe(32),
        "GUICHET_CENTRAL_DATA_DIR": str(tmp_path / "central"),
        "GUICHET_DATA_DIR": str(tmp_path / "station"),
        "GUICHET_CENTRAL_URL": url,
        "GUICHET_STATION_CODE": "75056-01",
    }
    installed = replace(with_central, env={**with_central.env, **station})  # this test's own folders
    serve = [str(installed.bin_dir / "guichet-central"), "--database", database, "--port", str(port)]
    with serving([*serve, "serve", "--demo-data"], installed.env, installed.folder, tmp_path / "serve.log", url):
        # The stations file (stations CSV), its token redeemed by `guichet enrol`.
        stations, tokens = tmp_path / "postes.csv", tmp_path / "jetons.csv"
        stations.write_text("code;libelle\n75056-01;Commissariat central\n", encoding="utf-8")
        issued = installed.central_cli(database, "enrol", "--csv", str(stations), "--out", str(tokens))
        assert issued.returncode == 0, issued.stderr
        token = tokens.read_text(encoding="utf-8").splitlines()[1].split(";")[2]
        enrolled = installed.guichet("enrol", "--token", token)
        assert enrolled.returncode == 0 and "Poste enrôlé" in enrolled.stdout, enrolled.stderr

        # The station's acts and its receipt, then the published keys checked and written, and the receipt verified.
        day = installed.run(str(installed.python), "-I", "-c", STATION_DAY, str(tmp_path / "recus"), timeout=120)
        assert day.returncode == 0, day.stderr[-3000:]
        receipt = Path(day.stdout.strip().splitlines()[-1])
        trusted = tmp_path / "confiance.json"
        trust = installed.guichet("receipt", "trust", "--central", url, "--trusted", str(trusted))
        assert trust.returncode == 0 and trust.stdout.startswith("1 clé(s) de station"), trust.stdout + trust.stderr
        verified = installed.guichet("receipt", "verify", str(receipt), "--trusted", str(trusted))
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert "Récépissé VALIDE" in verified.stdout and "Texte imprimé : conforme" in verified.stdout
        if shutil.which("pdffonts"):  # the fonts shipped in the wheel, embedded (no silent fall-back to Helvetica)
            fonts = subprocess.run(["pdffonts", str(receipt)], capture_output=True, text=True, check=True).stdout
            assert "DejaVuSans" in fonts, fonts
        key_file = tmp_path / "station" / "keys" / "database.key"  # the demo's store key, in its own folder
        audit = installed.guichet("audit", "--key-file", str(key_file), "verify")
        assert audit.returncode == 0 and "Aucune anomalie" in audit.stdout, audit.stdout + audit.stderr
        schema = installed.guichet("store", "--key-file", str(key_file), "status")  # the shipped migrations' head
        assert schema.returncode == 0 and "(à jour)" in schema.stdout, schema.stdout + schema.stderr

        _administrators(installed, database, url)
        purged = installed.central_cli(database, "purge")
        assert purged.returncode == 0 and purged.stdout.startswith("Purge des données personnelles"), purged.stderr
        reviews = installed.central_cli(database, "review", "list", "--all")  # the station's acts taken as they are
        assert reviews.returncode == 0 and reviews.stdout.splitlines()[1:] == [], reviews.stdout + reviews.stderr
    assert installed.read_forbidden() == []


def _administrators(installed: Installed, database: str, url: str) -> None:
    """`admin add`, the pages signed in (200, every link and asset they reference too), a wait lifted by `admin
    unblock`, the sessions ended by `admin signout`."""
    password = secrets.token_urlsafe(16)
    added = installed.central_cli(database, "admin", "add", "agnes.m", "--nom", "Agnès Martin", stdin=password + "\n")
    assert added.returncode == 0, added.stderr
    with httpx.Client(base_url=url, timeout=30) as browser:
        assert sign_in(browser, "agnes.m", password).status_code == 303
        pages, seen, shown = ["/admin/national", "/admin/revue"], set(), {}
        while pages:
            page = pages.pop()
            seen.add(page)
            answer = shown[page] = browser.get(page)
            assert answer.status_code == 200, (page, answer.status_code, answer.text[:300])
            if answer.headers["content-type"].startswith("text/html"):
                assert "</html>" in answer.text and "Traceback" not in answer.text
                for link in references(answer.text):
                    assert link.startswith("/"), f"{page} fetches {link} from elsewhere"
                    pages += [] if link in seen or link in pages else [link]
        assert {"/admin/national.json", "/admin/revue"} <= seen
        national = shown["/admin/national"].text  # the station enrolled, synced, its procurations counted
        assert "1 poste(s) enrôlé(s)" in national and '<p id="silent" class="ok">' in national, national[-3000:]
        established = re.search(r"France entière \((\d+) du ", national)
        assert established and int(established.group(1)) > 0, national[-3000:]
        for path in ("/openapi.json", "/v1/time", "/v1/security/receipt-keys", "/v1/security/anchor-key"):
            assert browser.get(path).status_code == 200, path

    with httpx.Client(base_url=url, timeout=30) as stranger:  # refused sign-ins until the account waits
        for _ in range(6):
            assert sign_in(stranger, "agnes.m", "pas le bon").status_code == 401
        assert sign_in(stranger, "agnes.m", password).status_code == 401
    assert installed.central_cli(database, "admin", "unblock", "agnes.m").returncode == 0
    with httpx.Client(base_url=url, timeout=30) as browser:
        assert sign_in(browser, "agnes.m", password).status_code == 303
        assert browser.get("/admin/national").status_code == 200
        signout = installed.central_cli(database, "admin", "signout", "agnes.m")
        assert signout.returncode == 0, signout.stderr
        assert browser.get("/admin/national").status_code == 401  # the session ended on the server
    listed = installed.central_cli(database, "admin", "list")
    assert listed.returncode == 0 and listed.stdout.startswith("agnes.m\tAgnès Martin\tactif"), listed.stdout
