"""One session's share of the struggle view (:mod:`server.struggles`), read as the session
moves on: the lines the record could not answer, the topics named, the quiz answers, the
counts of each student's progress.

A live refresh of the view reads again only the sessions that moved on
(:mod:`server.struggle_reads`); a :class:`PartReader` reads such a session on from its newest
event read, not from its first.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from server.asked_about import Refusal
from server.exchanges import ANSWERED, Exchange
from server.quiz_items import QuizItem
from server.session_read import SessionReader, scenarios_by_seq
from server.store import Event, SessionSummary
from server.unreadable import Unreadable
from server.wire import ElsewhereOut


class Reasons(BaseModel):
    """One reason a struggle view entry's lines were refused, and how many it refused."""

    reason: str | None = Field(description="As `Unanswered.reason`: null, not kept.")
    count: int


class Unanswered(BaseModel):
    """A line the record could not answer: what a student wanted to say."""

    model_config = ConfigDict(populate_by_name=True)

    session: str
    student: str
    seq: int
    at: str
    as_: str | None = Field(None, alias="as")
    line: str
    picked: bool = Field(
        description="Whether the student then picked a did-you-mean line; in the struggle "
        "view, after any of the entry's lines (`picked_count` says after how many)."
    )
    suggestions: list[str] = Field(default_factory=list, description="The lines offered.")
    scenario: str | None = Field(
        None,
        description="The scenario the line was refused within (only its conversations were "
        "searched); null: the whole record.",
    )
    reason: str | None = Field(
        None,
        description="Why it was refused (`weak`, `language`: typed in another language than "
        "the record's English, `chatter`, or `instructor`: the class's correction says the "
        "record does not answer it), as the exchange keeps it: `language`, `chatter` and "
        "`instructor` are refused in any scope, so a scenario did not keep the answer away. "
        "A line "
        "refused for what it names is not listed here but under `unheld` or `anachronisms`.",
    )
    elsewhere: ElsewhereOut | None = Field(
        None,
        description="Refused within a scenario: the conversation outside it that answers the "
        "line, as the student was told (`reply`'s `elsewhere`); null when none was found, or "
        "the rest of the record was not searched (`searched_outside`).",
    )
    searched_outside: bool = Field(
        False,
        description="The rest of the record was searched for the line (so a null `elsewhere` "
        "means nothing outside the scenario answers it); false for a refusal stored before "
        "this was kept, of which it is not known.",
    )
    answered_now: int | None = Field(
        None,
        description="The id of the class's correction that answers the line now, with a "
        "recorded turn's reply (the line, or a close paraphrase of it, as the student said it): "
        "its students get that reply for it since, though this student was refused; null "
        "when none does. In the struggle view, one that answers any of `wordings`.",
    )
    students: list[str] = Field(
        default_factory=list,
        description="The struggle view: every student who typed the line, its first "
        "(`student`) first; the same line typed by five students is one entry, not five, so "
        "the list shows what the class as a whole could not get answered.",
    )
    count: int = Field(
        1,
        description="The struggle view: how many times the line was typed, by all of "
        "`students` (more than their number where one typed it again).",
    )
    picked_count: int = Field(
        0,
        description="The struggle view: how many of the `count` times the line was typed "
        "a did-you-mean line was picked after it.",
    )
    reasons: list[Reasons] = Field(
        default_factory=list,
        description="The struggle view: why its lines were refused, each reason with how many "
        "of the `count` it refused, in the order first given (`reason` is the first typed's): "
        "a line refused as `weak` before a correction and by it (`instructor`) after is both.",
    )
    wordings: list[str] = Field(
        default_factory=list,
        description="The struggle view: each way the line was typed, as typed, once each, "
        "the first typed (`line`) first; `answered_now` is of any of them.",
    )


@dataclass(frozen=True, slots=True)
class SessionPart:
    """One session's share of the struggle view, read from its events up to ``seq``: what
    :func:`gather` adds up over the class. A session that has not moved on since (its newest
    event still ``seq``) has the same share, so a process keeps it (:mod:`server.struggle_reads`)
    rather than read every stored event of the class again each second a class is busy."""

    seq: int = 0
    last_at: str | None = None
    lines: int = 0
    answered: int = 0
    refused: int = 0
    closeness: tuple[float, ...] = ()
    unanswered: tuple[Unanswered, ...] = ()
    unheld: tuple[Refusal, ...] = ()
    later: tuple[Refusal, ...] = ()
    quiz: tuple[QuizItem, ...] = ()
    unreadable: tuple[Unreadable, ...] = ()


