"""The live feed opens with the class's last 50 lines, replies and quiz answers and shows
earlier ones on demand (it kept 60, about 30 seconds of a class of thirty: a teacher who looked
away for a minute could not scroll back). The class is the test's own (LEA415)."""

from __future__ import annotations

import re

from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.web.flows import live_feed, open_class, wait_for_seen, wait_until
from tests.web.test_live_history import refused_lines

COUNT = "document.querySelectorAll('#live-feed li').length"


def test_show_earlier_brings_the_lines_before_the_history(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Ishikawa-Brandt", "LEA415")
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    refused_lines(store, "Wenceslas", "LEA415", 30)
    store.close()

    watched = open_page()
    teacher = watched.page
    open_class(teacher, live_server.url, token, "LEA415")
    wait_until(teacher, f"{COUNT} === 50")  # the last 25 lines and their replies
    assert live_feed(teacher)[-1] == ("line", "Wenceslas said “line 6”")
    assert teacher.locator("#live-earlier-note").text_content() == ""

    teacher.get_by_role("button", name="Show earlier").click()
    wait_until(teacher, f"{COUNT} === 61")
    feed = live_feed(teacher)
    assert feed[-3:] == [
        ("reply", "Wenceslas → no match in the record"),
        ("line", "Wenceslas said “line 1”"),
        ("connect", "Wenceslas joined"),
    ]
    assert feed[:2] == [
        ("reply", "Wenceslas → no match in the record"),
        ("line", "Wenceslas said “line 30”"),
    ]
    wait_until(teacher, "document.querySelector('#live-earlier-button').hidden")
    assert teacher.locator("#live-earlier-note").text_content() == (
        "That is everything the class has done."
    )
    assert watched.errors == []


def test_show_earlier_reads_back_past_two_hundred_to_the_first_line(
    live_server, open_page, classroom
):
    """Show earlier stopped at the 200 lines and replies the feed keeps ("The feed keeps the
    last 200 …"): a teacher could not read further back. Now each press asks for the 50 before
    the oldest entry shown (`before`), and the feed keeps them, back to the class's first line."""
    token = classroom.teacher("Prof. Villanueva-Oyelaran", "LEA416")
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    refused_lines(store, "Eulalia", "LEA416", 130)
    store.close()

    watched = open_page()
    teacher = watched.page
    asked = []
    teacher.on(
        "request", lambda r: asked.append(r.url.split("/live", 1)[1]) if "/live?" in r.url else None
    )
    open_class(teacher, live_server.url, token, "LEA416")
    wait_until(teacher, f"{COUNT} === 50")
    for shown in (100, 150, 200, 250, 261):
        teacher.get_by_role("button", name="Show earlier").click()
        wait_until(teacher, f"{COUNT} === {shown}")
    feed = live_feed(teacher)
    lines = [text for kind, text in feed if kind == "line"]
    assert lines == [f"Eulalia said “line {n}”" for n in range(130, 0, -1)]
    assert feed[-1] == ("connect", "Eulalia joined")
    assert teacher.locator("#live-earlier-note").text_content() == (
        "That is everything the class has done."
    )
    assert teacher.locator("#live-earlier-button").is_hidden()
    # each press asked for what came before the oldest entry shown then
    assert [query.split("&")[0] for query in asked] == ["?limit=50"] * 5
    assert all("&before=" in query for query in asked)
    assert watched.errors == []


def test_a_double_click_on_show_earlier_reads_the_earlier_entries_once(
    live_server, open_page, classroom
):
    """A double click on Show earlier sent two requests for the same 50 entries, the second
    while the first was still being read. Now the button is off until its entries came: one
    request, and lines 60 to 11 each shown once, newest first."""
    token = classroom.teacher("Prof. Abernathy-Quispe", "LEA417")
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    refused_lines(store, "Ottoline", "LEA417", 60)
    store.close()

    watched = open_page()
    teacher = watched.page
    held = []  # the earlier entries' requests, answered once the double click is over
    teacher.route(re.compile(r"/live\?.*before="), lambda route: held.append(route))
    open_class(teacher, live_server.url, token, "LEA417")
    wait_until(teacher, f"{COUNT} === 50")
    button = teacher.get_by_role("button", name="Show earlier")
    button.dblclick()
    wait_for_seen(teacher, lambda: held, "the first click's request for the earlier entries")
    assert button.is_disabled()  # while its entries are read
    for route in list(held):
        route.continue_()
    wait_until(teacher, f"{COUNT} === 100")
    wait_until(teacher, "!document.querySelector('#live-earlier-button').disabled")
    assert len(held) == 1
    lines = [text for kind, text in live_feed(teacher) if kind == "line"]
    assert lines == [f"Ottoline said “line {n}”" for n in range(60, 10, -1)]
    assert watched.errors == []
