"""The live class: a feed of what students do, for the instructor page, from every process.

**Tickets.** A browser cannot put an ``Authorization`` header on a WebSocket, and a bearer
token in a URL ends up in logs and history. So the page fetches a short-lived ticket with its
token (``POST /api/live/ticket``) and opens ``/ws/live?ticket=...``. A ticket is the
instructor's id and an expiry, signed (HMAC-SHA256) with the hash of the instructor's token as
the store keeps it: any server process sharing the store can check it without a shared secret,
and a new token (``backchannel instructor token``) voids every ticket signed with the old one.

**The feed.** Every event is already written to the store before the student is answered, so
the store is the feed: :class:`StoreFeed` asks every ``POLL_SECONDS`` which of the classes'
sessions moved on and reads their new events. Whatever process wrote an event, every process
serving an instructor sees it, on SQLite and on PostgreSQL alike. A store with push
notifications (PostgreSQL ``LISTEN/NOTIFY``) can implement :class:`Feed` without polling.

**History.** A feed starts at the moment it opens, so a page reloaded mid-class would start
empty: :func:`recent` reads the class's last events from the store, told as the feed tells
them, for the page to show before what comes live. Its limit counts what a teacher reads
(lines, replies, quiz answers): joins and leaves, which a class of thirty reloading pages makes
by the dozen, only come with them, so they cannot crowd the lines out.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import anyio
import anyio.to_thread

from server.bus import CLASS_MOVED, Bus
from server.exchanges import exchange_of
from server.quiz_items import quiz_texts
from server.store import FeedItem, Instructor, Store
from server.unreadable import unreadable, why

if TYPE_CHECKING:
    from embeddings.index import Index

TICKET_SECONDS = 60
POLL_SECONDS = 0.5
NOTIFIED_POLL_SECONDS = 5.0  # with PostgreSQL's notifications, polling is only a safety net
BATCH = 200  # events of one session per read at most; a long backlog comes over a few reads
HISTORY = 50  # lines, replies and quiz answers a page opened (or reloaded) shows before the live
# What a teacher reads in the feed (a pick is the reply it brought): the history's limit counts
# these, and the moments around them (joins, leaves, starts, ends) come only with them.
READ = ("line", "reply", "quiz.result")
AROUND = ("connect", "disconnect", "roleplay.start", "roleplay.end", "quiz.start", "quiz.summary")
# The kinds the feed shows; a quiz.question only lends its choices to the answer after it.
SHOWN = READ + AROUND
# What of an exchange the feed does not show, and so does not send: every line shown beside
# an answer, each offered for a refusal, a play-through's search, each with its recorded reply
# and citation whole, and what the rest of the record answers a refusal within a scenario
# with. The transcript card has them. They were four fifths of a reply's entry, and a page
# opening on a class of 30 was sent 220 KiB of history.
LEFT_TO_THE_CARD = ("candidates", "suggestions", "search", "answered_outside")


def _sign(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def issue_ticket(
    instructor: Instructor, token_hash: str, *, now: Callable[[], float] = time.time
) -> str:
    """A ticket for ``instructor``, valid ``TICKET_SECONDS``: ``id.expiry.signature``."""
    body = f"{instructor.id}.{int(now()) + TICKET_SECONDS}"
    return f"{body}.{_sign(token_hash, body)}"


def check_ticket(
    store: Store, ticket: str, *, now: Callable[[], float] = time.time
) -> Instructor | None:
    """The instructor a valid, unexpired ticket was issued to, else None."""
    parts = ticket.split(".")
    # ASCII digits, at most 18 (a row id and a time fit): str.isdigit() let "²" through to
    # int() (ValueError) and 30 digits through to SQLite (OverflowError): /ws/live was a 500
    if len(parts) != 3 or not all(re.fullmatch(r"[0-9]{1,18}", part) for part in parts[:2]):
        return None
    if int(parts[1]) < now():
        return None
    found = store.instructor_key(int(parts[0]))
    if found is None:
        return None
    instructor, token_hash = found
    body = f"{parts[0]}.{parts[1]}"
    return instructor if hmac.compare_digest(parts[2], _sign(token_hash, body)) else None


class Feed(Protocol):
    """What students of some classes do, from the moment a follower starts."""

    async def start(self, classes: list[str]) -> None: ...
    async def next(self) -> list[FeedItem]: ...


class StoreFeed:
    """The store as the feed: every ``POLL_SECONDS``, which sessions of the classes moved on.

    A session's events are numbered without gaps and a session's newest number is written with
    its event, so "what came after the seq I last saw, per session" misses nothing and repeats
    nothing, whichever process wrote the events (a global order across sessions would need one
    counter every writer waits on).
    """

    def __init__(self, store: Store, poll: float | None = None, bus: Bus | None = None) -> None:
        self.store = store
        notified = bus is not None and bus.transport is not None
        self.poll = (
            poll if poll is not None else NOTIFIED_POLL_SECONDS if notified else POLL_SECONDS
        )
        self.bus = bus if notified else None
        self.classes: list[str] = []
        self.seen: dict[str, int] = {}
        self._wanted: set[str] = set()
        self._moved = asyncio.Event()
        self._unsubscribe: Callable[[], None] | None = None

    async def start(self, classes: list[str]) -> None:
        if self.bus is not None:
            # PostgreSQL says when a class moves on: read then, and poll only in case a
            # notification was lost (the listener reconnecting)
            def heard(data: dict[str, Any]) -> None:
                if data["class"].lower() in self._wanted:
                    self._moved.set()

            self._unsubscribe = self.bus.subscribe(CLASS_MOVED, heard)
        await self.follow(classes)

    async def follow(self, classes: list[str]) -> None:
        """Follow ``classes`` from now on: those new to the feed from this moment (their past
        is the history's), those left out no more (a class shared or taken back meanwhile)."""
        known = {c.lower() for c in self.classes}
        added = [c for c in classes if c.lower() not in known]
        heads = await anyio.to_thread.run_sync(self.store.class_heads, added)
        # where each session stands, before the reads see the class: none of its past comes
        self.seen.update({h.session: h.last_seq for h in heads})
        self.classes = list(classes)
        self._wanted = {c.lower() for c in classes}

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _read(self) -> list[FeedItem]:
        items: list[FeedItem] = []
        for head in self.store.class_heads(self.classes):
            seen = self.seen.get(head.session, 0)
            if head.last_seq <= seen:
                continue
            events = self.store.events_after(head.session, seen)[:BATCH]
            if not events:
                continue
            self.seen[head.session] = events[-1].seq
            items += [FeedItem(head.class_code, head.session, head.student, e) for e in events]
        return sorted(items, key=lambda i: (i.event.at, i.session, i.event.seq))

    async def next(self) -> list[FeedItem]:
        while True:
            self._moved.clear()  # before reading: a class that moves on during it wakes the wait
            items = await anyio.to_thread.run_sync(self._read)
            if items:
                return items
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._moved.wait(), self.poll)


