"""A message refused for the store, sent again after the connection dropped, is kept once.

tests/server/test_store_refused_again.py: a message refused ``database_busy`` or
``not_stored`` after some of its writes were kept, sent again on the same connection, meets
them instead of writing them twice. What it had kept was remembered by the connection alone:
the connection lost before the page sent it again, the page resumed the session and sent the
line again with its id, and a line stored without its reply was stored a second time (a pick
too; an answer whose result was refused was logged and scored on its card twice). Now a
resumed session reads what the store holds of a message left unfinished (its last events), in
whichever server process it resumes, and the same message sent again meets it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from server.app import create_app
from server.services import Services
from server.store_refusals import database_busy, not_stored
from tests.server.test_store_refused_again import (
    MATCHED,
    NEAR,
    events,
    quiz_answer,
    refuse_once,
    refused,
)


def joined(ws: Any) -> tuple[str, str]:
    """A new session of the class: its id and resume token."""
    ws.send_json({"type": "hello", "student": "Ada", "class": "HIST210"})
    welcome = ws.receive_json()
    return welcome["session"], welcome["resume"]


def answer_refused(
    ws: Any, services: Services, write: str, refusal: Callable[[], Exception], code: str
) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    """A new session's first answer in a quiz of two, refused with ``code`` for the store's
    ``refusal`` of its ``write``: the session's id and resume token, the question, the answer."""
    session, token = joined(ws)
    question, answer = quiz_answer(ws, 2, 0)
    refuse_once(services, write, refusal)
    refused(ws, answer, code)
    return session, token, question, answer


def resumed(ws: Any, token: str) -> dict[str, Any]:
    ws.send_json({"type": "hello", "resume": token})
    welcome = ws.receive_json()
    assert (welcome["type"], welcome["resumed"]) == ("welcome", True)
    return welcome


def before_pong(ws: Any, message: dict[str, Any]) -> list[dict[str, Any]]:
    """What ``message`` is answered with: every message before the pong of a ping sent after
    it (a message missing from the answer fails the test, where waiting for it would hang)."""
    ws.send_json(message)
    ws.send_json({"type": "ping"})
    got = [ws.receive_json()]
    while got[-1]["type"] != "pong":
        got.append(ws.receive_json())
    return got[:-1]


def test_a_line_whose_reply_was_refused_is_stored_once_when_sent_after_a_resume(
    services: Services,
) -> None:
    client = TestClient(create_app(services))
    line = {"type": "say", "text": MATCHED, "id": "l1", "seq": "c2"}
    with client.websocket_connect("/ws") as ws:
        session, token = joined(ws)
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        refuse_once(services, "reply", lambda: not_stored(OSError("database or disk is full")))
        refused(ws, line, "not_stored")
    with client.websocket_connect("/ws") as ws:  # the page, back, sends the line again
        resumed(ws, token)
        ws.send_json({"type": "review.due", "seq": "c1"})  # no write: the line is still met
        assert ws.receive_json()["type"] == "review.status"
        ws.send_json({**line, "seq": "c2"})
        reply = ws.receive_json()
        assert (reply["type"], reply["status"], reply["seq"]) == ("reply", "match", "c2")
    kept = events(services, session)
    assert [kind for kind, _ in kept] == ["roleplay.start", "line", "reply"]
    assert kept[1][1] == {"text": MATCHED, "position": None, "id": "l1"}
    assert kept[2][1]["matches"] == reply["matches"]


def test_a_pick_whose_reply_was_refused_is_stored_once_when_sent_after_a_resume(
    services: Services,
) -> None:
    client = TestClient(create_app(services))
    pick = {"type": "pick", "suggestion": 1, "seq": "c3"}
    with client.websocket_connect("/ws") as ws:
        session, token = joined(ws)
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        ws.send_json({"type": "say", "text": NEAR, "id": "l1", "seq": "c2"})
        assert ws.receive_json()["status"] == "no_match"
        refuse_once(services, "reply", lambda: database_busy("another program holds it"))
        refused(ws, pick, "database_busy")
    with client.websocket_connect("/ws") as ws:
        resumed(ws, token)
        ws.send_json({**pick, "seq": "c1"})
        picked = ws.receive_json()
        assert (picked["status"], picked["picked"]) == ("picked", 1)
    kinds = [kind for kind, _ in events(services, session)]
    assert kinds == ["roleplay.start", "line", "reply", "pick", "reply"]


