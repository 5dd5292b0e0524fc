"""Instructor review against a real server (uvicorn, real model, real sockets): the CSV of
exchanges, corrections that change what a class's next student gets, the live class feed and
what the class struggled with."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from server import correction_file
from server import corrections as fixes
from server.cli import main
from server.live import TICKET_SECONDS, check_ticket, issue_ticket
from server.services import Services
from server.store import Store, hash_token
from server.store_sqlite import SQLiteStore
from tests.server.conftest import OTHER_TOKEN, SEED, TEACHER_TOKEN, LiveServer, Student

TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
OTHER = {"Authorization": f"Bearer {OTHER_TOKEN}"}
# Close to Kissinger's first line in the seed (d107 turn 0), and a rewording of it.
LINE = "Anatol, about our talks this morning: we could hold an exploratory meeting in Geneva."
PARAPHRASE = (
    "Anatoly, regarding this morning's talks, an exploratory meeting in Geneva is possible."
)
# Refused, with the seed's turn 0 offered ("what about the grain deal …?" is offered nothing
# since a question is not answered by that turn's "What about the conference …" back).
UNRELATED = "Anatol, the grain deal we discussed this morning."
OFF_TOPIC = "whats for lunch today"
NEAR = "when are you back from moscow?"  # refused, with the lines near it offered to pick


def http(live: LiveServer) -> httpx.Client:
    return httpx.Client(base_url=f"http://127.0.0.1:{live.port}", timeout=30)


def play(
    live: LiveServer,
    student: str,
    code: str,
    *lines: str,
    as_: str = "kissinger",
    learner: str | None = None,
) -> list[dict[str, Any]]:
    """A student's free play (as Kissinger unless ``as_``; as the learner ``learner`` names):
    the reply to each line."""
    client = Student(live.url)
    try:
        hello = {"type": "hello", "student": student, "class": code}
        welcome = client.ask({**hello, "learner": learner} if learner else hello)
        assert welcome["type"] == "welcome", welcome
        assert client.ask({"type": "roleplay.start", "as": as_})["type"] == "roleplay.ready"
        return [client.ask({"type": "say", "text": line}) for line in lines]
    finally:
        client.close()


def other_turn(index: Any) -> tuple[str, int]:
    """A Kissinger turn Dobrynin answered, in another conversation than the seed."""
    for record in index.records:
        if record.document != SEED and record.speaker == "kissinger":
            try:
                fixes.target(index, record.document, record.index)
            except Exception:
                continue
            return record.document, record.index
    raise AssertionError("the fixture corpus has no other Kissinger turn answered by Dobrynin")


def answered_by(reply: dict[str, Any]) -> tuple[str, int, str | None]:
    first = reply["matches"][0]
    return first["prompt"]["document"], first["prompt"]["turn"], first.get("chosen_by")


@pytest.fixture(scope="module")
def api(live: LiveServer) -> Iterator[httpx.Client]:
    with http(live) as client:
        yield client


def test_csv_has_one_row_per_exchange_and_a_refusal_presents_no_reply(
    live: LiveServer, api: httpx.Client
) -> None:
    replies = play(live, "Csv Ada", "HIST210", LINE, OFF_TOPIC, "=1+1")
    assert [r["status"] for r in replies[:2]] == ["match", "no_match"]
    response = api.get("/api/classes/HIST210/export.csv", headers=TEACHER)
    assert response.status_code == 200
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert reader.fieldnames[:27] == [
        "session",
        "student",
        "at",
        "at_utc",
        "activity",
        "line",
        "status",
        "matched_line",
        "reply",
        "score",
        "closeness_word",
        "document",
        "turn",
        "doc_line",
        "pages",
        "date",
        "source",
        "url",
        "citation",
        "question_before_speaker",
        "question_before",
        "question_speaker",
        "question",
        "answer",
        "right_answer",
        "right_answer_speaker",
        "correct",
    ]
    rows = [r for r in reader if r["student"] == "Csv Ada"]
    assert [r["line"] for r in rows] == [LINE, OFF_TOPIC, "'=1+1"]
    matched, refused = rows[0], rows[1]
    best = replies[0]["matches"][0]
    assert (matched["status"], matched["matched_line"], matched["reply"]) == (
        "match",
        best["prompt"]["text"],
        best["reply"]["text"],
    )
    assert (matched["document"], matched["turn"]) == (SEED, str(best["prompt"]["turn"]))
    assert matched["doc_line"] == str(best["prompt"]["turn"] + 1)  # the pages' "line N"
    # where it is printed, as the pages cite it (SEED is vol. XXXIX, doc. 107)
    assert matched["citation"].startswith("vol. XXXIX, doc. 107, p")
    assert matched["citation"].endswith(f", line {best['prompt']['turn'] + 1}")
    cited = best["citation"]  # as the student read it under the reply
    assert (matched["date"], matched["source"]) == (cited["date"] or "", cited["source"] or "")
    # when, with its zone, as the JSON export says it
    exported = api.get("/api/classes/HIST210/export.json", headers=TEACHER).json()
    [session] = [s for s in exported["sessions"] if s["student"] == "Csv Ada"]
    assert [r["at"] for r in rows] == [x["at"] for x in session["exchanges"]]
    assert datetime.fromisoformat(matched["at"]).utcoffset() == timedelta(0)
    assert refused["status"] == "no_match"
    assert (refused["reply"], refused["matched_line"], refused["document"]) == ("", "", "")
    offered = [m["prompt"]["text"] for m in replies[1].get("suggestions") or replies[1]["matches"]]
    assert refused["suggestions"] == " | ".join(offered)


def test_correction_answers_the_line_and_a_paraphrase_in_that_class_only(
    live: LiveServer, api: httpx.Client
) -> None:
    index = live.services.index
    document, turn = other_turn(index)
    before = play(live, "Before", "HIST210", LINE)[0]
    assert answered_by(before)[:2] == (SEED, 0)

    made = api.post(
        "/api/classes/HIST210/corrections",
        json={"line": LINE, "document": document, "turn": turn},
        headers=TEACHER,
    )
    assert made.status_code == 201, made.text
    correction = made.json()
    assert (correction["document"], correction["turn"], correction["speaker"]) == (
        document,
        turn,
        "kissinger",
    )
    try:
        same, reworded, unrelated = play(live, "After", "HIST210", LINE, PARAPHRASE, UNRELATED)
        for reply in (same, reworded):
            assert reply["status"] == "match"
            assert answered_by(reply) == (document, turn, "instructor")
            record = index.reply(index.row(document, turn))
            assert reply["matches"][0]["reply"]["turns"][0]["clean_text"] == record[0].clean_text
            assert reply["matches"][0]["citation"]["document"] == document
        # the fixture corpus holds no grain talks: the line is refused, and nothing offered
        # with the refusal is the instructor's choice
        assert unrelated["status"] == "no_match" and unrelated["suggestions"]
        assert all(m.get("chosen_by") != "instructor" for m in unrelated["suggestions"])
        # another class is not taught by this one's instructor
        assert answered_by(play(live, "Elsewhere", "IR101", LINE)[0])[:2] == (SEED, 0)
        # nor a student of the class playing the other side
        reverse = play(live, "Reverse", "HIST210", LINE, as_="dobrynin")[0]
        assert all(m.get("chosen_by") != "instructor" for m in reverse["matches"])
        # the transcript shows who chose the answer
        listed = api.get("/api/classes/HIST210/corrections", headers=TEACHER).json()
        assert [c["id"] for c in listed] == [correction["id"]]
        # and the list says what the class gets: the reply a student's line now gets
        assert listed[0]["match"] == {**same["matches"][0], "score": 1.0}
        assert correction["match"] == listed[0]["match"]
    finally:
        undone = api.delete(f"/api/classes/HIST210/corrections/{correction['id']}", headers=TEACHER)
    assert undone.status_code == 204
    assert answered_by(play(live, "Undone", "HIST210", LINE)[0]) == (SEED, 0, None)
    again = api.delete(f"/api/classes/HIST210/corrections/{correction['id']}", headers=TEACHER)
    assert again.status_code == 404


def test_correction_refuses_what_cannot_answer_and_other_classes(
    live: LiveServer, api: httpx.Client
) -> None:
    post = "/api/classes/HIST210/corrections"
    missing = api.post(
        post, json={"line": LINE, "document": "frus1969-76v39/d999", "turn": 0}, headers=TEACHER
    )
    assert missing.status_code == 422 and "No document" in missing.json()["detail"]
    last = live.services.index.documents[SEED].turns - 1
    past = api.post(post, json={"line": LINE, "document": SEED, "turn": last + 5}, headers=TEACHER)
    assert past.status_code == 422 and f"0 to {last}" in past.json()["detail"]
    foreign = api.post(
        "/api/classes/IR101/corrections",
        json={"line": LINE, "document": SEED, "turn": 0},
        headers=TEACHER,
    )
    assert foreign.status_code == 403
    assert api.post(post, json={"line": LINE, "document": SEED, "turn": 0}).status_code == 401


def test_corrections_export_import_and_eval(
    live: LiveServer,
    api: httpx.Client,
    tmp_path: Path,
    fixture_index_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    document, turn = other_turn(live.services.index)
    made = api.post(
        "/api/classes/HIST210/corrections",
        json={"line": LINE, "document": document, "turn": turn},
        headers=TEACHER,
    )
    try:
        exported = api.get("/api/classes/HIST210/corrections/export.json", headers=TEACHER)
        body = exported.json()
        assert body["format"] == "backchannel-corrections" and body["class"] == "HIST210"
        assert body["corrections"] == [
            {"line": LINE, "document": document, "turn": turn, "speaker": "kissinger"}
        ]
        imported = api.post("/api/classes/IR101/corrections/import", json=body, headers=OTHER)
        assert imported.json() == {"imported": 1, "already": 0, "superseded": 0}
        again = api.post("/api/classes/IR101/corrections/import", json=body, headers=OTHER)
        assert again.json() == {"imported": 0, "already": 1, "superseded": 0}
        assert answered_by(play(live, "Shared", "IR101", PARAPHRASE)[0]) == (
            document,
            turn,
            "instructor",
        )
        bad = api.post(
            "/api/classes/IR101/corrections/import",
            json={**body, "corrections": [{"line": LINE}]},
            headers=OTHER,
        )
        assert bad.status_code == 422 and "corrections[0]" in bad.json()["detail"]
        # a JSON list is no corrections file either, and the error names the file it was
        listed = api.post(
            "/api/classes/IR101/corrections/import?file=lines.json", json=[], headers=OTHER
        )
        assert listed.status_code == 422
        assert listed.json()["detail"] == (
            'lines.json: not a corrections file (expected a JSON object with "format": '
            '"backchannel-corrections", as GET /api/classes/CODE/corrections/export.json writes).'
        )

        path = tmp_path / "corrections.json"
        path.write_text(json.dumps(body), encoding="utf-8")
        [item] = correction_file.eval_items(path, live.services.index)
        reply = live.services.index.reply(live.services.index.row(document, turn))
        assert (item.query, item.as_) == (LINE, "kissinger")
        assert item.expect == " ".join(t.clean_text for t in reply)
        # the corrections as a labelled set: the search alone does not find what was taught
        assert main(["eval", str(path), "--index", str(fixture_index_dir), "--json"]) == 0
        scored = json.loads(capsys.readouterr().out)[str(path)]
        assert (scored["on_topic"], scored["recall@1"]) == (1, 0.0)
    finally:
        api.delete(f"/api/classes/HIST210/corrections/{made.json()['id']}", headers=TEACHER)
        for c in api.get("/api/classes/IR101/corrections", headers=OTHER).json():
            api.delete(f"/api/classes/IR101/corrections/{c['id']}", headers=OTHER)


def test_a_line_marked_unanswered_is_refused_with_the_searchs_lines_to_pick(
    live: LiveServer, api: httpx.Client, tmp_path: Path
) -> None:
    """The instructor found nothing in the record that answers the line: it and its
    paraphrases are refused in that class (reason "instructor"), what the search had answered
    with offered to pick; other lines, classes and the other side are as before."""
    post = "/api/classes/HIST210/corrections"
    half = api.post(post, json={"line": LINE, "document": SEED}, headers=TEACHER)
    sideless = api.post(post, json={"line": LINE}, headers=TEACHER)
    for bad in (half, sideless):
        assert bad.status_code == 422
        assert 'or neither and "as"' in bad.json()["detail"][0]["msg"]
    made = api.post(post, json={"line": LINE, "as": "kissinger"}, headers=TEACHER)
    assert made.status_code == 201, made.text
    correction = made.json()
    assert {k: correction[k] for k in ("line", "document", "turn", "speaker", "recorded")} == {
        "line": LINE,
        "document": None,
        "turn": None,
        "speaker": "kissinger",
        "recorded": "",
    }
    client = Student(live.url)
    try:
        welcome = client.ask({"type": "hello", "student": "Marked", "class": "HIST210"})
        client.ask({"type": "roleplay.start", "as": "kissinger"})
        same = client.ask({"type": "say", "text": LINE})
        reworded = client.ask({"type": "say", "text": PARAPHRASE})
        for reply in (same, reworded):
            assert (reply["status"], reply["reason"], reply["correction"]) == (
                "no_match",
                "instructor",
                correction["id"],
            )
            assert reply["matches"] == [] and reply["names"] == []
            # the search's own answer is the first line offered, picked knowingly
            first = reply["suggestions"][0]["prompt"]
            assert (first["document"], first["turn"]) == (SEED, 0)
        picked = client.ask({"type": "pick", "suggestion": 0})
        assert picked["status"] == "picked" and answered_by(picked)[:2] == (SEED, 0)
        unrelated = client.ask({"type": "say", "text": UNRELATED})
        assert unrelated.get("reason") != "instructor" and "correction" not in unrelated
    finally:
        client.close()
    try:
        assert answered_by(play(live, "Elsewhere", "IR101", LINE)[0])[:2] == (SEED, 0)
        reverse = play(live, "Reverse", "HIST210", LINE, as_="dobrynin")[0]
        assert reverse.get("reason") != "instructor"
        session = api.get(f"/api/sessions/{welcome['session']}", headers=TEACHER).json()
        first, second = session["exchanges"][:2]
        assert (first["status"], first["reason"], first["chosen_by"]) == (
            "no_match",
            "instructor",
            "instructor",
        )
        assert (second["status"], second["reason"], second["chosen_by"], second["picked"]) == (
            "picked",
            "instructor",
            "student",
            0,
        )
        body = api.get(f"{post}/export.json", headers=TEACHER).json()
        assert body["version"] == 2
        assert body["corrections"] == [
            {"line": LINE, "document": None, "turn": None, "speaker": "kissinger"}
        ]
        imported = api.post("/api/classes/IR101/corrections/import", json=body, headers=OTHER)
        assert imported.json() == {"imported": 1, "already": 0, "superseded": 0}
        assert play(live, "Shared", "IR101", PARAPHRASE)[0]["reason"] == "instructor"
        path = tmp_path / "unanswered.json"
        path.write_text(json.dumps(body), encoding="utf-8")
        [item] = correction_file.eval_items(path, live.services.index)
        assert (item.query, item.as_, item.fits, item.on_topic) == (LINE, "kissinger", (), False)
    finally:
        api.delete(f"{post}/{correction['id']}", headers=TEACHER)
        for c in api.get("/api/classes/IR101/corrections", headers=OTHER).json():
            api.delete(f"/api/classes/IR101/corrections/{c['id']}", headers=OTHER)
    assert answered_by(play(live, "Undone", "HIST210", LINE)[0]) == (SEED, 0, None)


def live_url(live: LiveServer, ticket: str) -> str:
    return f"ws://127.0.0.1:{live.port}/ws/live?ticket={ticket}"


def test_live_feed_brings_a_students_line_and_exchange(live: LiveServer, api: httpx.Client) -> None:
    got = api.post("/api/live/ticket", headers=TEACHER)
    assert got.status_code == 200
    ticket = got.json()["ticket"]
    assert TEACHER_TOKEN not in ticket and got.json()["expires_in"] == TICKET_SECONDS
    with connect(live_url(live, ticket)) as feed:
        assert json.loads(feed.recv(timeout=30)) == {
            "type": "live.ready",
            "classes": ["HIST210"],
            "teachers": {"HIST210": ["Ruiz"]},
        }
        student = Student(live.url)
        try:
            student.ask({"type": "hello", "student": "Live Lin", "class": "HIST210"})
            student.ask({"type": "roleplay.start", "as": "kissinger"})
            student.send({"type": "say", "text": LINE})
            before = []  # the connect and the start, already sent
            while (line := json.loads(feed.recv(timeout=30)))["kind"] != "line":
                before.append(line)
            assert student.receive()["type"] == "reply"
        finally:
            student.close()
        assert (line["kind"], line["student"], line["class"], line["line"]) == (
            "line",
            "Live Lin",
            "HIST210",
            LINE,
        )
        play(live, "Not mine", "IR101", LINE)
        play(live, "Live Last", "HIST210", OFF_TOPIC)
        assert [m["kind"] for m in before] == ["connect", "roleplay.start"]
        seen = [line]
        while not any(m["kind"] == "reply" and m["student"] == "Live Last" for m in seen):
            seen.append(json.loads(feed.recv(timeout=30)))
    exchange = next(m for m in seen if m["kind"] == "reply")["exchange"]
    assert (exchange["student"], exchange["line"], exchange["status"], exchange["as"]) == (
        "Live Lin",
        LINE,
        "match",
        "kissinger",
    )
    # the recorded line matched, with the page it is printed on (the reply's citation gives
    # the line's and the reply's pages together)
    matched = exchange["matched"]
    assert (matched["document"], matched["turn"], matched["pages"]) == (SEED, 0, [327])
    assert {m["student"] for m in seen} == {"Live Lin", "Live Last"}  # not the other class
    last = next(m for m in seen if m["kind"] == "reply" and m["student"] == "Live Last")
    assert (last["exchange"]["status"], last["exchange"]["reply"]) == ("no_match", None)


def test_live_feed_reaches_an_instructor_on_another_server_process(
    live: LiveServer, api: httpx.Client
) -> None:
    """Two servers on one database, as two processes would be: the student on one, the
    instructor's feed on the other (its own store connection, its own app)."""
    path = live.services.store.path
    services = Services.from_roleplay(
        live.services.settings, SQLiteStore(path), live.services.roleplay.roleplay
    )
    other = LiveServer(services)
    try:
        with http(other) as there:
            ticket = there.post("/api/live/ticket", headers=TEACHER).json()["ticket"]
        url = f"ws://127.0.0.1:{other.port}/ws/live?ticket={ticket}"
        with connect(url) as feed:
            assert json.loads(feed.recv(timeout=30))["type"] == "live.ready"
            play(live, "Far Away", "HIST210", LINE)
            kinds = []
            while "reply" not in kinds:
                message = json.loads(feed.recv(timeout=30))
                assert message["student"] == "Far Away"
                kinds.append(message["kind"])
        assert kinds == ["connect", "roleplay.start", "line", "reply"]
    finally:
        other.stop()
        services.store.close()


