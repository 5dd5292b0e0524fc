"""The class's JSON export written compact: each recurring object once, in `shared` (a class of
30 students of 30 lines came to 9.7 MiB, nine tenths of it the same turns and citations again
and again). Expanded, it is the export as it was, every field and value."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from server.export_shared import compact, expand
from tests.server.test_instructor import TEACHER, run_session

LONG = "a recorded line long enough to be worth writing once, and no shorter."


def test_the_export_is_compact_and_expands_to_every_field_it_held(
    client: TestClient, fixture_corpus: Any
) -> None:
    run_session(client, fixture_corpus, "Rosamund", "HIST210")
    run_session(client, fixture_corpus, "Tancredi", "HIST210")
    body = json.loads(client.get("/api/classes/HIST210/export.json", headers=TEACHER).content)
    whole = json.loads(
        client.get("/api/classes/HIST210/export.json?expand=true", headers=TEACHER).content
    )
    assert (body["format"], body["version"]) == ("backchannel-class-export", 2)
    assert (whole["format"], whole["version"], whole["shared"]) == (
        "backchannel-class-export",
        2,
        [],
    )
    assert body["shared"]
    body.pop("exported"), whole.pop("exported")
    assert expand(body) == {k: v for k, v in whole.items() if k != "shared"}
    # every session as its transcript reads it (the export held that before, inline)
    for session in expand(body)["sessions"]:
        direct = client.get(f"/api/sessions/{session['id']}", headers=TEACHER).json()
        for transcripts_own in ("corrections_now", "unreadable_state", "after", "last_seq"):
            direct.pop(transcripts_own)
        direct.pop("corrections_version")
        assert session == direct
    # the reply's citation, in its event's matches and its exchange, written once
    exchange = body["sessions"][0]["exchanges"][0]
    cited = exchange["citation"]
    assert list(cited) == ["$shared"]
    assert body["shared"][cited["$shared"]]["document"] == "frus1969-76v39/d107"
    [reply] = [e for e in body["sessions"][0]["events"] if e["seq"] == exchange["seq"]]
    # (both students said the same line and got the same reply: its data is written once too)
    data = body["shared"][reply["data"]["$shared"]]
    assert (
        data["matches"] == exchange["candidates"] == {"$shared": exchange["candidates"]["$shared"]}
    )
    compact_size = len(json.dumps(body, ensure_ascii=False))
    assert compact_size < len(json.dumps(whole, ensure_ascii=False)) / 2


def test_values_python_holds_equal_stay_apart_and_nested_repeats_come_back() -> None:
    body = {
        "sessions": [
            {"a": {"x": 1, "t": LONG}, "b": {"x": 1.0, "t": LONG}, "c": {"x": True, "t": LONG}},
            {"a": {"x": 1, "t": LONG}, "d": [{"x": 1, "t": LONG}, {"y": [{"x": 1, "t": LONG}]}]},
        ]
    }
    made = compact(body)
    written = json.dumps(made)
    assert json.dumps(expand(json.loads(written))) == json.dumps(body)
    # one shared object: {"x": 1, …}; the 1.0 and the true are other values
    assert made["shared"] == [{"x": 1, "t": LONG}]
    assert made["sessions"][0] == {
        "a": {"$shared": 0},
        "b": {"x": 1.0, "t": LONG},
        "c": {"x": True, "t": LONG},
    }


def test_a_stored_object_with_a_shared_key_leaves_the_export_inline() -> None:
    body = {"sessions": [{"data": {"$shared": 0, "t": LONG}}, {"data": {"$shared": 0, "t": LONG}}]}
    assert compact(body) == {**body, "shared": []}
    assert expand(compact(body)) == body
