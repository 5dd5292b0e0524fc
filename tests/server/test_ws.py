"""The WebSocket endpoint on a real uvicorn, driven by a ``websockets`` client."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from server.limits import RATE_PER_SECOND
from server.services import Services
from tests.server.conftest import SEED, LiveServer, ManualClock, Student


def hello(student: Student, name: str = "Ada", code: str | None = "HIST210") -> dict[str, Any]:
    welcome = student.ask({"type": "hello", "student": name, "class": code, "seq": 1})
    assert welcome["type"] == "welcome", welcome
    return welcome


def test_hello_returns_session_and_resume_token(student: Student) -> None:
    welcome = hello(student)
    assert welcome["protocol"] == 1
    assert welcome["seq"] == 1
    assert welcome["resumed"] is False
    assert (welcome["student"], welcome["class"]) == ("Ada", "HIST210")
    assert welcome["resume"].startswith("bcr_") and len(welcome["resume"]) > 40
    assert welcome["state"] == {"activity": None}


def test_say_returns_dobrynin_recorded_reply_with_citation(
    student: Student, fixture_corpus
) -> None:
    seed = fixture_corpus.document(SEED)
    hello(student)
    ready = student.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
    assert (ready["type"], ready["partner"], ready["document"]) == (
        "roleplay.ready",
        "dobrynin",
        None,
    )
    line = (
        "Anatol, two things about our talks this morning. First, on the MBFR conference, we "
        "might accept an exploratory meeting of ambassadors in Geneva."
    )
    reply = student.ask({"type": "say", "text": line, "seq": "s1"})
    assert (reply["type"], reply["seq"], reply["status"], reply["query"]) == (
        "reply",
        "s1",
        "match",
        line,
    )
    best = reply["matches"][0]
    assert best["prompt"] == {
        "speaker": "kissinger",
        "text": seed.turns[0].clean_text,
        "document": SEED,
        "turn": 0,
        "editorial": [],  # no editors' mark inside his line
    }
    assert best["reply"]["speaker"] == "dobrynin"
    assert best["reply"]["text"] == (
        "What about the conference—this was a multilateral [omission in original transcript] "
        "conference."
    )
    assert best["reply"]["turns"][0]["editorial"] == [
        {"start": 50, "end": 83, "kind": "bracket", "text": "[omission in original transcript]"}
    ]
    citation = best["citation"]
    assert (citation["document"], citation["number"], citation["pages"]) == (SEED, 107, [327])
    assert citation["url"] == "https://history.state.gov/historicaldocuments/frus1969-76v39/d107"
    assert citation["volume_title"] == seed.volume_title
    assert reply["script"] is None


CLOSING_NOTE = (
    "[Omitted here is discussion of matters other than a European security conference or MBFR.]"
)


def test_the_call_s_last_reply_comes_with_the_editors_note_after_it(student: Student) -> None:
    """v39 d107's last Dobrynin line is printed with the editors' note after it: the reply
    ends with the note, marked as the editors' (editorial_after), never as his words."""
    hello(student)
    student.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
    reply = student.ask({"type": "say", "text": "Well, try us. We may fool you.", "seq": "s1"})
    assert (reply["type"], reply["status"]) == ("reply", "match")
    best = reply["matches"][0]
    assert (best["prompt"]["document"], best["prompt"]["turn"]) == (SEED, 54)
    words = "I don’t want to interfere in your domestic affairs."
    assert best["reply"]["text"] == f"{words}\n\n{CLOSING_NOTE}"
    (turn,) = best["reply"]["turns"]
    assert (turn["index"], turn["speaker"], turn["clean_text"], turn["text"]) == (
        55,
        "dobrynin",
        words,
        words,
    )
    assert (turn["editorial"], turn["editorial_before"], turn["editorial_after"]) == (
        [],
        [],
        [CLOSING_NOTE],
    )
    assert (best["citation"]["document"], best["citation"]["pages"]) == (SEED, [329])


