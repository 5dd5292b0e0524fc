"""The live feed names a third man's turn inside a recorded reply, as the student's page does.

A reply's entry reads "Dobrynin replied: “…”", each turn after it in quotes unnamed: a turn of
Nixon's inside it (a three-way call, read with `--transcripts`) read as Dobrynin's. The
student's page (render.js replyTurns) and the transcript card name that turn and every turn
after it. The shipped corpus holds Kissinger's and Dobrynin's turns only (66 documents, 1,149
turns), so the class's real exchange comes from the server and its history is given two more
turns on its way to the page. The class is the test's own (LRS351).
"""

from __future__ import annotations

import json

from tests.web.flows import SEED_LINE, live_feed, open_class, wait_until

CLASS = "LRS351"


def _with_nixon(route) -> None:
    """The class's live history as the server sent it, the reply's turns followed by one of
    Nixon's and one more of Dobrynin's."""
    response = route.fetch()
    history = response.json()
    for event in history:
        if event["kind"] == "reply" and event.get("exchange", {}).get("reply"):
            turns = event["exchange"]["reply"]["turns"]
            turns += [
                {
                    **turns[-1],
                    "index": turns[-1]["index"] + 1,
                    "speaker": "nixon",
                    "label": "P",
                    "clean_text": "Hello.",
                    "text": "Hello.",
                    "editorial": [],
                },
                {
                    **turns[-1],
                    "index": turns[-1]["index"] + 2,
                    "speaker": "dobrynin",
                    "label": "D",
                    "clean_text": "Yes.",
                    "text": "Yes.",
                    "editorial": [],
                },
            ]
    route.fulfill(response=response, body=json.dumps(history))


def test_a_third_mans_turn_in_a_reply_is_named_in_the_live_feed(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Lrs351 Nakamura", CLASS)
    student = classroom.student("Lrs351 Oduya", CLASS, SEED_LINE)
    recorded = student.locator("#rp-log > li.reply .record-turn .words").first.text_content()

    watched = open_page()
    teacher = watched.page
    teacher.route(f"**/api/classes/{CLASS}/live*", _with_nixon)
    open_class(teacher, live_server.url, token, CLASS)
    wait_until(teacher, "document.querySelectorAll('#live-feed li[data-kind=\"reply\"]').length")
    reply = dict(live_feed(teacher))["reply"]
    # before: "Dobrynin replied: “…” “Hello.” “Yes.”", Nixon's words as Dobrynin's
    assert f"Dobrynin replied: “{recorded}” Nixon: “Hello.” Dobrynin: “Yes.” (" in reply
    assert watched.errors == []
    # A read of the history still in the handler as the page closes fails ("Response has been
    # disposed"), and Playwright raised it in the next test's first call (test_long_choices').
    teacher.unroute_all(behavior="ignoreErrors")