def test_live_history_is_the_class_s_last_events_as_the_feed_tells_them(
    live: LiveServer, api: httpx.Client
) -> None:
    """A page reloaded mid-class starts from these: its session's lines, replies and quiz
    answers in order, each as `/ws/live` sends it, with the question's words read from the
    store (no feed saw the question)."""
    student = Student(live.url)
    try:
        welcome = student.ask({"type": "hello", "student": "History Hu", "class": "HIST210"})
        student.ask({"type": "roleplay.start", "as": "kissinger"})
        reply = student.ask({"type": "say", "text": LINE})
        question = student.ask({"type": "quiz.start", "mode": "who_said", "count": 1, "seed": 4})
        given = question["choices"][0]
        result = student.ask({"type": "quiz.answer", "id": question["id"], "answer": given["id"]})
        assert (result["type"], student.receive()["type"]) == ("quiz.result", "quiz.summary")
        got = api.get("/api/classes/HIST210/live?limit=200", headers=TEACHER)
    finally:
        student.close()
    assert got.status_code == 200
    mine = [m for m in got.json() if m["session"] == welcome["session"]]
    assert [(m["type"], m["seq"], m["kind"]) for m in mine] == [
        ("live.event", 1, "connect"),
        ("live.event", 2, "roleplay.start"),
        ("live.event", 3, "line"),
        ("live.event", 4, "reply"),
        ("live.event", 5, "quiz.start"),
        ("live.event", 8, "quiz.result"),
        ("live.event", 9, "quiz.summary"),
    ]
    assert {m["student"] for m in mine} == {"History Hu"}
    assert mine[2]["line"] == LINE
    exchange = mine[3]["exchange"]
    assert (exchange["line"], exchange["status"], exchange["as"]) == (LINE, "match", "kissinger")
    assert mine[3]["scenario"] is None  # the class set none, the student named none
    # the quiz as the transcript's marker names it: its kind, length and difficulty (mixed)
    assert (mine[4]["mode"], mine[4]["total"], mine[4]["level"]) == ("who_said", 1, None)
    assert exchange["matched"]["text"] == reply["matches"][0]["prompt"]["text"]
    assert (exchange["matched"]["turn"], exchange["matched"]["pages"]) == (0, [327])
    right = next(c for c in question["choices"] if c["id"] == result["answer"])
    assert {k: mine[5][k] for k in ("question", "answer", "right_answer", "correct")} == {
        "question": question["prompt"]["text"],
        "answer": given["text"],
        "right_answer": right["text"],
        "correct": result["correct"],
    }
    assert (mine[6]["score"], mine[6]["total"]) == (int(result["correct"]), 1)
    assert api.get("/api/classes/HIST210/live", headers=OTHER).status_code == 403
    assert api.get("/api/classes/HIST210/live?limit=0", headers=TEACHER).status_code == 422


