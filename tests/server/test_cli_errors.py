"""Every `backchannel` command says what it cannot do in one form: ``backchannel COMMAND: …``."""

from __future__ import annotations

from pathlib import Path

from server.cli import main
from tests.served import free_port


def test_every_command_refuses_in_the_same_form(tmp_path: Path, capsys) -> None:
    """`build`, `ask` and `eval` wrote "error: …", `serve`, `corpus` and `instructor`
    "backchannel serve: …"; a school's terminal or log read two forms of one thing."""
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    nope = tmp_path / "nope"
    data = ["--data", str(tmp_path / "data")]
    runs = {
        "serve": ["serve", "--port", str(free_port()), "--data", str(a_file)],
        "build": ["build", "--transcripts", str(nope), "--index", str(tmp_path / "index")],
        "ask": ["ask", "Hello", "--index", str(a_file)],
        "eval": ["eval", str(nope)],
        "corpus": ["corpus", "check", str(nope)],
        "instructor": ["instructor", "share", "HIST210", "Prof. Nobody", *data],
    }
    said = {}
    for command, args in runs.items():
        assert main(args) == 2, command
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err  # one line, a sentence: no traceback
        said[command] = err.split(":", 1)[0]
    assert said == {command: f"backchannel {command}" for command in runs}
