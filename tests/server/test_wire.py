"""The wire contract: the OpenAPI schemas, and every evaluation-set reply checked against them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from server.activity import QuizState, RoleplayState, SessionState
from server.wire import answer_out

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = "frus1969-76v39/d107"


@pytest.fixture(scope="module")
def openapi(roleplay: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from server.app import create_app
    from tests.server.conftest import make_services

    services = make_services(tmp_path_factory.mktemp("openapi"), roleplay)
    try:
        return TestClient(create_app(services)).get("/openapi.json").json()
    finally:
        services.store.close()


def _validator(openapi: dict[str, Any], name: str) -> jsonschema.Validator:
    """A validator for one component schema, its ``$ref``s resolved within the document."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": openapi["components"]}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def test_openapi_has_the_citation_and_match_schemas(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    assert set(schemas["Citation"]["properties"]) == {
        "document",
        "title",
        "volume_title",
        "number",
        "pages",
        "date",
        "source",
        "url",
        "excerpt",
    }
    match = schemas["MatchOut"]
    assert set(match["properties"]) == {
        "prompt",
        "reply",
        "score",  # the similarity the page shows
        "closeness_word",  # the server's word for it, which the page shows beside it
        "fit",  # what the matches are listed by; absent where the tier model did not weigh it
        "citation",
        "chosen_by",  # only when an instructor's correction chose the exchange
        "correction",
    }
    assert set(match["required"]) == {"prompt", "reply", "score", "closeness_word", "citation"}
    assert match["properties"]["closeness_word"]["enum"] == [
        "very close",
        "close",
        "loosely related",
        "distant",
    ]
    citation = schemas["MatchOut"]["properties"]["citation"]
    assert citation == {"$ref": "#/components/schemas/Citation"}
    assert set(schemas["TurnOut"]["properties"]) == {
        "index",
        "speaker",
        "label",
        "text",
        "clean_text",
        "pages",
        "editorial",
        "editorial_before",
        "editorial_after",
    }
    # GET /api/ask answers in the ask --json shape; a session's reply events carry typed matches
    ask = openapi["paths"]["/api/ask"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ask["schema"] == {"$ref": "#/components/schemas/AskOut"}
    reply_data = schemas["ReplyData"]["properties"]["matches"]
    assert reply_data["items"] == {"$ref": "#/components/schemas/MatchOut"}


def _eval_items() -> list[tuple[str, str]]:
    items = []
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                data = json.loads(line)
                items.append((data["query"], data.get("as", "kissinger")))
    return items


def test_every_reply_to_the_evaluation_sets_matches_the_schema(
    roleplay: Any, openapi: dict[str, Any]
) -> None:
    validator = _validator(openapi, "AskOut")
    items = _eval_items()
    assert len(items) >= 290  # every line of every set in tests/data
    items.append(("Yes.", "kissinger"))  # and a short recurring line: an ambiguous answer
    statuses: set[str] = set()
    spans = 0
    for query, as_ in items:
        data = answer_out(roleplay.respond(query, as_=as_)).model_dump(mode="json")
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, f"{query!r}: {errors[0].message} at {list(errors[0].absolute_path)}"
        statuses.add(data["status"])
        for match in data["matches"]:
            cite = match["citation"]
            assert cite["document"] == match["prompt"]["document"]
            assert cite["url"].endswith(cite["document"].split("/")[0] + f"/d{cite['number']}")
            turns = match["reply"]["turns"]
            assert match["reply"]["speaker"] == turns[0]["speaker"] != match["prompt"]["speaker"]
            assert set(cite["pages"]) >= {p for t in turns for p in t["pages"]}
            spans += sum(len(t["editorial"]) for t in turns)
    # every status and replies with editorial marks: the schema saw every kind of field
    assert statuses == {"match", "ambiguous", "no_match"}
    assert spans > 0


def test_api_ask_answers_in_the_ask_json_shape(client: TestClient, openapi: dict[str, Any]) -> None:
    resp = client.get("/api/ask", params={"line": "Beijing is going to object.", "k": 3})
    assert resp.status_code == 200
    data = resp.json()
    assert not list(_validator(openapi, "AskOut").iter_errors(data))
    assert (data["query"], data["status"], len(data["matches"])) == (
        "Beijing is going to object.",
        "match",
        3,
    )
    top = data["matches"][0]
    assert (top["prompt"]["speaker"], top["prompt"]["document"], top["prompt"]["turn"]) == (
        "kissinger",
        SEED,
        52,
    )
    assert top["reply"]["text"].startswith("This is so, they will and you will make")
    assert top["citation"]["pages"] == [329]
    line = "Those were my own words, not yours."
    reverse = client.get("/api/ask", params={"line": line, "as": "dobrynin"}).json()
    assert reverse["matches"][0]["reply"]["text"] == "I said January—it was a major concession."


def test_api_ask_ends_the_call_s_last_reply_with_the_editors_note(
    client: TestClient, openapi: dict[str, Any]
) -> None:
    data = client.get("/api/ask", params={"line": "Well, try us. We may fool you."}).json()
    assert not list(_validator(openapi, "AskOut").iter_errors(data))
    top = data["matches"][0]
    assert (top["prompt"]["document"], top["prompt"]["turn"]) == (SEED, 54)
    note = (
        "[Omitted here is discussion of matters other than a European security conference or MBFR.]"
    )
    words = "I don’t want to interfere in your domestic affairs."
    assert top["reply"]["text"] == f"{words}\n\n{note}"
    assert top["reply"]["turns"][0]["clean_text"] == words
    assert top["reply"]["turns"][0]["editorial_after"] == [note]
    assert top["citation"]["pages"] == [329]


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"line": "   "}, "The line is empty: type what you would say to the other side."),
        ({"line": "Hello", "as": "brezhnev"}, None),
        ({"line": "Hello", "k": 0}, None),
        ({"line": "x" * 2001}, None),
    ],
)
def test_api_ask_refuses_bad_parameters(
    client: TestClient, params: dict[str, Any], detail: str | None
) -> None:
    resp = client.get("/api/ask", params=params)
    assert resp.status_code == 422
    if detail is not None:
        assert resp.json() == {"detail": detail}


