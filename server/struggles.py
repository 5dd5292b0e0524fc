"""What a class struggled with: lines the record could not answer, what students asked about
that the record does not hold or that belongs to a later time, quiz items most missed, and
each student's progress. A pure function of the class's stored sessions.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from server.asked_about import Asked, Refusal, Unheld, later_names, unheld_topics
from server.corrections import normalised
from server.session_parts import Reasons, SessionPart, Unanswered, session_part
from server.store import Event, SessionSummary
from server.unreadable import Unreadable
from server.wire import EditorialSpanOut

if TYPE_CHECKING:
    from embeddings.evidence import PeriodTopic

# How many unanswered lines and missed quiz items the view lists.
TOP = 30

# A refused line as compared with the others, kept: the page's live refresh groups the class's
# every refused line each second (28-35 µs a line, 25-31 ms at 900; kept, under 0.1 ms).
_said = functools.lru_cache(maxsize=4096)(normalised)


class Missed(BaseModel):
    """A quiz item, with how often the class missed it, and the question as its students read
    it: a "What came next?" line without the line before it and its speaker left the teacher
    unable to tell what they had been asked."""

    question: str
    question_editorial: list[EditorialSpanOut] = Field(
        [], description="The editors' marks inside `question` (spans index it)."
    )
    question_speaker: str | None = Field(
        None,
        description="what_next: who said the line asked about, as the question named him "
        "before it; null for who_said (his name is the answer).",
    )
    context: list[dict[str, Any]] = Field(
        [],
        description="The recorded line the question showed before the one asked about, as "
        "the transcript's `quiz` gives it (turn objects, verbatim, with their `editorial` "
        "spans; unattributed in a who_said); empty for none, and for an item whose every "
        "answer was stored before it was kept.",
    )
    citation: dict[str, Any] | None = Field(
        None, description="The item's citation, as its answer's card cites it (`quiz.result`)."
    )
    mode: str
    document: str | None
    turn: int | None
    right_answer: str
    right_answer_editorial: list[EditorialSpanOut] = Field(
        [], description="The editors' marks inside `right_answer`."
    )
    right_answer_speaker: str | None = Field(
        None,
        description="what_next: who spoke the right reply, by whose name the question asked "
        "for it ('What did Dobrynin say next'); null for who_said.",
    )
    asked: int
    missed: int
    wrong_answers: list[str] = Field(description="The wrong answers given, most frequent first.")
    wrong_answers_editorial: list[list[EditorialSpanOut]] = Field(
        [], description="The editors' marks inside each of `wrong_answers`, in its order."
    )


class Progress(BaseModel):
    """One student's work in the class, for the chart and the table beside it."""

    student: str
    sessions: int
    lines: int
    answered: int = Field(description="Lines the record answered (match, ambiguous, picked).")
    refused: int = Field(description="Lines answered `no_match` and never picked.")
    quiz_right: int
    quiz_total: int
    closeness_mean: float | None = Field(
        description="How close in meaning (0 to 1) the student's lines came to the recorded "
        "line at the same point of conversations played through, averaged; null if none."
    )
    last_seen: str | None


class Struggles(BaseModel):
    unanswered: list[Unanswered] = Field(
        description="Lines the record could not answer, newest first (up to 30), but for those "
        "refused for what they name: each refused line is listed once, here or under `unheld` "
        "or `anachronisms`. A line typed again, by the same or another student, playing the "
        "same side within the same scenario, the same once compared as corrections compare "
        "an exact repeat (shorthand in standard spelling, words only, case aside), is one "
        "entry: the first typed, as typed, with `students` and `count`, placed by the newest "
        "time it was typed."
    )
    unanswered_total: int = Field(
        0,
        description="How many entries `unanswered` has in all, of which it lists the newest "
        "30: the page says how many it does not show (the CSV export has every line), so the "
        "teacher does not take the 30 for the class's all.",
    )
    unheld: list[Unheld] = Field(
        description="The period topics students named that the record never speaks of (this "
        "server's index, as `GET /api/unheld` lists them), most students first (up to 30)."
    )
    held_now: list[Unheld] = Field(
        description="The period topics students named in lines refused as `unheld` that the "
        "index now speaks of (documents added since, as with `--transcripts`): asked again, "
        "the lines may be answered. Most students first (up to 30)."
    )
    anachronisms: list[Asked] = Field(
        description="The names of a later time students typed (Putin), case aside, most "
        "students first (up to 30)."
    )
    missed: list[Missed]
    missed_total: int = Field(
        0,
        description="How many quiz items the class missed in all, of which `missed` lists "
        "the 30 missed most.",
    )
    students: list[Progress]
    unreadable: list[Unreadable] = Field(
        [],
        description="The class's stored events that could not be read (data not JSON, or "
        "without a field its kind has), each with what is wrong and its data as stored: "
        "every list above is drawn from the other events, without these.",
    )


def struggles(
    sessions: list[tuple[SessionSummary, list[Event]]], lacking: Collection[PeriodTopic]
) -> Struggles:
    """What the class's ``sessions`` struggled with; ``lacking``: the period topics the index
    does not speak of (``RolePlay.unheld_topics``), which the ``unheld`` refusals are told by."""
    return gather([(s, session_part(s, events)) for s, events in sessions], lacking)


