"""Build the Linux packages: dist/guichet_VERSION_ARCH.deb (frozen desk application) and guichet-central's .deb.

    python3 installers/linux/build.py [--out dist] [--version V] [--only desk|central]

The desk package is the PyInstaller one-folder bundle (installers/pyinstaller/guichet.spec) made in an environment
installed from requirements/counter.txt + requirements/build.txt with --require-hashes, on Debian's python3.11.
The central package is a virtual environment under /opt/guichet-central made from requirements/central.txt on the
same python3.11, which the package depends on. Both are built from a copy of the source tree; a finished package is
cached under build/linux/cache/, keyed on the hash of everything that goes into it, and reused when nothing changed.
`--version` sets the package version and, when it differs from desktop.__version__, patches it into the copy.
Needs dpkg-deb and python3.11 (the Makefile's package list); runs as any user (dpkg-deb --root-owner-group).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # a build tool inside the checkout, not a run-time resource lookup
HERE = ROOT / "installers" / "linux"
SYSTEM_PYTHON = "/usr/bin/python3.11"  # Debian 12's: what guichet-central's venv runs on, and what the bundle carries
SOURCES = ("desktop", "central", "installers/pyinstaller", "installers/linux", "installers/icons", "requirements")
SOURCE_FILES = ("pyproject.toml", "README.md")
# The desk's GUI and card-reader packages: the central store imports neither, so its package leaves them out.
DESK_ONLY = {"pyside6-essentials", "shiboken6", "pyscard"}


def log(message: str) -> None:
    print(f"[build.py {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(cmd: list[str], **kwargs: object) -> None:
    log("$ " + " ".join(cmd))
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


def source_version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    assert match, "desktop/__init__.py has no __version__"
    return match.group(1)


def tree_hash(kind: str, version: str) -> str:
    """Everything that goes into a package: sources, locks, packaging files, the version and the interpreter."""
    digest = hashlib.sha256(f"{kind}\0{version}\0{SYSTEM_PYTHON}\0".encode())
    paths: list[Path] = [ROOT / f for f in SOURCE_FILES]
    for folder in SOURCES:
        paths += [p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def copy_sources(dest: Path, version: str) -> Path:
    """A clean copy of what the build reads, with the version patched in if asked for."""
    if dest.exists():
        shutil.rmtree(dest)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in SOURCES:
        shutil.copytree(ROOT / folder, dest / folder, ignore=ignore)
    for name in SOURCE_FILES:
        shutil.copy2(ROOT / name, dest / name)
    # The gettext catalogs (.mo, git-ignored) are compiled from the .po files into the copy, so packages carry them.
    run([sys.executable, str(ROOT / "tools" / "i18n_gettext.py"), "compile", "--root", str(dest)])
    if version != source_version():
        init = dest / "desktop" / "__init__.py"
        text = re.sub(r'^__version__ = "[^"]+"', f'__version__ = "{version}"', init.read_text(), flags=re.MULTILINE)
        init.write_text(text)
    # The screens' translations (.qm) are build products: compiled into the copy from its .ts sources.
    run([sys.executable, str(ROOT / "tools" / "i18n_qt.py"), "compile", "--root", str(dest)], stdout=subprocess.DEVNULL)
    return dest


def make_venv(path: Path, requirement_files: list[Path], *, only_binary: bool = False) -> None:
    """A venv on Debian's python3.11 (without pip: the running pip installs into it), from hash-locked files."""
    if path.exists():
        shutil.rmtree(path)
    run([SYSTEM_PYTHON, "-m", "venv", "--without-pip", str(path)])
    # No wheel cache: a wheel built from source earlier by another interpreter (pyscard) would carry its RUNPATH.
    cmd = [sys.executable, "-m", "pip", "--python", str(path / "bin" / "python"), "install", "-q", "--no-cache-dir"]
    cmd += ["--require-hashes", "--no-deps"] + (["--only-binary", ":all:"] if only_binary else [])
    for req in requirement_files:
        cmd += ["-r", str(req)]
    run(cmd)


def without_desk_packages(lock: Path, dest: Path) -> Path:
    """The central lock minus the Qt packages (a requirement and its hash lines form one logical line)."""
    logical = lock.read_text(encoding="utf-8").replace("\\\n", "\0").splitlines()
    kept = [line for line in logical if line.split("==")[0].strip().lower() not in DESK_ONLY]
    dest.write_text("\n".join(kept).replace("\0", "\\\n") + "\n", encoding="utf-8")
    return dest


def installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if "DEBIAN" in path.relative_to(root).parts[:1]:
            continue
        if path.is_symlink() or path.is_file():
            total += path.lstat().st_size if not path.is_symlink() else 1
    return max(1, (total + 1023) // 1024)


def arch() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True, text=True).stdout.strip()


def install_file(src: Path, dest: Path, mode: int = 0o644, text: str | None = None) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        shutil.copyfile(src, dest)
    else:
        dest.write_text(text, encoding="utf-8")
    dest.chmod(mode)


def common_docs(root: Path, package: str, version: str, extra: dict[str, Path] | None = None) -> None:
    doc = root / "usr" / "share" / "doc" / package
    install_file(HERE / "copyright", doc / "copyright")
    stamp = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())
    changelog = (
        f"{package} ({version}) stable; urgency=medium\n\n"
        f"  * Release {version}: see the project's CHANGELOG.\n\n"
        f" -- Équipe Guichet <guichet@interieur.gouv.fr>  {stamp}\n"
    )
    doc.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(doc / "changelog.gz", "wb", mtime=0) as out:
        out.write(changelog.encode("utf-8"))
    (doc / "changelog.gz").chmod(0o644)
    for name, src in (extra or {}).items():
        install_file(src, doc / name)


def write_control(root: Path, template: Path, version: str, scripts: list[Path], conffiles: list[str]) -> None:
    debian = root / "DEBIAN"
    debian.mkdir(parents=True, exist_ok=True)
    control = template.read_text(encoding="utf-8")
    control = control.replace("@VERSION@", version).replace("@ARCH@", arch())
    control = control.replace("@SIZE@", str(installed_size_kib(root)))
    install_file(template, debian / "control", text=control)
    for script in scripts:
        install_file(script, debian / script.name, mode=0o755)
    if conffiles:
        install_file(template, debian / "conffiles", text="".join(f"{c}\n" for c in conffiles))
    sums = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] == "DEBIAN" or path.is_symlink() or not path.is_file():
            continue
        sums.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {rel}\n")  # dpkg's md5sums format
    install_file(template, debian / "md5sums", text="".join(sums))


def normalise_modes(root: Path, executables: set[Path]) -> None:
    """Directories 0755, the programs 0755, every other file 0644 (libraries need no x bit); no VCS leftovers."""
    for path in root.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        elif path.name == ".gitignore":
            path.unlink()
        else:
            program = path in executables or (path.parent.name == "bin" and path.stat().st_mode & 0o111)
            path.chmod(0o755 if program else 0o644)


def dpkg_deb(root: Path, out: Path, compression: str) -> None:
    run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", str(root), str(out)])