def test_play_through_seed_follows_record_to_the_end(
    live: LiveServer, manual_clock: ManualClock, fixture_corpus
) -> None:
    turns = fixture_corpus.document(SEED).turns
    student = Student(live.url)
    hello(student)
    ready = student.ask({"type": "roleplay.start", "as": "kissinger", "document": SEED})
    assert (ready["position"], ready["cue"], ready["document"]["turns"]) == (0, [], 56)
    mine = [t for t in turns if t.speaker == "kissinger"]
    for number, turn in enumerate(mine):
        manual_clock.advance(1 / RATE_PER_SECOND)  # a student's pace: 28 lines stay in limits
        reply = student.ask({"type": "say", "text": turn.spoken_text})
        script = reply["script"]
        assert script["position"] == turn.index
        assert script["said"]["clean_text"] == turn.clean_text
        assert script["closeness"] > 0.99
        following = turns[
            turn.index + 1 : mine[number + 1].index if number + 1 < len(mine) else None
        ]
        assert [t["clean_text"] for t in script["recorded_reply"]] == [
            t.clean_text for t in following
        ]
        expected_next = mine[number + 1].index if number + 1 < len(mine) else None
        assert script["next_position"] == expected_next
        # only the call's last reply ends with a note: the editors' after Dobrynin's last line
        last = expected_next is None
        assert [t["editorial_after"] for t in script["recorded_reply"]] == (
            [[CLOSING_NOTE]] if last else [[] for _ in following]
        )
    end = student.receive()
    assert end["type"] == "roleplay.end"
    assert (end["document"], end["lines"]) == (SEED, len(mine))
    assert end["closeness"]["worst"] > 0.99
    assert end["citation"]["pages"] == [327, 328, 329]
    after = student.ask({"type": "say", "text": "Anything else?"})
    assert after["code"] == "no_roleplay"
    student.close()


def _speaker_of(fixture_corpus, prompt: dict[str, Any]) -> str:
    return fixture_corpus.document(prompt["document"]).turns[prompt["turn"]].speaker


def test_quiz_who_said_scores_right_and_wrong_answers(student: Student, fixture_corpus) -> None:
    hello(student)
    question = student.ask(
        {"type": "quiz.start", "mode": "who_said", "count": 4, "document": SEED, "seed": 3}
    )
    plan = [True, True, False, True]
    seen = set()
    for number, right in enumerate(plan, start=1):
        assert (question["type"], question["number"], question["total"]) == (
            "quiz.question",
            number,
            4,
        )
        assert {c["id"] for c in question["choices"]} == {"kissinger", "dobrynin"}
        assert question["prompt"]["turn"] not in seen
        seen.add(question["prompt"]["turn"])
        truth = _speaker_of(fixture_corpus, question["prompt"])
        given = truth if right else ({"kissinger", "dobrynin"} - {truth}).pop()
        result = student.ask({"type": "quiz.answer", "id": question["id"], "answer": given})
        assert (result["type"], result["correct"], result["answer"]) == (
            "quiz.result",
            right,
            truth,
        )
        assert result["citation"]["document"] == SEED
        assert result["item"] == question["item"] == f"{SEED}#{question['prompt']['turn']}"
        question = student.receive()
    summary = question
    assert (summary["type"], summary["mode"], summary["score"], summary["total"]) == (
        "quiz.summary",
        "who_said",
        3,
        4,
    )
    # The review screen's list: each question, both answers, the source; the miss is due now.
    assert [q["correct"] for q in summary["questions"]] == plan
    names = {"kissinger": "Henry Kissinger", "dobrynin": "Anatoly Dobrynin"}
    for reviewed in summary["questions"]:
        truth = _speaker_of(fixture_corpus, reviewed["prompt"])
        answer = {"id": truth, "text": names[truth], "speaker": None, "editorial": []}
        assert reviewed["answer"] == answer  # a name, not a recorded line: no speaker
        assert reviewed["correct"] == (reviewed["given"]["id"] == truth)
        assert reviewed["citation"]["url"].endswith("/frus1969-76v39/d107")
    assert summary["due"] == 1