def test_an_answer_whose_result_was_refused_is_scored_once_when_sent_after_a_resume(
    services: Services,
) -> None:
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        session, token, question, answer = answer_refused(
            ws, services, "quiz.result", lambda: database_busy("a lock is held elsewhere"),
            "database_busy",
        )  # fmt: skip
    with client.websocket_connect("/ws") as ws:
        resumed(ws, token)
        asked = ws.receive_json()  # the question the session stands at, asked again
        assert (asked["type"], asked["id"]) == ("quiz.question", question["id"])
        ws.send_json({**answer, "seq": "c1"})
        result = ws.receive_json()
        assert (result["type"], result["id"], result["answered"]) == (
            "quiz.result", question["id"], 1,
        )  # fmt: skip
        assert ws.receive_json()["number"] == 2
    learner = services.store.session(session).learner
    assert [a.item for a in services.store.answers(learner)] == [result["item"]]
    kinds = [kind for kind, _ in events(services, session)]
    assert kinds == ["quiz.start", "quiz.question", "quiz.answer", "quiz.result", "quiz.question"]


def test_an_answer_whose_card_was_refused_is_scored_when_sent_after_a_resume(
    services: Services,
) -> None:
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        session, token = joined(ws)
        _, answer = quiz_answer(ws, 1, -1)
        refuse_once(services, "answer", lambda: not_stored(OSError("disk I/O error")))
        refused(ws, answer, "not_stored")
    with client.websocket_connect("/ws") as ws:
        resumed(ws, token)
        ws.receive_json()  # the question again
        ws.send_json({**answer, "seq": "c1"})
        assert ws.receive_json()["type"] == "quiz.result"
        assert ws.receive_json()["type"] == "quiz.summary"
    learner = services.store.session(session).learner
    assert len(services.store.answers(learner)) == 1
    kinds = [kind for kind, _ in events(services, session)]
    assert kinds == ["quiz.start", "quiz.question", "quiz.answer", "quiz.result", "quiz.summary"]


def test_another_line_after_a_resume_is_stored_as_its_own(services: Services) -> None:
    """A guard: what a refused line left is met only by the same line; the student's next,
    other line is stored (and the same words said again once answered are a line again)."""
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        session, token = joined(ws)
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        refuse_once(services, "reply", lambda: database_busy("another program holds it"))
        refused(ws, {"type": "say", "text": NEAR, "id": "l1", "seq": "c2"}, "database_busy")
    with client.websocket_connect("/ws") as ws:
        resumed(ws, token)
        for n, id_ in enumerate(("l2", "l3")):
            ws.send_json({"type": "say", "text": NEAR, "id": id_, "seq": f"c{n}"})
            assert ws.receive_json()["status"] == "no_match"
    lines = [data["id"] for kind, data in events(services, session) if kind == "line"]
    assert lines == ["l1", "l2", "l3"]


