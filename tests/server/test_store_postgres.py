"""What only the PostgreSQL store does: migrations under a lock, several stores on one database,
clear errors for a wrong URL or a newer schema. A real server (tests/pgcluster.py) each time."""

from __future__ import annotations

import subprocess
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import psycopg
import psycopg.sql
import pytest

import server.postgres_database
from server.errors import ConfigError, StoreUnavailable
from server.postgres_migrations import MIGRATIONS, SCHEMA_VERSION
from server.settings import Settings
from server.store import hash_token, new_token
from server.store_postgres import PostgresStore
from server.stores import check_database, open_store, where


def test_first_starts_at_once_migrate_once(postgres) -> None:
    url = postgres.database()
    with ThreadPoolExecutor(6) as pool:
        stores = list(pool.map(lambda _: PostgresStore(url), range(6)))
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    assert [v for (v,) in rows] == list(range(1, SCHEMA_VERSION + 1))
    stores[0].add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    assert [i.name for i in stores[5].instructors()] == ["Ruiz"]
    for store in stores:
        store.close()


# Ruiz's class HIST210, its later columns as their migrations default them.
_RUIZ_CLASS = (
    "INSERT INTO classes (code, instructor_id, created) "
    "SELECT 'HIST210', id, '2026-11-29T10:00:00Z' FROM instructors"
)


def _left_at(postgres, version: int, *rows: str) -> str:
    """A new database some earlier Backchannel left at schema ``version``, with the instructor
    Ruiz and what the statements ``rows`` then added; its URL."""
    url = postgres.database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)"
        )
        for step in MIGRATIONS[:version]:
            conn.execute(step.sql)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (%s, %s, '2026-11-29T10:00:00Z')",
                (step.version, step.name),
            )
        conn.execute(
            "INSERT INTO instructors (name, token_hash, created) "
            "VALUES ('Ruiz', %s, '2026-11-29T10:00:00Z')",
            (hash_token("a"),),
        )
        for row in rows:
            conn.execute(row)
    return url


def test_migration_6_gives_the_classes_of_a_version_5_database_no_scenario(postgres) -> None:
    """A database some earlier Backchannel left at schema 5 opens with its classes intact."""
    store = PostgresStore(_left_at(postgres, 5, _RUIZ_CLASS))
    ruiz = store.class_teachers("HIST210")[0].id
    assert [(c.code, c.scenario) for c in store.classes(ruiz)] == [("HIST210", None)]
    store.set_class_scenario("hist210", "topic:salt")
    assert store.class_scenario("HIST210") == "topic:salt"
    store.close()


def test_migration_7_leaves_the_classes_of_a_version_6_database_not_strict(postgres) -> None:
    url = _left_at(
        postgres,
        6,
        "INSERT INTO classes (code, instructor_id, created, scenario) "
        "SELECT 'HIST210', id, '2026-12-01T10:00:00Z', 'topic:salt' FROM instructors",
    )
    store = PostgresStore(url)
    ruiz = store.class_teachers("HIST210")[0].id
    assert [(c.code, c.scenario, c.strict) for c in store.classes(ruiz)] == [
        ("HIST210", "topic:salt", False)
    ]
    store.set_class_strict("hist210", True)
    assert store.class_strict("HIST210") is True
    store.close()


