"""The sessions table and the class list, which the instructor page reads again on every live
event of its class, answer 304 without a body to a read that sends the ETag of the same JSON:
in a class of thirty they were sent whole every second (5 KiB, 0.7 KiB gzipped), unchanged."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from server.store import hash_token
from tests.server.conftest import TEACHER_TOKEN, start

TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
PATHS = ("/api/classes/HIST210/sessions", "/api/classes")


def read(client: TestClient, path: str, tag: str | None = None) -> tuple[int, str, Any]:
    """Status, ETag and JSON (None for no body) of a read sending ``tag`` back."""
    headers = {**TEACHER, **({"If-None-Match": tag} if tag else {})}
    got = client.get(path, headers=headers)
    return got.status_code, got.headers["etag"], got.json() if got.content else None


def test_an_unchanged_read_is_a_304_and_a_changed_one_the_json(
    client: TestClient, services: Any
) -> None:
    store = services.store
    ada = start(store, "Ada", "HIST210", "ada")
    for path in PATHS:
        status, tag, first = read(client, path)
        assert status == 200 and tag.startswith('W/"') and first
        assert read(client, path, tag) == (304, tag, None)
        assert read(client, path, f'"other", {tag}') == (304, tag, None)
        assert read(client, path, '"other"') == (200, tag, first)
        assert read(client, path, tag.removeprefix("W/")) == (304, tag, None)  # weakly compared
    sessions_tag = read(client, PATHS[0])[1]
    classes_tag = read(client, PATHS[1])[1]
    # a line's event alone changes neither; its answer counts in the table, not in the list
    store.record(ada.id, "line", {"text": "one"})
    assert read(client, PATHS[0], sessions_tag) == (304, sessions_tag, None)
    assert read(client, PATHS[1], classes_tag) == (304, classes_tag, None)
    store.record(ada.id, "reply", {"query": "one", "status": "no_match", "matches": []})
    status, tag, table = read(client, PATHS[0], sessions_tag)
    assert (status, tag != sessions_tag, [s["lines"] for s in table]) == (200, True, [1])
    assert read(client, PATHS[1], classes_tag) == (304, classes_tag, None)
    # a student joining changes the list's counts
    start(store, "Bea", "HIST210", "bea")
    status, tag, listed = read(client, PATHS[1], classes_tag)
    assert (status, tag != classes_tag) == (200, True)
    assert [(c["code"], c["students"], c["sessions"]) for c in listed] == [("HIST210", 2, 2)]


def test_another_teachers_tag_gives_them_their_own_list(client: TestClient, services: Any) -> None:
    """The tag is of the JSON the bearer reads: a colleague's list differs, and so does its."""
    services.store.add_instructor("Nakagawa-Reyes", hash_token("bci_nakagawa"), ["GEO330"])
    _, tag, _ = read(client, "/api/classes")
    other = client.get(
        "/api/classes", headers={"Authorization": "Bearer bci_nakagawa", "If-None-Match": tag}
    )
    assert other.status_code == 200
    assert [c["code"] for c in other.json()] == ["GEO330"]
