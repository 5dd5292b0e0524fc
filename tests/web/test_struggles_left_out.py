"""What the class struggled with says how many lines and quiz items its lists leave out. A
class of 32 refused lines and 32 missed items was shown 30 of each, the newest lines and the
items missed most, under "What students wanted to say and the record holds no answer for
(newest first)", and nothing said there were more: a teacher took the 30 for every one, beside
a progress table counting 32 refused. The class is the test's own (LFT229), its work written
to the store as the server writes it."""

from __future__ import annotations

from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.server.test_struggles import ASKED_54, CITED_329
from tests.web.flows import open_class

CLASS = "LFT229"
CHOICES = [
    {"id": "b", "text": "I don’t want to interfere in your domestic affairs."},
    {"id": "c", "text": "I didn’t want to bother you."},
]


def test_the_struggle_lists_say_how_many_they_leave_out(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Brannigan", CLASS)
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    learner = store.create_learner(name="Liv", class_code=CLASS, token_hash="lft229-l")
    played = store.create_session(learner=learner.id, token_hash="lft229-l-session")
    store.record(played.id, "roleplay.start", {"as": "kissinger", "document": None})
    for n in range(1, 33):
        line = f"Line {n} nobody recorded?"
        store.record(played.id, "line", {"text": line})
        store.record(played.id, "reply", {"query": line, "status": "no_match", "reason": "weak"})
        asked = {**ASKED_54, "turn": n}  # 32 items, each missed once
        question = {"quiz": "z", "id": f"q{n}", "mode": "what_next", "prompt": asked}
        store.record(played.id, "quiz.question", {**question, "context": [], "choices": CHOICES})
        result = {"quiz": "z", "id": f"q{n}", "correct": False, "given": "c", "answer": "b"}
        store.record(played.id, "quiz.result", {**result, "citation": CITED_329, "prompt": asked})
    store.close()

    page = open_page().page
    open_class(page, live_server.url, token, CLASS)
    page.locator("#progress-chart", has_text="0 of 32").first.wait_for()
    assert page.locator("#unanswered > li").count() == 30
    assert page.locator("#unanswered-more").text_content() == (
        "Listed: the newest 30 of the 32 lines the record could not answer. "
        "The CSV export has every one."
    )
    assert page.locator("#missed > li").count() == 30
    assert page.locator("#missed-more").text_content() == (
        "Listed: the 30 items missed most, of the 32 items missed. The CSV export has every answer."
    )
