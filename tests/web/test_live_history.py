"""The live class keeps its history across a reload: the page shows the class's last lines,
replies and quiz answers from the store, then what comes live, each once (a teacher found
"Watch the class live" empty after every reload, however busy the class had been). A refusal
in the history names the scenario it was refused within, though its role-play began before
the history does; and the joins and leaves of a class that keeps reloading its pages do not
push its lines out of the feed."""

from __future__ import annotations

from server.store import SessionRecord
from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.served import _cli
from tests.web.flows import (
    SEED_LINE,
    live_feed,
    open_class,
    say,
    wait_for_seen,
    wait_until,
)

SECOND = "Anatol, is Moscow still ready for the summit in May?"
THIRD = "Anatol, I will call you before you leave for Moscow."
KEYS = "[...document.querySelectorAll('#live-feed li')].map((li) => li.dataset.key)"
COUNT = "document.querySelectorAll('#live-feed li').length"


def test_the_live_feed_shows_the_class_s_history_after_a_reload(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Amara", "HIS410")
    student = classroom.student("Kwame", "HIS410", SEED_LINE, SECOND)

    watched = open_page()
    teacher = watched.page
    open_class(teacher, live_server.url, token, "HIS410")
    wait_until(teacher, f"{COUNT} === 6")
    history = live_feed(teacher)
    assert [kind for kind, _ in history] == [
        "reply",
        "line",
        "reply",
        "line",
        "roleplay.start",
        "connect",
    ]
    assert [text for _, text in history[1::2]] == [
        f"Kwame said “{SECOND}”",
        f"Kwame said “{SEED_LINE}”",
        "Kwame joined",
    ]
    assert history[4] == ("roleplay.start", "Kwame started a role-play as Kissinger")
    assert teacher.locator("#live-empty").is_hidden()

    teacher.reload()  # signed in still (the token is kept for the tab): the same feed
    teacher.locator("#live-state", has_text="following your classes").wait_for()
    wait_until(teacher, f"{COUNT} === 6")
    assert live_feed(teacher) == history

    # An event that comes live while the history is on its way is in both: shown once.
    held = []
    teacher.route("**/api/classes/HIS410/live", lambda route: held.append(route))
    teacher.reload()
    teacher.locator("#live-state", has_text="following your classes").wait_for()
    say(student, THIRD)
    teacher.locator('#live-feed li[data-kind="reply"]').wait_for()
    assert [kind for kind, _ in live_feed(teacher)] == ["reply", "line"]  # only what came live
    wait_for_seen(teacher, lambda: held, "the page's request for the history, which waits")
    for route in held:
        route.continue_()
    wait_until(teacher, f"{COUNT} === 8")
    now = live_feed(teacher)
    assert now[1] == ("line", f"Kwame said “{THIRD}”")
    assert now[2:] == history
    assert len(set(teacher.evaluate(KEYS))) == 8
    assert watched.errors == []


def test_a_refusal_in_the_history_names_the_scenario_of_its_role_play(
    live_server, open_page, classroom
):
    """The history of one line (its reply: the page asks for ``limit=1``) does not hold the
    role-play's start, which said the scenario: the reply names it (the page said "no match in
    the record" for a line only the 1973 war's conversations were asked), by its title, though
    the scenarios' titles come after the history (it said the id, "topic:war-1973")."""
    token = classroom.teacher("Prof. Idowu", "LIV411")
    where = ("--data", str(live_server.data))
    scenario = ("instructor", "scenario", "LIV411", "topic:war-1973", *where)
    assert _cli(*scenario, env=live_server.env).returncode == 0
    # SEED_LINE is the seed's own words: its conversation lies outside the war
    classroom.student("Sade", "LIV411", SEED_LINE)

    watched = open_page()
    teacher = watched.page
    teacher.route(
        "**/api/classes/LIV411/live",
        lambda route: route.continue_(url=route.request.url + "?limit=1"),
    )
    held = []
    teacher.route("**/api/scenarios", lambda route: held.append(route))
    with teacher.expect_response(lambda response: "/live?limit=1" in response.url):
        open_class(teacher, live_server.url, token, "LIV411")
    wait_for_seen(teacher, lambda: held, "the page's request for the scenarios")
    for route in held:
        route.continue_()
    wait_until(teacher, f"{COUNT} === 1")
    assert live_feed(teacher) == [
        (
            "reply",
            "Sade → no match within “The October 1973 war” (our summary); the record outside it "
            "answers it: "
            "European security and troop cuts: talks on MBFR in parallel with the security "
            "conference our summary, FRUS 1969–1976, vol. XXXIX, doc. 107, p. 327",
        ),
    ]
    assert watched.errors == []


def refused_lines(store: SQLiteStore, student: str, code: str, count: int) -> SessionRecord:
    """A session of ``student`` in class ``code``, stored as if they had typed ``count`` lines
    ("line 1", "line 2", …) and each been refused: a busy feed, written without a browser."""
    key = f"{code.lower()}-{student.lower()}"
    learner = store.create_learner(name=student, class_code=code, token_hash=key)
    session = store.create_session(learner=learner.id, token_hash=f"{key}-session")
    store.record(session.id, "connect", {"resumed": False})
    for n in range(1, count + 1):
        store.record(session.id, "line", {"text": f"line {n}"})
        refused = {"query": f"line {n}", "status": "no_match", "matches": [], "reason": "weak"}
        store.record(session.id, "reply", refused)
    return session


def test_the_feed_keeps_two_hundred_lines_and_replies_whatever_the_joins_among_them(
    live_server, open_page, classroom
):
    """A hundred and ten lines and their replies, then thirty reloads: the page asks for them
    all (``limit=200``) and keeps the last two hundred lines and replies, with the sixty joins
    and leaves after the oldest of them (it kept sixty entries of any kind once: the reloads and
    ten lines; then sixty lines and replies, about thirty seconds of a class of thirty)."""
    token = classroom.teacher("Prof. Oduya", "LIV412")
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    session = refused_lines(store, "Tobi", "LIV412", 110)
    for _ in range(30):
        store.record(session.id, "disconnect", {})
        store.record(session.id, "connect", {"resumed": True})
    store.close()

    watched = open_page()
    teacher = watched.page
    teacher.route(
        "**/api/classes/LIV412/live",
        lambda route: route.continue_(url=route.request.url + "?limit=200"),
    )
    open_class(teacher, live_server.url, token, "LIV412")
    wait_until(teacher, f"{COUNT} === 260")
    feed = live_feed(teacher)
    assert feed[:2] == [("connect", "Tobi came back"), ("disconnect", "Tobi left")]
    assert [kind for kind, _ in feed[:60]] == ["connect", "disconnect"] * 30
    assert feed[60:62] == [
        ("reply", "Tobi → no match in the record"),
        ("line", "Tobi said “line 110”"),
    ]
    assert feed[-1] == ("line", "Tobi said “line 11”")
    # all it keeps of itself; the ten lines before them are Show earlier's
    assert teacher.locator("#live-earlier-button").is_visible()
    assert teacher.locator("#live-earlier-note").text_content() == ""
    assert watched.errors == []