def test_quiz_what_next_offers_three_plausible_wrong_replies(
    student: Student, fixture_corpus
) -> None:
    hello(student)
    question = student.ask({"type": "quiz.start", "mode": "what_next", "count": 3, "seed": 11})
    for _ in range(3):
        prompt = question["prompt"]
        doc = fixture_corpus.document(prompt["document"])
        right = doc.turns[prompt["turn"] + 1].clean_text
        texts = [c["text"] for c in question["choices"]]
        assert len(set(texts)) == 4 and texts.count(right) == 1
        conversation = {doc.id, *doc.same_as}
        own_words = {t.clean_text for d in conversation for t in fixture_corpus.document(d).turns}
        wrong = [t for t in texts if t != right]
        assert not own_words & set(wrong)
        assert {c["speaker"] for c in question["choices"]} == {
            doc.turns[prompt["turn"] + 1].speaker
        }
        answer = next(c["id"] for c in question["choices"] if c["text"] == right)
        result = student.ask({"type": "quiz.answer", "id": question["id"], "answer": answer})
        assert result["correct"] is True
        assert right in result["explanation"]
        question = student.receive()
    assert (question["type"], question["score"], question["total"]) == ("quiz.summary", 3, 3)


def test_resume_after_disconnect_continues_quiz(live: LiveServer, fixture_corpus) -> None:
    first = Student(live.url)
    welcome = hello(first, name="Bo")
    question = first.ask(
        {"type": "quiz.start", "mode": "who_said", "count": 3, "document": SEED, "seed": 5}
    )
    truth = _speaker_of(fixture_corpus, question["prompt"])
    answered = first.ask({"type": "quiz.answer", "id": "q1", "answer": truth})
    assert answered["correct"] is True
    pending = first.receive()
    first.close()

    again = Student(live.url)
    resumed = again.ask({"type": "hello", "resume": welcome["resume"]})
    assert (resumed["session"], resumed["resumed"], resumed["student"]) == (
        welcome["session"],
        True,
        "Bo",
    )
    assert resumed["state"]["activity"] == {
        "kind": "quiz",
        "quiz": question["quiz"],
        "mode": "who_said",
        "answered": 1,
        "total": 3,
        "score": 1,
    }
    # the feedback the page showed when it left: the question answered and its result
    assert resumed["state"]["feedback"] == {
        "question": _unsent(question),
        "result": _unsent(answered),
    }
    assert again.receive() == pending  # the question waiting for an answer, asked again
    result = again.ask({"type": "quiz.answer", "id": "q2", "answer": "kissinger"})
    assert (result["answered"], result["id"]) == (2, "q2")
    again.close()
    store = live.services.store
    # the disconnect is written after the close handshake, in a worker thread
    assert _wait_for(lambda: store.events(welcome["session"])[-1].kind == "disconnect")
    kinds = [e.kind for e in store.events(welcome["session"])]
    assert kinds == [
        "connect",
        "quiz.start",
        "quiz.question",
        "quiz.answer",
        "quiz.result",
        "quiz.question",
        "disconnect",
        "connect",
        "quiz.answer",
        "quiz.result",
        "quiz.question",
        "disconnect",
    ]


def _unsent(message: dict[str, Any]) -> dict[str, Any]:
    """A message as ``welcome.state`` carries it again: without the ``seq`` it answered."""
    return {key: value for key, value in message.items() if key != "seq"}


def test_resume_after_a_finished_quiz_carries_its_summary(live: LiveServer, fixture_corpus) -> None:
    """A page reloaded on the score screen lost each question's review: the resumed welcome
    said only that no activity was in progress. It now carries the quiz's summary as it was
    sent (its due counts as of now) until a role-play or quiz is started after it."""
    first = Student(live.url)
    welcome = hello(first, name="Cy")
    question = first.ask(
        {"type": "quiz.start", "mode": "who_said", "count": 2, "document": SEED, "seed": 5}
    )
    truth = _speaker_of(fixture_corpus, question["prompt"])
    first.ask({"type": "quiz.answer", "id": "q1", "answer": truth})
    second = first.receive()
    wrong = _speaker_of(fixture_corpus, second["prompt"])
    wrong = next(c["id"] for c in second["choices"] if c["id"] != wrong)
    missed = first.ask({"type": "quiz.answer", "id": "q2", "answer": wrong})
    summary = first.receive()
    assert (summary["type"], summary["score"], summary["total"]) == ("quiz.summary", 1, 2)
    first.close()

    again = Student(live.url)
    resumed = again.ask({"type": "hello", "resume": welcome["resume"]})
    feedback = {"question": _unsent(second), "result": _unsent(missed)}
    assert resumed["state"] == {"activity": None, "summary": summary, "feedback": feedback}
    assert [q["correct"] for q in resumed["state"]["summary"]["questions"]] == [True, False]
    again.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
    again.close()

    third = Student(live.url)
    resumed = third.ask({"type": "hello", "resume": welcome["resume"]})
    assert resumed["state"] == {
        "activity": {
            "kind": "roleplay",
            "as": "kissinger",
            "document": None,
            "position": None,
            "lines": 0,
            "scenario": None,
        }
    }
    third.close()