def test_api_channel_gives_the_pairs_names_and_limits(client: TestClient) -> None:
    assert client.get("/api/channel").json() == {
        "protocol": 1,
        "channel": {"kissinger": "dobrynin", "dobrynin": "kissinger"},
        "names": {"kissinger": "Kissinger", "dobrynin": "Dobrynin", "nixon": "Nixon"},
        "limits": {
            "line_chars": 2000,
            "frame_bytes": 16384,
            "quiz_questions": 50,
            "messages_per_second": 10.0,
            "burst": 20,
            "session_moved_code": 4000,
        },
        "connects": False,  # TestClient's host, "testserver", is no name the server was given
    }


CITATION = {
    "document": SEED,
    "title": "Transcript",
    "volume_title": "European Security",
    "number": 107,
    "pages": [329],
    "date": None,
    "source": "Source: National Archives.",
    "url": "https://history.state.gov/historicaldocuments/frus1969-76v39/d107",
    "excerpt": False,
}


def test_session_state_stored_before_the_typed_models_still_loads() -> None:
    """The JSON the store holds for sessions saved by the dict-based engines."""
    roleplay = {
        "activity": {
            "kind": "roleplay",
            "as": "dobrynin",
            "document": SEED,
            "position": 3,
            "lines": 1,
            "closeness": [0.51],
        }
    }
    state = SessionState.model_validate(roleplay)
    assert isinstance(state.activity, RoleplayState)
    assert (state.activity.as_, state.activity.position, state.activity.closeness) == (
        "dobrynin",
        3,
        [0.51],
    )
    assert state.dump() == {"activity": {**roleplay["activity"], "offer": None, "scenario": None}}
    question = {
        "id": "q1",
        "mode": "who_said",
        "prompt": {"text": "Yes, I will.", "document": SEED, "turn": 4},
        "choices": [
            {"id": "kissinger", "text": "Henry Kissinger", "speaker": None},
            {"id": "dobrynin", "text": "Anatoly Dobrynin", "speaker": None},
        ],
        "answer": "kissinger",
        "citation": CITATION,
        "result_citation": CITATION,
        "explanation": "Henry Kissinger said it.",
    }
    quiz = {
        "activity": {
            "kind": "quiz",
            "quiz": "z1",
            "mode": "who_said",
            "questions": [question],
            "current": 0,
            "score": 0,
        }
    }
    state = SessionState.model_validate(quiz)
    assert isinstance(state.activity, QuizState)
    assert state.activity.question.prompt.turn == 4
    assert "speaker" not in state.activity.question.prompt.model_dump()  # who_said hides it
    # fields added since (self-study) take their defaults
    stored = state.dump()["activity"]
    assert stored["given"] == [] and stored["questions"][0]["item"] == ""
    assert stored["questions"][0]["level"] is None and stored["questions"][0]["before"] is False
    assert SessionState.model_validate(state.dump()) == state
    assert SessionState.model_validate({}).activity is None


