"""The PostgreSQL store's schema as numbered migrations (with the store's statements, its SQL).

A database records every migration applied in its ``schema_migrations`` table. Opening one
applies, in one transaction under an advisory lock, every migration after the last recorded, so
a database written by any earlier version of Backchannel opens in this one and loses nothing; one
written by a newer version is refused (this version cannot know what its migrations meant).
Several server processes may start at once: whichever takes the lock first migrates, the others
wait on it and find the work done.

How to add a migration (a later issue that needs a column, a table or an index):

1. Append ``Migration(N + 1, "what it does and why", SQL)`` to :data:`MIGRATIONS`, where N is
   the last version, with the SQLite store's migration N + 1 in
   :mod:`server.sqlite_migrations` beside it. Never edit a migration that has shipped:
   databases in classrooms already ran it.
2. In ``tests/server/test_store_postgres.py``, add a test that builds a database at version N
   (each of ``MIGRATIONS[:N]`` run and recorded in ``schema_migrations``), fills it with rows of
   that version's shape, opens a ``PostgresStore`` on it and checks the rows in the new shape.

The store's queries (``server/store_postgres.py``, ``server/postgres_classes.py``) always see
the schema of the last migration.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from server.errors import ConfigError
from server.store import utc_now

MIGRATION_LOCK = 0x6263_6D69_6772  # "bcmigr": the advisory lock key every process agrees on


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "instructors, classes, students, sessions and their events",
        """
        CREATE TABLE instructors (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL
        );
        CREATE UNIQUE INDEX instructors_by_name ON instructors (lower(name));
        CREATE TABLE classes (
            code TEXT PRIMARY KEY,
            instructor_id BIGINT NOT NULL REFERENCES instructors(id),
            created TEXT NOT NULL
        );
        CREATE UNIQUE INDEX classes_by_code ON classes (lower(code));
        CREATE INDEX classes_by_instructor ON classes (instructor_id);
        CREATE TABLE students (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            class_code TEXT REFERENCES classes(code),
            name TEXT NOT NULL
        );
        -- one row per name in a class, and per name among those who practise alone
        CREATE UNIQUE INDEX students_by_class ON students (class_code, lower(name));
        CREATE UNIQUE INDEX students_alone ON students (lower(name)) WHERE class_code IS NULL;
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            student_id BIGINT NOT NULL REFERENCES students(id),
            token_hash TEXT NOT NULL UNIQUE,
            started TEXT NOT NULL,
            ended TEXT,
            state JSON NOT NULL DEFAULT '{}',
            last_seq INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX sessions_by_student ON sessions (student_id);
        CREATE TABLE events (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            data JSON NOT NULL,
            PRIMARY KEY (session_id, seq)
        );
        """,
    ),
    Migration(
        2,
        "instructors' corrections of matches, per class",
        """
        CREATE TABLE corrections (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            class_code TEXT NOT NULL REFERENCES classes(code),
            line TEXT NOT NULL,
            document TEXT NOT NULL,
            turn INTEGER NOT NULL,
            speaker TEXT NOT NULL,
            created TEXT NOT NULL
        );
        CREATE INDEX corrections_by_class ON corrections (class_code);
        """,
    ),
    Migration(
        3,
        "learners: a token per student row, never a merge by name; review cards and answers",
        """
        ALTER TABLE students ADD COLUMN token_hash TEXT UNIQUE;
        CREATE TABLE cards (
            learner_id BIGINT NOT NULL REFERENCES students(id),
            item TEXT NOT NULL,
            mode TEXT NOT NULL,
            fsrs TEXT NOT NULL,
            due TEXT NOT NULL,
            reviews INTEGER NOT NULL,
            last_review TEXT NOT NULL,
            last_correct BOOLEAN NOT NULL,
            missed TEXT,
            PRIMARY KEY (learner_id, item, mode)
        );
        CREATE TABLE answers (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            learner_id BIGINT NOT NULL REFERENCES students(id),
            at TEXT NOT NULL,
            item TEXT NOT NULL,
            mode TEXT NOT NULL,
            volume TEXT NOT NULL,
            correct BOOLEAN NOT NULL
        );
        CREATE INDEX answers_by_learner ON answers (learner_id, at);
        """,
    ),
    Migration(
        4,
        "heartbeats of the processes holding sessions, to close out those whose holder is gone",
        """
        CREATE TABLE heartbeats (
            session_id TEXT PRIMARY KEY REFERENCES sessions(id),
            seen TEXT NOT NULL
        );
        """,
    ),
    Migration(
        5,
        "sessions.holder: the connection holding each session, which alone may write to it",
        "ALTER TABLE sessions ADD COLUMN holder TEXT;",
    ),
    Migration(
        6,
        "the scenario an instructor set for a class's role-plays (NULL: the whole record)",
        "ALTER TABLE classes ADD COLUMN scenario TEXT;",
    ),
    Migration(
        7,
        "classes.strict: its instructor chose strict answers (FALSE: the server's threshold)",
        "ALTER TABLE classes ADD COLUMN strict BOOLEAN NOT NULL DEFAULT FALSE;",
    ),
    Migration(
        8,
        "class_instructors: a class's teachers, every class's one instructor its first "
        "(classes.instructor_id stays as who created the class and grants nothing)",
        """
        CREATE TABLE class_instructors (
            class_code TEXT NOT NULL REFERENCES classes(code),
            instructor_id BIGINT NOT NULL REFERENCES instructors(id),
            added TEXT NOT NULL,
            PRIMARY KEY (class_code, instructor_id)
        );
        CREATE INDEX class_instructors_by_instructor ON class_instructors (instructor_id);
        INSERT INTO class_instructors (class_code, instructor_id, added)
            SELECT code, instructor_id, created FROM classes;
        """,
    ),
    Migration(
        9,
        "corrections.document and .turn may be NULL: an instructor's 'the record does not "
        "answer this line'",
        """
        ALTER TABLE corrections ALTER COLUMN document DROP NOT NULL;
        ALTER TABLE corrections ALTER COLUMN turn DROP NOT NULL;
        ALTER TABLE corrections ADD CONSTRAINT corrections_both_or_neither
            CHECK ((document IS NULL) = (turn IS NULL));
        """,
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def migrate(conn: psycopg.Connection, where: str) -> int:
    """Bring the schema up to :data:`SCHEMA_VERSION`, once, however many processes start at once.

    The advisory lock is held for the migration's transaction: a second process starting at the
    same moment waits for it, then finds every migration applied. Returns the version found.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)"
        )
        row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
        assert row is not None, "an aggregate without GROUP BY returns one row"
        found: int = row[0]
        if found > SCHEMA_VERSION:
            raise ConfigError(
                f"The database {where} was written by a newer Backchannel (schema {found}, "
                f"this one knows {SCHEMA_VERSION}); upgrade Backchannel or use another database."
            )
        for step in MIGRATIONS[found:]:
            conn.execute(step.sql)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied) VALUES (%s, %s, %s)",
                (step.version, step.name, utc_now()),
            )
    return found
