"""A body holding a number JSON cannot hold (NaN, Infinity, 1e400) is a 422 naming the field,
as any other bad value is (server.unprocessable): it was a 500 on every route with a body."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import TEACHER_TOKEN

TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}


@pytest.mark.parametrize(
    ("method", "path", "body", "field", "echoed"),
    [
        ("post", "/api/classes", '{"code": NaN}', "code", "NaN"),
        ("put", "/api/classes/HIST210/strict", '{"strict": -Infinity}', "strict", "-Infinity"),
        ("put", "/api/classes/HIST210/scenario", '{"scenario": [NaN]}', "scenario", ["NaN"]),
        (
            "post",
            "/api/classes/HIST210/corrections",
            '{"line": "Stop.", "document": "frus1969-76v39/d107", "turn": 1e400}',
            "turn",
            "Infinity",
        ),
    ],
)
def test_a_number_json_cannot_hold_is_a_422_naming_its_field(
    client: TestClient, method: str, path: str, body: str, field: str, echoed: object
) -> None:
    answer = client.request(
        method, path, content=body, headers={**TEACHER, "Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert (error["loc"], error["input"]) == (["body", field], echoed)
    assert client.get("/api/classes", headers=TEACHER).json()[0]["code"] == "HIST210"


@pytest.mark.parametrize("turn", ["false", '"0"', "0.0", "true"])
def test_a_correction_turn_that_is_no_integer_is_a_422_naming_turn(
    client: TestClient, turn: str
) -> None:
    """pydantic's lax mode read false (and "0", 0.0) as turn 0: the correction was made, to
    the wrong turn, without a word."""
    body = f'{{"line": "Stop.", "document": "frus1969-76v39/d107", "turn": {turn}}}'
    path = "/api/classes/HIST210/corrections"
    answer = client.post(
        path, content=body, headers={**TEACHER, "Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert (error["loc"], error["type"]) == (["body", "turn"], "int_type")
    assert client.get(path, headers=TEACHER).json() == []


@pytest.mark.parametrize(
    ("method", "path", "body", "byte", "position"),
    [
        ("post", "/api/classes/HIST210/corrections", b'{"line": "Caf\xe9 talk."}', "E9", 13),
        ("post", "/api/classes", b'{"code": "\xff\xfe"}', "FF", 10),
        ("put", "/api/classes/HIST210/strict", b'{"strict": true, "x": "\x80"}', "80", 23),
    ],
)
def test_a_body_that_is_not_utf8_is_refused_naming_the_byte(
    client: TestClient, method: str, path: str, body: bytes, byte: str, position: int
) -> None:
    """It was FastAPI's bare 400, "There was an error parsing the body"."""
    answer = client.request(
        method, path, content=body, headers={**TEACHER, "Content-Type": "application/json"}
    )
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": f"The request body is not UTF-8 text: the byte 0x{byte} at position "
        f"{position} (counting from 0) cannot be read as UTF-8. Send the JSON encoded as UTF-8 "
        "(save the file as UTF-8, or let your HTTP client encode it)."
    }
    assert client.get("/api/classes", headers=TEACHER).json()[0]["code"] == "HIST210"
    unknown = client.get("/api/classes/NOPE/sessions", headers=TEACHER)
    assert unknown.status_code == 404 and unknown.json()["detail"] != answer.json()["detail"]
