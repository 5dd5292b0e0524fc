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
from server.errors import Displaced, ProtocolError
from server.protocol import ServerMessage
from server.services import Services
from server.store import SessionRecord
from transcripts import Scenario

T = TypeVar("T")


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
            await self._io(
                self.store.record, self.session.id, kind, data, state=state, holder=self.id
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