def test_live_feed_refuses_tokens_and_stale_tickets(live: LiveServer) -> None:
    for bad in (TEACHER_TOKEN, "1.99999999999.0123", ""):
        with pytest.raises(InvalidStatus):
            connect(live_url(live, bad)).close()
    store = live.services.store
    instructor = store.instructor_by_token(live_token_hash())
    key = store.instructor_key(instructor.id)[1]
    stale = issue_ticket(instructor, key, now=lambda: time.time() - TICKET_SECONDS - 1)
    assert check_ticket(store, stale) is None
    fresh = issue_ticket(instructor, key)
    assert check_ticket(store, fresh) == instructor
    forged = fresh[:-1] + ("0" if fresh[-1] != "0" else "1")
    assert check_ticket(store, forged) is None


def test_live_tickets_no_instructor_could_hold_are_refused_not_a_crash(store: Store) -> None:
    """A row id beyond 64 bits, or digits that are not ASCII, were a 500 at /ws/live."""
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    later = int(time.time()) + 600
    for ticket in (f"{'9' * 30}.{later}.x", f"².{later}.x", "1.²².x", f"1.{'9' * 30}.x"):
        assert check_ticket(store, ticket) is None


def live_token_hash() -> str:
    return hash_token(TEACHER_TOKEN)