def gather(
    parts: list[tuple[SessionSummary, SessionPart]], lacking: Collection[PeriodTopic]
) -> Struggles:
    """The class's struggle view from each of its sessions' :class:`SessionPart`. The lines
    listed are copies: the router marks those a correction answers now, and a kept part must
    not carry the mark into a later view."""
    unanswered: list[Unanswered] = []
    unheld: list[Refusal] = []
    later: list[Refusal] = []
    items: dict[tuple[str | None, int | None, str], dict[str, Any]] = {}
    progress: dict[str, dict[str, Any]] = {}
    unreadable: list[Unreadable] = []
    for summary, part in parts:
        unreadable += part.unreadable
        mine = progress.setdefault(
            summary.student.casefold(),
            {
                "student": summary.student,
                "sessions": 0,
                "lines": 0,
                "answered": 0,
                "refused": 0,
                "quiz_right": 0,
                "quiz_total": 0,
                "closeness": [],
                "last_seen": None,
            },
        )
        mine["sessions"] += 1
        last = max([summary.ended or "", summary.started, part.last_at or ""])
        mine["last_seen"] = max(mine["last_seen"] or "", last) or None
        for count in ("lines", "answered", "refused"):
            mine[count] += getattr(part, count)
        mine["closeness"] += part.closeness
        unanswered += part.unanswered
        unheld += part.unheld
        later += part.later
        for item in part.quiz:
            mine["quiz_total"] += 1
            mine["quiz_right"] += item.correct
            key = (item.document, item.turn, item.mode)
            entry = items.setdefault(
                key,
                {
                    "question": item.question,
                    "question_editorial": item.question_editorial,
                    "question_speaker": item.question_speaker,
                    "context": item.context,
                    "citation": item.citation,
                    "mode": item.mode,
                    "document": item.document,
                    "turn": item.turn,
                    "right_answer": item.right_answer,
                    "right_answer_editorial": item.right_answer_editorial,
                    "right_answer_speaker": item.right_answer_speaker,
                    "asked": 0,
                    "missed": 0,
                    "wrong": defaultdict(int),
                    "marks": {},
                },
            )
            entry["asked"] += 1
            # an answer stored before the line before was kept has none: a later one gives it
            entry["context"] = entry["context"] or item.context
            entry["citation"] = entry["citation"] or item.citation
            if not item.correct:
                entry["missed"] += 1
                entry["wrong"][item.answer] += 1
                entry["marks"][item.answer] = item.answer_editorial
    missed = sorted(
        (e for e in items.values() if e["missed"]),
        key=lambda e: (-e["missed"], -e["missed"] / e["asked"], e["question"]),
    )
    topics, held = unheld_topics(unheld, lacking)
    entries = _grouped(unanswered)
    return Struggles(
        unanswered=entries[:TOP],
        unanswered_total=len(entries),
        unheld=topics[:TOP],
        held_now=held[:TOP],
        anachronisms=later_names(later)[:TOP],
        missed=[_missed(e) for e in missed[:TOP]],
        missed_total=len(missed),
        students=[
            Progress(
                student=p["student"],
                sessions=p["sessions"],
                lines=p["lines"],
                answered=p["answered"],
                refused=p["refused"],
                quiz_right=p["quiz_right"],
                quiz_total=p["quiz_total"],
                closeness_mean=(
                    round(sum(p["closeness"]) / len(p["closeness"]), 4) if p["closeness"] else None
                ),
                last_seen=p["last_seen"],
            )
            for p in sorted(progress.values(), key=lambda p: p["student"].casefold())
        ],
        unreadable=unreadable,
    )


def _grouped(lines: list[Unanswered]) -> list[Unanswered]:
    """Each line the class could not get answered once, newest first: "How was your vacation,
    Anatoly?" from five students was five entries, and the list read as five problems where
    the class had one. Lines are the same as a correction's exact repeat is (``normalised``),
    within the side played and the scenario, where the record searched differs. An entry is a
    copy of the first typed (its wording, its session to open) with every student who typed it."""
    same: dict[tuple[str | None, str | None, str], list[Unanswered]] = {}
    for line in sorted(lines, key=lambda u: (u.at, u.session, u.seq)):  # a tie: one order each read
        # a line of no words ("?") is compared whole, not taken for every other such line
        said = _said(line.line) or line.line
        same.setdefault((line.scenario, line.as_, said), []).append(line)
    newest = sorted(same.values(), key=lambda typed: typed[-1].at, reverse=True)
    return [_entry(typed) for typed in newest]


def _entry(typed: list[Unanswered]) -> Unanswered:
    """The entry of the lines ``typed`` (first typed first): a copy of the first, with what is
    true of them all. It kept the first line's pick and reason alone, so five students' line
    read as never picked from when four had picked, or as refused by the search when the
    teacher's correction had refused it since."""
    names: dict[str, str] = {}
    reasons: dict[str | None, int] = {}
    for line in typed:
        names.setdefault(line.student.casefold(), line.student)
        reasons[line.reason] = reasons.get(line.reason, 0) + 1
    picked = sum(line.picked for line in typed)
    return typed[0].model_copy(
        update={
            "students": [*names.values()],
            "count": len(typed),
            "picked": picked > 0,
            "picked_count": picked,
            "reasons": [Reasons(reason=r, count=n) for r, n in reasons.items()],
            "wordings": [*dict.fromkeys(line.line for line in typed)],
        }
    )


def _missed(entry: dict[str, Any]) -> Missed:
    """A missed item's entry as listed: its wrong answers most frequent first, each with the
    editors' marks inside it."""
    wrong = sorted(entry["wrong"], key=lambda a: -entry["wrong"][a])
    return Missed(
        **{k: v for k, v in entry.items() if k not in ("wrong", "marks")},
        wrong_answers=wrong,
        wrong_answers_editorial=[entry["marks"][a] for a in wrong],
    )
