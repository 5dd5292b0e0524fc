"""The SQLite store's schema as numbered migrations (with the store's statements, its only SQL).

A database records the last migration applied in ``PRAGMA user_version``. Opening one applies,
in order and each in its own transaction, every migration after it, so a database written by
any earlier version of Backchannel opens in this one and loses nothing; one written by a newer
version is refused (this version cannot know what its migrations meant).

How to add a migration (a later issue that needs a column, a table or an index):

1. Append ``Migration(N + 1, "what it does and why", SQL)`` to :data:`MIGRATIONS`, where N is
   the last version. ``SQL`` is a script of statements, or a function taking the connection
   (for a change SQL alone cannot make, such as rewriting JSON). Never edit a migration that
   has shipped: databases in classrooms already ran it.
2. In ``tests/server/test_sqlite_migrations.py``, add a test that builds a database at version N
   (``migrate(db, target=N)``), fills it with rows of that version's shape, runs ``migrate(db)``
   and checks the rows in the new shape.

The store's queries (``server/store_sqlite.py``, ``server/sqlite_classes.py``) always see the
schema of the last migration.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from server.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    apply: str | Callable[[sqlite3.Connection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "instructors, classes, students, sessions with their resumable state, events",
        """
        CREATE TABLE IF NOT EXISTS instructors (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            token_hash TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS classes (
            code TEXT PRIMARY KEY COLLATE NOCASE,
            instructor_id INTEGER NOT NULL REFERENCES instructors(id),
            created TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS students (
            id INTEGER PRIMARY KEY,
            class_code TEXT REFERENCES classes(code),
            name TEXT NOT NULL COLLATE NOCASE
        );
        CREATE INDEX IF NOT EXISTS students_by_class ON students(class_code, name);
        CREATE TABLE IF NOT EXISTS sessions (
            id TEXT PRIMARY KEY,
            student_id INTEGER NOT NULL REFERENCES students(id),
            token_hash TEXT NOT NULL UNIQUE,
            started TEXT NOT NULL,
            ended TEXT,
            state TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX IF NOT EXISTS sessions_by_student ON sessions(student_id);
        CREATE TABLE IF NOT EXISTS events (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (session_id, seq)
        );
        """,
    ),
    Migration(
        2,
        "corrections: an instructor's 'this line means that recorded turn', per class",
        """
        CREATE TABLE IF NOT EXISTS corrections (
            id INTEGER PRIMARY KEY,
            class_code TEXT NOT NULL REFERENCES classes(code),
            line TEXT NOT NULL,
            document TEXT NOT NULL,
            turn INTEGER NOT NULL,
            speaker TEXT NOT NULL,
            created TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS corrections_by_class ON corrections(class_code);
        """,
    ),
    Migration(
        3,
        "learners: a student row found by a token the learner keeps (never by name), with "
        "their spaced-review cards and answers",
        """
        ALTER TABLE students ADD COLUMN token_hash TEXT;
        CREATE UNIQUE INDEX IF NOT EXISTS students_by_token ON students(token_hash)
            WHERE token_hash IS NOT NULL;
        CREATE TABLE IF NOT EXISTS cards (
            learner_id INTEGER NOT NULL REFERENCES students(id),
            item TEXT NOT NULL,
            mode TEXT NOT NULL,
            fsrs TEXT NOT NULL,
            due TEXT NOT NULL,
            reviews INTEGER NOT NULL,
            last_review TEXT NOT NULL,
            last_correct INTEGER NOT NULL,
            missed TEXT,
            PRIMARY KEY (learner_id, item, mode)
        );
        CREATE TABLE IF NOT EXISTS answers (
            learner_id INTEGER NOT NULL REFERENCES students(id),
            at TEXT NOT NULL,
            item TEXT NOT NULL,
            mode TEXT NOT NULL,
            volume TEXT NOT NULL,
            correct INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS answers_by_learner ON answers(learner_id, at);
        """,
    ),
    Migration(
        4,
        "heartbeats: when the process holding a session last said it still does, so that "
        "any process can close out the sessions whose holder is gone (crashed, killed)",
        """
        CREATE TABLE IF NOT EXISTS heartbeats (
            session_id TEXT PRIMARY KEY REFERENCES sessions(id),
            seen TEXT NOT NULL
        );
        """,
    ),
    Migration(
        5,
        "sessions.holder: the connection that holds each session, so that a connection the "
        "session was taken from (in any process) can no longer write to it",
        "ALTER TABLE sessions ADD COLUMN holder TEXT;",
    ),
    Migration(
        6,
        "classes: the scenario (a GET /api/scenarios id) its instructor set for the class's "
        "role-plays; NULL, the whole record",
        "ALTER TABLE classes ADD COLUMN scenario TEXT;",
    ),
    Migration(
        7,
        "classes.strict: its instructor chose strict answers (1: a line is refused below the "
        "strict fit probability, with the closest lines offered); 0, the server's threshold",
        "ALTER TABLE classes ADD COLUMN strict INTEGER NOT NULL DEFAULT 0;",
    ),
    Migration(
        8,
        "class_instructors: a class's teachers (co-teachers, assistants), each reading and "
        "setting everything of it; every class's one instructor becomes its first. "
        "classes.instructor_id stays as who created the class and grants nothing",
        """
        CREATE TABLE IF NOT EXISTS class_instructors (
            class_code TEXT NOT NULL COLLATE NOCASE REFERENCES classes(code),
            instructor_id INTEGER NOT NULL REFERENCES instructors(id),
            added TEXT NOT NULL,
            PRIMARY KEY (class_code, instructor_id)
        );
        CREATE INDEX IF NOT EXISTS class_instructors_by_instructor
            ON class_instructors(instructor_id);
        INSERT INTO class_instructors (class_code, instructor_id, added)
            SELECT code, instructor_id, created FROM classes;
        """,
    ),
    Migration(
        9,
        "corrections.document and .turn may be NULL: an instructor's 'the record does not "
        "answer this line' (SQLite cannot drop NOT NULL: the table is copied into a new one)",
        """
        CREATE TABLE corrections_new (
            id INTEGER PRIMARY KEY,
            class_code TEXT NOT NULL REFERENCES classes(code),
            line TEXT NOT NULL,
            document TEXT,
            turn INTEGER,
            speaker TEXT NOT NULL,
            created TEXT NOT NULL,
            CHECK ((document IS NULL) = (turn IS NULL))
        );
        INSERT INTO corrections_new (id, class_code, line, document, turn, speaker, created)
            SELECT id, class_code, line, document, turn, speaker, created FROM corrections;
        DROP TABLE corrections;
        ALTER TABLE corrections_new RENAME TO corrections;
        CREATE INDEX corrections_by_class ON corrections(class_code);
        """,
    ),
)


def schema_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """The version a database has once every migration has run."""
    return migrations[-1].version if migrations else 0


def migrate(
    db: sqlite3.Connection,
    *,
    target: int | None = None,
    migrations: Sequence[Migration] = MIGRATIONS,
    path: str = "the database",
) -> int:
    """Apply the migrations after the database's version, up to ``target`` (default: all).

    Each runs in its own transaction with its ``user_version`` bump, so a failure leaves the
    database at the last version that succeeded. ``db`` must be in autocommit mode
    (``isolation_level=None``). Returns the version the database is at.
    """
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"Migrations must be numbered 1, 2, 3 ... in order; got {versions}.")
    last = schema_version(migrations)
    target = last if target is None else target
    current: int = db.execute("PRAGMA user_version").fetchone()[0]
    if current > last:
        raise ConfigError(
            f"The database {path} was written by a newer Backchannel (schema {current}, this "
            f"one knows {last}); upgrade Backchannel or use another --data directory."
        )
    for migration in migrations[current:target]:
        db.execute("BEGIN IMMEDIATE")
        try:
            if isinstance(migration.apply, str):
                for statement in _statements(migration.apply):
                    db.execute(statement)
            else:
                migration.apply(db)
            db.execute(f"PRAGMA user_version={migration.version:d}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        current = migration.version
    return current


def _statements(script: str) -> list[str]:
    """A script's statements, split where SQLite says one is complete.

    Run one by one inside the migration's transaction: ``executescript`` would commit it first.
    """
    out, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        out.append(pending.strip())
    return out
