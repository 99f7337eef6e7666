"""The user's configuration folder: our plain XDG rule gives platformdirs' own answer wherever it answers."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from unittest import mock

import platformdirs
import platformdirs.unix
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop import paths

APP = "guichet"
VAR_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
ABSOLUTE = st.builds(lambda slashes, rest: "/" * slashes + rest, st.integers(1, 3), VAR_TEXT)
# Unset, empty, blank, relative (with or without a leading ~ or ./), absolute (one to three leading slashes,
# trailing slashes, spaces, « .. »), anything else.
VALUES = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "/", "//", "~", "~/conf", "./conf", "conf", "/home/agent/", "/a/../b", "/x ", " /x"]),
    ABSOLUTE,
    VAR_TEXT,
)


def _environment(xdg: str | None, home: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CONFIG_HOME", "HOME")}
    if xdg is not None:
        env["XDG_CONFIG_HOME"] = xdg
    if home is not None:
        env["HOME"] = home
    return env


def _platformdirs(root: bool) -> str | Exception:
    """platformdirs' answer on Linux, the effective user root or not (`use_site_for_root` left off, as we call it)."""
    with mock.patch("os.geteuid", return_value=0 if root else 1000):
        try:
            return platformdirs.unix.Unix(APP, appauthor=False).user_config_dir
        except RuntimeError as exc:  # no usable home: platformdirs refuses
            return exc


@settings(max_examples=400, deadline=None)
@given(xdg=VALUES, home=VALUES, root=st.booleans())
def test_the_plain_rule_is_platformdirs_answer(xdg: str | None, home: str | None, root: bool) -> None:
    with mock.patch.dict(os.environ, _environment(xdg, home), clear=True):
        ours = paths.xdg_user_config_dir(APP)
        theirs = _platformdirs(root)
        if ours is not None:
            assert ours == theirs  # the same string, not only the same Path (Path keeps a leading « // »)
        elif not isinstance(theirs, Exception):
            assert paths.user_config_dir(APP) == Path(theirs)


@pytest.mark.parametrize(
    ("xdg", "home", "expected"),
    [
        ("/srv/conf", "/home/agent", "/srv/conf/guichet"),
        ("/srv/conf/", None, "/srv/conf/guichet"),
        (None, "/home/agent", "/home/agent/.config/guichet"),
        ("", "/home/agent/", "/home/agent/.config/guichet"),
        ("conf", "/home/agent", None),  # relative: platformdirs decides
        (None, "agent", None),
        (None, None, None),
    ],
)
def test_the_plain_rule_answers_the_usual_cases_itself(xdg: str | None, home: str | None, expected: str) -> None:
    with mock.patch.dict(os.environ, _environment(xdg, home), clear=True):
        assert paths.xdg_user_config_dir(APP) == expected


def test_platformdirs_answers_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "/srv/conf")
    monkeypatch.setenv("HOME", "/home/agent")
    assert paths.xdg_user_config_dir(APP) == "/srv/conf/guichet"
    for platform in ("win32", "darwin", "freebsd14", "android", "ios"):
        with mock.patch.object(sys, "platform", platform):
            assert paths.xdg_user_config_dir(APP) is None
    monkeypatch.setenv("ANDROID_DATA", "/data")
    assert paths.xdg_user_config_dir(APP) is None
    monkeypatch.delenv("ANDROID_DATA")
    monkeypatch.setattr(sys, "getandroidapilevel", lambda: 34, raising=False)
    assert paths.xdg_user_config_dir(APP) is None


def test_the_preferences_file_is_in_that_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.settings import user_preferences_path

    monkeypatch.setenv("XDG_CONFIG_HOME", "/srv/conf")
    assert str(user_preferences_path()) == os.path.join(
        platformdirs.user_config_dir(APP, appauthor=False), "preferences.toml"
    )
