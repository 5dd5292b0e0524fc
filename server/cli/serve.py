"""`backchannel serve`: the web app on uvicorn, ready with no options at all."""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import socket
import sys
from pathlib import Path

from pydantic import ValidationError

from server import stores
from server.cli.disk import cannot_write
from server.cli.say import fail
from server.errors import BackchannelError
from server.settings import Settings

# The options whose names are not their setting's (repeatable ones are singular).
OPTION = {"origins": "--origin", "hosts": "--allowed-host", "trusted_proxies": "--trusted-proxy"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's subcommands to the main parser."""
    serve = sub.add_parser(
        "serve",
        help="Run the web app: role-play, quizzes and the instructor API.",
        description="Serve the student page at /, the instructor page at /instructor.html, the "
        "WebSocket at /ws, the REST API under /api and its documentation at /docs. With no "
        "options: the shipped corpus, with the database and index in the default data "
        "directory, both created on first start. Every option can also be set as a "
        "BACKCHANNEL_* environment variable (e.g. BACKCHANNEL_PORT=9000).",
    )
    fields = Settings.model_fields
    serve.add_argument("--host", help=f"{fields['host'].description} (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help=f"{fields['port'].description} (default 8000)")
    data_options(serve)
    serve.add_argument("--index", type=Path, metavar="DIR", help=fields["index"].description)
    serve.add_argument("--model", metavar="NAME|PATH", help=fields["model"].description)
    serve.add_argument("--backend", choices=("onnx", "torch"), help=fields["backend"].description)
    serve.add_argument("--threshold", type=float, metavar="P", help=fields["threshold"].description)
    serve.add_argument(
        "--transcripts",
        action="append",
        type=Path,
        metavar="PATH",
        help=f"{fields['transcripts'].description} (repeatable)",
    )
    serve.add_argument(
        "--origin",
        dest="origins",
        action="append",
        metavar="URL",
        help=f"{fields['origins'].description} (repeatable)",
    )
    serve.add_argument(
        "--allowed-host",
        dest="hosts",
        action="append",
        metavar="NAME",
        help=f"{fields['hosts'].description} (repeatable)",
    )
    serve.add_argument(
        "--connections-per-address",
        type=int,
        metavar="N",
        help=f"{fields['connections_per_address'].description} (default 256)",
    )
    serve.add_argument(
        "--sessions-per-address",
        type=int,
        metavar="N",
        help=f"{fields['sessions_per_address'].description} (default 600)",
    )
    serve.add_argument(
        "--trusted-proxy",
        dest="trusted_proxies",
        action="append",
        metavar="IP",
        help=f"{fields['trusted_proxies'].description} (repeatable)",
    )
    serve.set_defaults(run=run_serve)


def data_options(parser: argparse.ArgumentParser) -> None:
    """``--data`` and ``--database``, where the store is, as `serve` and every `instructor`
    action offer them: the instructor's token must be written where the server reads it."""
    fields = Settings.model_fields
    parser.add_argument("--data", type=Path, metavar="DIR", help=fields["data"].description)
    parser.add_argument("--database", metavar="URL", help=fields["database"].description)


def settings_from(args: argparse.Namespace) -> Settings:
    """Environment first, then whatever the command line says."""
    given = {
        name: getattr(args, name)
        for name in (
            "host",
            "port",
            "data",
            "database",
            "index",
            "model",
            "backend",
            "threshold",
            "transcripts",
            "origins",
            "hosts",
            "connections_per_address",
            "sessions_per_address",
            "trusted_proxies",
        )
        if getattr(args, name, None) is not None
    }
    return read_settings(given)


class SettingsInvalid(ValueError):
    """A setting no command can use, as :func:`settings_problems` words it."""


def read_settings(given: dict[str, object]) -> Settings:
    """The settings, ``given`` over the environment, for any command: `instructor list` with
    BACKCHANNEL_THRESHOLD=abc (a variable meant for serve) ended in a pydantic traceback."""
    try:
        return Settings(**given)  # type: ignore[arg-type]  # checked here, by pydantic
    except ValidationError as exc:
        raise SettingsInvalid(settings_problems(exc, given)) from None


def settings_problems(exc: ValidationError, given: dict[str, object]) -> str:
    """Each bad setting as the school typed it, option or environment variable, with what it
    must be: pydantic's own text names the field, not where it came from ("port: Input should
    be less than or equal to 65535"), and a port of 99999 used to start a server on another."""
    problems = []
    for error in exc.errors():
        name = str(error["loc"][0])
        where = (
            OPTION.get(name, f"--{name.replace('_', '-')}")
            if name in given
            else f"BACKCHANNEL_{name.upper()}"
        )
        problems.append(f"{where} {error['input']!r}: {error['msg'][:1].lower()}{error['msg'][1:]}")
    return (
        "; ".join(problems)
        + ". Change it, or leave it out for its default (`backchannel serve --help` says what "
        "each option takes)."
    )


def cannot_listen(host: str, port: int) -> str | None:
    """Why the server could not listen on ``host:port``, found before the index and the model
    load: a second `serve` on a busy port loaded them for seconds, then stopped on uvicorn's
    "[Errno 98] ... address already in use". (uvicorn binds again, and reports a race.)"""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return (
                    f"cannot listen on {host}:{port}: {exc.strerror or exc}. Another program "
                    "(another `backchannel serve`?) may hold the port: stop it, or choose another "
                    "with --port; --host must be an address of this machine."
                )
            # Not the port's fault: "Another program may hold the port" sent a school that
            # typed --host 192.168.1.50 (another machine's) or [::1] looking for one.
            return (
                f"cannot listen on {host}:{port}: {exc.strerror or exc}. --host must be an "
                "address of this machine, without brackets: 127.0.0.1 (this machine only), "
                "0.0.0.0 (every network it is on), :: (IPv6 too) or one of its own addresses "
                "(`hostname -I` lists them on Linux)."
            )
    return None


ANY_ADDRESS = ("0.0.0.0", "::", "")  # every network the machine is on
SIGN_IN = "with a token of `backchannel instructor add NAME --class CODE`"


def where_to_go(settings: Settings) -> str:
    """Which addresses the students and the teacher open. The last line a teacher read was
    uvicorn's "running on http://0.0.0.0:8000", no address a browser on another machine can
    open, and nothing said that /instructor.html is theirs or how to sign in. A server with a
    name of its own (--allowed-host) is opened by that name: behind the reverse proxy of
    docs/deploy.md (--trusted-proxy), at https://NAME/, where ADDRESS:PORT, the app host's
    own, was named before; the proxy's port and scheme are not the app's."""
    host, port = settings.host, settings.port
    names = [name for name in settings.hosts if name != "*"]
    local = host in ("127.0.0.1", "localhost", "::1")
    if names and settings.trusted_proxies:
        url = f"https://{names[0]}"
        return (
            f"Students open {url}/ (through the reverse proxy); you {url}/instructor.html, "
            f"{SIGN_IN}."
        )
    if names and not local:
        url = f"http://{names[0]}:{port}"
        return f"Students open {url}/; you {url}/instructor.html, {SIGN_IN}."
    if host in ANY_ADDRESS:
        return (
            f"Students open http://ADDRESS:{port}/, ADDRESS this machine's on the school "
            "network (`hostname -I` lists them on Linux), and you http://ADDRESS:"
            f"{port}/instructor.html, {SIGN_IN}; on this machine http://127.0.0.1:{port}/."
        )
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    only = " (this machine only: --host 0.0.0.0 serves students on other machines)" if local else ""
    return f"Students open {url}/{only}; you {url}/instructor.html, {SIGN_IN}."


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app
    from server.cli.announce import STARTUP_FAILURE, Announcing
    from server.guard import uvicorn_options
    from server.services import Services

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")
    for handler in logging.getLogger().handlers:  # libraries that set DEBUG on their logger
        handler.setLevel(logging.INFO)
    try:
        settings = settings_from(args)
        taken = cannot_listen(settings.host, settings.port)
        if taken:
            fail(args.command, taken)
            return 2
        services = Services.open(settings, progress=sys.stderr.isatty())
    except (BackchannelError, ValueError, FileNotFoundError) as exc:
        fail(args.command, str(exc))
        return 2
    except OSError as exc:  # the index cannot be written: a traceback before
        fix = "Give --data (or BACKCHANNEL_DATA), or --index,"
        fail(args.command, cannot_write(exc, settings.index_dir, fix))
        return 2
    print(
        f"Backchannel: {len(services.index.documents)} documents, database "
        f"{stores.where(settings)}, index {settings.index_dir}",
        file=sys.stderr,
    )
    config = uvicorn.Config(
        create_app(services),
        host=settings.host,
        port=settings.port,
        log_level="info",
        **uvicorn_options(settings.trusted_proxies),
    )
    server = Announcing(config, where_to_go(settings))
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C, raised again once uvicorn stops
        server.run()
    services.store.close()
    return 0 if server.started else STARTUP_FAILURE
