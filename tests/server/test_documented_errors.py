"""The OpenAPI document lists the 401, 403 and 404 the instructor API gives (server.
documented_errors), and each route really gives them: the document listed none, so a reader
and schemathesis took each for an undocumented status."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from server.routers.learner import NO_MISSED, UNKNOWN_LEARNER
from tests.server.conftest import OTHER_TOKEN, TEACHER_TOKEN

OTHER = {"Authorization": f"Bearer {OTHER_TOKEN}"}
TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
METHODS = ("get", "post", "put", "delete")


def _instructor_routes(client: TestClient) -> dict[tuple[str, str], dict[str, Any]]:
    paths = client.get("/openapi.json").json()["paths"]
    return {
        (method, path): operation
        for path, operations in paths.items()
        for method, operation in operations.items()
        if method in METHODS and "instructor" in operation["tags"]
    }


def _address(path: str, code: str) -> str:
    fill = {"code": code, "session_id": "nosuchsession", "name": "Okafor", "correction_id": "1"}
    return re.sub(r"\{(\w+)(?::path)?\}", lambda m: fill[m.group(1)], path)


def test_every_instructor_route_documents_the_refusals_it_gives(client: TestClient) -> None:
    routes = _instructor_routes(client)
    assert len(routes) >= 20  # every route of the instructor API, not a few
    for (method, path), operation in routes.items():
        documented = set(operation["responses"])
        scoped = "{code}" in path or "{session_id}" in path
        wanted = {"401", "403", "404"} if scoped else {"401"}
        assert wanted <= documented, (method, path, documented)
        detail = operation["responses"]["401"]["content"]["application/json"]["schema"]
        assert detail["required"] == ["detail"]
    me = routes[("get", "/api/me")]["responses"]
    assert not {"403", "404"} & set(me)  # not a class's: neither is given
    share = routes[("put", "/api/classes/{code}/instructors/{name}")]["responses"]
    assert share["404"]["description"] == "No such class, or no instructor of that name."


def test_the_refusals_documented_are_the_ones_given(client: TestClient) -> None:
    """Each read or delete of a class or session: 401 without a token, 404 for a class that
    does not exist, 403 for another teacher's (what the document now says)."""
    for (method, path), _ in _instructor_routes(client).items():
        if method not in ("get", "delete"):
            continue
        unauthorized = client.request(method, _address(path, "HIST210"))
        assert unauthorized.status_code == 401, (method, path)
        assert unauthorized.headers["www-authenticate"] == "Bearer"
        if "{code}" not in path:
            continue
        missing = client.request(method, _address(path, "NOPE99"), headers=TEACHER)
        assert (missing.status_code, missing.json()) == (404, {"detail": "No class 'NOPE99'."})
        forbidden = client.request(method, _address(path, "HIST210"), headers=OTHER)
        assert forbidden.status_code == 403, (method, path)


def test_the_learner_routes_document_and_give_their_401(client: TestClient) -> None:
    """The learner's routes (progress, scenario, missed deck) answer 401 without a learner
    token; the document listed it for none of them."""
    paths = client.get("/openapi.json").json()["paths"]
    learner = sorted(path for path in paths if path.startswith("/api/learner"))
    assert learner == ["/api/learner", "/api/learner/missed.apkg", "/api/learner/scenario"]
    for path in learner:
        responses = paths[path]["get"]["responses"]
        assert responses["401"]["content"]["application/json"]["example"] == {
            "detail": UNKNOWN_LEARNER
        }
        given = client.get(path)
        assert (given.status_code, given.json()) == (401, {"detail": UNKNOWN_LEARNER}), path
    missed = paths["/api/learner/missed.apkg"]["get"]["responses"]["404"]
    assert missed["content"]["application/json"]["example"] == {"detail": NO_MISSED}
