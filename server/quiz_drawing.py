"""What a quiz being drawn has asked so far: the lines it showed and offered, the turns it asked
about; and whether a new question would show one again or sit near one asked.

A question that shows a line an earlier one showed (or offered as wrong), or offers one an
earlier one showed, tells an answer or asks it again; one a few turns from an earlier one's in
the same conversation asks about the same moment ("Who said it?" of turns 3 and 5 of one call,
the walk-through of session 33 found). :meth:`server.quiz.QuizEngine.build` draws these last.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from server.activity import Question
from server.choices import line_key

# Two questions of one quiz from one conversation are at least this many turns apart while the
# quiz can be drawn otherwise.
APART = 5


def shows(question: Question) -> set[tuple[str, int]]:
    """The recorded lines ``question`` puts before the student, as (document, turn): its line,
    the line before it where shown, and a "What came next?"'s answer. Another question showing
    one of them gives its answer away or asks it again: "What came next?" after turn 7 (turn 8)
    and then after turn 8, with turn 7 shown before it, tells the first question's answer."""
    document, turn = question.prompt.document, question.prompt.turn
    lines = {(document, turn)}
    if turn > 0 and (question.mode == "what_next" or question.before):
        lines.add((document, turn - 1))
    if question.mode == "what_next":
        lines.add((document, turn + 1))
    return lines


def offers(question: Question) -> set[str]:
    """The wrong choices of a "What came next?" as a student reads them (line_key); a "Who
    said it?" offers people, no line."""
    if question.mode != "what_next":
        return set()
    return {line_key(c.text) for c in question.choices if c.id != question.answer}


@dataclass
class Drawing:
    """The questions drawn so far and what they show, offer and ask about."""

    questions: list[Question] = field(default_factory=list)
    shown: set[tuple[str, int]] = field(default_factory=set)
    said: set[str] = field(default_factory=set)  # the lines shown, as read (line_key)
    offered: set[str] = field(default_factory=set)  # the wrong choices offered, so read
    asked: dict[str, list[int]] = field(default_factory=dict)  # the turns, by document

    def repeats(self, question: Question, read: set[str]) -> bool:
        """Whether ``question`` (``read``: the lines it shows, as read) shows a line again,
        shows one offered as wrong, or offers one shown."""
        return bool(
            shows(question) & self.shown or read & self.offered or offers(question) & self.said
        )

    def near(self, question: Question) -> bool:
        """Whether ``question`` asks about a turn fewer than :data:`APART` turns from one
        asked about, in the same conversation."""
        turn = question.prompt.turn
        return any(abs(turn - t) < APART for t in self.asked.get(question.prompt.document, ()))

    def take(self, question: Question, read: set[str]) -> None:
        self.questions.append(question)
        self.asked.setdefault(question.prompt.document, []).append(question.prompt.turn)
        self.shown |= shows(question)
        self.said |= read
        self.offered |= offers(question)
