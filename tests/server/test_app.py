"""The app's public surface: health, the corpus API, the pages and the OpenAPI docs."""

from __future__ import annotations

import itertools
from typing import Any

from fastapi.testclient import TestClient

from tests.server.conftest import SEED, TEACHER_TOKEN
from transcripts import topics


def test_healthz_reports_index(client: TestClient) -> None:
    assert client.get("/healthz").json() == {
        "status": "ok",
        "protocol": 1,
        "documents": 7,
        "turns": 150,
        "model": "all-MiniLM-L6-v2",
    }


def test_list_documents_includes_seed(client: TestClient, fixture_corpus: Any) -> None:
    listing = {d["id"]: d for d in client.get("/api/documents").json()}
    assert set(listing) == {d.id for d in fixture_corpus.documents}
    seed = fixture_corpus.document(SEED)
    assert listing[SEED] == {
        "id": SEED,
        "title": seed.title,
        "volume_title": seed.volume_title,
        "number": 107,
        "date": seed.date,
        "excerpt": False,
        "dialogue": True,
        "turns": 56,
        "url": seed.url,
        "topic": topics()[SEED],
        "participants": [
            {"id": "kissinger", "name": "Henry Kissinger"},
            {"id": "dobrynin", "name": "Anatoly Dobrynin"},
        ],
    }
    assert listing["frus1969-76v12/d95"]["dialogue"] is False


def test_get_document_returns_turns_with_editorial(client: TestClient, fixture_corpus) -> None:
    body = client.get(f"/api/documents/{SEED}").json()
    seed = fixture_corpus.document(SEED)
    assert body["url"] == seed.url
    assert body["participants"] == [
        {"id": "kissinger", "name": "Henry Kissinger"},
        {"id": "dobrynin", "name": "Anatoly Dobrynin"},
    ]
    assert len(body["turns"]) == 56
    assert body["turns"][1] == {
        "index": 1,
        "speaker": "dobrynin",
        "label": "AD",
        "clean_text": seed.turns[1].clean_text,
        "pages": [327],
        "editorial": [
            {"start": 50, "end": 83, "kind": "bracket", "text": "[omission in original transcript]"}
        ],
        "editorial_before": [],
        "editorial_after": [],
    }
    # the editors' note printed after the call's last turn goes with it, and only with it
    assert [t["editorial_after"] for t in body["turns"]] == [[]] * 55 + [
        [
            "[Omitted here is discussion of matters other than a European security conference "
            "or MBFR.]"
        ]
    ]
    assert body["turns"][55]["clean_text"] == "I don’t want to interfere in your domestic affairs."


def test_get_unknown_document_is_404_naming_the_fix(client: TestClient) -> None:
    response = client.get("/api/documents/frus1969-76v39/d999")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "No document 'frus1969-76v39/d999'; GET /api/documents lists the ids."
    }


def test_pages_and_docs_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/documents", "/api/me", "/api/classes/{code}/export.csv", "/healthz"} <= set(paths)


def test_security_headers_on_pages_and_api(client: TestClient) -> None:
    teacher = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
    for path, headers in (
        ("/", {}),
        ("/instructor.html", {}),
        ("/js/student.js", {}),
        ("/api/documents", {}),
        ("/api/me", teacher),
        ("/api/me", {}),
        ("/healthz", {}),
        ("/no-such-page", {}),
    ):
        response = client.get(path, headers=headers)
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "script-src 'self';" in csp, path  # no inline script
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "no-referrer", path
        instructor = path.startswith("/api/") and path != "/api/documents"
        assert response.headers["cache-control"] == ("no-store" if instructor else "no-cache"), path


def test_a_page_file_unchanged_since_the_browser_kept_it_is_a_304(client: TestClient) -> None:
    """Kept with ``no-cache``, a page's file is asked for again before each use: after an
    upgrade the browser gets the new one, and until then a 304 without the file."""
    first = client.get("/js/student.js")
    again = client.get("/js/student.js", headers={"If-None-Match": first.headers["etag"]})
    assert (first.status_code, again.status_code, again.content) == (200, 304, b"")
    assert again.headers["cache-control"] == "no-cache"


def test_exchanges_list_each_answered_line_with_its_reply_and_citation(
    client: TestClient, fixture_corpus: Any
) -> None:
    body = client.get(f"/api/documents/{SEED}/exchanges", params={"as": "kissinger"}).json()
    turns = fixture_corpus.document(SEED).turns
    answered = [
        t.index
        for t, after in itertools.pairwise(turns)
        if t.speaker == "kissinger" and after.speaker == "dobrynin"
    ]
    assert [e["prompt"]["turn"] for e in body] == answered
    first = body[0]
    assert first["prompt"] == {
        "speaker": "kissinger",
        "text": turns[0].clean_text,
        "document": SEED,
        "turn": 0,
        "editorial": [],
    }
    # the reply verbatim, its editorial mark marked as such, and the pages both lines are on
    omission = {
        "start": 50,
        "end": 83,
        "kind": "bracket",
        "text": "[omission in original transcript]",
    }
    assert first["reply"]["speaker"] == "dobrynin"
    assert first["reply"]["turns"][0]["clean_text"] == turns[1].clean_text
    assert first["reply"]["turns"][0]["editorial"] == [omission]
    assert first["citation"]["document"] == SEED
    assert first["citation"]["number"] == 107
    assert first["citation"]["pages"] == [327]
    assert set(first) == {"prompt", "reply", "citation"}
    # Dobrynin's lines: the same line as the one a correction may choose, its mark beside it
    his = client.get(f"/api/documents/{SEED}/exchanges", params={"as": "dobrynin"}).json()
    assert his[0]["prompt"] == {
        "speaker": "dobrynin",
        "text": turns[1].clean_text,
        "document": SEED,
        "turn": 1,
        "editorial": [omission],
    }


def test_exchanges_of_an_unknown_document_or_speaker_say_what_to_give(client: TestClient) -> None:
    missing = client.get("/api/documents/frus1969-76v39/d999/exchanges", params={"as": "dobrynin"})
    assert missing.status_code == 404
    assert missing.json() == {
        "detail": "No document 'frus1969-76v39/d999'; GET /api/documents lists the ids."
    }
    nixon = client.get(f"/api/documents/{SEED}/exchanges", params={"as": "nixon"})
    assert nixon.status_code == 422
    assert nixon.json()["detail"][0]["loc"] == ["query", "as"]
