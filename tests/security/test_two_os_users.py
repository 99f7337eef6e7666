"""Issue 13's acceptance test: a station is a machine, not an OS user.

As root: a group and two throw-away OS users in it, a data folder made as the Linux package makes /var/lib/guichet
(root:group, setgid, 2770), a real central store. OS user A enrols the station, sets up the administrator and enrols
an OPJ; OS user B logs in as that OPJ with their own password (their own key slot) and reads what A wrote; A then
sees B's writes. Each user runs with HOME set to a home of their own: anything the production path kept per user
(an OS keyring, ~/.config, ~/.local/share) would make B fail, and would leave files in those homes.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from desktop.demo.central import free_port

pytestmark = pytest.mark.slow
SYSTEM_PYTHON = Path("/usr/bin/python3")  # the project's own interpreter may sit under /root, closed to others


@dataclass
class Machine:
    base: Path
    group: str
    users: dict[str, str]  # "a"/"b" -> OS user name
    homes: dict[str, Path]
    data: Path
    config: Path


def _require_root_linux() -> None:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("needs root on Linux (creates OS users and a group)")
    for tool in ("useradd", "userdel", "groupadd", "groupdel", "runuser"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} missing")
    if not SYSTEM_PYTHON.exists():
        pytest.skip("no /usr/bin/python3")
    version = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True
    ).stdout.strip()
    if version != str(sys.version_info[:2]):
        pytest.skip(f"/usr/bin/python3 is {version}: the virtualenv's compiled wheels need {sys.version_info[:2]}")


def _readable_by_others(path: Path) -> bool:
    return all(p.stat().st_mode & 0o005 == 0o005 for p in (path, *path.parents) if p != Path("/"))


@pytest.fixture
def machine() -> Iterator[Machine]:
    _require_root_linux()
    site_packages = Path(sysconfig.get_paths()["purelib"])
    project = Path(__file__).resolve().parents[2]
    if not (_readable_by_others(site_packages) and _readable_by_others(project / "desktop")):
        pytest.skip("the virtualenv or the work tree is not readable by other OS users")
    tag = secrets.token_hex(3)
    base = Path(tempfile.mkdtemp(prefix="guichet-2users-", dir="/tmp"))
    base.chmod(0o755)
    created_group = False
    try:
        group = "guichet"
        try:
            grp.getgrnam(group)
        except KeyError:
            group = f"guichet-test-{tag}"
            subprocess.run(["groupadd", "--system", group], check=True)
            created_group = True
        users, homes = {}, {}
        for who in ("a", "b"):
            name, home = f"gtest-{who}-{tag}", base / f"home-{who}"
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--home-dir", str(home), "--shell", "/usr/sbin/nologin",
                 "--groups", group, name],
                check=True,
            )  # fmt: skip
            users[who] = name
            home.mkdir()
            os.chown(home, pwd.getpwnam(name).pw_uid, pwd.getpwnam(name).pw_gid)
            home.chmod(0o700)
            homes[who] = home
        data = base / "var-lib-guichet"
        data.mkdir()
        os.chown(data, 0, grp.getgrnam(group).gr_gid)
        data.chmod(0o2770)  # as the .deb's postinst makes /var/lib/guichet
        yield Machine(base=base, group=group, users=users, homes=homes, data=data, config=base / "guichet.toml")
    finally:
        for who in ("a", "b"):
            subprocess.run(["userdel", f"gtest-{who}-{tag}"], capture_output=True)
        if created_group:
            subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def central(machine: Machine) -> Iterator[tuple[str, str]]:
    """The real `guichet-central` on 127.0.0.1, run by root in its own folder: (URL, enrolment token)."""
    folder = machine.base / "central"
    folder.mkdir(mode=0o700)
    port, token = free_port(), secrets.token_urlsafe(24)
    env = {**os.environ, "GUICHET_CENTRAL_ENROLMENT_TOKEN": token, "GUICHET_CENTRAL_DATA_DIR": str(folder)}
    cmd = [sys.executable, "-m", "central", "--database", f"sqlite:///{folder / 'central.db'}", "--port", str(port)]
    with (folder / "central.log").open("wb") as log:
        process = subprocess.Popen([*cmd, "serve"], stdout=log, stderr=log, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (folder / "central.log").read_text()
            try:
                if httpx.get(f"{url}/v1/time", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "central store did not start"
            time.sleep(0.2)
        yield url, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _as(machine: Machine, who: str, step: str, *args: str) -> dict[str, object]:
    script = machine.base / "os_user_station.py"
    if not script.exists():
        shutil.copyfile(Path(__file__).with_name("os_user_station.py"), script)
        script.chmod(0o644)
    env = {
        "HOME": str(machine.homes[who]),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "GUICHET_CONFIG": str(machine.config),
        "GUICHET_DATA_DIR": str(machine.data),
    }
    site_packages = sysconfig.get_paths()["purelib"]
    command = ["runuser", "-u", machine.users[who], "--", "env", "-i", *(f"{k}={v}" for k, v in env.items())]
    result = subprocess.run(
        [*command, str(SYSTEM_PYTHON), "-s", str(script), site_packages, step, *args],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=machine.base,
    )
    assert result.returncode == 0, f"{step} as {who}: {result.stderr[-3000:]}"
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_two_os_users_share_one_station_store(machine: Machine, central: tuple[str, str]) -> None:
    url, token = central
    machine.config.write_text(
        f'central_url = "{url}"\n\n[station]\nkind = "commissariat"\nname = "Commissariat test"\ncode = "2U-01"\n',
        encoding="utf-8",
    )
    machine.config.chmod(0o644)

    assert _as(machine, "a", "enrol", token) == {"exit": 0}
    created = _as(machine, "a", "setup")
    seen = _as(machine, "b", "opj", str(created["temporary"]))
    assert seen["must_change"] is True  # B opened the store with the OPJ's own slot and temporary password
    assert seen["logins"] == ["admin", "opj1"] and seen["chain_ok"] is True
    assert "agent.enrole" in list(seen["actions"])  # type: ignore[call-overload]
    again = _as(machine, "a", "admin_again")
    assert again["agents"]["opj1"] == created["agent_id"]  # type: ignore[index]
    by_opj = [action for agent, action in again["events"] if agent == created["agent_id"]]  # type: ignore[attr-defined]
    assert by_opj, again["events"]  # what B's process wrote (the OPJ's logins), read by A's

    gid = grp.getgrnam(machine.group).gr_gid
    for path in [machine.data, *machine.data.rglob("*")]:
        info = path.lstat()
        assert info.st_mode & 0o007 == 0, f"{path.relative_to(machine.base)} is open to others"
        assert info.st_gid == gid, f"{path.relative_to(machine.base)} is not the station group's"
        if path.is_dir():
            assert stat.S_IMODE(info.st_mode) == 0o2770, path
    assert (machine.data / "keys" / "device.secret").is_file() and (machine.data / "keyslots.json").is_file()
    for who, home in machine.homes.items():
        assert list(home.rglob("*")) == [], f"OS user {who} wrote per-user files: {list(home.rglob('*'))}"
