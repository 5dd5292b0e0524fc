"""Which conversations a quiz asks from in a class whose instructor set a scenario.

A teacher who sets "The October 1973 war" for the week expects the class's quizzes, like its
role-plays (:mod:`server.class_scope`), to keep to it: a "who said it?" or "what came next?"
question quotes only the scenario's conversations, and a review asks only the learner's items
that lie in them. The learner's other due items keep their cards and dates and wait: the
scenario is the class's focus this week, not a verdict on what the learner knows, so clearing
it (or a scenario that holds them) brings them back as they stood. A "what came next?"
question's three wrong choices still come from other conversations of the whole record: a
scenario of one conversation has no other, and the wrong choices are not what is asked about.

A scenario may hold one copy of a conversation printed in two volumes (vol. XXXII's and not
vol. XIII's): its questions quote that copy, while the learner's items keep their one name,
the first copy's (:mod:`server.items`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from server.class_scope import quoted_title
from server.errors import ProtocolError
from server.items import copy_turn, parse_item
from server.wire import Level, QuizKind, ScenarioBrief
from transcripts import Scenario

if TYPE_CHECKING:
    from embeddings import Index

QUIZ_NAMES = {"who_said": "“Who said it?”", "what_next": "“What came next?”", "review": "Review"}
LEVEL_NAMES = {"clear": "with a clear cue", "subtle": "with a subtle cue"}


@dataclass(frozen=True, slots=True)
class QuizScope:
    """A class's scenario as a quiz reads it: the conversations its questions quote."""

    scenario: Scenario
    class_code: str
    documents: frozenset[str]  # dialogues of the scenario, a conversation in two volumes once

    @property
    def brief(self) -> ScenarioBrief:
        return ScenarioBrief(
            id=self.scenario.id, title=self.scenario.title, editorial=self.scenario.editorial
        )

    def _setting(self) -> str:
        return (
            f"{quoted_title(self.scenario)}, the scenario your instructor set for class "
            f"{self.class_code}"
        )

    def locate(self, index: Index, item: str) -> tuple[str, int] | None:
        """Where a learner's item is asked within the scope: its turn in the scenario's copy of
        its conversation; None when the scenario does not hold it (or the index lost it)."""
        document, turn = parse_item(item)
        if document not in index.documents:
            return None
        if document in self.documents:
            return document, turn
        for copy in sorted(index.documents[document].same_as):
            if copy in self.documents:
                found = copy_turn(index, document, turn, copy)
                return None if found is None else (copy, found)
        return None

    def check_document(self, document: str) -> None:
        """A quiz on one conversation must name one of the scenario's."""
        if document not in self.scenario.documents:
            raise ProtocolError(
                "outside_class_scenario",
                f"Your instructor set class {self.class_code} to quiz within "
                f"{quoted_title(self.scenario)} ({self.scenario.id}), and conversation "
                f"{document!r} is not part of it; choose one of its conversations (its "
                "'documents' in GET /api/scenarios), or leave the document out (null) to be "
                "asked from all of it.",
                field="document",
            )

    def unavailable(
        self, mode: QuizKind, level: Level | None, narrowed: str | None
    ) -> ProtocolError:
        """No question of the kind asked lies in the scope: say what the student can change."""
        kind = QUIZ_NAMES[mode] + " question" + (f" {LEVEL_NAMES[level]}" if level else "")
        within = f", within {narrowed}" if narrowed else ""
        other = "another question type" + (" or difficulty" if level else "")
        return ProtocolError(
            "quiz_unavailable",
            f"No {kind} can be drawn from {self._setting()}{within}; choose {other}, "
            "or ask your instructor to widen the scenario.",
        )

    def nothing_due(self, outside: int) -> ProtocolError:
        """A review with nothing due in the scope; the items due outside it wait, and are said."""
        waiting = ""
        if outside == 1:
            waiting = " 1 item due outside it waits until the class's scenario holds it."
        elif outside:
            waiting = f" {outside} items due outside it wait until the class's scenario holds them."
        return ProtocolError(
            "nothing_to_review",
            f"Nothing from {self._setting()}, is due for review yet: items you miss there, and "
            "items whose review date has come, are asked here. Take a quiz first "
            f'({{"type": "quiz.start", "mode": "who_said"}}).{waiting}',
        )


def quiz_scope(index: Index, scenario: Scenario, class_code: str) -> QuizScope:
    """The scenario's conversations a quiz asks from: dialogues only, and a conversation the
    scenario holds in two volumes once (the first copy by id)."""
    held = sorted(d for d in scenario.documents if d in index.documents)
    documents: set[str] = set()
    for doc_id in held:
        doc = index.documents[doc_id]
        if doc.dialogue and not documents & set(doc.same_as):
            documents.add(doc_id)
    return QuizScope(scenario, class_code, frozenset(documents))