def build_desk(src: Path, work: Path, version: str, out: Path, compression: str) -> None:
    venv = work / "venv"
    make_venv(venv, [src / "requirements" / "counter.txt", src / "requirements" / "build.txt"])
    started = time.monotonic()
    spec = src / "installers" / "pyinstaller" / "guichet.spec"
    pyinstaller = [str(venv / "bin" / "python"), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    run([*pyinstaller, "--distpath", str(work / "dist"), "--workpath", str(work / "pyi"), str(spec)], cwd=src)
    log(f"PyInstaller bundle in {time.monotonic() - started:.0f} s")
    root = work / "root"
    shutil.copytree(work / "dist" / "guichet", root / "opt" / "guichet", symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    # The bootloader finds its _internal folder through /proc/self/exe, so a symbolic link is enough.
    (root / "usr" / "bin" / "guichet").symlink_to("/opt/guichet/guichet")
    share = root / "usr" / "share"
    install_file(HERE / "desk" / "guichet.desktop", share / "applications" / "fr.interieur.guichet.desktop")
    icons = src / "installers" / "icons"
    install_file(icons / "guichet.svg", share / "icons/hicolor/scalable/apps/fr.interieur.guichet.svg")
    install_file(icons / "guichet-256.png", share / "icons/hicolor/256x256/apps/fr.interieur.guichet.png")
    metainfo = (HERE / "desk" / "fr.interieur.guichet.metainfo.xml").read_text(encoding="utf-8")
    metainfo = metainfo.replace("@VERSION@", version).replace("@DATE@", time.strftime("%Y-%m-%d"))
    install_file(HERE, share / "metainfo" / "fr.interieur.guichet.metainfo.xml", text=metainfo)
    install_file(HERE / "desk" / "lintian-overrides", share / "lintian" / "overrides" / "guichet")
    common_docs(root, "guichet", version, {"examples/guichet.toml": HERE / "desk" / "guichet.toml"})
    normalise_modes(root, {root / "opt" / "guichet" / "guichet"})
    write_control(root, HERE / "desk" / "control", version, [HERE / "desk" / "postinst", HERE / "desk" / "postrm"], [])
    dpkg_deb(root, out, compression)


def build_central(src: Path, work: Path, version: str, out: Path, compression: str) -> None:
    wheels = work / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(src)])
    root = work / "root"
    prefix = root / "opt" / "guichet-central"
    lock = without_desk_packages(src / "requirements" / "central.txt", work / "central-server.txt")
    make_venv(prefix, [lock], only_binary=True)  # no compiler output inside a server package
    wheel = next(wheels.glob("guichet-*.whl"))
    pip = [sys.executable, "-m", "pip", "--python", str(prefix / "bin" / "python")]
    run([*pip, "install", "-q", "--no-deps", str(wheel)])
    # The venv was made in the staging folder: point its scripts and pyvenv.cfg at where dpkg puts it.
    staged, final = str(prefix), "/opt/guichet-central"
    for path in [*(prefix / "bin").iterdir(), prefix / "pyvenv.cfg"]:
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if staged.encode() in data:
                path.write_bytes(data.replace(staged.encode(), final.encode()))
    for cache in prefix.rglob("__pycache__"):
        shutil.rmtree(cache)  # compiled with the staging paths in them
    # Byte-code compiled ahead, with the final paths: the service cannot write /opt (ProtectSystem=strict).
    run([SYSTEM_PYTHON, "-m", "compileall", "-q", "-j", "0", "-s", staged, "-p", final, str(prefix / "lib")])
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "guichet-central").symlink_to("/opt/guichet-central/bin/guichet-central")
    install_file(HERE / "central" / "guichet-central.service", root / "lib/systemd/system/guichet-central.service")
    install_file(HERE / "central" / "guichet-central.env", root / "etc/guichet-central/guichet-central.env")
    install_file(HERE / "central" / "lintian-overrides", root / "usr/share/lintian/overrides/guichet-central")
    common_docs(root, "guichet-central", version, {"README.md": HERE / "README.md"})
    normalise_modes(root, set())
    scripts = [HERE / "central" / name for name in ("postinst", "prerm", "postrm")]
    write_control(root, HERE / "central" / "control", version, scripts, ["/etc/guichet-central/guichet-central.env"])
    dpkg_deb(root, out, compression)


BUILDERS = {"desk": ("guichet", build_desk), "central": ("guichet-central", build_central)}
CACHE_KEEP = 6  # packages kept in build/linux/cache: enough for both kinds, an upgrade pair and the previous ones


def prune_cache(cache: Path) -> None:
    entries = sorted((p for p in cache.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[CACHE_KEEP:]:
        shutil.rmtree(old)


def build(kind: str, *, version: str, out_dir: Path, build_dir: Path, compression: str) -> Path:
    """Build one package (or take it from the cache) and return its path in out_dir."""
    package, builder = BUILDERS[kind]
    key = tree_hash(kind, version) + "-" + compression
    name = f"{package}_{version}_{arch()}.deb"
    cached = build_dir / "cache" / key / name
    if not cached.exists():
        work = build_dir / f"work-{kind}"
        if work.exists():
            shutil.rmtree(work)
        src = copy_sources(work / "src", version)
        started = time.monotonic()
        cached.parent.mkdir(parents=True, exist_ok=True)
        builder(src, work, version, cached.with_suffix(".tmp"), compression)
        cached.with_suffix(".tmp").rename(cached)
        shutil.rmtree(work)
        log(f"{name} built in {time.monotonic() - started:.0f} s")
    else:
        log(f"{name} taken from the cache ({key})")
        os.utime(cached.parent)  # recently used: kept by prune_cache
    prune_cache(build_dir / "cache")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / name
    shutil.copyfile(cached, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Construit les paquets Debian de Guichet.")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build" / "linux")
    parser.add_argument("--version", default=os.environ.get("DEB_VERSION") or source_version())
    parser.add_argument("--only", choices=sorted(BUILDERS), action="append")
    parser.add_argument("--compression", choices=("xz", "gzip", "zstd", "none"), default="xz")
    args = parser.parse_args(argv)
    for kind in args.only or sorted(BUILDERS, reverse=True):
        build_dir = args.build_dir.resolve()
        path = build(kind, version=args.version, out_dir=args.out, build_dir=build_dir, compression=args.compression)
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