def test_migration_8_makes_each_class_of_a_version_7_database_its_instructors_alone(
    postgres,
) -> None:
    url = _left_at(postgres, 7)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO instructors (name, token_hash, created) "
            "VALUES ('Okafor', %s, '2026-12-01T09:00:00Z')",
            (hash_token("b"),),
        )
        conn.execute(
            "INSERT INTO classes (code, instructor_id, created, strict) "
            "SELECT 'HIST210', id, '2026-11-29T10:00:00Z', FALSE FROM instructors "
            "WHERE name = 'Ruiz' UNION ALL "
            "SELECT 'IR101', id, '2026-12-01T10:00:00Z', TRUE FROM instructors "
            "WHERE name = 'Okafor'"
        )
    store = PostgresStore(url)
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT ci.class_code, i.name, ci.added FROM class_instructors ci "
            "JOIN instructors i ON i.id = ci.instructor_id ORDER BY ci.class_code"
        ).fetchall()
    assert rows == [
        ("HIST210", "Ruiz", "2026-11-29T10:00:00Z"),
        ("IR101", "Okafor", "2026-12-01T10:00:00Z"),
    ]
    ruiz = store.instructor_by_token(hash_token("a"))
    okafor = store.instructor_by_token(hash_token("b"))
    assert ruiz is not None and okafor is not None
    assert (ruiz.classes, okafor.classes) == (("HIST210",), ("IR101",))
    assert [t.name for t in store.class_teachers("hist210")] == ["Ruiz"]
    store.share_class("hist210", "OKAFOR")
    assert [(c.code, c.strict, c.instructors) for c in store.classes(okafor.id)] == [
        ("HIST210", False, ("Ruiz", "Okafor")),
        ("IR101", True, ("Okafor",)),
    ]
    store.close()


def test_migration_9_keeps_a_version_8_databases_corrections_and_lets_one_answer_nothing(
    postgres,
) -> None:
    url = _left_at(
        postgres,
        8,
        _RUIZ_CLASS,
        "INSERT INTO corrections (class_code, line, document, turn, speaker, created) "
        "VALUES ('HIST210', 'Anatol, two things.', 'frus1969-76v39/d107', 0, 'kissinger', "
        "'2026-12-01T10:00:00Z')",
    )
    store = PostgresStore(url)
    none = store.add_correction(
        "hist210", line="How was your vacation?", document=None, turn=None, speaker="kissinger"
    )
    assert [(c.line, c.document, c.turn) for c in store.corrections("HIST210")] == [
        ("How was your vacation?", None, None),
        ("Anatol, two things.", "frus1969-76v39/d107", 0),
    ]
    assert none.id > 1
    with psycopg.connect(url) as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute(
            "INSERT INTO corrections (class_code, line, document, turn, speaker, created) "
            "VALUES ('HIST210', 'x', 'frus1969-76v39/d107', NULL, 'kissinger', 'now')"
        )
    store.close()


def test_every_pick_a_version_1_database_holds_reads_back_after_the_migrations(postgres) -> None:
    """As on SQLite (test_sqlite_migrations.py): picks have been stored since schema 1, each its
    own events with their time, and a database left then reads every one after the
    migrations, and the store numbers the session's next event after them."""
    from psycopg.types.json import Json

    from server.session_read import read_session
    from tests.server.conftest import PICKED_TWICE, picked_twice

    url = _left_at(postgres, 1)
    rows = picked_twice()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO classes (code, instructor_id, created) "
            "SELECT 'HIST210', id, '2026-12-01T10:00:00Z' FROM instructors"
        )
        [(student,)] = conn.execute(
            "INSERT INTO students (class_code, name) VALUES ('HIST210', 'Ada') RETURNING id"
        ).fetchall()
        conn.execute(
            "INSERT INTO sessions (id, student_id, token_hash, started, last_seq) "
            "VALUES ('s1', %s, %s, '2026-12-01T17:00:00Z', %s)",
            (student, hash_token("bcr_ada"), len(rows)),
        )
        for seq, at, kind, data in rows:
            conn.execute(
                "INSERT INTO events VALUES ('s1', %s, %s, %s, %s)", (seq, at, kind, Json(data))
            )
    store = PostgresStore(url)
    try:
        events = store.events("s1")
        [exchange] = read_session("s1", "Ada", events).exchanges
        assert [
            (p.seq, p.at, p.picked, (p.matched or {})["turn"]) for p in exchange.picks
        ] == PICKED_TWICE
        assert (exchange.picked, (exchange.reply or {})["text"]) == (0, "Good.")
        assert store.record("s1", "connect", {"resumed": True}).seq == len(rows) + 1
    finally:
        store.close()


