"""What a student does on the page, step by step, shared by the browser tests."""

from __future__ import annotations

import json
import re
import sqlite3
import time
import weakref
from collections.abc import Callable

SEED = "frus1969-76v39/d107"
# Close to Kissinger's first line in the seed (turn 0), in a student's own words.
SEED_LINE = (
    "Anatol, two things about our talks this morning. On the MBFR conference, we might be "
    "prepared to have an exploratory meeting of ambassadors, say in Geneva."
)
XSS_LINE = "<img src=x onerror=alert(1)>"
# The editors' bracket inside Dobrynin's line of the seed (turn 1, p. 327), and the words
# outside it: what a reader must take as spoken wherever the line is shown.
MARK = "[omission in original transcript]"
MARKED_SPOKEN = "What about the conference—this was a multilateral  conference."
# The text of a node outside its span.editorial (page.evaluate): the words a reader takes as spoken.
SPOKEN_JS = """(node) => {
  const walk = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  let out = "";
  while (walk.nextNode()) {
    if (!walk.currentNode.parentElement.closest(".editorial")) out += walk.currentNode.textContent;
  }
  return out;
}"""
# Refused, with recorded lines near them offered to pick: two (v12 d188 turn 13, whose reply
# answers it, first, at fit 0.61; then v25 d172 turn 3, at 0.41) and three (v13 d161 turn 12,
# at 0.54, first). A line nothing recorded comes near ("zxqv plorb wug") is offered none.
# (Before the tier model's refit with the bar at 0.7, "when are you back from moscow, anatol?"
# was the first: it is still refused, but offered v25 d172 turn 3 first, a line whose reply does
# not answer it and whose citation has no page or date; and "we could agree on abm first and
# offensive weapons later" the second: it is now answered, at 0.80.)
NEAR_LINE = "anatol when do you get back from moscow"
NEAR_LINE_2 = "maybe we settle abm now and leave offensive weapons for later"


def cited(citation) -> tuple[str, str | None]:
    """A citation line's words (spaces run together) and where its link goes: a reply's or a
    recorded line's, to compare the instructor's page with what the student read."""
    return " ".join(citation.text_content().split()), citation.locator("a").get_attribute("href")


