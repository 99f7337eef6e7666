"""Smoke test of a built Guichet executable (any OS): `--version`, then optionally a demo start rendered offscreen.

    python .github/scripts/smoke_bundle.py PATH/TO/guichet[.exe] [--screenshot]

`--version` must print `guichet <desktop.__version__>`. With --screenshot the bundle starts in demo mode with Qt's
offscreen platform (no display needed), opens its encrypted demo store and must write a PNG of the main window:
that exercises Qt, SQLCipher, the crypto stack and the data files the bundle carries. Stdlib only.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("exe", type=Path)
    parser.add_argument("--screenshot", action="store_true")
    args = parser.parse_args()
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    version = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)[1]  # type: ignore[index]

    out = subprocess.run([str(args.exe), "--version"], capture_output=True, text=True, timeout=120)
    printed = out.stdout.strip()
    print(f"{args.exe} --version -> {printed!r} (exit {out.returncode})")
    if out.returncode != 0 or printed != f"guichet {version}":
        print(out.stderr, file=sys.stderr)
        print(f"expected 'guichet {version}'", file=sys.stderr)
        return 1

    if args.screenshot:
        png = Path(tempfile.mkdtemp(prefix="guichet-smoke-")) / "main-window.png"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        try:
            run = subprocess.run(
                [str(args.exe), "--demo", "--screenshot", str(png)],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
        except subprocess.TimeoutExpired as exc:
            stderr = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
            print(f"demo start did not finish in 300 s\n{stderr}", file=sys.stderr)
            return 1
        ok = run.returncode == 0 and png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        print(f"demo screenshot -> {png} ({png.stat().st_size if png.exists() else 0} bytes, exit {run.returncode})")
        if not ok:
            print(run.stdout, run.stderr, sep="\n", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
