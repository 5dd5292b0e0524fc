"""*Lines the record could not answer* lists a line typed by several students once, with how
many typed it and who: a new user's walk found "How was your vacation, Anatoly?" from five
students as five entries, where the teacher wants what the class as a whole could not get
answered. The class is the test's own (GRP532), its work written to the store as the server
writes it."""

from __future__ import annotations

from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.web.flows import open_class

CLASS = "GRP532"
TYPED = [
    ("Ada", "How was your vacation, Anatoly?"),
    ("Bo", "how was ur vacation anatoly"),
    ("Cy", "HOW WAS YOUR VACATION ANATOLY!!"),
    ("Di", "How was your vacation Anatoly"),
    ("Ed", "how was your vacation, anatoly?"),
    ("Fay", "What did you eat in Moscow?"),
]


def test_a_line_five_students_typed_is_one_entry_saying_so(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Grp532 Okafor", CLASS)
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    for who, line in TYPED:
        learner = store.create_learner(name=who, class_code=CLASS, token_hash=f"grp532-{who}")
        played = store.create_session(learner=learner.id, token_hash=f"grp532-{who}-session")
        store.record(played.id, "roleplay.start", {"as": "kissinger", "document": None})
        store.record(played.id, "line", {"text": line})
        store.record(played.id, "reply", {"query": line, "status": "no_match", "reason": "chatter"})
    store.close()

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    page.locator("#unanswered > li", has_text="Moscow").wait_for()
    entries = page.locator("#unanswered > li")
    assert entries.count() == 2
    vacation = page.locator("#unanswered > li", has_text="vacation")
    # the first typed as it was typed (the store writes to the millisecond: here they may tie)
    assert vacation.locator("q").text_content() in [line for _, line in TYPED]
    said = vacation.locator(".help").text_content()
    assert said.startswith("5 students (") and ", as Kissinger, first " in said
    assert sorted(said.split("(")[1].split(")")[0].split(", ")) == ["Ada", "Bo", "Cy", "Di", "Ed"]
    moscow = page.locator("#unanswered > li", has_text="Moscow").locator(".help")
    assert moscow.text_content().startswith("Fay, as Kissinger, ")
    assert page.locator("#unanswered-more").is_hidden()
    assert watched.errors == []
