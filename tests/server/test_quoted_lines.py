"""A recorded line that holds a quotation of its own, in the quiz's and the decks' words.

Kissinger reads his cable aloud (vol. XIII, doc. 305, line 5): “It seems significant that
Brezhnev asked the President to be informed.” I don’t care much… Set in double marks it read
““It seems significant…”; the marks around it are single, as nested quotations are set
(transcripts.outer_marks, the rule the pages' render.js follows). The words are as printed.
"""

from __future__ import annotations

from typing import Any

import pytest

from server.anki import who_said_card
from server.quiz import QuizEngine
from transcripts import outer_marks

D305 = "frus1969-76v13/d305"
CABLE = "“It seems significant that Brezhnev asked the President to be informed.”"


@pytest.fixture(scope="module")
def index(roleplay_with) -> Any:
    """The fixture corpus plus vol. XIII, doc. 305."""
    return roleplay_with("frus1969-76v13-d305.txt").index


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        (f"{CABLE} I don’t care much as long as you understand it.", ("‘", "’")),
        ('"Dear Mr. President: ..."', ("‘", "’")),
        ("Anatol, how are you.", ("“", "”")),
        ("’Tis a pity.", ("“", "”")),  # a single mark: the double ones do not double it
        # vol. XIII, doc. 321 and doc. 159: a quotation ending the line, or inside it
        (
            "… the clear statement I have heard from you—”since we don’t want to destroy what "
            "we have.”",
            ("‘", "’"),
        ),
        ("We don’t like the phrase “far enough.” We don’t know what it means.", ("‘", "’")),
    ],
)
def test_a_line_holding_a_double_mark_is_set_in_single_ones(
    text: str, marks: tuple[str, str]
) -> None:
    assert outer_marks(text) == marks


def test_the_quiz_explanation_quotes_the_cable_line_in_single_marks(index: Any) -> None:
    """After Dobrynin's line 4, "What came next?": the explanation quotes Kissinger's line 5
    as ‘“It seems…” …’, its words verbatim."""
    right = index.turn(D305, 4)
    assert right.clean_text.startswith(CABLE)
    [question] = QuizEngine(index).build_review([(f"{D305}#4", "what_next")], 1, seed=5)
    assert question.explanation.startswith(
        f"Henry Kissinger answered: ‘{right.clean_text}’ The other choices are"
    )


def test_the_who_said_card_quotes_the_cable_line_in_single_marks(index: Any) -> None:
    """The class deck's "Who said this?" card of line 5, and of line 6 after it (the line
    before shown), set the cable line in ‘…’."""
    card = who_said_card(index, f"{D305}#4", D305, 4)
    assert "<p>‘“It seems significant that Brezhnev asked the President to be informed.” I " in (
        card.question
    )
    assert "““" not in card.question
    after = who_said_card(index, f"{D305}#5", D305, 5)
    assert '<span class="ask">The line before:</span> ‘“It seems significant' in after.question