class Narrator:
    """Turns feed items into the messages the page reads, remembering what each needs.

    An exchange needs the character the student plays and the scenario the role-play answered
    from (both from the session's ``roleplay.start``), and a quiz answer the question's choices
    (from its ``quiz.question``); the narrator keeps them per session as they pass, and asks
    the store for role-plays begun before the feed (or before the history it tells). The
    recorded line an exchange matched is given the pages it is printed on, from ``index``.
    """

    def __init__(self, store: Store, index: Index | None = None) -> None:
        self.store = store
        self.index = index
        self._started: dict[str, dict[str, Any]] = {}
        # each session's last line, as typed: the reply to it, and the reply to a pick of a
        # line offered for it after a refusal, read the student's words with their breaks
        self._typed: dict[str, str] = {}
        self._questions: dict[tuple[str, str, str], dict[str, Any]] = {}

    def message(self, item: FeedItem) -> dict[str, Any] | None:
        """The ``live.event`` telling ``item`` (None for what the feed does not show). An event
        whose data cannot be read is told as such, with its report (``unreadable``), so that
        one bad row neither stops the feed nor passes unseen."""
        event = item.event
        out: dict[str, Any] = {
            "type": "live.event",
            "class": item.class_code,
            "session": item.session,
            "student": item.student,
            "seq": event.seq,
            "kind": event.kind,
            "at": event.at,
        }
        problem = event.problem
        if problem is None:
            try:
                return self._told(item, out)
            except (KeyError, TypeError, AttributeError, ValueError) as exc:
                problem = why(exc)
        found = unreadable(item.session, item.student, event, problem)
        return {**out, "unreadable": found.model_dump()}

    def _told(self, item: FeedItem, out: dict[str, Any]) -> dict[str, Any] | None:
        event, data = item.event, item.event.data
        if event.kind == "roleplay.start":
            self._started[item.session] = data
            out.update(
                {
                    "as": data.get("as"),
                    "document": data.get("document"),
                    "scenario": data.get("scenario"),
                }
            )
        elif event.kind == "line":
            out["line"] = data.get("text", "")
            self._typed[item.session] = str(out["line"])
        elif event.kind == "reply":
            started = self._start(item)
            exchange = exchange_of(
                event,
                session=item.session,
                student=item.student,
                as_=started.get("as"),
                typed=self._typed.get(item.session),
            )
            told = exchange.model_dump(by_alias=True, exclude=set(LEFT_TO_THE_CARD))
            if told.get("matched"):
                told["matched"] = {**told["matched"], "pages": self._printed(told["matched"])}
            out["exchange"] = told
            # the scope it was refused within, as the transcript names it: none for the whole
            # record (scenarios_by_seq reads it the same way)
            out["scenario"] = started.get("scenario")
        elif event.kind == "quiz.question":
            self._questions[_asked(item.session, data)] = data
            return None  # the answer is what an instructor follows
        elif event.kind == "quiz.result":
            # the texts as the transcript reads them, each with its editorial spans beside it
            question = self._question(item)
            texts = quiz_texts(question, data)
            del texts["choices"]
            prompt = data.get("prompt") or question.get("prompt") or {}
            out.update(
                {
                    **texts,
                    # the question as the student read it, as the transcript card shows it:
                    # its kind, the recorded line shown before the one asked about, and (what
                    # came next?) who said that one; a wrong answer reads as a guess without them
                    "mode": question.get("mode"),
                    "context": list(question.get("context") or []),
                    "question_speaker": prompt.get("speaker") or None,
                    "correct": bool(data["correct"]),  # as the transcript: unreadable without
                    # what_next: the editors' notes after the right reply, shown as editorial
                    "editorial_after": list(data.get("editorial_after") or []),
                    # where the line asked about (and a what_next's right reply) is printed,
                    # as the student's feedback and the transcript card cite it
                    "citation": data.get("citation"),
                }
            )
        elif event.kind == "connect":
            out["resumed"] = bool(data.get("resumed"))
        elif event.kind == "quiz.summary":
            out.update({"score": data.get("score"), "total": data.get("total")})
        elif event.kind == "quiz.start":
            # which quiz, as the transcript's marker names it: "Quiz: Who said it? — 3
            # questions, difficulty: Subtle, from “The October 1973 war”"
            total = data.get("total", data.get("count"))
            out.update(
                {
                    "mode": data.get("mode"),
                    "total": total,
                    "level": data.get("level"),
                    "scenario": data.get("scenario"),
                }
            )
        elif event.kind not in ("disconnect", "roleplay.end"):
            return None
        return out

    def _printed(self, matched: dict[str, Any]) -> list[int]:
        """The pages the recorded line ``matched`` is printed on, in the index ([] where it holds
        no such turn). The feed cited the line by its volume, document and line alone; the
        exchange's citation gives its pages and the reply's together ("pp. 580–581"), so the
        page the line itself is on cannot be read from it."""
        document, turn = matched.get("document"), matched.get("turn")
        if self.index is None or not isinstance(document, str) or not isinstance(turn, int):
            return []
        try:
            return list(self.index.turn(document, turn).pages)
        except KeyError:
            return []

    def _question(self, item: FeedItem) -> dict[str, Any]:
        """The question a ``quiz.result`` answers: passed before it, or (asked before the feed
        or the history began) read from the store with the session's other questions."""
        key = _asked(item.session, item.event.data)
        if key not in self._questions:
            for event in self.store.events(item.session):
                if event.kind == "quiz.question" and event.seq < item.event.seq:
                    self._questions.setdefault(_asked(item.session, event.data), event.data)
        return self._questions.pop(key, {})

    def _start(self, item: FeedItem) -> dict[str, Any]:
        """The data of the ``roleplay.start`` a reply answers in (empty if none is stored)."""
        if item.session not in self._started:
            starts = [e for e in self.store.events(item.session) if e.kind == "roleplay.start"]
            before = [e for e in starts if e.seq < item.event.seq]
            self._started[item.session] = before[-1].data if before else {}
        return self._started[item.session]


