"""A computer whose clock runs ahead of the server's: the review's next time is past already
by the page's clock, and the server, asked, answers with the same time. The page asked again
each second for as long as the difference lasted (ten minutes of it: 600 asks); now once a
minute."""

from __future__ import annotations

import time

from tests.web.flows import join, wait_for_seen
from tests.web.test_selfstudy import record_frames, take_who_said_quiz


def test_a_page_whose_clock_runs_ahead_asks_once_a_minute(live_server, open_page):
    watched = open_page()
    page = watched.page
    page.clock.install(time=time.time() + 15 * 60)  # this computer's clock, 15 minutes ahead
    asked: list[str] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framesent", lambda f: asked.append(f) if "review.due" in f else None),
    )
    questions = record_frames(page, "quiz.question")
    statuses = record_frames(page, "review.status")
    join(page, live_server.url, "Yusuf Adeyemi", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [True])
    page.wait_for_timeout(5_000)  # five seconds, by the page's clock and the server's
    assert asked == [] and statuses == []
    page.clock.fast_forward("01:01")  # a minute on: asked once, and told the same time
    # its answer first (a loaded machine may not ask and read the answer within a second);
    # then a second more, in which a page asking each second would ask again
    wait_for_seen(page, lambda: statuses, "the server's answer to the page's review.due")
    page.wait_for_timeout(1_000)
    assert len(asked) == 1
    assert [(s["due"], s["next_due"] is not None) for s in statuses] == [(0, True)]
    assert page.locator("#due-badge").is_hidden()
    assert watched.errors == []
