"""What every store says when it cannot do what was asked: in the same words, whichever
database is behind it (``server/store_sqlite.py``, ``server/store_postgres.py`` and the modules
they are built from), so a student, an instructor or the CLI reads one message for one case.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable

from server.errors import ConfigError, Displaced, NotFound, StoreUnavailable

# When a student may try again after the database refused a call: a lock held by another
# process is usually brief; a full disk needs someone to act.
BUSY_RETRY_SECONDS = 2.0
FULL_RETRY_SECONDS = 30.0


def database_busy(why: str) -> StoreUnavailable:
    """The error every store raises when the database cannot take the call now (locked by
    another program, its connections all taken, out of reach for a moment)."""
    return StoreUnavailable(
        code="database_busy",
        message=f"The session database is busy ({why}); nothing of this message was kept. "
        "Send it again in a moment.",
        retry_after=BUSY_RETRY_SECONDS,
    )


def not_stored(exc: Exception) -> StoreUnavailable:
    """The error every store raises when a write failed for want of disk (or an I/O error):
    never "nothing was lost" to a student whose line was not kept."""
    return StoreUnavailable(
        code="not_stored",
        message=f"The server could not write to its session database ({exc}): this message "
        "was not answered and may not have been stored. Tell your instructor (the "
        "server's disk may be full), then send it again.",
        retry_after=FULL_RETRY_SECONDS,
    )


# The refusals both stores make, in the same words whichever database is behind them.


def instructor_exists(name: str) -> ConfigError:
    arg = shlex.quote(name)
    return ConfigError(
        f"An instructor named {name!r} already exists; "
        f"`backchannel instructor classes {arg} --class CODE` gives them another "
        f"class, `backchannel instructor token {arg}` prints a new token."
    )


def no_instructor(name: str) -> ConfigError:
    return ConfigError(
        f"No instructor named {name!r}; `backchannel instructor list` shows them, "
        f"`backchannel instructor add {shlex.quote(name)} --class CODE` creates one."
    )


def class_taken(code: str, teachers: list[str]) -> ConfigError:
    """For creating a class whose code other instructors teach: one of them can share it."""
    if len(teachers) == 1:
        who, asked = f"instructor {teachers[0]!r}", "that instructor"
    else:
        who, asked = "instructors " + " and ".join(repr(t) for t in teachers), "one of them"
    return ConfigError(
        f"Class {code!r} already belongs to {who}; choose another class code, or ask {asked} "
        f"to share it with you (`backchannel instructor share {shlex.quote(code)} NAME`)."
    )


def no_colleague(name: str, names: Iterable[str]) -> NotFound:
    """For sharing a class with a name no instructor has: only the administrator adds one.

    A name written as an instructor's is but for case, dots, spaces or hyphens ("Mr Chen" for
    "Mr. Chen", of ``names``, every instructor's) is taken for theirs to type again: told to
    have it added, a teacher would have a second account made for a colleague who has one.
    """
    near = sorted(n for n in names if _bare(n) == _bare(name))
    if near:
        return NotFound(
            f"No instructor named {name!r} on this server; did you mean "
            + " or ".join(repr(n) for n in near)
            + "? Share the class with the name as the instructor has it."
        )
    return NotFound(
        f"No instructor named {name!r} on this server. Your school's administrator adds "
        f"instructors with `backchannel instructor add {shlex.quote(name)}`; then share the "
        "class again."
    )


def _bare(name: str) -> str:
    """A name's letters and digits, without case: what two spellings of one name share."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def not_teaching(code: str, name: str) -> NotFound:
    return NotFound(f"{name!r} is not an instructor of class {code!r}; nothing was changed.")


def last_teacher(code: str, name: str) -> ConfigError:
    return ConfigError(
        f"{name!r} is the only instructor of class {code!r}, and a class keeps at least one: "
        f"share it with another instructor first (`backchannel instructor share "
        f"{shlex.quote(code)} NAME`)."
    )


def no_class(code: str) -> NotFound:
    """For an instructor (or the CLI) naming a class that does not exist."""
    return NotFound(
        f"No class {code!r}; `backchannel instructor list` shows every instructor's classes."
    )


def no_class_to_join(code: str) -> NotFound:
    """For a student joining with a class code that does not exist."""
    return NotFound(f"No class {code!r}; ask your instructor for the code.")


def no_session(session_id: str) -> NotFound:
    return NotFound(f"No session {session_id!r}.")


def displaced(session_id: str) -> Displaced:
    """For a write fenced by a holder that no longer holds the session (see ``Store.claim``)."""
    return Displaced(f"Session {session_id} is held by another connection now.")
