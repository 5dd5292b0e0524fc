"""One student's connection: the protocol's state machine, independent of the WebSocket.

``Conversation.handle`` takes a parsed client message and returns the server messages to send,
in order. Every event is recorded in the store (with the session's resumable state) before the
messages are returned, so what the student sees is always already kept. The model runs in a
worker thread (``Services.run``) so one student's line never stalls the others' sockets.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from server import quiz as quizzes
from server import review
from server.activity import Offer, Question, QuizState, RoleplayState, SessionState, WelcomeState
from server.bus import SESSION_TAKEN
from server.errors import Displaced, NotFound, ProtocolError
from server.protocol import (
    ClientMessage,
    Hello,
    Pick,
    Ping,
    Pong,
    QuizAnswer,
    QuizStart,
    Reply,
    RoleplayEnd,
    RoleplayStart,
    Say,
    ServerMessage,
    Welcome,
)
from server.roleplay import scenario_brief
from server.services import Services
from server.store import Event, Learner, SessionRecord, hash_token, new_token, utc_now
from transcripts import Scenario

log = logging.getLogger(__name__)
T = TypeVar("T")
# Quiz questions one session may be given in all (each is stored with its choices): twenty
# full quizzes, so that a script repeating quiz.start cannot grow the database without end.
MAX_SESSION_QUESTIONS = 1000


class Conversation:
    """The protocol state of one connection: greeting, then the session's activities."""

    def __init__(
        self,
        services: Services,
        on_displaced: Callable[[], Awaitable[None]] | None = None,
        *,
        address: str = "",
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

    async def handle(self, message: ClientMessage) -> list[ServerMessage]:
        if isinstance(message, Ping):
            return [Pong()]
        if isinstance(message, Hello):
            return await self._hello(message)
        if self.session is None:
            raise ProtocolError(
                "hello_required",
                f"Send hello first (a {message.type!r} message cannot come before the session "
                'starts): {"type": "hello", "student": NAME, "class": CODE}.',
            )
        if isinstance(message, RoleplayStart):
            return await self._roleplay_start(message)
        if isinstance(message, Say):
            return await self._say(message)
        if isinstance(message, Pick):
            return await self._pick(message)
        if isinstance(message, QuizStart):
            return await self._quiz_start(message)
        if isinstance(message, QuizAnswer):
            return await self._quiz_answer(message)
        raise AssertionError(f"unhandled message {message.type}")  # parse_client_message guards

    async def disconnected(self) -> None:
        """The connection closed. The session ends unless another connection has taken it,
        in which case this one writes nothing at all: the session is no longer its own."""
        if self.session is None or not self._holds_session():
            return
        del self.services.holders[self.session.id]
        try:
            await self._io(self.store.record, self.session.id, "disconnect", {}, holder=self.id)
            await self._io(self.store.set_ended, self.session.id, utc_now(), holder=self.id)
        except Displaced:  # taken over from another process, which had not told this one yet
            pass

    def _holds_session(self) -> bool:
        return self.session is not None and self.services.holders.get(self.session.id) is self

    async def _io(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A store call, in a worker thread: a database that is slow or locked by another
        process stalls this student's answer, never every socket on the event loop."""
        return await self.services.store_io(fn, *args, **kwargs)

    # --- greeting ---------------------------------------------------------------------------

    async def _hello(self, message: Hello) -> list[ServerMessage]:
        if self.session is not None:
            raise ProtocolError(
                "already_greeted",
                f"This connection already holds session {self.session.id}; open a new "
                "connection to start another session.",
            )
        if message.resume is not None:
            session = await self._io(self.store.session_by_token, hash_token(message.resume))
            if session is None:
                raise ProtocolError(
                    "unknown_session",
                    "No session has this resume token (mistyped, or from another server); "
                    'start a new session with {"type": "hello", "student": NAME, "class": CODE}.',
                    field="resume",
                )
            token, learner_token = message.resume, None
        else:
            limits = self.services.addresses
            if message.class_ is not None:
                limits.check_class_attempts(self.address)
            if (
                message.class_ is not None
                and await self._io(self.store.class_owner, message.class_) is None
            ):
                limits.wrong_class(self.address)
                raise ProtocolError(
                    "unknown_class",
                    f"No class {message.class_!r} is registered; check the code your "
                    "instructor gave you, or leave the class empty to practise alone.",
                    field="class",
                )
            limits.new_session(self.address)
            token = new_token("bcr")
            learner, learner_token = await self._learner(message)
            session = await self._io(
                self.store.create_session, learner=learner.id, token_hash=hash_token(token)
            )
        # From here on only this connection may write to the session (the last holder's
        # writes are refused by the store); what it stood at is read after that, so no late
        # write of the last holder is missed.
        await self._io(self.store.claim, session.id, self.id)
        if message.resume is not None:
            session = await self._io(self.store.session, session.id) or session
            events = await self._io(self.store.events, session.id)
            self.questions_asked = sum(
                int(e.data.get("total", 0)) for e in events if e.kind == "quiz.start"
            )
            self.answered = answered_lines(events)
        self.session = session
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
        connect = {"resumed": resumed}
        await self._io(self.store.record, session.id, "connect", connect, holder=self.id)
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
                    activity=self.activity.public() if self.activity is not None else None
                ),
                learner=learner_token,
                due=await self._due(),
                scenario=scenario_brief(await self._class_scenario()),
            )
        ]
        if isinstance(self.activity, QuizState):
            out.append(self._ask(self.activity))
        return out

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

    async def _remember(self, question: Question, correct: bool) -> None:
        """Update the learner's card for the item (FSRS) and log the answer for progress."""
        assert self.session is not None
        if self.session.learner is None or not question.item:
            return
        learner, now = self.session.learner, datetime.now(UTC)
        mode = question.mode
        card = await self._io(self.store.card, learner, question.item, mode)
        document = question.item.partition("#")[0]
        volume = self.services.index.documents[document].volume
        await self._io(
            self.store.save_answer,
            learner,
            review.answer_card(card, question.item, mode, correct, now),
            review.Answered(question.item, mode, volume, review.iso(now), correct),
        )

    async def _due(self) -> int:
        """How many items the learner's spaced review would ask now."""
        assert self.session is not None
        if self.session.learner is None:
            return 0
        cards = await self._io(self.store.cards, self.session.learner)
        return review.due_count(cards, datetime.now(UTC))

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

    # --- role-play --------------------------------------------------------------------------

    async def _roleplay_start(self, message: RoleplayStart) -> list[ServerMessage]:
        assert self.session is not None
        code = self.session.class_code
        ready, state = self.services.roleplay.start(
            message.as_,
            message.document,
            message.scenario,
            within=await self._class_scenario(),
            class_code=code,
        )
        self.activity = state
        await self._save(
            "roleplay.start",
            {"as": message.as_, "document": message.document, "scenario": state.scenario},
        )
        return [ready]

    async def _class_scenario(self) -> Scenario | None:
        """The scenario the instructor set for the session's class, read at every start."""
        assert self.session is not None
        code = self.session.class_code
        stored = await self._io(self.store.class_scenario, code) if code else None
        return self.services.roleplay.class_scenario(stored)

    async def _say(self, message: Say) -> list[ServerMessage]:
        if message.id is not None and message.id in self.answered:  # sent again: answered
            return [m.model_copy(update={"seq": None}) for m in self.answered[message.id]]
        state = self._roleplay_state()
        line: dict[str, Any] = {"text": message.text, "position": state.position}
        if message.id is not None:
            line["id"] = message.id
        # The line is written while the model answers it (the reply is sent only once both
        # are kept, the line first): a say waits for one commit, not two, before its answer.
        line_kept = asyncio.create_task(self._save("line", line))
        try:
            code = self.session.class_code if self.session else None
            corrections = await self._io(self.store.corrections, code) if code else []
            said = await self.services.run(
                self.services.roleplay.say, state, message.text, corrections
            )
        finally:
            await line_kept
        reply = said.reply
        best = reply.matches[0].score if reply.matches else None
        # The lines the student may pick next (kept with the session, so a reload can pick).
        offer = Offer(query=reply.query, lines=reply.offered())
        self.activity = (
            None if said.end is not None else said.state.model_copy(update={"offer": offer})
        )
        data = reply.dump()
        data.pop("type")
        await self._save("reply", {**data, "score": best})
        out: list[ServerMessage] = [reply]
        if said.end is not None:
            end = said.end.dump()
            end.pop("type")
            await self._save("roleplay.end", end)
            out.append(said.end)
        if message.id is not None:
            self.answered[message.id] = out
        return out

    async def _pick(self, message: Pick) -> list[ServerMessage]:
        """What followed the recorded line the student picked from the last reply's offer."""
        state = self._roleplay_state()
        offer = state.offer or Offer()
        lines = offer.lines
        if not lines:
            raise ProtocolError(
                "invalid_pick",
                "The last reply offered no lines to pick; say a line first "
                '({"type": "say", "text": ...}).',
                field="suggestion",
            )
        if message.suggestion >= len(lines):
            raise ProtocolError(
                "invalid_pick",
                f"The last reply offered {len(lines)} line{'s' if len(lines) > 1 else ''} "
                f"(suggestion 0 to {len(lines) - 1}); {message.suggestion} is not one of them.",
                field="suggestion",
            )
        chosen = lines[message.suggestion]
        await self._save("pick", {"suggestion": message.suggestion, "query": offer.query})
        reply = Reply(
            query=offer.query, status="picked", matches=[chosen], picked=message.suggestion
        )
        data = reply.dump()
        data.pop("type")
        await self._save("reply", {**data, "score": chosen.score})
        return [reply]

    def _roleplay_state(self) -> RoleplayState:
        state = self.activity
        if not isinstance(state, RoleplayState):
            raise ProtocolError(
                "no_roleplay",
                'No role-play is in progress; start one with {"type": "roleplay.start", '
                '"as": "kissinger", "document": null}.',
            )
        return state

    # --- quiz -------------------------------------------------------------------------------

    async def _quiz_start(self, message: QuizStart) -> list[ServerMessage]:
        assert self.session is not None
        if self.questions_asked + message.count > MAX_SESSION_QUESTIONS:
            raise ProtocolError(
                "quiz_limit",
                f"This session has been given {self.questions_asked:,} quiz questions; one "
                f"session keeps at most {MAX_SESSION_QUESTIONS:,}. Ask for fewer, or start a "
                "new session (a new name on the start page) to go on.",
                field="count",
            )
        seed = message.seed if message.seed is not None else secrets.randbelow(2**31)
        if message.mode == "review":
            questions = await self.services.run(self._review_questions, message.count, seed)
        else:
            # A learner's unseeded quizzes ask what they have not answered before, first.
            seen = frozenset()
            if message.seed is None and self.session.learner is not None:
                cards = await self._io(self.store.cards, self.session.learner)
                seen = frozenset(c.item for c in cards if c.mode == message.mode)
            questions = await self.services.run(
                self.services.quiz.build,
                message.mode,
                message.count,
                seed=seed,
                document=message.document,
                volume=message.volume,
                level=message.level,
                seen=seen,
            )
        self.questions_asked += len(questions)
        quiz_id = f"z{secrets.token_hex(4)}"
        self.activity = quizzes.start_state(quiz_id, message.mode, questions)
        await self._save(
            "quiz.start",
            {
                "quiz": quiz_id,
                "mode": message.mode,
                "count": message.count,
                "document": message.document,
                "volume": message.volume,
                "seed": seed,
                "level": message.level,
                "total": len(questions),
            },
        )
        return [await self._ask_recorded(self.activity)]

    def _review_questions(self, count: int, seed: int) -> list[Question]:
        """Misses first (latest first), then FSRS-due items: see :mod:`server.review`."""
        assert self.session is not None and self.session.learner is not None
        cards = review.review_order(self.store.cards(self.session.learner), datetime.now(UTC))
        questions = self.services.quiz.build_review(
            [(c.item, c.mode) for c in cards], count, seed=seed
        )
        if not questions:
            raise ProtocolError(
                "nothing_to_review",
                "Nothing is due for review yet: items you miss, and items whose review date "
                'has come, are asked here. Take a quiz first ({"type": "quiz.start", "mode": '
                '"who_said"}).',
            )
        return questions

    def _ask(self, state: QuizState) -> ServerMessage:
        return self.services.quiz.question_message(
            state.quiz, state.question, state.current + 1, len(state.questions)
        )

    async def _ask_recorded(self, state: QuizState) -> ServerMessage:
        """The current question, stored as asked before it is sent."""
        await self._save("quiz.question", {"quiz": state.quiz, **state.question.dump()})
        return self._ask(state)

    async def _quiz_answer(self, message: QuizAnswer) -> list[ServerMessage]:
        state = self.activity
        if not isinstance(state, QuizState):
            raise ProtocolError(
                "no_quiz",
                'No quiz is in progress; start one with {"type": "quiz.start", "mode": '
                '"who_said", "count": 5}.',
            )
        result, after = quizzes.answer(state, message.id, message.answer)
        await self._save(
            "quiz.answer", {"quiz": state.quiz, "id": message.id, "answer": message.answer}
        )
        question = state.question
        await self._remember(question, result.correct)
        self.activity = None if after.finished else after
        data = result.dump()
        data.pop("type")
        await self._save("quiz.result", {**data, "prompt": question.prompt.model_dump(mode="json")})
        out: list[ServerMessage] = [result]
        if self.activity is None:
            done = quizzes.summary(after, await self._due())
            data = done.dump()
            data.pop("type")
            await self._save("quiz.summary", data)
            out.append(done)
        else:
            out.append(await self._ask_recorded(self.activity))
        return out


def answered_lines(events: list[Event]) -> dict[str, list[ServerMessage]]:
    """What answered each line that carried an id, from a session's stored events: a line
    re-sent after a reconnect gets these back. A line with no stored reply is not answered."""
    answered: dict[str, list[ServerMessage]] = {}
    line_id: str | None = None
    for event in events:
        if event.kind == "line":
            line_id = event.data.get("id")
        elif line_id is None:
            continue
        elif event.kind == "reply":
            answered[line_id] = [Reply.model_validate(event.data)]
        elif event.kind == "roleplay.end" and line_id in answered:
            answered[line_id].append(RoleplayEnd.model_validate(event.data))
        else:  # a connect, a new activity: what follows answers no earlier line
            line_id = None
    return answered