def join(page, base_url: str, student: str, class_code: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Your name").fill(student)
    page.get_by_label("Class code").fill(class_code)
    page.get_by_role("button", name="Join").click()
    page.locator("#app").wait_for(state="visible")


def sign_in_at(page, address: str, token: str) -> None:
    """Open ``address`` (the instructor page, or a transcript's address on it) and sign in
    with ``token``. What the page then shows (a class, a transcript, a refusal) is the test's
    to wait for."""
    page.goto(address)
    page.get_by_label("Instructor token").fill(token)
    page.get_by_role("button", name="Sign in").click()


def open_class(page, base_url: str, token: str, code: str) -> None:
    """Sign in on the instructor page and wait for the class ``code`` to be open."""
    sign_in_at(page, base_url + "/instructor.html", token)
    page.locator("#class-title", has_text=f"Class {code}").wait_for()


def first_exchange(page, student: str):
    """Open ``student``'s session from the open class's list and return the first exchange card
    of its transcript (a Playwright locator): where a teacher starts a correction."""
    page.locator("#sessions tbody tr", has_text=student).get_by_role("button").click()
    return page.locator('#transcript li[data-kind="exchange"]').first


def start_roleplay(page, *, as_: str = "kissinger", document: str | None = None) -> None:
    """Start a role-play and wait until the page has drawn it (the server's roleplay.ready).

    Not only until the line's box shows: a role-play already going on keeps it shown, so a
    line said at once was counted before the new play's divider was drawn, and ``say`` took
    the divider for the reply (test_new_user's reload test read the reply before last).
    """
    page.locator(f'#rp-setup input[name="as"][value="{as_}"]').check()
    page.locator("#rp-document").select_option(document or "")
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")
    wait_until(page, "!document.querySelector('#rp-say button').disabled")


def start_quiz(page, mode: str, count: int) -> None:
    """Open the Quiz tab and start a quiz of ``count`` questions in ``mode`` (its label)."""
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label(mode).check()
    page.get_by_label("Number of questions").fill(str(count))
    page.get_by_role("button", name="Start quiz").click()


def say(page, text: str) -> None:
    """Send one line and wait for the server's answer to be drawn, and, where the test
    watches the page's ``reply`` frames (``received``), for its reply to be heard there too:
    Playwright reports a frame in its own time, so the last of them read the moment the page
    had drawn the answer could be the line's before (a loaded machine)."""
    before = page.locator("#rp-log > li:not(.mine)").count()
    heard = _heard_so_far(page, "reply")
    page.locator("#rp-line").fill(text)
    page.locator("#rp-say").get_by_role("button", name="Say it").click()
    page.locator("#rp-log > li:not(.mine)").nth(before).wait_for()
    _wait_heard(page, heard, "reply", f"the reply to {text!r}")


def wait_until(page, expression: str, timeout: float = 30.0) -> None:
    """Wait until the JavaScript ``expression`` is true on the page.

    Not ``page.wait_for_function``: it checks once through the DevTools protocol, then polls
    with ``eval`` in the page, which the pages' Content Security Policy forbids, so a condition
    not yet true at the first check (a machine under load) failed with an EvalError.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout:.0f} s: {expression}")
        page.wait_for_timeout(50)


def wait_for_seen(page, condition: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    """Wait until ``condition()`` is true of what a Playwright handler records (routes held
    back, frames received or sent, responses heard); ``what`` names it when it never is.

    What the page asks for or is told can come a moment after what it draws (the struggles
    after the sessions' rows; the reads a live event brings, after the event is shown), so
    such a list is read only once it holds what the test needs. The handlers run while
    Playwright is called: the wait polls through ``page.wait_for_timeout``.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not seen within {timeout:.0f} s: {what}")
        page.wait_for_timeout(50)


# Each page's lists from ``received`` and the types each keeps, for ``say`` to wait on
# (weak: a page is gone with its test).
_WATCHED: weakref.WeakKeyDictionary[object, list[tuple[list[dict], tuple[str, ...]]]] = (
    weakref.WeakKeyDictionary()
)


def received(page, *types: str) -> list[dict]:
    """The server's WebSocket messages of ``types`` to ``page`` from now on, as they come.

    They are heard a moment after the page has them: read the list only once it holds what
    the test needs (``heard``, ``wait_for_seen``). ``say`` waits for the line's reply in
    every list that keeps replies. (``start_roleplay`` cannot wait so for a roleplay.ready: a
    page joined to a class with a scenario has started one before it is called.)"""
    seen: list[dict] = []

    def on_frame(payload) -> None:
        msg = json.loads(payload) if isinstance(payload, str) else {}
        if msg.get("type") in types:
            seen.append(msg)

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    _WATCHED.setdefault(page, []).append((seen, types))
    return seen


# What the server says when it refuses a message with a wait the page sends it again after.
REFUSALS = {
    "rate_limited": "Too many messages: the limit is 10 a second (bursts of 20); this one was "
    "dropped. Wait 1 s and send it again.",
    "database_busy": "The session database is busy (another program holds it); nothing of "
    "this message was kept. Send it again in a moment.",
    "not_stored": "The server could not write to its session database (database or disk is "
    "full): this message was not answered and may not have been stored. Tell your instructor "
    "(the server's disk may be full), then send it again.",
}


# What the page says of a message it keeps and sends again itself, by the refusal's code
# (web/js/student-words.js heldWords), the wait 1 s as refuse_next gives it: format with what.
HELD_WORDS = {
    "rate_limited": "The server asked this page to slow down (too many messages at once): your "
    "{} is kept and goes out again in 1 s.",
    "database_busy": "The server’s session database was busy for a moment: your {} is kept and "
    "goes out again in 1 s.",
    "not_stored": "The server could not save it (its disk may be full: tell your instructor): "
    "your {} is kept and goes out again in 1 s.",
}


def refuse_next(page, refusals: dict[str, str]) -> list[dict]:
    """Route the page's socket to the server, refusing the next message of each type in
    ``refusals`` (a dict the test may add to later) with the error code given for it, as the
    server words it, retry_after 1 s; returns every message the page sent, in order. The
    refusal made here does not depend on how fast the machine sends, or on a database made
    busy or full."""
    sent: list[dict] = []

    def route(ws) -> None:
        server = ws.connect_to_server()

        def to_server(message) -> None:
            msg = json.loads(message)
            sent.append(msg)
            code = refusals.pop(msg.get("type"), None)
            if code is None:
                server.send(message)
                return
            refusal = {"type": "error", "code": code, "message": REFUSALS[code], "retry_after": 1}
            if "seq" in msg:
                refusal["seq"] = msg["seq"]
            ws.send(json.dumps(refusal))

        ws.on_message(to_server)

    page.route_web_socket(re.compile(r"/ws$"), route)
    return sent


def hold_live(page) -> list:
    """Hold the instructor page's first live socket back: open to the page, nothing comes on it
    (no ``live.ready``), as before the server answers or while the network is down; every later
    one goes to the server. Returns the held routes: ``close()`` one to drop it, and the page
    reconnects (after its 3 s wait). What a class does meanwhile comes on no socket."""
    held: list = []

    def route(ws) -> None:
        if held:
            ws.connect_to_server()
        else:
            held.append(ws)

    page.route_web_socket("**/ws/live**", route)
    return held


def heard(page, seen: list[dict], n: int) -> dict:
    """``seen[n]`` (a ``received`` list, from its first message) once Playwright has reported
    it: the page may have drawn what it said a moment before."""
    wait_for_seen(page, lambda: len(seen) > n, f"message {n} of the frames watched")
    return seen[n]


def _heard_so_far(page, kind: str) -> list[tuple[list[dict], int]]:
    """Each of the page's ``received`` lists that keeps ``kind``, with its length now."""
    return [(seen, len(seen)) for seen, types in _WATCHED.get(page, []) if kind in types]


def _wait_heard(page, heard: list[tuple[list[dict], int]], kind: str, what: str) -> None:
    """Wait until each list of ``heard`` holds a ``kind`` message past its length then."""
    for seen, before in heard:
        wait_for_seen(
            page,
            lambda seen=seen, before=before: any(m["type"] == kind for m in seen[before:]),
            f"{what} among the frames the test watches (received before the socket opened?)",
        )


# Each live feed entry's kind and words after its time: ("line", "Kwame said “…”").
_FEED = """[...document.querySelectorAll('#live-feed li')].map((li) =>
  [li.dataset.kind, li.textContent.slice(li.querySelector('time').textContent.length + 1)])"""


def live_feed(page) -> list[tuple[str, str]]:
    """The instructor page's live feed, newest first: each entry's kind and its words."""
    return [tuple(entry) for entry in page.evaluate(_FEED)]


def tab_to(page, selector: str, *, back: bool = False, most: int = 60) -> None:
    """Press Tab (Shift+Tab with ``back``) until the focused element matches ``selector``.

    What a keyboard user does to reach a control: it fails if ``most`` presses never reach it.
    """
    key = "Shift+Tab" if back else "Tab"
    reached = f"document.activeElement.matches({json.dumps(selector)})"
    for _ in range(most):
        page.keyboard.press(key)
        if page.evaluate(reached):
            return
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"{most} × {key} never reached {selector}; focus is on {focused}")


def first_card(database, student: str) -> tuple[int, str, str]:
    """The learner id, item and mode of ``student``'s first card (by item), to edit it as a
    hand edit of the database would; the name must be the test's own on the shared server."""
    with sqlite3.connect(database) as db:
        found: tuple[int, str, str] = db.execute(
            "SELECT c.learner_id, c.item, c.mode FROM cards c "
            "JOIN students st ON st.id = c.learner_id WHERE st.name = ? "
            "ORDER BY c.item LIMIT 1",
            (student,),
        ).fetchone()
    return found
