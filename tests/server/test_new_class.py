"""POST /api/classes: an instructor adds a class from the page, no command line needed."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.server.conftest import TEACHER_TOKEN

TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}


def codes(client: TestClient) -> list[str]:
    return [c["code"] for c in client.get("/api/classes", headers=TEACHER).json()]


def test_an_instructor_adds_a_class_students_can_join(client: TestClient) -> None:
    made = client.post("/api/classes", json={"code": "HIST211"}, headers=TEACHER)
    assert made.status_code == 201
    assert made.json() == {
        "code": "HIST211",
        "students": 0,
        "sessions": 0,
        "scenario": None,
        "strict": False,
        "instructors": ["Ruiz"],
        "last_session_started": None,
    }
    assert codes(client) == ["HIST210", "HIST211"]
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Ada", "class": "hist211"})
        welcome = ws.receive_json()
    assert welcome["type"] == "welcome" and welcome["class"] == "HIST211"
    # Adding it again (in any case) is no error: it is already the instructor's.
    again = client.post("/api/classes", json={"code": " hist211 "}, headers=TEACHER)
    assert again.status_code == 200
    assert again.json()["code"] == "HIST211" and again.json()["students"] == 1
    assert codes(client) == ["HIST210", "HIST211"]
    # the page opens the class taught last: Ada's session began, HIST210 has none
    listed = client.get("/api/classes", headers=TEACHER).json()
    (started,) = [
        s["started"] for s in client.get("/api/classes/HIST211/sessions", headers=TEACHER).json()
    ]
    assert [c["last_session_started"] for c in listed] == [None, started]
    assert again.json()["last_session_started"] == started


def test_a_taken_or_malformed_code_is_refused_saying_how_to_fix_it(client: TestClient) -> None:
    taken = client.post("/api/classes", json={"code": "ir101"}, headers=TEACHER)
    assert taken.status_code == 409
    assert taken.json()["detail"] == (
        "Class code 'ir101' is already taken by Okafor; choose another code, or ask Okafor to "
        "share the class with you."
    )
    for code in ("HIST 210", "", "x" * 41, "HIST210."):
        bad = client.post("/api/classes", json={"code": code}, headers=TEACHER)
        assert bad.status_code == 422, code
        assert bad.json()["detail"].startswith(f"{code!r} is not a class code: use 1 to 40 ")
    # what it says is the whole rule: "HIST210." keeps every rule but the last
    assert bad.json()["detail"] == (
        "'HIST210.' is not a class code: use 1 to 40 letters (A-Z), digits, '-', '_' or '.', "
        "starting with a letter or digit and not ending with '.', e.g. HIST210 or IR-101.2026 "
        "(students type it, and it appears in web addresses and export file names)"
    )
    assert client.post("/api/classes", json={"code": "HIST999"}).status_code == 401
    assert codes(client) == ["HIST210"]