MALFORMED = [
    ("{not json", "bad_json", None),
    ("[1, 2]", "not_an_object", None),
    ('{"text": "hi"}', "missing_type", "type"),
    ('{"type": "shout", "text": "hi"}', "unknown_type", "type"),
    ('{"type": "say"}', "invalid_field", "text"),
    ('{"type": "say", "text": 42}', "invalid_field", "text"),
    ('{"type": "say", "text": "   "}', "invalid_field", "text"),
    ('{"type": "say", "text": "hi", "speed": 3}', "invalid_field", "speed"),
    ('{"type": "roleplay.start", "as": "nixon"}', "invalid_field", "as"),
    (
        '{"type": "roleplay.start", "as": "kissinger", "document": "frus1969-76v39/d999"}',
        "unknown_document",
        "document",
    ),
    (json.dumps({"type": "say", "text": "x" * 2001}), "line_too_long", "text"),
    (json.dumps({"type": "say", "text": "x" * 17000}), "frame_too_large", None),
    ('{"type": "quiz.answer", "id": "q1", "answer": "a"}', "no_quiz", None),
    ('{"type": "hello", "student": "Eve"}', "already_greeted", None),
]


def test_malformed_frames_get_errors_and_session_continues(
    live: LiveServer, student: Student
) -> None:
    welcome = hello(student)
    student.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
    for frame, code, field in MALFORMED:
        error = student.ask(frame)
        assert (error["type"], error["code"], error.get("field")) == ("error", code, field), frame
        assert error["message"].endswith(".")
    student.ws.send(b"\x00\x01")
    assert student.receive()["code"] == "bad_json"
    reply = student.ask(
        {"type": "say", "text": "Well, frankly, we are in no hurry about the conference."}
    )
    assert reply["type"] == "reply" and reply["matches"]
    events = live.services.store.events(welcome["session"])
    assert [e.kind for e in events] == ["connect", "roleplay.start", "line", "reply"]


def test_error_messages_name_the_fix(student: Student) -> None:
    error = student.ask({"type": "say", "text": "hi", "seq": 7})
    assert error == {
        "type": "error",
        "seq": 7,
        "code": "hello_required",
        "message": "Send hello first (a 'say' message cannot come before the session starts): "
        '{"type": "hello", "student": NAME, "class": CODE}.',
    }
    error = student.ask({"type": "hello", "student": "Ada", "class": "HIST999"})
    assert error["message"] == (
        "No class 'HIST999' is registered; check the code your instructor gave you, or leave "
        "the class empty to practise alone."
    )
    error = student.ask({"type": "hello", "resume": "bcr_not-a-token"})
    assert error["code"] == "unknown_session"
    error = student.ask(json.dumps({"type": "say", "text": "y" * 2417}))
    assert error["message"] == (
        "The line is 2,417 characters long; the limit is 2,000. Shorten it and send it again."
    )