@dataclass(slots=True)
class _Sums:
    """What a session's exchanges add to the view, summed as they are read."""

    lines: int = 0
    answered: int = 0
    refused: int = 0
    closeness: list[float] = field(default_factory=list)
    unanswered: list[Unanswered] = field(default_factory=list)
    unheld: list[Refusal] = field(default_factory=list)
    later: list[Refusal] = field(default_factory=list)

    def copy(self) -> _Sums:
        return _Sums(
            self.lines,
            self.answered,
            self.refused,
            [*self.closeness],
            [*self.unanswered],
            [*self.unheld],
            [*self.later],
        )

    def add(self, exchange: Exchange, scenario: str) -> None:
        """One exchange, refused (if it was) within ``scenario`` ("": the whole record)."""
        self.lines += 1
        if exchange.activity == "play":  # the record's own reply was shown
            self.answered += 1
            if exchange.score is not None:
                self.closeness.append(exchange.score)
            return
        if exchange.status in ANSWERED:
            self.answered += 1
        else:
            self.refused += 1
        if {exchange.status, exchange.before_pick} & {"match", "ambiguous"}:
            return  # answered, whatever the student then picked from beside the answer
        # A line refused for what it names is counted under what it names, and only there:
        # it was listed a second time among the unanswered lines, the same line twice.
        if exchange.reason == "unheld":
            self.unheld.append((exchange.student, exchange.names))
            return
        if exchange.reason == "anachronism":
            self.later.append((exchange.student, exchange.names))
            return
        self.unanswered.append(
            Unanswered(
                session=exchange.session,
                student=exchange.student,
                seq=exchange.seq,
                at=exchange.at,
                as_=exchange.as_,
                line=exchange.line,
                picked=exchange.status == "picked",
                suggestions=[
                    str((s.get("prompt") or {}).get("text", "")) for s in exchange.suggestions
                ],
                scenario=scenario or None,
                reason=exchange.reason,
                elsewhere=exchange.elsewhere,
                searched_outside=exchange.searched_outside,
            )
        )


class PartReader:
    """One session's share of the view, read on as the session moves on: ``extend`` reads
    only its new events. Every exchange but the last is summed and forgotten (a later pick
    changes only the last, :class:`server.session_read.SessionReader`), so what is kept is the
    share's size, not the session's events: a live refresh of a busy class read each session
    that moved on from its first event (1,890 events at 30 students of 30 lines)."""

    def __init__(self, summary: SessionSummary) -> None:
        self._reader = SessionReader(summary.id, summary.student)
        self._sums = _Sums()  # of every exchange read but the last
        self._scenario = ""  # the one in force after the events read
        self._last_scenario = ""  # the last exchange's
        self._quiz: list[QuizItem] = []
        self._unreadable: list[Unreadable] = []
        self.seq = 0
        self._last_at: str | None = None
        self._part: SessionPart | None = None
        self.lock = threading.Lock()  # a share read on by one request at a time

    def extend(self, events: list[Event]) -> None:
        """Read the session's ``events`` that came after ``seq``."""
        if not events:
            return
        read = self._reader.read
        self._reader.feed(events)
        within = scenarios_by_seq(events, self._scenario)
        for exchange in read.exchanges[:-1]:  # the last read before, if any, then the new
            self._sums.add(exchange, within.get(exchange.seq, self._last_scenario))
        if read.exchanges:
            last = read.exchanges[-1]
            self._last_scenario = within.get(last.seq, self._last_scenario)
            del read.exchanges[:-1]
        self._quiz += read.quiz
        self._unreadable += read.unreadable
        read.quiz.clear()
        read.unreadable.clear()
        self._scenario = within[events[-1].seq]
        self.seq, self._last_at = events[-1].seq, events[-1].at
        self._part = None

    def part(self) -> SessionPart:
        """The session's share, as read up to ``seq``."""
        if self._part is None:
            sums = self._sums.copy()
            for exchange in self._reader.read.exchanges:  # the last, which a pick may change
                sums.add(exchange, self._last_scenario)
            self._part = SessionPart(
                seq=self.seq,
                last_at=self._last_at,
                lines=sums.lines,
                answered=sums.answered,
                refused=sums.refused,
                closeness=tuple(sums.closeness),
                unanswered=tuple(sums.unanswered),
                unheld=tuple(sums.unheld),
                later=tuple(sums.later),
                quiz=tuple(self._quiz),
                unreadable=tuple(self._unreadable),
            )
        return self._part


def session_part(summary: SessionSummary, events: list[Event]) -> SessionPart:
    """What one session's ``events`` add to the class's struggle view."""
    reader = PartReader(summary)
    reader.extend(events)
    return reader.part()