def test_a_play_through_whose_end_was_refused_ends_when_its_last_line_is_sent_after_a_resume(
    services: Services, fixture_corpus: Any
) -> None:
    """The last line of a conversation played through stores its line, its reply, then the
    end. The end refused and the connection lost, the resumed session's stored reply answered
    the line sent again, without the end: the page went on as if the conversation had not
    ended, and its next line was refused ``no_roleplay``. The end is now stored and sent."""
    document = "frus1969-76v32/d143"
    mine = [t for t in fixture_corpus.document(document).turns if t.speaker == "kissinger"]
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        session, token = joined(ws)
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": document})
        ws.receive_json()
        closeness = []
        for n, turn in enumerate(mine[:-1]):
            ws.send_json({"type": "say", "text": turn.spoken_text, "id": f"l{n}", "seq": "c"})
            closeness.append(ws.receive_json()["script"]["closeness"])
        refuse_once(services, "roleplay.end", lambda: not_stored(OSError("disk I/O error")))
        last = {"type": "say", "text": "Goodbye then.", "id": "last", "seq": "c9"}
        refused(ws, last, "not_stored")
    with client.websocket_connect("/ws") as ws:
        resumed(ws, token)
        answer = before_pong(ws, last)
        assert [m["type"] for m in answer] == ["reply", "roleplay.end"]  # the old: ["reply"]
        reply, end = answer
        assert (reply["seq"], reply["script"]["next_position"]) == ("c9", None)
        assert (end["document"], end["lines"]) == (document, 8)
        scores = [*closeness, reply["script"]["closeness"]]
        assert end["closeness"] == {
            "mean": round(sum(scores) / len(scores), 4),
            "best": max(scores),
            "worst": min(scores),
        }
        assert end["citation"]["document"] == document
    with client.websocket_connect("/ws") as ws:  # the answer lost on the way: sent once more
        resumed(ws, token)
        again = before_pong(ws, {**last, "seq": "c11"})
        assert [(m["type"], m["seq"]) for m in again] == [("reply", "c11"), ("roleplay.end", "c11")]
        assert again[1]["closeness"] == end["closeness"]
    kept = events(services, session)
    assert [kind for kind, _ in kept] == ["roleplay.start", *["line", "reply"] * 8, "roleplay.end"]
    assert kept[-1][1] == {k: v for k, v in end.items() if k not in ("type", "seq")}


def test_a_quiz_whose_summary_was_refused_ends_when_its_last_answer_is_sent_after_a_resume(
    services: Services,
) -> None:
    """A quiz's last answer stores its answer, card and result, then the summary. The summary
    refused and the connection lost, the resumed session had no score screen to show, and the
    answer sent again was refused ``no_quiz``. The summary is now made again from the stored
    questions and answers: the welcome carries it, and the answer sent again gets its result
    and the summary, scored once."""
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        session, token = joined(ws)
        first, answer = quiz_answer(ws, 2, 0)
        ws.send_json(answer)
        told = ws.receive_json()
        assert told["type"] == "quiz.result"
        second = ws.receive_json()
        last = {"type": "quiz.answer", "id": second["id"], "answer": "kissinger", "seq": "c4"}
        refuse_once(services, "quiz.summary", lambda: not_stored(OSError("disk I/O error")))
        refused(ws, last, "not_stored")
    with client.websocket_connect("/ws") as ws:
        welcome = resumed(ws, token)
        shown = welcome["state"]["summary"]  # the score screen (the old: None)
        assert shown is not None
        assert [q["given"]["id"] for q in shown["questions"]] == [answer["answer"], "kissinger"]
        assert [q["item"] for q in shown["questions"]] == [first["item"], second["item"]]
        right = [q["correct"] for q in shown["questions"]]
        assert (shown["score"], shown["total"]) == (sum(right), 2)
        again = before_pong(ws, last)  # the old: [no_quiz error]
        assert [(m["type"], m["seq"]) for m in again] == [
            ("quiz.result", "c4"),
            ("quiz.summary", "c4"),
        ]
        assert again[0]["answered"] == 2
        assert right == [told["correct"], again[0]["correct"]]
        assert {k: v for k, v in again[1].items() if k != "seq"} == {
            **shown,
            "type": "quiz.summary",
        }
    learner = services.store.session(session).learner
    assert len(services.store.answers(learner)) == 2
    kinds = [kind for kind, _ in events(services, session)]
    assert kinds == [
        "quiz.start", *["quiz.question", "quiz.answer", "quiz.result"] * 2, "quiz.summary",
    ]  # fmt: skip
