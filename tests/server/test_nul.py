"""NUL (U+0000) in what a client sends is refused where it comes in, on both back ends alike
(server.nul): on PostgreSQL a name holding one was ``internal``, a line holding one made every
instructor view of the class a 500, and ``%00`` in an address a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server import correction_file
from server.app import create_app
from server.client_frames import parse_client_message
from server.errors import ProtocolError
from server.nul import IN_ADDRESS
from server.services import Services
from server.settings import Settings
from server.store import Store, hash_token
from tests.server.conftest import SEED, TEACHER_TOKEN

TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
LINE = "Anatol, about this morning: we might accept an exploratory meeting in Geneva."
REFUSED = "holds a NUL character (\\u0000), which no name, line or id holds; remove it and send "


@pytest.mark.parametrize(
    ("frame", "field"),
    [
        ('{"type": "hello", "student": "A\\u0000da", "seq": 3}', "student"),
        ('{"type": "say", "text": "Anatol,\\u0000 Geneva.", "seq": 3}', "text"),
        ('{"type": "say", "text": "Anatol.", "id": "l\\u0000", "seq": 3}', "id"),
        ('{"type": "say", "text": "Anatol.", "x\\u0000": 1, "seq": 3}', "x?"),
        ('{"type": "quiz.start", "mode": "who_said", "volume": ["\\u0000"], "seq": 3}', "volume"),
    ],
)
def test_nul_anywhere_in_a_frame_is_invalid_field_naming_it(frame: str, field: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(frame)
    error = caught.value
    assert (error.code, error.field, error.seq) == ("invalid_field", field, 3)
    assert REFUSED in error.message


@pytest.fixture
def app(store: Store, tmp_path: Path, roleplay: Any) -> Iterator[TestClient]:
    """The app over each store, SQLite and PostgreSQL: the refusal must not depend on it."""
    store.add_instructor("Ruiz", hash_token(TEACHER_TOKEN), ["HIST210"])
    yield TestClient(create_app(Services.from_roleplay(Settings(data=tmp_path), store, roleplay)))


def test_nul_in_a_name_or_line_is_refused_and_the_class_stays_readable(app: TestClient) -> None:
    with app.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "A\u0000da", "class": "HIST210", "seq": 1})
        refused = ws.receive_json()
        assert (refused["code"], refused["field"], refused["seq"]) == (
            "invalid_field",
            "student",
            1,
        )
        ws.send_json({"type": "hello", "student": "Ada", "class": "HIST210"})
        assert ws.receive_json()["type"] == "welcome"
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": SEED})
        assert ws.receive_json()["type"] == "roleplay.ready"
        ws.send_json({"type": "say", "text": LINE.replace(",", ",\u0000"), "seq": 2})
        refused = ws.receive_json()
        assert (refused["code"], refused["field"], refused["seq"]) == ("invalid_field", "text", 2)
        ws.send_json({"type": "say", "text": LINE})
        assert ws.receive_json()["type"] == "reply"  # the session goes on
    students = app.get("/api/classes/HIST210/students", headers=TEACHER)
    assert students.status_code == 200
    assert [(s["student"], s["lines"]) for s in students.json()] == [("Ada", 1)]
    for view in ("sessions", "export.json", "export.csv", "struggles"):
        assert app.get(f"/api/classes/HIST210/{view}", headers=TEACHER).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/sessions/a%00b",
        "/api/classes/HIST%00210/students",
        "/api/classes/HIST210/live?before=a%00b:1",
        "/api/ask?line=Anatol%00",
    ],
)
def test_nul_in_an_address_is_refused_saying_so(app: TestClient, path: str) -> None:
    answer = app.get(path, headers=TEACHER)
    assert (answer.status_code, answer.json()) == (422, {"detail": IN_ADDRESS})
    assert answer.headers["x-content-type-options"] == "nosniff"  # the security headers too


def test_nul_in_a_correction_line_is_refused(app: TestClient) -> None:
    answer = app.post(
        "/api/classes/HIST210/corrections",
        json={"line": "Stop\u0000 the tanks.", "as": "kissinger"},
        headers=TEACHER,
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "line"]
    assert "holds a NUL character" in answer.json()["detail"][0]["msg"]
    assert app.get("/api/classes/HIST210/corrections", headers=TEACHER).json() == []


def test_nul_in_an_imported_correction_line_is_refused_naming_it() -> None:
    file = {
        "format": "backchannel-corrections",
        "version": 2,
        "corrections": [
            {"line": "Stop\u0000.", "document": None, "turn": None, "speaker": "dobrynin"}
        ],
    }
    with pytest.raises(ValueError) as caught:
        correction_file.read_file(file, "fixes.json")
    assert str(caught.value) == (
        "fixes.json: corrections[0]: the line holds a NUL character (\\u0000), which no line a "
        "student says can hold (server.nul); remove it."
    )
