"""What the class struggled with, on a server whose index has since come to speak of a topic
its students were refused for: the instructor page lists those lines apart, under "Asked about
before the record here held it…", with the topic, how many students and lines, and the words
typed, while a topic the index still lacks stays among what the record does not hold.

The situation is the held_now API test's (tests/server/test_struggles.py): the same stored
refusals, read by a server (in this process, on the page's own files) over an index of a call
that says Cuba.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from embeddings import Index, RolePlay, build_index
from server.services import Services
from tests.embeddings.helpers import small_corpus
from tests.server.conftest import TEACHER_TOKEN, LiveServer, make_services, start
from tests.server.test_struggles import CUBA, JORDAN
from tests.web.flows import sign_in_at

HELD_NOW = (
    "Asked about before the record here held it: documents that speak of these were added "
    "since the lines were refused, so asked again they may be answered."
)


@pytest.fixture
def cuba_server(tmp_path: Path, encoder: Any, chatter_vectors: Any) -> Iterator[LiveServer]:
    """A server over an index whose call says Cuba, its store holding HIST210's refusals: Ada
    asked about Jordan and Cuba, Bo about Castro, while no index here spoke of either."""
    build_index(small_corpus(), chatter_vectors(tmp_path / "index"), encoder=encoder)
    roleplay = RolePlay(Index.load(tmp_path / "index"), encoder, cached=True)
    services: Services = make_services(tmp_path, roleplay)
    for student, line, names in [
        ("Ada", "What about Jordan and Cuba?", ["Jordan", "Cuba"]),
        ("Bo", "And Castro?", ["Castro"]),
    ]:
        played = start(services.store, student, "HIST210", student)
        reply = {"query": line, "status": "no_match", "reason": "unheld", "names": names}
        services.store.record(played.id, "roleplay.start", {"as": "kissinger"})
        services.store.record(played.id, "line", {"text": line})
        services.store.record(played.id, "reply", {**reply, "matches": []})
    server = LiveServer(services)
    yield server
    server.stop()
    services.store.close()


def test_struggles_list_a_topic_the_record_holds_now_apart(cuba_server, open_page):
    watched = open_page()
    page = watched.page
    sign_in_at(page, f"http://127.0.0.1:{cuba_server.port}/instructor.html", TEACHER_TOKEN)
    part = page.locator("#held-now-part")
    part.wait_for(state="visible")
    assert " ".join(part.locator("p.help").text_content().split()) == HELD_NOW
    assert page.locator("#held-now li").all_text_contents() == [
        f"{CUBA} — 2 students, 2 lines (typed: Castro, Cuba)"
    ]
    assert page.locator("#unheld-asked li").all_text_contents() == [
        f"{JORDAN} — 1 student, 1 line (typed: Jordan)"
    ]
    assert page.locator("#unheld-empty").is_hidden()
    # counted under what they named, not again among the lines the record could not answer
    assert page.locator("#unanswered li").count() == 0
    assert watched.errors == []
