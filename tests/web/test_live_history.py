"""The live class keeps its history across a reload: the page shows the class's last lines,
replies and quiz answers from the store, then what comes live, each once (a teacher found
"Watch the class live" empty after every reload, however busy the class had been)."""

from __future__ import annotations

from tests.web.conftest import add_instructor
from tests.web.flows import SEED_LINE, join, open_class, say, start_roleplay, wait_until

SECOND = "Anatol, is Moscow still ready for the summit in May?"
THIRD = "Anatol, I will call you before you leave for Moscow."
# Each entry after its time: "Kwame said “…”".
ENTRIES = """[...document.querySelectorAll('#live-feed li')].map((li) =>
  [li.dataset.kind, li.textContent.slice(li.querySelector('time').textContent.length + 1)])"""
KEYS = "[...document.querySelectorAll('#live-feed li')].map((li) => li.dataset.key)"
COUNT = "document.querySelectorAll('#live-feed li').length"


def _feed(page) -> list[tuple[str, str]]:
    return [tuple(entry) for entry in page.evaluate(ENTRIES)]


def test_the_live_feed_shows_the_class_s_history_after_a_reload(live_server, open_page):
    token = add_instructor("Prof. Amara", "HIS410", live_server.data, live_server.env)
    student = open_page().page
    join(student, live_server.url, "Kwame", "HIS410")
    start_roleplay(student)
    say(student, SEED_LINE)
    say(student, SECOND)

    watched = open_page()
    teacher = watched.page
    open_class(teacher, live_server.url, token, "HIS410")
    wait_until(teacher, f"{COUNT} === 6")
    history = _feed(teacher)
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
    assert _feed(teacher) == history

    # An event that comes live while the history is on its way is in both: shown once.
    held = []
    teacher.route("**/api/classes/HIS410/live", lambda route: held.append(route))
    teacher.reload()
    teacher.locator("#live-state", has_text="following your classes").wait_for()
    say(student, THIRD)
    teacher.locator('#live-feed li[data-kind="reply"]').wait_for(timeout=10_000)
    assert [kind for kind, _ in _feed(teacher)] == ["reply", "line"]  # only what came live
    assert held  # the page asked for the history, which waits
    for route in held:
        route.continue_()
    wait_until(teacher, f"{COUNT} === 8")
    now = _feed(teacher)
    assert now[1] == ("line", f"Kwame said “{THIRD}”")
    assert now[2:] == history
    assert len(set(teacher.evaluate(KEYS))) == 8
    assert watched.errors == []
