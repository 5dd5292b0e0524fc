"""What a new user found on the pages (a student on a phone and a laptop, a teacher), each
checked where the student or teacher would look: in the window, in the words shown.
"""

from __future__ import annotations

import json
import re
import urllib.request

from tests.web.flows import (
    SEED,
    SEED_LINE,
    join,
    received,
    say,
    start_roleplay,
    wait_for_seen,
    wait_until,
)

PHONE = {"width": 390, "height": 844}
PLAYED = "frus1969-76v32/d143"  # a short conversation of the fixture index, played to its end
# A paste longer than the server's 2,000 characters a line, of words a student might paste.
LONG_PASTE = " ".join(
    ["The Strategic Arms Limitation Talks were held between the two superpowers."] * 30
)


def _in_window(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= height


def test_on_a_phone_the_box_the_panel_and_a_long_paste_are_in_view(live_server, classroom):
    page = classroom.student("Wanda", live_server.class_code, **PHONE)
    # After Start the box for the first line is on the screen, not under the setup form.
    assert _in_window(page, "#rp-line"), "the box for the first line is below the fold"

    say(page, SEED_LINE)
    # The side panel sits under the log on a phone: the button brings it into view.
    page.get_by_role("button", name="Show in the original conversation").last.click()
    page.locator("#context-turns .is-match").wait_for()
    assert _in_window(page, "#context-title"), "the panel stayed off-screen"
    assert page.evaluate("document.activeElement.id") == "context-title"

    # A paste over the limit is kept whole (no silent cut) and the limit is said by the box.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    lines = page.locator("#rp-log > li").count()
    page.locator("#rp-line").fill(LONG_PASTE)
    assert page.locator("#rp-line").input_value() == LONG_PASTE
    page.locator("#rp-line").press("Enter")
    problem = page.locator("#rp-line-error")
    problem.wait_for(state="visible")
    assert problem.text_content() == (
        f"Your line is {len(LONG_PASTE):,} characters long; the limit is 2,000. "
        "Shorten it and send it again."
    )
    assert _in_window(page, "#rp-line-error")
    assert page.locator("#rp-line").input_value() == LONG_PASTE
    assert page.locator("#rp-log > li").count() == lines  # nothing was sent


def test_after_start_and_after_a_reload_the_student_is_where_the_play_is(live_server, classroom):
    page = classroom.student(
        "Xavier", live_server.class_code, document=SEED, width=1280, height=700
    )
    assert _in_window(page, "#rp-line"), "the box for the first line is below the fold"

    start_roleplay(page)  # free play
    for line in (SEED_LINE, "The Chinese will protest.", "What about the conference?"):
        say(page, line)
    last_reply = page.locator("#rp-log > li:not(.mine)").last.text_content()
    page.reload()
    page.locator("#rp-log > li.mine").nth(2).wait_for()
    # Back where the student left off: the last reply and the box in the window, the side
    # panel showing the last match again (it was empty after a reload).
    assert page.locator("#rp-log > li:not(.mine)").last.text_content() == last_reply
    assert _in_window(page, "#rp-log > li:last-child")
    assert _in_window(page, "#rp-line")
    page.locator("#context-turns .is-match").wait_for()


def test_a_reload_after_a_conversation_played_to_its_end_lands_at_its_end(live_server, classroom):
    """Only a role-play still in progress was taken back to after a reload: one played to
    its end (or left for a quiz) put the student back at the top of the page, the log's
    last entries out of sight below the form."""
    page = classroom.student(
        "Yara", live_server.class_code, as_="dobrynin", document=PLAYED, width=1280, height=700
    )
    for _ in range(7):  # Dobrynin's seven lines in it
        say(page, "I understand.")
    page.locator("#rp-say").wait_for(state="hidden")
    entries = page.locator("#rp-log > li")
    end = entries.last.text_content()
    count = entries.count()
    page.reload()
    entries.nth(count - 1).wait_for()
    assert entries.count() == count and entries.last.text_content() == end
    assert page.locator("#rp-say").is_hidden()
    assert _in_window(page, "#rp-log > li:last-child"), "the reload left the page at its top"


def test_a_line_typed_while_the_connection_is_lost_is_answered_once(live_server, open_page):
    page = open_page().page
    down = {"now": False}
    real: list = []
    mocked: list = []

    def route(ws) -> None:
        # While "down", the socket opens but no server answers (no welcome): the page keeps
        # what is typed in its queue, as it does on a dead school network.
        if down["now"]:
            mocked.append(ws)
        else:
            ws.connect_to_server()
            real.append(ws)

    page.route_web_socket(re.compile(r"/ws$"), route)
    join(page, live_server.url, "Yusuf", live_server.class_code)
    start_roleplay(page)
    say(page, SEED_LINE)

    down["now"] = True
    real[-1].close()
    note = page.locator("#rp-line-error")
    note.wait_for(state="visible")
    assert note.text_content().startswith("The connection is lost; reconnecting…")
    connected = "() => document.querySelector('#connection').textContent === 'Connected'"
    wait_until(page, connected)
    page.locator("#rp-line").fill("What about the conference?")
    page.locator("#rp-line").press("Enter")
    assert note.is_visible()  # still said under the box while the line waits

    down["now"] = False
    mocked[-1].close()  # the page reconnects to the real server and resumes the session
    page.locator("#rp-log > li:not(.mine)").nth(1).wait_for()
    page.wait_for_timeout(1500)  # a second reply, if one came, would be drawn by now
    assert page.locator("#rp-log > li:not(.mine)").count() == 2
    assert page.locator("#rp-log > li.mine").count() == 2
    assert note.is_hidden()


def test_a_line_whose_reply_was_lost_is_sent_again_and_answered_once(live_server, open_page):
    page = open_page().page
    drop = {"replies": False}
    sockets: list = []

    def route(ws) -> None:
        # The page's frames go to the real server; the server's come back unless "dropping",
        # when a reply is lost on the way, as when a school network drops the connection.
        server = ws.connect_to_server()
        sockets.append(ws)

        def back(message) -> None:
            if drop["replies"] and json.loads(message).get("type") == "reply":
                drop["replies"] = False
                ws.close()  # the connection dies with the reply in flight
                return
            ws.send(message)

        server.on_message(back)

    page.route_web_socket(re.compile(r"/ws$"), route)
    join(page, live_server.url, "Ines", live_server.class_code)
    start_roleplay(page)
    say(page, SEED_LINE)

    drop["replies"] = True
    page.locator("#rp-line").fill("What about the conference?")
    page.locator("#rp-line").press("Enter")
    # The line went out on a live socket, so the page sends it again once the session is back
    # (with its id: the server answers it from the store, not a second time).
    page.locator("#rp-log > li:not(.mine)").nth(1).wait_for()
    assert len(sockets) == 2 and not drop["replies"]
    page.wait_for_timeout(1500)  # a second reply, if one came, would be drawn by now
    assert page.locator("#rp-log > li:not(.mine)").count() == 2
    assert page.locator("#rp-log > li.mine").count() == 2
    request = urllib.request.Request(
        f"{live_server.url}/api/classes/{live_server.class_code}/sessions",
        headers={"Authorization": f"Bearer {live_server.token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        sessions = [s for s in json.loads(resp.read()) if s["student"] == "Ines"]
    assert [s["lines"] for s in sessions] == [2]  # the line sent again is stored once


def test_a_line_waits_for_the_new_role_play_it_belongs_to(live_server, open_page):
    """Between Start and the server's roleplay.ready a line could be sent: on a slow network it
    was drawn above the divider naming the role-play it belonged to. Now the box waits."""
    page = open_page().page
    held: list = []
    socket: dict = {}

    def route(ws) -> None:
        server = ws.connect_to_server()
        socket["page"] = ws

        def to_page(message) -> None:
            if socket.get("hold") and '"roleplay.ready"' in str(message):
                held.append(message)
            else:
                ws.send(message)

        server.on_message(to_page)

    page.route_web_socket(re.compile(r"/ws$"), route)
    join(page, live_server.url, "Zora", live_server.class_code)
    start_roleplay(page)
    say(page, SEED_LINE)
    socket["hold"] = True
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    wait_for_seen(page, lambda: held, "the server's roleplay.ready, held back")
    assert page.locator("#rp-say").get_by_role("button", name="Say it").is_disabled()
    box = page.locator("#rp-line")
    box.fill("The Chinese will protest.")
    box.press("Enter")  # not sent: kept in the box
    assert box.input_value() == "The Chinese will protest."
    assert page.locator("#rp-log > li.mine").count() == 1

    socket["hold"] = False
    socket["page"].send(held.pop())
    say(page, "The Chinese will protest.")
    classes = page.locator("#rp-log > li").evaluate_all("items => items.map(li => li.className)")
    assert ["divider" in c for c in classes[-3:]] == [True, False, False]
    assert "mine" in classes[-2] and "mine" not in classes[-1]


def test_an_empty_line_is_not_sent_and_the_box_says_what_to_type(live_server, classroom):
    """Enter on an empty box, or one of spaces, did nothing and said nothing."""
    page = classroom.student("Arjun", live_server.class_code, as_="dobrynin", **PHONE)
    box = page.locator("#rp-line")
    problem = page.locator("#rp-line-error")
    assert problem.get_attribute("role") == "alert"  # read out, as the other line problems are
    box.fill("  \n\t ")
    box.press("Enter")
    problem.wait_for(state="visible")
    assert problem.text_content() == "There is nothing to send: type a line as Dobrynin first."
    assert page.evaluate("document.activeElement.id") == "rp-line"
    # on a phone the note sits under the button, below the fold: brought into view, the box too
    assert _in_window(page, "#rp-line-error") and _in_window(page, "#rp-line")
    # "Say it" on an emptied box: the same words, not the browser's own bubble, and the box
    # keeps the focus the button took
    box.fill("")
    page.locator("#rp-say").get_by_role("button", name="Say it").click()
    problem.wait_for(state="visible")
    assert problem.text_content() == "There is nothing to send: type a line as Dobrynin first."
    assert page.evaluate("document.activeElement.id") == "rp-line"
    assert page.locator("#rp-log > li.mine").count() == 0  # nothing was sent
    # a line typed then goes, and the note with it
    say(page, "The Chinese will protest.")
    assert page.locator("#rp-log > li.mine").count() == 1
    assert problem.is_hidden()


def test_a_number_of_questions_the_server_would_not_take_is_said_by_the_field(
    live_server, open_page
):
    """An emptied "Number of questions" silently became 5 (the browser's check of min and max
    let it through, and said 0 or 51 in a bubble of its own, not by the field)."""
    page = open_page().page
    started = received(page, "quiz.question")
    join(page, live_server.url, "Bea", live_server.class_code)
    page.get_by_role("button", name="Quiz").click()
    most = live_server.get_json("/api/channel")["limits"]["quiz_questions"]
    field = page.get_by_label("Number of questions")
    problem = page.locator("#quiz-count-error")
    for typed in ("", "0", str(most + 1), "2.5", "-3"):
        field.fill(typed)
        page.get_by_role("button", name="Start quiz").click()
        problem.wait_for(state="visible")
        assert problem.text_content() == f"Enter a whole number of questions from 1 to {most}.", (
            typed
        )
        assert page.evaluate("document.activeElement.id") == "quiz-count", typed
        assert field.get_attribute("aria-invalid") == "true"
        assert (
            page.locator("#quiz-setup").is_visible() and page.locator("#quiz-question").is_hidden()
        )
    page.wait_for_timeout(500)  # a question, had one been asked for, would be here by now
    assert started == []
    field.fill("2")
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 2").wait_for()
    assert problem.is_hidden() and field.get_attribute("aria-invalid") == "false"
    assert field.get_attribute("aria-describedby") == "quiz-count-error"  # read with the field


def _wholly_in_window(page, selector: str) -> list[float]:
    """The element's top and bottom on the screen, asserted to lie inside the window."""
    box = page.locator(selector).bounding_box()
    edges = [box["y"], box["y"] + box["height"]]
    assert edges[0] >= 0 and edges[1] <= page.viewport_size["height"], (selector, edges)
    return edges


def test_after_an_answer_on_a_phone_the_verdict_and_the_next_step_are_on_the_screen(
    live_server, open_page
):
    """Each answer put the feedback at the bottom of the screen and focused "Next question"
    (or "See your score") 16 px below it, out of sight: at 390×844 the button sat at 860–900
    on every question, so a phone's student saw no way on until they scrolled."""
    page = open_page(**PHONE).page
    join(page, live_server.url, "Oluwaseun", live_server.class_code)
    page.get_by_role("button", name="Quiz").click()
    page.locator('#quiz-setup input[name="mode"][value="what_next"]').check()
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Start quiz").click()
    for number, next_step in ((1, "Next question"), (2, "See your score")):
        page.locator("#quiz-progress", has_text=f"Question {number} of 2").wait_for()
        page.locator("#quiz-choices button").first.click()
        page.locator("#quiz-next").wait_for(state="visible")
        assert page.locator("#quiz-next").text_content() == next_step
        assert page.evaluate("document.activeElement.id") == "quiz-next"
        verdict = _wholly_in_window(page, "#quiz-feedback .verdict")
        button = _wholly_in_window(page, "#quiz-next")
        assert verdict[1] <= button[0]
        page.keyboard.press("Enter")
    page.locator("#quiz-summary").wait_for(state="visible")