def test_rate_limit_drops_flood_and_recovers(live: LiveServer, manual_clock: ManualClock) -> None:
    student = Student(live.url)
    hello(student)
    for n in range(30):
        student.send({"type": "ping", "seq": n})
    answers = [student.receive() for _ in range(30)]
    limited = [a for a in answers if a["type"] == "error"]
    assert limited and all(a["code"] == "rate_limited" for a in limited)
    assert limited[0]["retry_after"] > 0
    assert [a["type"] for a in answers[:19]] == ["pong"] * 19  # the burst, less the hello
    assert len(limited) == 11  # the clock stood still: no token came back during the flood
    manual_clock.advance(0.1)  # one token, at 10 a second
    assert student.ask({"type": "ping", "seq": "later"}) == {"type": "pong", "seq": "later"}
    assert student.ask({"type": "ping"})["code"] == "rate_limited"
    student.close()


def test_every_bad_frame_is_answered_with_its_seq_and_the_connection_lives(
    student: Student,
) -> None:
    hello(student)
    frames = [
        ('{"type": "ping", "seq": "\\ud800"}', None, "invalid_field"),
        ('{"type": "ping", "seq": ' + "7" * 5000 + "}", None, "bad_json"),
        ('{"type": "say", "text": "\\udfff", "seq": "s"}', "s", "invalid_field"),
        ('{"type": "ping", "seq": "007"}', "007", None),
        ('{"type": "ping", "seq": true}', None, "invalid_field"),
    ]
    for frame, seq, code in frames:
        answer = student.ask(frame)
        assert (answer.get("seq"), answer.get("code")) == (seq, code), frame
    for n in range(30):  # a flood: the refused ones still say which message they refuse
        student.send({"type": "ping", "seq": n})
    answers = [student.receive() for _ in range(30)]
    limited = [a for a in answers if a["type"] == "error"]
    assert limited and all(a["code"] == "rate_limited" for a in limited)
    assert sorted(a["seq"] for a in answers) == list(range(30))


def test_origin_not_allowed_is_refused(live: LiveServer) -> None:
    with pytest.raises(InvalidStatus) as refused:
        Student(live.url, Origin="http://evil.example")
    assert refused.value.response.status_code == 403
    same = Student(live.url, Origin=f"http://127.0.0.1:{live.port}")
    assert same.ask({"type": "ping"}) == {"type": "pong"}
    same.close()


