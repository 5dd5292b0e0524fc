"""A class shared and taken back while the colleague's instructor page is open: their list and
their live feed follow at once, without a reload or a new socket (a teacher found a class
shared with them only after reloading, and one taken back still listed).

Every teacher of a class with the page open sees its "Teachers:" line follow too, when a third
teacher is added or one taken off elsewhere (the line stayed as it was until a reload).

The classes are new instructors' own (HIS440, HIS441, HIS442), so the other browser tests'
classes are untouched.
"""

from __future__ import annotations

from tests.served import _cli
from tests.web.flows import SEED_LINE, heard, live_feed, open_class, received, say

# The recorded line SEED_LINE matched, and the reply it got: the feed names both, and where
MATCHED = (
    "Anatol, two things about our discussions this morning. First on the MBFR Conference, we "
    "might be prepared to have just an exploratory meeting by ambassadors somewhere say in "
    "Geneva—with some experts from the Capitol so as to keep this imagery between it and the "
    "European Security Conference, but if you totally refuse anything, it will create major "
    "problems with our allies, whom we have told as a result of the summit there was a "
    "certain parallelism."
)
OMISSION = "[omission in original transcript]"
REPLY = f"What about the conference—this was a multilateral {OMISSION} conference."
ANSWERED = (
    f"Nadia → “{SEED_LINE}” matched Kissinger’s recorded line “{MATCHED}” (vol. XXXIX, doc. "
    f"107, p. 327, line 1). Dobrynin replied: “{REPLY}” (FRUS 1969–1976, vol. XXXIX, doc. 107, "
    "p. 327)"
)
SECOND = "Anatol, is Moscow still ready for the summit in May?"
SHARED = "HIS440 is shared with you now: Prof. Kaur teaches it with you."
REMOVED = (
    "Your access to class HIS440 was removed: it is no longer shared with you. One of its "
    "teachers can share it again."
)


def test_a_class_shared_and_taken_back_reaches_the_colleague_s_open_page(
    live_server, open_page, classroom
):
    kaur = classroom.teacher("Prof. Kaur", "HIS440")
    dahl = classroom.teacher("Mr. Dahl", "HIS441")
    nadia = classroom.student("Nadia", "HIS440")

    owner = open_page()
    lee = owner.page
    open_class(lee, live_server.url, kaur, "HIS440")
    colleague = open_page()
    page = colleague.page
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    frames = received(page, "live.event", "class.shared", "class.unshared")
    open_class(page, live_server.url, dahl, "HIS441")
    page.locator("#live-state", has_text="following your classes").wait_for()
    buttons = page.locator("#classes button")
    assert buttons.all_text_contents() == ["HIS441 · 0 students · 0 sessions"]

    # Shared: listed at once, said in the list's status, its line in the feed as it comes.
    lee.get_by_label("Share with a colleague…").fill("mr. dahl")
    lee.get_by_role("button", name="Share", exact=True).click()
    status = lee.locator("#class-share-status")
    status.filter(has_text="Shared with").wait_for()
    assert status.text_content() == (
        "Shared with Mr. Dahl: HIS440 is in their classes now, on a page of theirs already "
        "open too."
    )
    shared = page.locator('#classes button[data-code="HIS440"]')
    shared.wait_for()
    assert buttons.all_text_contents() == [
        "HIS440 · 1 student · 1 session · 2 teachers",
        "HIS441 · 0 students · 0 sessions",
    ]
    assert page.locator("#classes-status").text_content() == SHARED
    assert page.locator("#class-title").text_content() == "Class HIS441"  # still the one open
    shared.click()
    page.locator("#class-title", has_text="Class HIS440").wait_for()
    page.locator('#live-feed li[data-kind="roleplay.start"]').wait_for()  # its history
    assert live_feed(page) == [
        ("roleplay.start", "Nadia started a role-play as Kissinger"),
        ("connect", "Nadia joined"),
    ]
    say(nadia, SEED_LINE)
    page.locator('#live-feed li[data-kind="reply"]').wait_for()
    feed = live_feed(page)
    assert feed[:2] == [
        ("reply", ANSWERED),
        ("line", f"Nadia said “{SEED_LINE}”"),
    ]
    marks = page.locator('#live-feed li[data-kind="reply"] .editorial')
    assert marks.evaluate_all("ms => ms.map(m => [m.textContent, m.title])") == [
        [OMISSION, "editorial note, not speech"]
    ]
    heard(page, frames, 2)
    came = [(f["type"], f.get("class"), f.get("kind")) for f in frames]
    assert came == [
        ("class.shared", "HIS440", None),
        ("live.event", "HIS440", "line"),
        ("live.event", "HIS440", "reply"),
    ]
    assert frames[0]["instructors"] == ["Prof. Kaur", "Mr. Dahl"]

    # Taken back: out of the list, said plainly, its view closed; nothing more of it comes.
    lee.get_by_role("button", name="Stop sharing HIS440 with Mr. Dahl").click()
    status.filter(has_text="Stopped sharing").wait_for()
    shared.wait_for(state="detached")
    assert buttons.all_text_contents() == ["HIS441 · 0 students · 0 sessions"]
    assert page.locator("#classes-status").text_content() == REMOVED
    assert page.locator("#class-view").is_hidden()
    heard(page, frames, 3)
    assert frames[-1] == {"type": "class.unshared", "class": "HIS440"}
    told = len(frames)
    say(nadia, SECOND)  # in HIS440, no longer his
    page.locator('#classes button[data-code="HIS441"]').click()
    page.locator("#class-title", has_text="Class HIS441").wait_for()
    classroom.student("Omar", "HIS441", SECOND)
    page.locator('#live-feed li[data-kind="reply"]').wait_for()
    assert [kind for kind, _ in live_feed(page)] == ["reply", "line", "roleplay.start", "connect"]
    assert live_feed(page)[1] == ("line", f"Omar said “{SECOND}”")
    heard(page, frames, told + 3)
    assert [(f.get("class"), f.get("student")) for f in frames[told:]] == [("HIS441", "Omar")] * 4
    assert len([s for s in sockets if "/ws/live" in s]) == 1  # one socket all along
    assert owner.errors == [] and colleague.errors == []


