"""Owner-only files: written whole, never overwritten unless asked, one winner when several processes race."""

from __future__ import annotations

from pathlib import Path

from desktop.privatefile import read_or_create_secret, write_private


def test_created_owner_only_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "key"
    assert write_private(path, b"first")
    assert path.stat().st_mode & 0o777 == 0o600
    assert not write_private(path, b"second")  # creation only: the key in use stays
    assert path.read_bytes() == b"first"
    assert write_private(path, b"third", replace=True)
    assert path.read_bytes() == b"third" and path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["key"]  # no temp file left


def test_secret_is_created_once_then_read(tmp_path: Path) -> None:
    first, created = read_or_create_secret(tmp_path / "secret", 32)
    again, created_again = read_or_create_secret(tmp_path / "secret", 32)
    assert created and not created_again and first == again and len(first) == 32