def _response_schema(openapi: dict[str, Any], path: str) -> dict[str, Any]:
    content = openapi["paths"][path]["get"]["responses"]["200"]["content"]
    return content["application/json"]["schema"]


def test_instructor_and_learner_bodies_are_named_in_the_schema(
    client: TestClient, openapi: dict[str, Any], fixture_corpus: Any
) -> None:
    """What an instructor's and a learner's GETs answer is documented field by field, and the
    real bodies hold to it."""
    from server.review import Answered, answer_card, iso
    from server.store import hash_token
    from tests.server.test_instructor import TEACHER, run_session

    schemas = openapi["components"]["schemas"]
    ref = "#/components/schemas/"
    assert _response_schema(openapi, "/api/me") == {"$ref": ref + "Me"}
    assert list(schemas["Me"]["properties"]) == ["name", "classes"]
    for path, name, fields in [
        (
            "/api/classes/{code}/sessions",
            "SessionSummaryOut",
            ["id", "student", "started", "ended", "lines", "quiz_score", "quiz_total"],
        ),
        (
            "/api/classes/{code}/students",
            "StudentSummaryOut",
            ["student", "sessions", "lines", "quiz_score", "quiz_total", "closeness_mean",
             "last_seen"],
        ),
    ]:  # fmt: skip
        assert _response_schema(openapi, path)["items"] == {"$ref": ref + name}
        assert list(schemas[name]["properties"]) == fields == schemas[name]["required"]
    assert _response_schema(openapi, "/api/learner") == {"$ref": ref + "LearnerProgress"}
    progress = schemas["LearnerProgress"]["properties"]
    assert list(progress) == [
        "name", "class", "items", "answered", "correct", "days", "volumes", "unreadable",
        "waiting",
    ]  # fmt: skip
    assert progress["unreadable"]["items"] == {"$ref": ref + "UnreadableCard"}
    assert list(schemas["UnreadableCard"]["properties"]) == [
        "item", "mode", "problem", "stored", "message",
    ]  # fmt: skip
    assert progress["items"] == {"$ref": ref + "ItemCounts"}
    assert list(schemas["ItemCounts"]["properties"]) == [
        "seen",
        "learned",
        "due",
        "missed",
        "next_due",
    ]
    assert progress["days"]["items"] == {"$ref": ref + "DayTally"}
    assert list(schemas["DayTally"]["properties"]) == ["date", "answered", "correct"]
    assert progress["volumes"]["items"] == {"$ref": ref + "VolumeTally"}
    assert list(schemas["VolumeTally"]["properties"]) == [
        "volume", "title", "answered", "correct", "days",
    ]  # fmt: skip

    run_session(client, fixture_corpus, "Ada", "HIST210")
    store = client.app.state.services.store
    learner = store.create_learner(name="Bo", class_code=None, token_hash=hash_token("bcl_bo"))
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    card = answer_card(None, SEED + "#4", "who_said", False, now)
    store.save_answer(
        learner.id, card, Answered(SEED + "#4", "who_said", "frus1969-76v39", iso(now), False)
    )
    for path, headers in [
        ("/api/me", TEACHER),
        ("/api/classes/HIST210/sessions", TEACHER),
        ("/api/classes/HIST210/students", TEACHER),
        ("/api/learner", {"Authorization": "Bearer bcl_bo"}),
    ]:
        body = client.get(path, headers=headers).json()
        template = path.replace("HIST210", "{code}")
        schema = {**_response_schema(openapi, template), "components": openapi["components"]}
        jsonschema.validators.validator_for(schema)(schema).validate(body)
        assert body, path


def test_the_protocol_docs_document_listing_shows_a_turn_as_it_is_sent(client: TestClient) -> None:
    """docs/protocol.md's `GET /api/documents/{volume}/{doc}` example turn has the fields the
    route sends (before, it left out `editorial_before` and `editorial_after`, and the text said
    only the last turn carries `editorial_after`, though every turn has it, empty but the
    last's)."""
    doc = (Path(__file__).parents[2] / "docs" / "protocol.md").read_text(encoding="utf-8")
    section = doc.split("### `GET /api/documents/{volume}/{doc}` — ")[1].split("\n### ")[0]
    shown = json.loads(section.split("```json\n")[1].split("```")[0])
    sent = client.get(f"/api/documents/{SEED}").json()
    assert list(shown["turns"][0]) == list(sent["turns"][0])
    assert [i for i, t in enumerate(sent["turns"]) if t["editorial_after"]] == [55]
    assert all("editorial_after" in t and "editorial_before" in t for t in sent["turns"])
