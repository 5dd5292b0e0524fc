"""What every activity of a student's connection shares: the session it holds, store calls in a
worker thread, and the fenced write of an event with the session's state.

The base of :class:`server.session.Conversation`, whose activities (:mod:`server.session_roleplay`,
:mod:`server.session_quiz`) each build on it; apart so that each activity reads alone.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from server.activity import QuizState, RoleplayState, SessionState
from server.client_messages import ClientMessage
from server.errors import Displaced, ProtocolError
from server.protocol import ServerMessage
from server.services import Services
from server.store import SessionRecord
from transcripts import Scenario

T = TypeVar("T")
# One write of a message's handling: an event's kind and data ("line", {...}), or "answer"
# for the learner's card and answer log.
Write = tuple[str, dict[str, Any]]


class SessionBase:
    """One connection's hold on a session, and how it reads and writes it."""

    def __init__(
        self,
        services: Services,
        on_displaced: Callable[[], Awaitable[None]] | None = None,
        *,
        address: str = "",
        on_push: Callable[[ServerMessage], Awaitable[None]] | None = None,
    ) -> None:
        self.id = secrets.token_hex(8)  # this connection, in takeover messages between processes
        self.services = services
        self.store = services.store
        self.address = address  # the client's, for the limits that hold across connections
        self.session: SessionRecord | None = None
        self.activity: RoleplayState | QuizState | None = None
        self.questions_asked = 0  # quiz questions stored for this session, against the cap
        self.answered: dict[str, list[ServerMessage]] = {}  # say id -> what answered it
        # Called when another connection resumes this session: tell the student, then close.
        self.on_displaced = on_displaced
        # Sends a message the student did not ask for (``class.strict``); None: nothing pushed.
        self.on_push = on_push
        self._unfollow: Callable[[], None] | None = None
        # A message refused for the store (``database_busy``, ``not_stored``) may have kept
        # some of its writes before the one that failed; the page sends it again after
        # ``retry_after``. What it kept, in order, is not written twice: ``kept`` is what the
        # message in hand has written (or found written), ``unkept_from`` the message refused
        # last and its writes, ``to_skip`` what of those the message in hand has yet to meet.
        self.kept: list[Write] = []
        # (a message of None: left unfinished before a resume, met by whichever makes its writes)
        self.unkept_from: tuple[ClientMessage | None, list[Write]] | None = None
        self.to_skip: list[Write] = []

    def _holds_session(self) -> bool:
        return self.session is not None and self.services.holders.get(self.session.id) is self

    async def _io(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A store call, in a worker thread: a database that is slow or locked by another
        process stalls this student's answer, never every socket on the event loop."""
        return await self.services.store_io(fn, *args, **kwargs)

    async def _save(self, kind: str, data: dict[str, Any]) -> None:
        """Record an event with the session's state, if this connection still holds the
        session: a reply computed while another connection took over is dropped, not saved
        over the new connection's state."""
        assert self.session is not None
        if not self._holds_session():
            raise ProtocolError(
                "session_moved",
                "This session is now open on another connection; this message was not kept.",
            )
        state = SessionState(activity=self.activity).dump()
        try:
            await self._once(
                (kind, data),
                self.store.record,
                self.session.id,
                kind,
                data,
                state=state,
                holder=self.id,
            )
        except Displaced:  # taken over from another process: the store refused the write
            if self._holds_session():
                del self.services.holders[self.session.id]
            if self.on_displaced is not None:
                await self.on_displaced()
            raise ProtocolError(
                "session_moved",
                "This session is now open on another connection; this message was not kept.",
            ) from None

    async def _once(self, write: Write, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """The store call ``fn(*args, **kwargs)`` that makes ``write``, unless the same message,
        refused for the store before, made it then (the same write where its writes so far
        were the same): sent again, a line is not stored twice nor an answer scored twice."""
        if self.to_skip and self.to_skip[0] == write:
            del self.to_skip[0]
        else:
            self.to_skip = []  # this try went another way: what follows is its own
            await self._io(fn, *args, **kwargs)
        self.kept.append(write)

    def _kept_before(self, kind: str) -> dict[str, Any] | None:
        """The data of the ``kind`` event an earlier try of this message stored (its first
        write), for a write that must be the same to be met: a quiz's id and seed."""
        if self.to_skip and self.to_skip[0][0] == kind:
            return self.to_skip[0][1]
        return None

    async def _class_strict(self) -> bool:
        """Whether the session's class is set to strict answers, read when asked."""
        assert self.session is not None
        code = self.session.class_code
        return await self._io(self.store.class_strict, code) if code else False

    async def _class_scenario(self) -> Scenario | None:
        """The scenario the instructor set for the session's class, read at every start."""
        assert self.session is not None
        code = self.session.class_code
        stored = await self._io(self.store.class_scenario, code) if code else None
        return self.services.roleplay.class_scenario(stored)
