"""`GET /api/classes/{code}/struggles?cached=true`, the instructor page's live refresh, reads
only the new events of the sessions that moved on since the process last read them (it read
every stored event of the class, each second a busy class had the view on screen, then every
event of each session that moved on), and says exactly what a read of every session says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from server.app import create_app
from server.store import Event
from tests.server.conftest import TEACHER_TOKEN, make_services, start

TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}


def refuse(store: Any, session: str, line: str) -> None:
    store.record(session, "line", {"text": line})
    store.record(session, "reply", {"query": line, "status": "no_match", "matches": []})


def test_a_live_refresh_reads_only_the_sessions_that_moved_on(
    tmp_path: Path, roleplay: Any
) -> None:
    services = make_services(tmp_path, roleplay)
    store = services.store
    ada = start(store, "Ada", "HIST210", "reads-ada")
    bea = start(store, "Bea", "HIST210", "reads-bea")
    for played, line in ((ada, "when are you back from moscow?"), (bea, "How was Geneva?")):
        store.record(played.id, "roleplay.start", {"as": "kissinger", "document": None})
        refuse(store, played.id, line)
    read: list[tuple[str, int]] = []  # each session read, and after which of its events
    events, events_after = store.events, store.events_after

    def counted(session: str) -> list[Event]:
        read.append((session, 0))
        return events(session)

    def counted_after(session: str, seq: int) -> list[Event]:
        read.append((session, seq))
        return events_after(session, seq)

    store.events = counted  # type: ignore[method-assign]
    store.events_after = counted_after  # type: ignore[method-assign]
    api = TestClient(create_app(services))

    def view(query: str = "") -> dict[str, Any]:
        read.clear()
        response = api.get(f"/api/classes/HIST210/struggles{query}", headers=TEACHER)
        assert response.status_code == 200, response.text
        return response.json()

    whole = view()
    assert sorted(read) == sorted([(ada.id, 0), (bea.id, 0)])
    # (both refused within the same millisecond, maybe: their order is not the test's)
    assert sorted(u["line"] for u in whole["unanswered"]) == [
        "How was Geneva?",
        "when are you back from moscow?",
    ]
    assert view("?cached=true") == whole
    assert read == []  # nothing moved on: nothing read

    newest = store.events(bea.id)[-1].seq
    refuse(store, bea.id, "What is the capital of Australia?")
    live = view("?cached=true")
    assert read == [(bea.id, newest)]  # Bea's line and reply only
    assert live == view()
    assert [(s["student"], s["lines"], s["refused"]) for s in live["students"]] == [
        ("Ada", 1, 1),
        ("Bea", 2, 2),
    ]
    assert live["unanswered"][0]["line"] == "What is the capital of Australia?"

    # a correction's mark on a kept line is the view's, not kept with the line
    made = store.add_correction(
        "HIST210",
        line="when are you back from moscow?",
        document="frus1969-76v12/d188",
        turn=13,
        speaker="kissinger",
    )
    marked = view("?cached=true")
    assert {u["line"]: u["answered_now"] for u in marked["unanswered"]} == {
        "What is the capital of Australia?": None,
        "How was Geneva?": None,
        "when are you back from moscow?": made.id,
    }
    assert store.delete_correction("HIST210", made.id)
    assert [u["answered_now"] for u in view("?cached=true")["unanswered"]] == [None, None, None]
    assert read == []
    store.close()