def test_struggles_lists_unanswered_lines_missed_items_and_progress(
    live: LiveServer, api: httpx.Client
) -> None:
    client = Student(live.url)
    try:
        welcome = client.ask({"type": "hello", "student": "Strug Sam", "class": "HIST210"})
        question = client.ask(
            {"type": "quiz.start", "mode": "who_said", "count": 1, "document": SEED, "seed": 3}
        )
        truth = live.services.index.turn(
            question["prompt"]["document"], question["prompt"]["turn"]
        ).speaker
        wrong = "dobrynin" if truth == "kissinger" else "kissinger"
        result = client.ask({"type": "quiz.answer", "id": question["id"], "answer": wrong})
        assert result["correct"] is False
    finally:
        client.close()
    # the same learner plays in a second session (the token, not the name, says so)
    play(live, "Strug Sam", "HIST210", OFF_TOPIC, LINE, learner=welcome["learner"])
    body = api.get("/api/classes/HIST210/struggles", headers=TEACHER).json()
    # the line is one entry however many of the class typed it (another test's student did)
    unanswered = [u for u in body["unanswered"] if "Strug Sam" in u["students"]]
    assert [(u["line"], u["as"], u["reason"]) for u in unanswered] == [
        (OFF_TOPIC, "kissinger", "chatter")
    ]
    missed = [m for m in body["missed"] if m["question"] == question["prompt"]["text"]]
    assert [(m["missed"], m["right_answer"]) for m in missed] == [
        (1, {"kissinger": "Henry Kissinger", "dobrynin": "Anatoly Dobrynin"}[truth])
    ]
    [sam] = [s for s in body["students"] if s["student"] == "Strug Sam"]
    assert (sam["sessions"], sam["lines"], sam["answered"], sam["refused"]) == (2, 2, 1, 1)
    assert (sam["quiz_right"], sam["quiz_total"]) == (0, 1)
    assert api.get("/api/classes/IR101/struggles", headers=TEACHER).status_code == 403


