"""A join or a resume the server could not store goes out again, into one session.

The server refuses a hello it could not store (``database_busy``, ``not_stored``) once it may
have made the learner and the session; the page showed the refusal next to the join form and
closed the socket, and the student's next Join made a second learner and session ("Ada (2)");
a resume refused so was shown as a role-play error and never sent again. Now the page keeps
the hello, says why and when it goes out, and sends it again on the same socket, where the
server goes on from what it made (tests/server/test_hello_refused.py).

The refusals are made by the route between page and server (``flows.refuse_next``).
"""

from __future__ import annotations

from tests.web.flows import HELD_WORDS, refuse_next


def test_a_join_and_a_resume_the_server_could_not_store_go_out_again(live_server, open_page):
    watched = open_page()
    page = watched.page
    refuse = {"hello": "not_stored"}
    sent = refuse_next(page, refuse)
    page.goto(live_server.url + "/")
    page.get_by_label("Your name").fill("Jo Joinfail 43")
    page.get_by_label("Class code").fill(live_server.class_code)
    page.get_by_role("button", name="Join").click()
    error = page.locator("#join-error")
    error.filter(has_text=HELD_WORDS["not_stored"].format("request to join")).wait_for(timeout=5000)
    page.locator("#app").wait_for(state="visible", timeout=10_000)
    assert error.text_content() == ""
    assert page.locator("#session-who strong").text_content() == "Jo Joinfail 43"
    joins = [m for m in sent if m["type"] == "hello"]
    assert len(joins) == 2 and joins[0] == joins[1] and joins[0]["student"] == "Jo Joinfail 43"

    refuse["hello"] = "database_busy"
    page.reload()
    bar = page.locator("#connection")
    bar.filter(has_text=HELD_WORDS["database_busy"].format("return to your session")).wait_for(
        timeout=5000
    )
    page.locator("#app").wait_for(state="visible", timeout=10_000)
    assert bar.text_content() == "Connected"
    assert page.locator("#session-who strong").text_content() == "Jo Joinfail 43"
    resumes = [m for m in sent if m["type"] == "hello"][2:]
    assert len(resumes) == 2 and resumes[0] == resumes[1] and "resume" in resumes[0]
    assert watched.errors == []