def test_stores_on_one_database_number_a_sessions_events_in_order(postgres) -> None:
    url = postgres.database()
    one, two = PostgresStore(url), PostgresStore(url)
    ada = one.create_learner(name="Ada", class_code=None, token_hash=hash_token("l"))
    session = one.create_session(learner=ada.id, token_hash=hash_token("r"))

    def write(n: int) -> list[int]:
        store = one if n % 2 else two
        return [store.record(session.id, "line", {"text": f"{n}.{i}"}).seq for i in range(20)]

    with ThreadPoolExecutor(4) as pool:
        seqs = sorted(s for batch in pool.map(write, range(4)) for s in batch)
    assert seqs == list(range(1, 81))
    events = two.events(session.id)
    assert [e.seq for e in events] == seqs
    # each writer's lines are in the order it wrote them
    for n in range(4):
        mine = [e.data["text"] for e in events if e.data["text"].startswith(f"{n}.")]
        assert mine == [f"{n}.{i}" for i in range(20)]
    one.close()
    two.close()


def test_a_row_locked_elsewhere_is_database_busy_not_a_hang(postgres, monkeypatch) -> None:
    """Another program holds the session's row: the write gives up after the lock timeout with
    the retryable ``database_busy`` (SQLite's busy timeout, the same answer), then works."""
    monkeypatch.setattr(server.postgres_database, "LOCK_TIMEOUT_MS", 300)
    url = postgres.database()
    store = PostgresStore(url)
    ada = store.create_learner(name="Ada", class_code=None, token_hash=hash_token("l"))
    session = store.create_session(learner=ada.id, token_hash=hash_token("r"))
    with psycopg.connect(url) as other:
        other.execute("SELECT 1 FROM sessions WHERE id = %s FOR UPDATE", (session.id,))
        with pytest.raises(StoreUnavailable) as refused:
            store.record(session.id, "line", {"text": "held up"})
        assert (refused.value.code, refused.value.retry_after) == ("database_busy", 2.0)
        assert "a lock is held elsewhere" in refused.value.message
    assert store.record(session.id, "line", {"text": "through"}).seq == 1
    assert [e.data["text"] for e in store.events(session.id)] == ["through"]
    store.close()


