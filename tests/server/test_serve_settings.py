"""What `backchannel serve` says of a setting it cannot use, before it loads anything."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest
import uvicorn

from server.cli import build_parser, main
from server.cli.serve import settings_from
from tests.served import LiveServer, free_port


def test_a_bad_setting_names_the_option_or_variable_it_came_from(tmp_path: Path, monkeypatch):
    """pydantic named only the field; a port of 99999 started a server on another port."""
    monkeypatch.setenv("BACKCHANNEL_THRESHOLD", "2")
    flags = ["--port", "99999", "--origin", "https://ok.example", "--data", str(tmp_path)]
    args = build_parser().parse_args(["serve", *flags])
    with pytest.raises(ValueError) as refused:
        settings_from(args)
    assert str(refused.value) == (
        "--port 99999: input should be less than or equal to 65535; "
        "BACKCHANNEL_THRESHOLD '2': input should be less than 1. Change it, or leave it out "
        "for its default (`backchannel serve --help` says what each option takes)."
    )


def test_a_busy_port_is_named_before_the_index_and_model_load(tmp_path: Path, monkeypatch, capsys):
    """A second serve on a taken port loaded everything, then stopped on uvicorn's Errno 98."""

    def no_load(settings, progress=False):
        raise AssertionError("the index and model were loaded for a port that is taken")

    monkeypatch.setattr("server.services.Services.open", no_load)
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert main(["serve", "--port", str(port), "--data", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"backchannel serve: cannot listen on 127.0.0.1:{port}: Address already in use. Another "
        "program (another `backchannel serve`?) may hold the port: stop it, or choose another "
        "with --port; --host must be an address of this machine.\n"
    )


def test_a_host_that_is_not_this_machines_is_named_as_such(tmp_path: Path, monkeypatch, capsys):
    """Before, the message for an address of another machine (a school's IT typing the
    server's future address, or a colleague's) began with "Another program (another
    `backchannel serve`?) may hold the port", sending them after a program there was not."""

    def no_load(settings, progress=False):
        raise AssertionError("the index and model were loaded for a host that is not here")

    monkeypatch.setattr("server.services.Services.open", no_load)
    # TEST-NET-3 (RFC 5737): never this machine's; binding to it sends nothing anywhere
    assert main(["serve", "--host", "203.0.113.7", "--port", "8000", "--data", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "backchannel serve: cannot listen on 203.0.113.7:8000: Cannot assign requested address. "
        "--host must be an address of this machine, without brackets: 127.0.0.1 (this machine "
        "only), 0.0.0.0 (every network it is on), :: (IPv6 too) or one of its own addresses "
        "(`hostname -I` lists them on Linux).\n"
    )


def test_a_list_variable_takes_one_value_as_it_is(monkeypatch) -> None:
    """`BACKCHANNEL_TRANSCRIPTS=/srv/frus`, as a school writes a path, stopped serve with
    'error parsing value for field "transcripts" from source "EnvSettingsSource"' (and
    `instructor list` with a traceback): the variables wanted a JSON list, even of one."""
    from server.settings import Settings

    monkeypatch.setenv("BACKCHANNEL_TRANSCRIPTS", "/srv/frus")
    monkeypatch.setenv("BACKCHANNEL_HOSTS", "class.example.edu")
    monkeypatch.setenv("BACKCHANNEL_TRUSTED_PROXIES", '["10.0.0.10", "10.0.0.11"]')
    settings = Settings()
    assert settings.transcripts == [Path("/srv/frus")]
    assert settings.hosts == ["class.example.edu"]
    assert settings.trusted_proxies == ["10.0.0.10", "10.0.0.11"]


def test_every_command_names_a_variable_it_cannot_use(tmp_path: Path, monkeypatch, capsys):
    """Before: `backchannel instructor list` with BACKCHANNEL_THRESHOLD=abc ended in a
    pydantic ValidationError traceback; a JSON list cut short, in SettingsError's."""
    monkeypatch.setenv("BACKCHANNEL_THRESHOLD", "abc")
    monkeypatch.setenv("BACKCHANNEL_HOSTS", '["class.example.edu"')
    assert main(["instructor", "list", "--data", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "backchannel instructor: BACKCHANNEL_THRESHOLD 'abc': input should be a valid number, "
        "unable to parse string as a number; BACKCHANNEL_HOSTS '[\"class.example.edu\"': value "
        'error, not a JSON list (Expecting \',\' delimiter): write it as ["one", "another"], '
        "or give one value with no brackets. Change it, or leave it out for its default "
        "(`backchannel serve --help` says what each option takes).\n"
    )


def _serve_only_says(monkeypatch) -> None:
    """`serve` runs up to its start message: no index or store opened, no app served."""
    opened = SimpleNamespace(
        index=SimpleNamespace(documents={"frus1969-76v39/d107": None}),
        store=SimpleNamespace(close=lambda: None),
    )
    monkeypatch.setattr("server.services.Services.open", lambda settings, progress: opened)
    monkeypatch.setattr("server.app.create_app", lambda services: None)

    async def listening(server: uvicorn.Server, sockets: object = None) -> None:
        server.started = True  # as uvicorn's own start-up ends, having bound nothing here

    monkeypatch.setattr("uvicorn.Server.startup", listening)
    monkeypatch.setattr("uvicorn.Server.run", lambda server: asyncio.run(server.startup()))


def test_serve_says_which_addresses_students_and_the_teacher_open(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """Before, its last words were uvicorn's "Uvicorn running on http://0.0.0.0:8000", an
    address no browser on another machine opens, with nothing of /instructor.html or how to
    sign in there."""
    _serve_only_says(monkeypatch)
    port = free_port()
    assert main(["serve", "--host", "0.0.0.0", "--port", str(port), "--data", str(tmp_path)]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Students open http://ADDRESS:{port}/, ADDRESS this machine's on the school network "
        f"(`hostname -I` lists them on Linux), and you http://ADDRESS:{port}/instructor.html, "
        "with a token of `backchannel instructor add NAME --class CODE`; on this machine "
        f"http://127.0.0.1:{port}/."
    )
    assert main(["serve", "--port", str(port), "--data", str(tmp_path)]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Students open http://127.0.0.1:{port}/ (this machine only: --host 0.0.0.0 serves "
        f"students on other machines); you http://127.0.0.1:{port}/instructor.html, with a "
        "token of `backchannel instructor add NAME --class CODE`."
    )


def test_serve_behind_the_reverse_proxy_names_the_address_students_open(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """Behind docs/deploy.md's proxy (--allowed-host NAME, --trusted-proxy IP), serve said
    "Students open http://ADDRESS:8000/ …", the app host's own port, which the students do not
    reach: they open https://NAME/. A name without a proxy is the machine's, at its port."""
    _serve_only_says(monkeypatch)
    port = free_port()
    served = ["serve", "--host", "0.0.0.0", "--port", str(port), "--data", str(tmp_path)]
    named = ["--allowed-host", "backchannel.school.example", "--allowed-host", "bc.local"]
    assert main([*served, *named, "--trusted-proxy", "10.0.0.10"]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == (
        "Students open https://backchannel.school.example/ (through the reverse proxy); you "
        "https://backchannel.school.example/instructor.html, with a token of `backchannel "
        "instructor add NAME --class CODE`."
    )
    assert main([*served, *named]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Students open http://backchannel.school.example:{port}/; you "
        f"http://backchannel.school.example:{port}/instructor.html, with a token of "
        "`backchannel instructor add NAME --class CODE`."
    )
    assert main([*served, "--allowed-host", "*"]) == 0  # any name: none known
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .startswith(f"Students open http://ADDRESS:{port}/, ADDRESS this machine's")
    )


def test_serve_says_where_to_go_after_uvicorn_has_started(live_server: LiveServer) -> None:
    """A real `serve`: the line naming the students' and the teacher's addresses is the last of
    its start, after uvicorn's. Before, uvicorn's "Uvicorn running on http://127.0.0.1:PORT
    (Press CTRL+C to quit)" came after it, though the README says `serve`'s last line names
    the address to give students (and with --host 0.0.0.0 uvicorn's names none).

    Read in the log of the session's server (tests/served.py: the installed `backchannel
    serve` over the fixture index, on 127.0.0.1, its output and errors in one file), which the
    browser tests start anyway: a server of this test's own was one more start of the model
    (~13 s of a worker at load ~10 on 2 cores) to read the same lines."""
    port = live_server.url.rsplit(":", 1)[1]
    lines = live_server.log.read_text(encoding="utf-8").splitlines()
    start = lines[: next(i for i, line in enumerate(lines) if '"GET /healthz' in line)]
    assert start[-2].startswith("INFO:     Uvicorn running on http://127.0.0.1:")
    assert start[-1] == (
        f"Students open http://127.0.0.1:{port}/ (this machine only: --host 0.0.0.0 "
        f"serves students on other machines); you http://127.0.0.1:{port}/"
        "instructor.html, with a token of `backchannel instructor add NAME --class CODE`."
    )