def test_a_pick_is_kept_with_its_exchange(live: LiveServer, api: httpx.Client) -> None:
    client = Student(live.url)
    try:
        welcome = client.ask({"type": "hello", "student": "Picky", "class": "HIST210"})
        client.ask({"type": "roleplay.start", "as": "kissinger"})
        refused = client.ask({"type": "say", "text": NEAR})
        assert refused["status"] == "no_match" and refused["suggestions"]
        last = len(refused["suggestions"]) - 1  # the last line offered
        picked = client.ask({"type": "pick", "suggestion": last})
        assert picked["status"] == "picked"
    finally:
        client.close()
    session = api.get(f"/api/sessions/{welcome['session']}", headers=TEACHER).json()
    [exchange] = session["exchanges"]
    offered = refused["suggestions"][last]
    assert (exchange["line"], exchange["status"], exchange["picked"]) == (NEAR, "picked", last)
    assert exchange["chosen_by"] == "student"
    assert exchange["matched"] == offered["prompt"]
    assert exchange["reply"]["text"] == offered["reply"]["text"]
    assert [s["prompt"] for s in exchange["suggestions"]] == [
        s["prompt"] for s in refused["suggestions"]
    ]
    rows = csv.DictReader(
        io.StringIO(
            api.get("/api/classes/HIST210/export.csv", headers=TEACHER).content.decode("utf-8-sig")
        )
    )
    [row] = [r for r in rows if r["student"] == "Picky"]
    assert (row["status"], row["picked"], row["matched_line"]) == (
        "picked",
        str(last),
        offered["prompt"]["text"],
    )