def test_database_holds_only_token_hash(postgres) -> None:
    url = postgres.database()
    store = PostgresStore(url)
    token = new_token("bci")
    store.add_instructor("Prof. Ruiz", hash_token(token), ["HIST210"])
    store.close()
    dump = subprocess.run(
        [str(postgres.bindir / "pg_dump"), "--data-only", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert token not in dump
    assert hash_token(token) in dump


def test_newer_schema_is_refused(postgres) -> None:
    url = postgres.database()
    PostgresStore(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', 'now')")
    with pytest.raises(ConfigError) as err:
        PostgresStore(url)
    assert str(err.value) == (
        f"The database {url} was written by a newer Backchannel (schema 99, this one knows "
        f"{SCHEMA_VERSION}); upgrade Backchannel or use another database."
    )


def test_unreachable_database_says_where_without_password(postgres) -> None:
    url = f"postgresql://teacher:s3cret@127.0.0.1:{postgres.port}/no_such_db"
    with pytest.raises(ConfigError) as err:
        open_store(Settings(database=url))
    message = str(err.value)
    assert message.startswith(
        f"Cannot open the session database postgresql://teacher@127.0.0.1:{postgres.port}/"
        "no_such_db: "
    )
    assert "s3cret" not in message
    assert message.endswith(
        "Check that PostgreSQL runs there, that the database exists and that the URL's user may "
        "connect (BACKCHANNEL_DATABASE or --database)."
    )


def test_database_setting_must_be_a_postgres_url(tmp_path) -> None:
    with pytest.raises(ConfigError) as err:
        open_store(Settings(data=tmp_path, database="mysql://db/backchannel"))
    assert str(err.value) == (
        "The database setting 'mysql://db/backchannel' is not a PostgreSQL URL; give "
        "postgresql://USER:PASSWORD@HOST:PORT/DBNAME (BACKCHANNEL_DATABASE or --database), or "
        "leave it unset for the SQLite file in the data directory."
    )
    assert where(Settings(data=tmp_path)) == str(tmp_path / "backchannel.sqlite3")
    assert where(Settings(database="postgres://u:pw@db.school:5433/bc")) == (
        "postgresql://u@db.school:5433/bc"
    )


@pytest.mark.parametrize(
    "password", ["p@ss", "pa/ss", "p?ss@x", "p@s?s", "p?s/s", "p#s@s", "p#s/s", "a?=@", "?/="]
)
def test_a_password_not_percent_encoded_in_the_url_is_said_so(password: str) -> None:
    """A password chosen at `createuser --pwprompt` holding an @ was read as the password "p"
    of the host "ss@127.0.0.1": "failed to resolve host 'ss@127.0.0.1'", nothing saying why,
    and the database named in the message showed "ss", a part of the password. A ? or # before
    the @ or / changes nothing ("p?ss@x" was read with the host "x@127.0.0.1"; "p?s/s" and
    "?/=" libpq cannot read at all, 'invalid URI query parameter')."""
    url = f"postgresql://backchannel:{password}@127.0.0.1:5432/backchannel"
    with pytest.raises(ConfigError) as err:
        open_store(Settings(database=url))
    assert str(err.value) == (
        "The database setting's URL holds its password (or user) as typed, and an @ or / in it "
        "ends that part of the URL, so the rest is read as the host. Write the password "
        "percent-encoded, @ as %40 and / as %2F (`python3 -c 'import urllib.parse; "
        'print(urllib.parse.quote(input(), safe=""))\'` prints it so), in '
        "postgresql://USER:PASSWORD@HOST:PORT/DBNAME (BACKCHANNEL_DATABASE or --database)."
    )
    encoded = url.replace(password, urllib.parse.quote(password, safe=""))
    assert check_database(encoded) == encoded
    assert check_database(f"{encoded}?sslmode=require") == f"{encoded}?sslmode=require"


def test_a_password_libpq_reads_as_typed_passes_and_logs_in(postgres) -> None:
    """A # or ? in a password libpq reads as typed (it ends the password at the first @ only,
    or a / before it): such a URL was refused ("a character of it (@, /, ? or #) …") although
    it logs in. Checked with a password login on a real server: each URL passes the check and
    opens the store, the password percent-encoded too; a wrong one is refused by the server,
    so the login is the password's."""
    database = postgres.password_role("pwcheck")
    for password in ["pa#ss", "#pass", "pass#", "pa?ss", "p?s#s", "p#s?s=x&y", "p:s#s"]:
        with psycopg.connect(postgres.url(), autocommit=True) as conn:
            conn.execute(psycopg.sql.SQL("ALTER ROLE pwcheck PASSWORD {}").format(password))
        for typed in (password, urllib.parse.quote(password, safe="")):
            url = f"postgresql://pwcheck:{typed}@127.0.0.1:{postgres.port}/{database}"
            assert check_database(url) == url
            store = open_store(Settings(database=url))
            assert store.instructors() == []
            store.close()
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(url.replace(f":{typed}@", ":pa55@")).close()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql:///backchannel?user=backchannel&password=p@s?s",
        "postgresql://db.school/backchannel?user=backchannel&password=p@ss",
        "postgresql://backchannel:pw@db.school?sslmode=require",
        "postgresql://backchannel:pw@db.school/backchannel?application_name=room@4",
    ],
)
def test_a_url_with_an_at_or_a_question_mark_outside_its_password_passes(url: str) -> None:
    """An @ or ? of the query (a password given as ?password=…, which libpq reads as it is)
    is not one of the password's as typed."""
    assert check_database(url) == url
