"""`backchannel instructor strict`: a class's strict answers from the command line, as the
instructor page's tick box sets them."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import main
from server.store_sqlite import SQLiteStore

ON = (
    "HIST300: strict answers (a line is answered only at a fit probability of 0.8 or more, or "
    "the server's threshold where higher; below it, refused with the closest recorded lines "
    "offered)\n"
)
OFF = "HIST300: the server's threshold (strict answers off)\n"


def test_set_show_and_unset_strict_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--data", str(tmp_path)]
    assert main(["instructor", "add", "Lee", "--class", "HIST300", *where]) == 0
    capsys.readouterr()
    assert main(["instructor", "strict", "HIST300", *where]) == 0
    assert capsys.readouterr().out == OFF
    assert main(["instructor", "strict", "hist300", "--on", *where]) == 0
    assert capsys.readouterr().out == ON.replace("HIST300", "hist300", 1)
    store = SQLiteStore(tmp_path / "backchannel.sqlite3")
    assert store.class_strict("HIST300") is True
    store.close()
    assert main(["instructor", "strict", "HIST300", *where]) == 0
    assert capsys.readouterr().out == ON
    assert main(["instructor", "strict", "HIST300", "--off", *where]) == 0
    assert capsys.readouterr().out == OFF
    store = SQLiteStore(tmp_path / "backchannel.sqlite3")
    assert store.class_strict("HIST300") is False
    store.close()


def test_an_unknown_class_or_both_flags_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--data", str(tmp_path)]
    assert main(["instructor", "add", "Lee", "--class", "HIST300", *where]) == 0
    capsys.readouterr()
    unknown = (
        "backchannel instructor: No class 'NOPE'; `backchannel instructor list` shows every "
        "instructor's classes.\n"
    )
    assert main(["instructor", "strict", "NOPE", "--on", *where]) == 2
    assert capsys.readouterr().err == unknown
    assert main(["instructor", "strict", "NOPE", *where]) == 2
    assert capsys.readouterr().err == unknown
    with pytest.raises(SystemExit) as both:
        main(["instructor", "strict", "HIST300", "--on", "--off", *where])
    assert both.value.code == 2
    assert "argument --off: not allowed with argument --on" in capsys.readouterr().err