def upgrade_status(port: int, host: str, origin: str) -> int:
    """The HTTP status of a WebSocket upgrade sent with these Host and Origin headers."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            (
                f"GET /ws HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        return int(sock.recv(1024).split()[1])


def test_dns_rebinding_host_is_refused_at_the_upgrade(live: LiveServer) -> None:
    port = live.port
    assert upgrade_status(port, f"evil.example:{port}", f"http://evil.example:{port}") == 403
    assert upgrade_status(port, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}") == 101
    assert upgrade_status(port, f"localhost:{port}", f"http://localhost:{port}") == 101


def _wait_for(condition: Any, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_resuming_on_a_new_connection_takes_the_session_over(live: LiveServer) -> None:
    store = live.services.store
    first = Student(live.url)
    welcome = hello(first, name="Cy")
    second = Student(live.url)  # a second tab, or the page reconnecting before the drop is seen
    assert second.ask({"type": "hello", "resume": welcome["resume"]})["resumed"] is True
    moved = first.receive()
    assert (moved["type"], moved["code"]) == ("error", "session_moved")
    assert "another connection" in moved["message"] and "nothing was lost" in moved["message"]
    with pytest.raises(ConnectionClosed) as closed:
        first.receive()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4000
    # the session goes on on the new connection, and is not ended by the old one closing
    assert second.ask({"type": "ping", "seq": 5}) == {"type": "pong", "seq": 5}
    assert store.session(welcome["session"]).ended is None
    second.close()
    assert _wait_for(lambda: store.session(welcome["session"]).ended is not None)
    first.close()


def test_a_reply_computed_after_a_takeover_is_not_saved_over_the_new_connection(
    tmp_path, roleplay
) -> None:
    """The old connection is still computing a reply when the session is resumed elsewhere and
    a quiz starts there: the late reply is dropped, and the old connection writes nothing."""
    from tests.server.conftest import make_services

    services = make_services(tmp_path, roleplay)
    computing, release = _hold_replies(services)
    server = LiveServer(services)
    try:
        old = Student(server.url)
        welcome = hello(old, name="Race")
        old.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
        old.send({"type": "say", "text": "Anatol, about the conference in Geneva."})
        _until_computing(services, welcome["session"], computing)
        new = Student(server.url)
        assert new.ask({"type": "hello", "resume": welcome["resume"]})["resumed"] is True
        question = new.ask({"type": "quiz.start", "mode": "who_said", "count": 2, "seed": 3})
        assert question["type"] == "quiz.question"
        release.set()  # the old connection's reply is ready now, too late
        assert _wait_for(lambda: "session_moved" in str(_drain(old)))
        assert new.ask({"type": "ping", "seq": 1}) == {"type": "pong", "seq": 1}
        session = services.store.session(welcome["session"])
        assert session.state["activity"]["kind"] == "quiz"
        kinds = [e.kind for e in services.store.events(welcome["session"])]
        assert kinds == [
            "connect",
            "roleplay.start",
            "line",
            "connect",
            "quiz.start",
            "quiz.question",
        ]
        new.close()
        old.close()
    finally:
        server.stop()
        services.store.close()


def test_a_takeover_in_another_process_fences_the_old_connection_in_the_store(
    tmp_path, roleplay
) -> None:
    """Two server processes on one database, and no bus to tell the first of the takeover in
    time: the store itself refuses the old connection's late reply, which is told
    ``session_moved`` and closed; the session holds only the new connection's events."""
    from server.settings import Settings
    from server.store_sqlite import SQLiteStore
    from tests.server.conftest import make_services

    first = make_services(tmp_path, roleplay)
    second = Services.from_roleplay(
        Settings(data=tmp_path), SQLiteStore(tmp_path / "backchannel.sqlite3"), roleplay
    )
    computing, release = _hold_replies(first)
    servers = [LiveServer(first), LiveServer(second)]
    try:
        old = Student(servers[0].url)
        welcome = hello(old, name="Race")
        old.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
        old.send({"type": "say", "text": "Anatol, about the conference in Geneva."})
        _until_computing(first, welcome["session"], computing)
        new = Student(servers[1].url)
        assert new.ask({"type": "hello", "resume": welcome["resume"]})["resumed"] is True
        question = new.ask({"type": "quiz.start", "mode": "who_said", "count": 2, "seed": 3})
        assert question["type"] == "quiz.question"
        release.set()  # the old connection's reply is ready now; its process was never told
        assert [m.get("code") for m in _drain(old)] == ["session_moved"]
        assert new.ask({"type": "ping", "seq": 1}) == {"type": "pong", "seq": 1}
        session = second.store.session(welcome["session"])
        assert session.state["activity"]["kind"] == "quiz" and session.ended is None
        kinds = [e.kind for e in second.store.events(welcome["session"])]
        assert kinds == [
            "connect",
            "roleplay.start",
            "line",
            "connect",
            "quiz.start",
            "quiz.question",
        ]
        new.close()
    finally:
        for server in servers:
            server.stop()
        first.store.close()
        second.store.close()


def _hold_replies(services: Services) -> tuple[threading.Event, threading.Event]:
    """Hold every reply until ``release`` is set; ``computing`` is set once one is held."""
    engine, computing, release = services.roleplay, threading.Event(), threading.Event()
    real_say = engine.say

    def slow_say(*args: Any, **kwargs: Any) -> Any:
        computing.set()
        release.wait(timeout=30)
        return real_say(*args, **kwargs)

    engine.say = slow_say  # type: ignore[method-assign]
    return computing, release


def _until_computing(services: Services, session: str, computing: threading.Event) -> None:
    """Wait until the old connection is computing its reply and has kept the student's line
    (both are under way at once): only then is the takeover one that outruns the reply. A
    takeover that came first would rightly refuse the line, and the test would test nothing."""

    def kinds() -> list[str]:
        return [e.kind for e in services.store.events(session)]

    assert computing.wait(timeout=30)
    assert _wait_for(lambda: kinds()[-1] == "line", timeout=30), kinds()


def _drain(student: Student) -> list[dict[str, Any]]:
    """What the server sent until it closed the connection."""
    out = []
    try:
        while True:
            out.append(student.receive())
    except ConnectionClosed:
        return out