def test_a_line_corrected_again_is_answered_the_new_way_only(
    live: LiveServer, api: httpx.Client
) -> None:
    """A teacher who first found nothing in the record for a line, then found the line that
    answers it, corrects it again: the line and its paraphrases get the new answer, and the
    class keeps one correction of it, so its Undo gives the line back to the search. (Before,
    both were kept: the exact line took the newer, its paraphrases the older, and the list
    showed the line twice.)"""
    post = "/api/classes/HIST210/corrections"
    document, turn = other_turn(live.services.index)
    first = api.post(post, json={"line": LINE, "as": "kissinger"}, headers=TEACHER).json()
    made = api.post(
        post,
        json={"line": f"  {LINE.upper()} ", "document": document, "turn": turn},
        headers=TEACHER,
    )
    try:
        assert made.status_code == 201, made.text
        second = made.json()
        same, reworded = play(live, "Again", "HIST210", LINE, PARAPHRASE)
        for reply in (same, reworded):
            assert (reply["status"], answered_by(reply)) == (
                "match",
                (document, turn, "instructor"),
            )
            assert reply["matches"][0]["correction"] == second["id"]
        assert (second["document"], second["turn"], second["replaced"]) == (
            document,
            turn,
            [first["id"]],
        )
        listed = api.get(post, headers=TEACHER).json()
        assert [c["id"] for c in listed] == [second["id"]]
        assert "replaced" not in listed[0]
        # the other side's correction of the same words is another correction: kept
        other = api.post(post, json={"line": LINE, "as": "dobrynin"}, headers=TEACHER).json()
        assert other["replaced"] == []
        assert [c["id"] for c in api.get(post, headers=TEACHER).json()] == [
            other["id"],
            second["id"],
        ]
    finally:
        for c in api.get(post, headers=TEACHER).json():
            api.delete(f"{post}/{c['id']}", headers=TEACHER)
    assert answered_by(play(live, "Undone", "HIST210", LINE)[0]) == (SEED, 0, None)


