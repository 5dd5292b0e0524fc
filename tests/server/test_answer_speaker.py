"""A "What came next?" question says whose line it asks for (`answer_speaker`): it showed a
recorded line and asked what came next, and the student was not told whether the answer was
Kissinger going on or Dobrynin answering. A "Who said it?" has none (its answer is the speaker).
The question asked again after a reload carries it, and the instructor's reads of an answer
(the transcript's quiz item, the most missed items, the live feed) say who spoke the right
reply (`right_answer_speaker`), read from the choices as stored. The transcript's item also
keeps the feedback the student read (`explanation`): the wrong choices are recorded words
from other conversations, and it is where each is cited."""

from __future__ import annotations

from typing import Any

from server.session_read import read_session
from server.store import Event, SessionSummary
from server.struggles import struggles
from tests.server.conftest import SEED, LiveServer, Student

# Seed 3 draws, in vol. XXXIX, doc. 107, "What came next?" after turns 17, 3 and 24: the
# first two answered by Kissinger, the third by Dobrynin.
WHAT_NEXT = {"type": "quiz.start", "mode": "what_next", "count": 3, "document": SEED, "seed": 3}


def _hello(student: Student, name: str) -> dict[str, Any]:
    welcome = student.ask({"type": "hello", "student": name, "class": "HIST210"})
    assert welcome["type"] == "welcome", welcome
    return welcome


def _right(question: dict[str, Any], fixture_corpus) -> str:
    """The id of the choice that is the recorded turn after the prompt's."""
    prompt = question["prompt"]
    reply = fixture_corpus.document(prompt["document"]).turns[prompt["turn"] + 1]
    return next(c["id"] for c in question["choices"] if c["text"] == reply.clean_text)


def test_a_what_came_next_question_names_whose_line_it_asks_for(
    live: LiveServer, fixture_corpus
) -> None:
    student = Student(live.url)
    welcome = _hello(student, "Berenike")
    questions = [student.ask(WHAT_NEXT)]
    results = []
    for number in (1, 2):
        right = _right(questions[-1], fixture_corpus)  # the first answered right, the second not
        wrong = next(c["id"] for c in questions[-1]["choices"] if c["id"] != right)
        given = right if number == 1 else wrong
        results.append(
            student.ask({"type": "quiz.answer", "id": questions[-1]["id"], "answer": given})
        )
        questions.append(student.receive())
    assert [(q["prompt"]["turn"], q["answer_speaker"]) for q in questions] == [
        (17, "kissinger"),
        (3, "kissinger"),
        (24, "dobrynin"),
    ]
    # the record's: who spoke the turn after each prompt, every choice his too
    doc = fixture_corpus.document(SEED)
    for q in questions:
        assert {c["speaker"] for c in q["choices"]} == {doc.turns[q["prompt"]["turn"] + 1].speaker}
        assert q["answer_speaker"] == doc.turns[q["prompt"]["turn"] + 1].speaker

    # reloaded on the second answer's feedback: the question as it was sent, named again
    third = questions[2]
    student.close()
    again = Student(live.url)
    resumed = again.ask({"type": "hello", "resume": welcome["resume"]})
    assert resumed["state"]["feedback"]["question"]["answer_speaker"] == "kissinger"
    assert resumed["state"]["feedback"]["question"] == {
        k: v for k, v in questions[1].items() if k != "seq"
    }
    assert again.receive()["answer_speaker"] == "dobrynin"  # the waiting one, asked again
    last = {"type": "quiz.answer", "id": third["id"], "answer": _right(third, fixture_corpus)}
    results.append(again.ask(last))
    again.close()

    # the instructor's transcript reads who spoke each right reply from the stored choices
    events = live.services.store.events(welcome["session"])
    read = read_session(welcome["session"], "Berenike", events)
    assert [(item.turn, item.right_answer_speaker, item.correct) for item in read.quiz] == [
        (17, "kissinger", True),
        (3, "kissinger", False),
        (24, "dobrynin", True),
    ]
    # and the feedback the student read, the wrong choices' only citation, word for word
    assert [r["type"] for r in results] == ["quiz.result"] * 3
    assert [(item.explanation, item.explanation_editorial) for item in read.quiz] == [
        (r["explanation"], r["explanation_editorial"]) for r in results
    ]
    assert read.quiz[1].explanation == (
        "Henry Kissinger answered: “Don’t you pull any of these Brezhnev tricks on me. I didn’t "
        "say a word about February.” The other choices are Henry Kissinger’s words in other "
        "conversations: B in vol. XXV, doc. 172; C in vol. XXXII, doc. 143, p. 433; D in vol. "
        "XII, doc. 188, p. 581."
    )


def test_a_who_said_question_names_no_one(student: Student) -> None:
    _hello(student, "Hypatia")
    question = student.ask(
        {"type": "quiz.start", "mode": "who_said", "count": 1, "document": SEED, "seed": 3}
    )
    assert (question["mode"], "answer_speaker" in question, question["answer_speaker"]) == (
        "who_said",
        True,
        None,
    )


def test_a_missed_item_says_whose_line_it_asked_for() -> None:
    """The most missed items: who spoke the right reply, from the question's choices as stored
    (a question stored before `answer_speaker` was sent kept them so)."""
    asked = {"speaker": "kissinger", "text": "Well, try us. We may fool you.", "turn": 54}
    choices = [
        {
            "id": "b",
            "speaker": "dobrynin",
            "text": "I don’t want to interfere in your domestic affairs.",
        },
        {"id": "c", "speaker": "dobrynin", "text": "I didn’t want to bother you."},
    ]
    at = "2026-12-07T15:00:00.000Z"
    question = {"quiz": "z", "id": "q1", "mode": "what_next", "prompt": {**asked, "document": SEED}}
    result = {"quiz": "z", "id": "q1", "correct": False, "given": "c", "answer": "b"}
    events = [
        Event(1, at, "quiz.question", {**question, "choices": choices}),
        Event(
            2,
            at,
            "quiz.result",
            {**result, "citation": {"document": SEED}, "prompt": question["prompt"]},
        ),
    ]
    [item] = struggles([(SessionSummary("s1", "Ada", at, None, 0, 0, 1), events)], ()).missed
    assert (item.question_speaker, item.right_answer, item.right_answer_speaker) == (
        "kissinger",
        "I don’t want to interfere in your domestic affairs.",
        "dobrynin",
    )