def _asked(session: str, data: dict[str, Any]) -> tuple[str, str, str]:
    """A question's key in a session: its quiz and its id, as both question and result carry."""
    return (session, str(data.get("quiz")), str(data.get("id")))


def recent(
    store: Store,
    code: str,
    limit: int = HISTORY,
    before: tuple[str, int] | None = None,
    index: Index | None = None,
) -> list[dict[str, Any]]:
    """The class's last ``limit`` lines, replies and quiz answers, with the joins, leaves,
    starts and ends among them, oldest first, as the feed sent them; with ``before`` (an
    event's session and seq), those before that event: a page reads further back from its
    oldest entry so, as far as the class goes.

    The moments around the lines come only within their window (after the oldest of them, when
    the class has ``limit`` or more), and ``limit`` of them at most: a class that reloads its
    pages all lesson long still shows its last ``limit`` lines. A page opened late (or
    reloaded) starts from these and then follows the feed; an event in both (written while the
    page was reading them) has the same session and seq in each, by which the page keeps one.
    """
    read = store.class_recent(code, READ, limit, before)
    around = store.class_recent(code, AROUND, limit, before)
    if len(read) == limit:
        around = [item for item in around if _order(item) > _order(read[0])]
    narrator = Narrator(store, index)
    told = (narrator.message(item) for item in sorted(read + around, key=_order))
    return [message for message in told if message is not None]


def _order(item: FeedItem) -> tuple[str, str, int]:
    """Where an event stands in the feed: by time, then as the store orders ties."""
    return (item.event.at, item.session, item.event.seq)
