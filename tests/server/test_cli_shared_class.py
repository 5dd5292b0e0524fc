"""`backchannel instructor share` / `unshare`: a class shared among instructors from the command
line, as the instructor page's "Share with a colleague…" does, and `list` saying who shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import main
from server.store import hash_token
from server.store_sqlite import SQLiteStore


def test_share_list_and_unshare_a_class(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    where = ["--data", str(tmp_path)]
    assert main(["instructor", "add", "Prof. Lee", "--class", "HIST300", *where]) == 0
    capsys.readouterr()
    # a teaching assistant with no class of their own
    assert main(["instructor", "add", "Ms. Ortiz", *where]) == 0
    added = capsys.readouterr()
    token = added.out.strip()
    assert added.err == (
        "Bearer token for Ms. Ortiz (classes: none). It is shown only now; keep it secret.\n"
    )
    assert main(["instructor", "share", "hist300", "ms. ortiz", *where]) == 0
    assert capsys.readouterr().out == "hist300: taught by Prof. Lee, Ms. Ortiz\n"
    assert main(["instructor", "list", *where]) == 0
    assert capsys.readouterr().out == (
        "Ms. Ortiz\tHIST300 (with Prof. Lee)\nProf. Lee\tHIST300 (with Ms. Ortiz)\n"
    )
    store = SQLiteStore(tmp_path / "backchannel.sqlite3")
    ortiz = store.instructor_by_token(hash_token(token))
    assert ortiz is not None and ortiz.classes == ("HIST300",)
    store.close()

    assert main(["instructor", "unshare", "HIST300", "Prof. Lee", *where]) == 0
    assert capsys.readouterr().out == "HIST300: taught by Ms. Ortiz\n"
    assert main(["instructor", "list", *where]) == 0
    assert capsys.readouterr().out == "Ms. Ortiz\tHIST300\nProf. Lee\t\n"


def test_what_cannot_be_shared_or_unshared_is_refused_saying_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--data", str(tmp_path)]
    assert main(["instructor", "add", "Prof. Lee", "--class", "HIST300", *where]) == 0
    assert main(["instructor", "add", "Ms. Ortiz", "--class", "HIST301", *where]) == 0
    capsys.readouterr()
    assert main(["instructor", "share", "HIST300", "Mr. Nobody", *where]) == 2
    assert capsys.readouterr().err == (
        "backchannel instructor: No instructor named 'Mr. Nobody' on this server. Your school's "
        "administrator adds instructors with `backchannel instructor add 'Mr. Nobody'`; then "
        "share the class again.\n"
    )
    assert main(["instructor", "unshare", "HIST300", "Prof. Lee", *where]) == 2
    assert capsys.readouterr().err == (
        "backchannel instructor: 'Prof. Lee' is the only instructor of class 'HIST300', and a "
        "class keeps at least one: share it with another instructor first "
        "(`backchannel instructor share HIST300 NAME`).\n"
    )
    assert main(["instructor", "unshare", "HIST300", "Ms. Ortiz", *where]) == 2
    assert capsys.readouterr().err == (
        "backchannel instructor: 'Ms. Ortiz' is not an instructor of class 'HIST300'; nothing "
        "was changed.\n"
    )
    assert main(["instructor", "share", "NOPE", "Ms. Ortiz", *where]) == 2
    assert capsys.readouterr().err == (
        "backchannel instructor: No class 'NOPE'; `backchannel instructor list` shows every "
        "instructor's classes.\n"
    )
    # creating a class another instructor has stays refused: ask them to share it
    assert main(["instructor", "classes", "Ms. Ortiz", "--class", "hist300", *where]) == 2
    assert capsys.readouterr().err == (
        "backchannel instructor: Class 'hist300' already belongs to instructor 'Prof. Lee'; "
        "choose another class code, or ask that instructor to share it with you "
        "(`backchannel instructor share hist300 NAME`).\n"
    )
    assert main(["instructor", "list", *where]) == 0
    assert capsys.readouterr().out == "Ms. Ortiz\tHIST301\nProf. Lee\tHIST300\n"
