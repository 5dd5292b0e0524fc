"""`--database` / BACKCHANNEL_DATABASE: every command that touches the store goes to PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import main
from server.store import hash_token
from server.store_postgres import PostgresStore


def test_instructor_commands_use_the_database_in_the_environment(
    postgres, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = postgres.database()
    monkeypatch.setenv("BACKCHANNEL_DATABASE", url)
    monkeypatch.setenv("BACKCHANNEL_DATA", str(tmp_path))
    assert main(["instructor", "add", "Lee", "--class", "HIST300"]) == 0
    token = capsys.readouterr().out.strip()
    assert main(["instructor", "classes", "lee", "--class", "HIST301"]) == 0
    assert capsys.readouterr().out == "Lee: HIST300, HIST301\n"
    store = PostgresStore(url)
    assert store.instructor_by_token(hash_token(token)).classes == ("HIST300", "HIST301")
    store.close()
    assert not (tmp_path / "backchannel.sqlite3").exists()  # nothing went to SQLite

    monkeypatch.delenv("BACKCHANNEL_DATABASE")
    assert main(["instructor", "list"]) == 0
    assert capsys.readouterr().out == ""  # the SQLite default knows nobody
    assert main(["instructor", "list", "--database", url]) == 0
    assert capsys.readouterr().out == "Lee\tHIST300, HIST301\n"


def test_bad_database_url_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data", str(tmp_path), "--database", "sqlite:///tmp/x.db"]
    assert main(["instructor", "add", "Lee", "--class", "HIST300", *args]) == 2
    assert main(["serve", *args]) == 2
    err = capsys.readouterr().err.splitlines()
    message = (
        "The database setting 'sqlite:///tmp/x.db' is not a PostgreSQL URL; give "
        "postgresql://USER:PASSWORD@HOST:PORT/DBNAME (BACKCHANNEL_DATABASE or --database), or "
        "leave it unset for the SQLite file in the data directory."
    )
    assert err == [f"backchannel instructor: {message}", f"backchannel serve: {message}"]
    assert not (tmp_path / "index").exists()  # serve stopped before building anything
