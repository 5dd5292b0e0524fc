"""What the commands say when the disk refuses the data or the index: no traceback."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from server.cli import main
from tests.served import free_port

ROOM = "a directory this user can write, with room for the index (about 160 MB with the shipped "


def test_a_data_directory_that_cannot_be_made_is_named(tmp_path: Path, capsys) -> None:
    """Before: `OSError: [Errno 30] Read-only file system: '/mnt/usb/backchannel'` under a
    traceback from sqlite_database.py, for serve and every instructor command alike (a path
    through a file, as here, or a read-only disk: root writes through file modes)."""
    data = tmp_path / "a-file" / "backchannel"
    data.parent.write_text("")
    assert main(["instructor", "add", "Prof. Dimitrova", "--data", str(data)]) == 2
    said = (
        f"Cannot create the data directory {data}: Not a directory. Give --data (or "
        "BACKCHANNEL_DATA) a directory this user can write.\n"
    )
    assert capsys.readouterr().err == f"backchannel instructor: {said}"
    assert main(["serve", "--port", str(free_port()), "--data", str(data)]) == 2
    assert capsys.readouterr().err == f"backchannel serve: {said}"


def test_an_index_directory_that_cannot_be_made_is_named_before_the_model_loads(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    def no_model(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model was loaded for an index that cannot be written")

    monkeypatch.setattr("embeddings.index_encoder", no_model)
    index = tmp_path / "a-file" / "index"
    index.parent.write_text("")
    args = ["--data", str(tmp_path / "data"), "--index", str(index)]
    assert main(["serve", "--port", str(free_port()), *args]) == 2
    assert capsys.readouterr().err == (
        f"backchannel serve: cannot write {index}: Not a directory. Give --data (or "
        f"BACKCHANNEL_DATA), or --index, {ROOM}corpus).\n"
    )
    assert main(["build", "--index", str(index), "--quiet"]) == 2
    assert capsys.readouterr().err == (
        f"backchannel build: cannot write {index}: Not a directory. Give --index {ROOM}corpus).\n"
    )


@pytest.fixture
def full_disk(monkeypatch, encoder) -> None:
    """The session's encoder, and a disk that fills up as the index is written (numpy's
    writer names no file then)."""
    monkeypatch.setattr("embeddings.index_encoder", lambda index_dir, model, backend=None: encoder)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("embeddings.build_index", full)


def test_a_full_disk_is_named_with_the_index_directory(
    tmp_path: Path, full_disk, fixture_paths: list[Path], capsys
) -> None:
    """Before: three chained tracebacks ending `OSError: [Errno 28] No space left on device`."""
    data = tmp_path / "data"
    given = ["--transcripts", str(fixture_paths[0])]
    assert main(["serve", "--port", str(free_port()), "--data", str(data), *given]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"backchannel serve: cannot write {data / 'index'}: No space left on device. Give --data "
        f"(or BACKCHANNEL_DATA), or --index, {ROOM}corpus)."
    )
    assert main(["build", "--index", str(data / "index"), "--quiet", *given]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"backchannel build: cannot write {data / 'index'}: No space left on device. Give "
        f"--index {ROOM}corpus)."
    )
