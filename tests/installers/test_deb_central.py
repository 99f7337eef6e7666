"""guichet-central's .deb: installed, its service's command run as its unit runs it, answering, then purged."""

from __future__ import annotations

import json
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from installedkit import HELP_SWEEP, help_faults, references

from .conftest import dpkg, installed_files, left_after_purge, source_version

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]  # builds a bundle when the cache has none

UNIT = Path("/lib/systemd/system/guichet-central.service")


def _unit_settings(text: str) -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def _environment(unit: dict[str, list[str]]) -> dict[str, str]:
    """Environment= then each EnvironmentFile= (a leading '-' means optional), as systemd builds it."""
    env: dict[str, str] = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    for assignments in unit.get("Environment", []):
        for item in shlex.split(assignments):
            key, value = item.split("=", 1)
            env[key] = value
    for name in unit.get("EnvironmentFile", []):
        optional = name.startswith("-")
        path = Path(name.lstrip("-"))
        if optional and not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                env[key.strip()] = value.strip()
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_central_package_serves_as_its_unit_says_then_purges_cleanly(
    build_deb: Callable[[str, str], Path], purged: list[str]
) -> None:
    deb = build_deb("central", source_version())
    purged.append("guichet-central")
    dpkg("-i", str(deb))
    owned = installed_files("guichet-central")
    assert Path("/opt/guichet-central/bin/guichet-central") in owned and UNIT in owned
    secret = Path("/etc/guichet-central/enrolment.env")
    assert secret.stat().st_mode & 0o777 == 0o640, "the enrolment secret must not be world-readable"

    if shutil.which("systemd-analyze"):
        check = subprocess.run(["systemd-analyze", "verify", str(UNIT)], capture_output=True, text=True, timeout=60)
        assert check.returncode == 0 and "guichet-central" not in check.stderr, check.stderr

    unit = _unit_settings(UNIT.read_text(encoding="utf-8"))
    for hardening in ("ProtectSystem", "ProtectHome", "NoNewPrivileges", "PrivateTmp", "SystemCallFilter"):
        assert hardening in unit, f"{hardening} missing from the unit"
    assert unit["CapabilityBoundingSet"] == [""]
    user = unit["User"][0]
    pwd.getpwnam(user)  # made by postinst
    env = _environment(unit)
    assert env["GUICHET_CENTRAL_ENROLMENT_TOKEN"], "postinst made no enrolment secret"
    env["GUICHET_CENTRAL_PORT"] = str(_free_port())  # what an administrator would change in the conffile
    # StateDirectory= is systemd's job; there is no systemd in this container, so make it as systemd would.
    state = Path("/var/lib") / unit["StateDirectory"][0]
    subprocess.run(["install", "-d", "-m", "0750", "-o", user, "-g", user, str(state)], check=True)

    def expand(match: re.Match[str]) -> str:
        return env[match.group(1)]

    argv = [re.sub(r"\$\{(\w+)\}", expand, part) for part in shlex.split(unit["ExecStart"][0])]
    process = subprocess.Popen(
        ["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd="/",
    )
    try:
        url = f"http://127.0.0.1:{env['GUICHET_CENTRAL_PORT']}/v1/time"
        deadline = time.monotonic() + 60
        answer = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                answer = httpx.get(url, timeout=1.0)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answer is not None, process.communicate(timeout=10)[0]
        assert answer.status_code == 200 and answer.json()
        # The administrators' sign-in page and the public routes, from the package's venv.
        base = url.removesuffix("/v1/time")
        page = httpx.get(f"{base}/admin/national", timeout=10)
        assert page.status_code == 401 and 'action="/admin/connexion"' in page.text, page.text[:300]
        assert all(link.startswith("/") for link in references(page.text)), references(page.text)
        for public in ("/openapi.json", "/v1/security/receipt-keys", "/v1/security/anchor-key"):
            assert httpx.get(f"{base}{public}", timeout=10).status_code == 200, public
        database = state / "central.db"
        assert database.exists() and database.stat().st_uid == pwd.getpwnam(user).pw_uid
    finally:
        process.terminate()
        process.wait(timeout=20)

    # Every guichet-central sub-command's --help with the package's interpreter: French, nothing on stderr.
    sweep = subprocess.run(
        ["/opt/guichet-central/bin/python", "-I", "-c", HELP_SWEEP, "guichet-central"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(state)},
    )
    assert sweep.returncode == 0, sweep.stderr[-3000:]
    helps = json.loads(sweep.stdout)
    assert "guichet-central admin signout" in helps and help_faults(helps) == {}

    dpkg("--purge", "guichet-central")
    left = left_after_purge(owned, [Path("/opt/guichet-central"), Path("/etc/guichet-central"), state])
    assert left == [], f"left after purge: {left}"
