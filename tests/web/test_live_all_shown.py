"""A class whose whole history fits in the feed the page opens with offers no *Show earlier*:
the feed says it holds everything. Found on a walk through the instructor page: a class of two
students and eight lines showed the button, whose one press only said "That is everything the
class has done."; a class longer than the history still offers it."""

from __future__ import annotations

from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.web.flows import live_feed, open_class, wait_until
from tests.web.test_live_history import refused_lines

COUNT = "document.querySelectorAll('#live-feed li').length"
EVERYTHING = "That is everything the class has done."


def test_a_short_class_feed_says_it_holds_everything(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Whole-Feed 41", "ALL41A")
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    refused_lines(store, "Wilhelmina 41", "ALL41A", 4)
    store.close()

    watched = open_page()
    teacher = watched.page
    open_class(teacher, live_server.url, token, "ALL41A")
    wait_until(teacher, f"{COUNT} === 9")  # the join, then 4 lines and their replies
    assert live_feed(teacher)[-1] == ("connect", "Wilhelmina 41 joined")
    teacher.locator("#live-earlier-note", has_text=EVERYTHING).wait_for()
    assert teacher.locator("#live-earlier-button").is_hidden()
    assert watched.errors == []


def test_a_longer_class_feed_still_offers_show_earlier(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Part-Feed 41", "ALL41B")
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    refused_lines(store, "Wystan 41", "ALL41B", 26)  # 52 lines and replies: the history is 50
    store.close()

    watched = open_page()
    teacher = watched.page
    open_class(teacher, live_server.url, token, "ALL41B")
    wait_until(teacher, f"{COUNT} === 50")
    teacher.wait_for_timeout(500)  # the history's answer is drawn: the button stays
    assert teacher.locator("#live-earlier-button").is_visible()
    assert teacher.locator("#live-earlier-note").text_content() == ""
    assert watched.errors == []
