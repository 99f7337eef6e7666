"""desktop/givenfile.py: a file someone else names to us is a regular file of a bounded size, or refused unread."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.cli.french import os_error
from desktop.givenfile import GivenFileError, read_given, read_given_text


@pytest.mark.timeout(60)  # before the fix a FIFO waited for its writer for ever
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    with pytest.raises(GivenFileError) as caught:
        read_given(fifo, limit=1024)
    assert "fichier ordinaire" in os_error(caught.value) and str(fifo) in os_error(caught.value)


def test_a_link_to_a_device_is_refused_unread(tmp_path: Path) -> None:
    link = tmp_path / "zero"
    link.symlink_to("/dev/zero")  # read_bytes() read it until the memory ran out
    with pytest.raises(GivenFileError, match="fichier ordinaire"):
        read_given(link, limit=1024)


def test_a_folder_is_said_as_a_folder(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as caught:
        read_given(tmp_path, limit=1024)
    assert os_error(caught.value).startswith("c'est un dossier")


def test_a_file_over_its_limit_is_refused_saying_both_sizes(tmp_path: Path) -> None:
    big = tmp_path / "gros.csv"
    big.write_bytes(b"x" * (3 * 1024 * 1024 + 1))
    with pytest.raises(GivenFileError) as caught:
        read_given(big, limit=2 * 1024 * 1024)
    assert "trop volumineux (4 Mo, 2 Mo au plus" in os_error(caught.value)
    (tmp_path / "jeton.txt").write_bytes(b"x" * 1025)
    with pytest.raises(GivenFileError, match=r"trop volumineux \(2 ko, 1 ko au plus"):
        read_given(tmp_path / "jeton.txt", limit=1024)


def test_a_link_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    target = tmp_path / "vrai.json"
    target.write_text("[1]", encoding="utf-8")
    (tmp_path / "lien.json").symlink_to(target)
    assert read_given_text(tmp_path / "lien.json", limit=3) == "[1]"


@given(data=st.binary(max_size=300), limit=st.integers(0, 300))
def test_any_bytes_come_back_whole_within_the_limit_or_are_refused(data: bytes, limit: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f"
        path.write_bytes(data)
        if len(data) <= limit:
            assert read_given(path, limit=limit) == data
        else:
            with pytest.raises(GivenFileError):
                read_given(path, limit=limit)
