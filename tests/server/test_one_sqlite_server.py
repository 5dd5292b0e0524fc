"""One `backchannel serve` per SQLite database: a second one is refused, naming the first."""

from __future__ import annotations

import os
from pathlib import Path

from server.cli import main
from server.settings import Settings
from server.sqlite_serving import LOCK_FILE, hold_database
from tests.served import free_port
from tests.server.test_serve import ServeProcess


def test_a_second_serve_on_one_sqlite_database_is_refused_until_the_first_is_gone(
    tmp_path: Path, fixture_index_dir: Path, monkeypatch, capsys
) -> None:
    """Before, the second started beside the first without a word (their students' second
    tabs and a class's strict answers not told across them); now it stops before the model
    loads, saying which process serves the database and what to do. The first killed (kill -9:
    no goodbye), the database is free again."""
    data = tmp_path / "data"
    args = ["--data", str(data), "--index", str(fixture_index_dir)]
    first = ServeProcess(args, tmp_path / "first.log")
    try:

        def no_model(*args: object, **kwargs: object) -> None:
            raise AssertionError("the model was loaded by a second server on the database")

        monkeypatch.setattr("embeddings.index_encoder", no_model)
        assert main(["serve", "--port", str(free_port()), *args]) == 2
        assert capsys.readouterr().err == (
            f"backchannel serve: The database {data / 'backchannel.sqlite3'} is served already, "
            f"by process {first.process.pid} on 127.0.0.1:{first.port}: one SQLite database is "
            "served by one `backchannel serve`. Stop that one first, give this one another "
            "--data (a database of its own), or run several processes on one PostgreSQL "
            "database (--database postgresql://..., docs/deploy.md).\n"
        )
        assert first.get("/healthz")["documents"] == 7  # the first serves on
    finally:
        first.kill()
    port = free_port()
    held = hold_database(Settings(data=data, port=port))
    assert held is not None
    held.close()
    assert (data / LOCK_FILE).read_text() == f"process {os.getpid()} on 127.0.0.1:{port}\n"


def test_processes_on_postgresql_take_no_lock(tmp_path: Path) -> None:
    settings = Settings(data=tmp_path, database="postgresql://u@localhost/db")
    assert hold_database(settings) is None and not (tmp_path / LOCK_FILE).exists()