def _session_of(live: LiveServer, api: httpx.Client, student: str, *lines: str) -> str:
    """A new session of HIST210 where ``student`` said ``lines`` as Kissinger: its id."""
    client = Student(live.url)
    try:
        welcome = client.ask({"type": "hello", "student": student, "class": "HIST210"})
        client.ask({"type": "roleplay.start", "as": "kissinger"})
        for line in lines:
            client.ask({"type": "say", "text": line})
    finally:
        client.close()
    return str(welcome["session"])


def test_a_transcript_says_what_the_class_gets_now_beside_what_the_student_saw(
    live: LiveServer, api: httpx.Client
) -> None:
    """A correction made after a line was answered leaves the exchange as the student saw it
    and says, in ``corrections_now``, what the class gets for the line now: the corrected
    turn's reply (cited), or nothing (a refusal); an undone correction says the search answers
    the lines it had answered. (Before, the transcript said nothing of it: a teacher reading
    the wrong match could not tell it was corrected.)"""
    post = "/api/classes/HIST210/corrections"
    index = live.services.index
    document, turn = other_turn(index)
    then = _session_of(live, api, "Then", LINE)

    def read(session: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        body = api.get(f"/api/sessions/{session}", headers=TEACHER).json()
        return body["exchanges"][0], body["corrections_now"]

    exchange, now = read(then)
    assert (exchange["matched"]["document"], exchange["matched"]["turn"]) == (SEED, 0)
    assert (exchange["chosen_by"], exchange["correction"], now) == ("search", None, [])
    made = api.post(
        post, json={"line": LINE, "document": document, "turn": turn}, headers=TEACHER
    ).json()
    try:
        after, now = read(then)
        assert after == exchange  # what the student saw, unchanged
        [entry] = now
        match = entry.pop("match")
        assert entry == {
            "seq": exchange["seq"],
            "correction": made["id"],
            "created": made["created"],
        }
        record = index.reply(index.row(document, turn))
        assert (match["prompt"]["document"], match["prompt"]["turn"]) == (document, turn)
        assert [t["clean_text"] for t in match["reply"]["turns"]] == [t.clean_text for t in record]
        assert match["citation"]["document"] == document and match["chosen_by"] == "instructor"
        # a line answered by the correction: nothing changed since, nothing to say
        corrected = _session_of(live, api, "Corrected", PARAPHRASE)
        exchange, now = read(corrected)
        assert (exchange["chosen_by"], exchange["correction"], now) == (
            "instructor",
            made["id"],
            [],
        )
        refusing = api.post(post, json={"line": LINE, "as": "kissinger"}, headers=TEACHER).json()
        assert read(then)[1] == [
            {
                "seq": read(then)[0]["seq"],
                "correction": refusing["id"],
                "created": refusing["created"],
                "match": None,
            }
        ]
    finally:
        for c in api.get(post, headers=TEACHER).json():
            api.delete(f"{post}/{c['id']}", headers=TEACHER)
    assert read(then)[1] == []
    exchange, now = read(corrected)
    assert now == [{"seq": exchange["seq"], "correction": None, "created": None, "match": None}]


def test_an_import_answers_a_line_the_file_corrects_twice_as_its_class_does(
    live: LiveServer, api: httpx.Client
) -> None:
    """A file (written before a new correction replaced the earlier) lists a line corrected
    twice, newest first: its class answers with the newest, and so does the class importing
    it. (Before, the file was added in its order, the oldest last, so the importing class
    answered the line with the correction its own class had replaced.)"""
    document, turn = other_turn(live.services.index)
    body = {
        "format": "backchannel-corrections",
        "version": 2,
        "class": "GEO200",
        "exported": "2026-12-04T10:00:00.00Z",
        "corrections": [
            {"line": LINE, "document": document, "turn": turn, "speaker": "kissinger"},
            {"line": LINE, "document": None, "turn": None, "speaker": "kissinger"},
        ],
    }
    post = "/api/classes/IR101/corrections"
    imported = api.post(f"{post}/import", json=body, headers=OTHER)
    try:
        assert imported.status_code == 200, imported.text
        same, reworded = play(live, "Imported", "IR101", LINE, PARAPHRASE)
        for reply in (same, reworded):
            assert (reply["status"], reply.get("reason")) == ("match", None)
            assert answered_by(reply) == (document, turn, "instructor")
        assert imported.json() == {"imported": 1, "already": 0, "superseded": 1}
        listed = api.get(post, headers=OTHER).json()
        assert [(c["line"], c["document"], c["turn"]) for c in listed] == [(LINE, document, turn)]
    finally:
        for c in api.get(post, headers=OTHER).json():
            api.delete(f"{post}/{c['id']}", headers=OTHER)
