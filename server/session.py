"""One student's connection: the protocol's state machine, independent of the WebSocket.

``Conversation.handle`` takes a parsed client message and returns the server messages to send,
in order. Every event is recorded in the store (with the session's resumable state) before the
messages are returned, so what the student sees is always already kept. The model runs in a
worker thread (``Services.run``) so one student's line never stalls the others' sockets.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from server.activity import QuizState, SessionState
from server.bus import CLASS_STRICT, SESSION_TAKEN
from server.class_codes import class_code_problem
from server.client_messages import (
    ClientMessage,
    Hello,
    Pick,
    Ping,
    QuizAnswer,
    QuizStart,
    ReviewDue,
    RoleplayStart,
    Say,
)
from server.errors import Displaced, NotFound, ProtocolError, StoreUnavailable
from server.protocol import (
    ClassStrict,
    Pong,
    QuizFeedback,
    QuizSummary,
    ServerMessage,
    Welcome,
    WelcomeState,
)
from server.quiz_again import passed_in
from server.review import Answered
from server.roleplay import scenario_brief
from server.session_base import Write
from server.session_quiz import QuizTurns, finished_quiz
from server.session_roleplay import RoleplayTurns, answered_lines
from server.store import Event, Learner, SessionRecord, hash_token, new_token, utc_now
from server.unfinished import kept_writes, left_unfinished, same_question
from server.unreadable import cannot_resume, unreadable_state

log = logging.getLogger(__name__)


@dataclass
class Made:
    """What a hello for a new session made before the store refused one of its writes: sent
    again, it goes on from them (one learner, one session), not from nothing."""

    hello: Hello
    learner: tuple[Learner, str | None] | None = None  # and the token the welcome gives
    session: tuple[SessionRecord, str] | None = None  # and its resume token

    def unwelcomed(self) -> tuple[str | None, int | None]:
        """The session it made and the learner it made (not one it found by token): neither's
        token ever left the server, so no one else can come into them."""
        session = self.session[0].id if self.session is not None else None
        made = self.learner is not None and self.learner[1] != self.hello.learner
        return session, self.learner[0].id if made and self.learner is not None else None


class Conversation(RoleplayTurns, QuizTurns):
    """The protocol state of one connection: greeting, then the session's activities (role-play
    in :mod:`server.session_roleplay`, quizzes in :mod:`server.session_quiz`)."""

    made: Made | None = None  # by a hello refused for the store, sent again on this connection

    async def handle(self, message: ClientMessage) -> list[ServerMessage]:
        if isinstance(message, Ping):
            return [Pong()]
        # Refused for the store, a message leaves the conversation as it was (the store kept
        # the state before it) and its writes so far are remembered: sent again next, the same
        # message meets them instead of writing them twice (see ``SessionBase._once``). After a
        # resume, what the store holds of a message left unfinished is met by any message that
        # makes the same writes (the page's line sent again has its id, a pick its choice).
        refused, self.unkept_from = self.unkept_from, None
        again = refused is not None and (
            refused[0] in (None, message) or same_question(refused[0], message)
        )
        self.to_skip = list(refused[1]) if refused is not None and again else []
        self.kept = []
        before = (self.activity, self.questions_asked)
        try:
            return await self._handle(message)
        except StoreUnavailable:
            self.activity, self.questions_asked = before
            if self.kept:  # what it kept, and what the earlier try kept that it did not reach
                self.unkept_from = (message, self.kept + self.to_skip)
            raise
        finally:
            if not self.kept and self.unkept_from is None:
                self.unkept_from = refused  # it wrote nothing, met nothing: still to be met

    async def _handle(self, message: ClientMessage) -> list[ServerMessage]:
        if isinstance(message, Hello):
            return await self._hello(message)
        if self.session is None:
            raise ProtocolError(
                "hello_required",
                f"Send hello first (a {message.type!r} message cannot come before the session "
                'starts): {"type": "hello", "student": NAME, "class": CODE}.',
            )
        if isinstance(message, RoleplayStart):
            ready = await self._roleplay_start(message)
            self.passed = None  # another activity: a quiz's answers are no longer met
            return ready
        if isinstance(message, Say):
            return await self._say(message)
        if isinstance(message, Pick):
            return await self._pick(message)
        if isinstance(message, QuizStart):
            return await self._quiz_start(message)
        if isinstance(message, QuizAnswer):
            return await self._quiz_answer(message)
        if isinstance(message, ReviewDue):
            return await self._review_due()
        raise AssertionError(f"unhandled message {message.type}")  # parse_client_message guards

    async def disconnected(self) -> None:
        """The connection closed. The session ends unless another connection has taken it,
        in which case this one writes nothing at all: the session is no longer its own."""
        if self._unfollow is not None:
            self._unfollow()
            self._unfollow = None
        await self._forget_unwelcomed()
        if self.session is None or not self._holds_session():
            return
        del self.services.holders[self.session.id]
        try:
            await self._io(self.store.record, self.session.id, "disconnect", {}, holder=self.id)
            await self._io(self.store.set_ended, self.session.id, utc_now(), holder=self.id)
        except Displaced:  # taken over from another process, which had not told this one yet
            pass

    # --- greeting ---------------------------------------------------------------------------

    async def _hello(self, message: Hello) -> list[ServerMessage]:
        if self.session is not None:
            raise ProtocolError(
                "already_greeted",
                f"This connection already holds session {self.session.id}; open a new "
                "connection to start another session.",
            )
        try:
            welcome = await self._greet(message)
        except StoreUnavailable:
            # Not greeted (the page has no welcome and sends the hello again): the connection
            # lets the session go; what the hello made stays in ``made``, for it to go on from.
            if self._unfollow is not None:
                self._unfollow()
                self._unfollow = None
            if self._holds_session():
                assert self.session is not None
                del self.services.holders[self.session.id]
            self.session = None
            raise
        await self._forget_unwelcomed()  # a refused hello's, unless this one went on from it
        return welcome

    async def _forget_unwelcomed(self) -> None:
        """Remove what a hello refused for the store made, once the connection is greeted with
        another session or goes (:meth:`server.store.Store.forget_unwelcomed`): the page that
        lost its connection joins anew, and the instructor saw the refused hello's empty session
        beside the new one, its student as another "Ada (2)". Removing it is best effort: a
        store still refusing leaves it, as before. A hello that leaves no session so is not
        counted among its address's new sessions (:mod:`server.addresses`)."""
        made, self.made = self.made, None
        if made is None:
            return
        session, learner = made.unwelcomed()
        if self.session is not None and session == self.session.id:
            return  # sent again, welcomed: it is this connection's session now
        gone = session is None
        if session is not None or learner is not None:
            try:
                removed = await self._io(self.store.forget_unwelcomed, session, learner, self.id)
                gone = gone or removed
            except StoreUnavailable as exc:
                log.warning("A refused hello's session %s not removed (%s).", session, exc.code)
        if gone:  # no session of it stays: not one of its address's new sessions
            self.services.addresses.session_not_made(self.address)

    async def _greet(self, message: Hello) -> list[ServerMessage]:
        if message.resume is not None:
            session = await self._io(self.store.session_by_token, hash_token(message.resume))
            if session is None:
                raise ProtocolError(
                    "unknown_session",
                    "No session has this resume token (mistyped, or from another server); "
                    'start a new session with {"type": "hello", "student": NAME, "class": CODE}.',
                    field="resume",
                )
            # Checked before the session is claimed: a refused resume writes nothing to it.
            found = unreadable_state(session)
            if found is not None:
                raise ProtocolError("unreadable_state", cannot_resume(found), field="resume")
            token, learner_token = message.resume, None
        else:
            limits = self.services.addresses
            if message.class_ is not None:
                limits.check_class_attempts(self.address)
            # a code no class can have ("bad code!") is told as such, not looked up
            malformed = message.class_ is not None and class_code_problem(message.class_)
            if message.class_ is not None and (
                malformed or not await self._io(self.store.class_teachers, message.class_)
            ):
                limits.wrong_class(self.address)
                wrong = (
                    f"{message.class_!r} is not a class code (letters, digits, '-', '_' or '.', "
                    "like HIST210)"
                    if malformed
                    else f"No class {message.class_!r} is registered"
                )
                raise ProtocolError(
                    "unknown_class",
                    f"{wrong}; check the code your instructor gave you, or leave the class "
                    "empty to practise alone.",
                    field="class",
                )
            # Sent again after a refusal for the store: the learner and session it made then.
            if self.made is None or self.made.hello != message:
                limits.new_session(self.address)
                await self._forget_unwelcomed()  # another hello: what the refused one made goes
                self.made = Made(message)
            made = self.made
            if made.learner is None:
                made.learner = await self._learner(message)
            learner, learner_token = made.learner
            if made.session is None:
                token = new_token("bcr")
                created = await self._io(
                    self.store.create_session, learner=learner.id, token_hash=hash_token(token)
                )
                made.session = (created, token)
            session, token = made.session
        # From here on only this connection may write to the session (the last holder's
        # writes are refused by the store); what it stood at is read after that, so no late
        # write of the last holder is missed.
        await self._io(self.store.claim, session.id, self.id)
        standing: dict[str, Any] | None = None  # the score screen a resumed session stands at
        feedback: QuizFeedback | None = None  # the answer's feedback it stands at
        events: list[Event] = []  # a resumed session's, as stored
        if message.resume is not None:
            session = await self._io(self.store.session, session.id) or session
            events = await self._io(self.store.events, session.id)
            self.questions_asked = sum(
                int(e.data.get("total", 0)) for e in events if e.kind == "quiz.start"
            )
            self.answered = answered_lines(events, session.id)
            standing = finished_quiz(events, session.id)
            feedback = self._feedback(events, session.id)
        self.session = session
        if session.class_code and self.on_push is not None:
            self._unfollow = self.services.bus.subscribe(CLASS_STRICT, self._strict_changed)
        previous = self.services.holders.get(session.id)
        self.services.holders[session.id] = self
        if previous is not None and previous.on_displaced is not None:
            await previous.on_displaced()
        resumed = message.resume is not None
        if resumed:  # another process may hold the session: tell them all
            await self.services.bus.publish(
                SESSION_TAKEN, {"session": session.id, "holder": self.id}
            )
        self.activity = SessionState.model_validate(session.state).activity
        if resumed:
            self.passed = passed_in(events, session.id)
            self.unkept_from = (None, await self._left_unfinished(events))
            await self._end_unended(events)
            standing = await self._end_unended_quiz(events) or standing
            await self._keep_unkept_question(events)
        scenario = await self._class_scenario()
        due, next_due = await self._due(self._scope_of(scenario))
        strict = await self._class_strict()
        # The hello's last write before its welcome: a new session of no event was never
        # welcomed, and goes (Store.forget_never_welcomed).
        connect = {"resumed": resumed}
        await self._once(
            ("connect", connect), self.store.record, session.id, "connect", connect, holder=self.id
        )
        log.info(
            "session %s %s (%s)",
            session.id,
            "resumed" if resumed else "started",
            session.class_code or "no class",
        )
        out: list[ServerMessage] = [
            Welcome(
                session=session.id,
                resume=token,
                resumed=resumed,
                student=session.student,
                class_=session.class_code,
                state=WelcomeState(
                    activity=self.activity.public() if self.activity is not None else None,
                    # as it was sent, but for what is due now (a reload comes minutes later)
                    summary=QuizSummary.model_validate(
                        {**standing, "due": due, "next_due": next_due}
                    )
                    if standing is not None
                    else None,
                    feedback=feedback,
                ),
                learner=learner_token,
                due=due,
                next_due=next_due,
                scenario=scenario_brief(scenario),
                strict=strict,
            )
        ]
        if isinstance(self.activity, QuizState):
            out.append(self._ask(self.activity))
        return out

    async def _left_unfinished(self, events: list[Event]) -> list[Write]:
        """What the store holds of the message the session was left in the middle of (refused
        for the store, then the connection lost), for that message sent again to meet."""
        assert self.session is not None
        last = left_unfinished(events)
        if last is None:
            return []
        learner, asked = self.session.learner, self.activity
        answers: list[Answered] = []
        if last.kind == "quiz.answer" and learner is not None and isinstance(asked, QuizState):
            answers = await self._io(self.store.answers, learner)
        item = asked.question.item if isinstance(asked, QuizState) else None
        return kept_writes(last, answers, item)

    async def _strict_changed(self, data: dict[str, Any]) -> None:
        """The instructor set or unset strict answers for a class (in any process): if it is
        this session's, the page says so now, as the bar applies from the student's next line
        (it said so only at the next role-play's start)."""
        assert self.session is not None and self.on_push is not None
        code = self.session.class_code or ""
        if str(data.get("class", "")).lower() != code.lower() or not self._holds_session():
            return
        await self.on_push(ClassStrict(class_=code, strict=bool(data.get("strict"))))

    async def _learner(self, message: Hello) -> tuple[Learner, str | None]:
        """The learner the hello names by token, or a new one (never one found by name)."""
        if message.learner is not None:
            known = await self._io(self.store.learner_by_token, hash_token(message.learner))
            if known is not None:
                asked = (message.class_ or "").lower()
                if asked != (known.class_code or "").lower():
                    where = f"class {known.class_code}" if known.class_code else "solo practice"
                    raise ProtocolError(
                        "learner_elsewhere",
                        f"This learner token belongs to {where}; join with that class code, "
                        "or without the token to start as a new learner.",
                        field="learner",
                    )
                return known, message.learner
        # No token, or one this server does not know (another server's): a new learner.
        token = new_token("bcl")
        try:
            learner = await self._io(
                self.store.create_learner,
                name=message.student or "",
                class_code=message.class_,
                token_hash=hash_token(token),
            )
        except NotFound as exc:  # the class vanished between the check and the insert
            raise ProtocolError("unknown_class", str(exc), field="class") from None
        return learner, token