def _teachers(page) -> list[str]:
    """The open class's "Teachers:" line, each teacher as it reads."""
    return page.locator("#class-teachers .teacher").all_text_contents()


def test_a_third_teacher_reaches_every_teacher_s_open_page(live_server, open_page, classroom):
    """Two teachers have HIS442 open; a third is added from the command line, then one taken
    off: both pages' "Teachers:" lines (and class buttons) follow, without a reload."""
    data = ("--data", str(live_server.data))
    sato = classroom.teacher("Prof. Sato", "HIS442")
    added = _cli("instructor", "add", "Mr. Ilves", *data, env=live_server.env)
    assert added.returncode == 0, added.stderr
    ilves = added.stdout.split()[-1]
    assert _cli("instructor", "add", "Ms. Wu", *data, env=live_server.env).returncode == 0
    share = ("instructor", "share", "HIS442")
    assert _cli(*share, "Mr. Ilves", *data, env=live_server.env).returncode == 0

    first, second = open_page(), open_page()
    pages = [first.page, second.page]
    open_class(pages[0], live_server.url, sato, "HIS442")
    open_class(pages[1], live_server.url, ilves, "HIS442")
    for page in pages:
        page.locator("#live-state", has_text="following your classes").wait_for()
    assert [_teachers(p) for p in pages] == [
        ["Prof. Sato (you)", "Mr. Ilves"],
        ["Prof. Sato", "Mr. Ilves (you)"],
    ]

    assert _cli(*share, "ms. wu", *data, env=live_server.env).returncode == 0
    for page in pages:
        page.locator("#class-teachers .teacher", has_text="Ms. Wu").wait_for()
    assert [_teachers(p) for p in pages] == [
        ["Prof. Sato (you)", "Mr. Ilves", "Ms. Wu"],
        ["Prof. Sato", "Mr. Ilves (you)", "Ms. Wu"],
    ]
    assert [p.locator("#class-teachers").text_content() for p in pages] == [
        "Teachers: Prof. Sato (you), Mr. Ilves×, Ms. Wu×",
        "Teachers: Prof. Sato×, Mr. Ilves (you), Ms. Wu×",
    ]
    assert [p.locator('#classes button[data-code="HIS442"]').text_content() for p in pages] == [
        "HIS442 · 0 students · 0 sessions · 3 teachers"
    ] * 2

    unshare = ("instructor", "unshare", "HIS442", "Prof. Sato", *data)
    assert _cli(*unshare, env=live_server.env).returncode == 0
    pages[1].locator("#class-teachers .teacher", has_text="Prof. Sato").wait_for(state="detached")
    assert _teachers(pages[1]) == ["Mr. Ilves (you)", "Ms. Wu"]
    assert pages[1].locator('#classes button[data-code="HIS442"]').text_content() == (
        "HIS442 · 0 students · 0 sessions · 2 teachers"
    )
    pages[0].locator("#classes-status", has_text="was removed").wait_for()
    assert first.errors == [] and second.errors == []
