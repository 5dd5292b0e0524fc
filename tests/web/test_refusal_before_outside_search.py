"""A line refused within a scenario before the rest of the record was searched for such lines
(before 1046d2d), or searched without that being kept (before searched_outside was), carries no
`elsewhere`, as a line searched in vain does. The instructor page said of it "(nothing outside
it was found to answer it)": false of a line the rest of the record was never searched for.
Now what the class struggled with and the transcript card say that it is not known, and the
live feed says nothing of the rest of the record; of a line searched in vain they say so.

The class is a new instructor's own (OLD1046), so the other browser tests' classes are
untouched.
"""

from __future__ import annotations

from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.web.flows import live_feed, open_class, wait_until

CLASS = "OLD1046"
OLD = "What about the Egyptian army?"
NEW = "What is the capital of Australia?"
WAR = "The October 1973 war"
UNKNOWN = (
    "not known whether the record outside it answers it: the line was refused before that was kept"
)


def test_a_refusal_stored_before_the_search_is_not_said_to_have_nothing_outside(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Baraka", CLASS)
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    learner = store.create_learner(name="Lin", class_code=CLASS, token_hash="old1046-t")
    session = store.create_session(learner=learner.id, token_hash="old1046-t-session")
    start = {"as": "kissinger", "document": None, "scenario": "topic:war-1973"}
    store.record(session.id, "roleplay.start", start)
    for line, searched in ((OLD, {}), (NEW, {"searched_outside": True})):
        store.record(session.id, "line", {"text": line, "position": None})
        refused = {"query": line, "status": "no_match", "matches": [], "suggestions": []}
        bar = {"reason": "weak", "names": [], "score": None, "threshold": 0.6, "strict": False}
        store.record(session.id, "reply", {**refused, **bar, **searched})
    store.close()

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    wait_until(page, "document.querySelectorAll('#live-feed li').length === 5")
    assert [text for kind, text in live_feed(page) if kind == "reply"] == [
        f"Lin → no match within “{WAR}” (our summary); nothing outside it was found to answer it",
        f"Lin → no match within “{WAR}” (our summary)",
    ]

    def struggled(line: str) -> str:
        entry = page.locator("#unanswered li", has_text=line).locator(".help")
        entry.wait_for()
        return entry.text_content()

    nothing = "nothing outside it was found to answer it"
    assert struggled(NEW).endswith(f", within “{WAR}” (our summary); {nothing}")
    assert struggled(OLD).endswith(f", within “{WAR}” (our summary); {UNKNOWN}")

    page.locator("#sessions tbody tr", has_text="Lin").get_by_role("button").click()
    cards = page.locator("#transcript li[data-status='no_match']")
    cards.nth(1).wait_for()
    assert cards.filter(has_text=OLD).locator(".outside-note").text_content() == (
        "Not known whether the record outside it answers it: the line was refused before that "
        "was kept."
    )
    assert cards.filter(has_text=NEW).locator(".outside-note").text_content() == (
        "Nothing outside it was found to answer it either."
    )
    assert watched.errors == []
