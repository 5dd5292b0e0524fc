"""*Lines the record could not answer* lists a line typed by several students once, with how
many typed it and who: a new user's walk found "How was your vacation, Anatoly?" from five
students as five entries, where the teacher wants what the class as a whole could not get
answered. The class is the test's own (GRP532), its work written to the store as the server
writes it."""

from __future__ import annotations

import sqlite3

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


PICKED_CLASS = "GRP533"
OFFERED = {
    "prompt": {"speaker": "kissinger", "text": "The Chinese will protest.", "document": "v/d1"},
    "reply": {"speaker": "dobrynin", "text": "They will.", "turns": []},
    "score": 0.41,
}
# who typed the line, why it was refused, and whether a suggested line was picked after it
REFUSED = [
    ("Ada", "weak", False),
    ("Bo", "weak", True),
    ("Cy", "weak", False),
    ("Di", "instructor", True),
    ("Ed", "instructor", False),
]


def test_a_line_typed_again_says_every_pick_and_every_reason(live_server, open_page, classroom):
    """The entry kept the first line's pick and reason alone: it read as never picked from, and
    refused by the search alone, when two students had picked a suggested line after it and
    the teacher's correction had refused it twice since."""
    token = classroom.teacher("Prof. Grp533 Mensah", PICKED_CLASS)
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    line = "How was your summer, Anatoly?"
    for second, (who, reason, picked) in enumerate(REFUSED):
        learner = store.create_learner(
            name=who, class_code=PICKED_CLASS, token_hash=f"grp533-{who}"
        )
        played = store.create_session(learner=learner.id, token_hash=f"grp533-{who}-session")
        store.record(played.id, "roleplay.start", {"as": "kissinger", "document": None})
        store.record(played.id, "line", {"text": line})
        refusal = {"query": line, "status": "no_match", "reason": reason, "matches": [OFFERED]}
        store.record(played.id, "reply", refusal)
        if picked:
            store.record(played.id, "pick", {"suggestion": 0})
            chosen = {"query": line, "status": "picked", "matches": [OFFERED], "picked": 0}
            store.record(played.id, "reply", chosen)
        # a second apart, in the order above: the store writes to the millisecond, and lines
        # of one millisecond would be ordered by their sessions' ids
        with sqlite3.connect(live_server.data / SQLITE_FILE) as db:
            db.execute(
                "UPDATE events SET at = ? WHERE session_id = ?",
                (f"2026-12-05T10:00:{second:02d}.000Z", played.id),
            )
    store.close()

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, PICKED_CLASS)
    entry = page.locator("#unanswered > li", has_text="summer")
    entry.wait_for()
    assert page.locator("#unanswered > li").count() == 1
    said = entry.locator(".help").first.text_content()
    assert said.startswith("5 students (") and ", as Kissinger, first " in said
    assert said.endswith(
        "; a suggested line picked 2 of 5 times. Of the 5 times it was typed: "
        "3 no close match, 2 refused by your correction."
    )
    assert watched.errors == []
