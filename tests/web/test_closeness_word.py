"""The pages say a similarity in the server's word for it, never one of their own.

The bars that turn a similarity into words ("close" from 0.55, under it "loosely related" and
the note above the reply) were kept twice: in server/closeness.py and in the pages' scripts.
The server now sends the word (`closeness_word`) with every match, play-through script and
exchange, and the pages show it. To tell the two apart, the word is changed on its way to the
page (the WebSocket routed, the instructor's reads fulfilled with their answer changed), the
score left as it is: the page must say the word it got. On the old pages, which judged the
score themselves, the loose line's reply kept its note and the close one got none.

The classes are new instructors' own (WORDSTUD, WORDCARD).
"""

from __future__ import annotations

import json
import re
from typing import Any

from server.closeness import percent as similarity_percent
from tests.web.flows import SEED, SEED_LINE, join, open_class, say, start_roleplay
from tests.web.test_transcript_loose_note import LOOSE_LINE

# The word the page gets in place of the server's: each crosses the looseness bar.
SWAPPED = {
    "very close": "loosely related",
    "close": "distant",
    "loosely related": "close",
    "distant": "very close",
}


def _swap(value: Any) -> Any:
    """``value`` with every ``closeness_word`` inside it swapped (SWAPPED), the rest as it is."""
    if isinstance(value, dict):
        return {
            k: SWAPPED.get(v, v) if k == "closeness_word" else _swap(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_swap(v) for v in value]
    return value


def _swapping_socket(page) -> list[dict]:
    """Route the page's socket to the server, every message from the server passed on with
    its words swapped; returns the server's replies as it sent them, in order."""
    sent: list[dict] = []

    def route(ws) -> None:
        server = ws.connect_to_server()

        def to_page(message) -> None:
            msg = json.loads(message)
            if msg.get("type") == "reply":
                sent.append(msg)
            ws.send(json.dumps(_swap(msg)))

        server.on_message(to_page)

    page.route_web_socket(re.compile(r"/ws$"), route)
    return sent


def _reply(page) -> tuple[str | None, str]:
    """The last reply's note above it (None: none) and its lead before the recorded line."""
    entry = page.locator("#rp-log > li.reply").last
    note = entry.locator(".weak-match")
    lead = entry.locator("p.meta", has_text="recorded line").text_content()
    return (note.text_content() if note.count() else None), lead


def test_the_student_page_says_the_word_the_server_sent(classroom):
    classroom.teacher("Prof. Word-Sent", "WORDSTUD")
    page = classroom.open_page().page
    replies = _swapping_socket(page)  # as the server sent them: its own words
    join(page, classroom.server.url, "Wendy Wordsent", "WORDSTUD")
    start_roleplay(page)

    say(page, LOOSE_LINE)
    match = replies[-1]["matches"][0]
    assert (match["closeness_word"], match["score"] < 0.55) == ("loosely related", True)
    percent = similarity_percent(match["score"])
    note, lead = _reply(page)
    assert note is None  # told "close": no note, though the score is under the bar
    assert lead.startswith(f"Answering Kissinger’s recorded line, close (similarity {percent}%): ")

    say(page, SEED_LINE)
    match = replies[-1]["matches"][0]
    assert match["closeness_word"] in ("close", "very close") and match["score"] >= 0.55
    told = SWAPPED[match["closeness_word"]]  # "distant" or "loosely related"
    how = "distant from" if told == "distant" else "only loosely related to"
    note, lead = _reply(page)
    assert note == (
        f"The recorded line Dobrynin answers here is {how} yours; it is quoted under his words."
    )
    percent = similarity_percent(match["score"])
    assert lead.startswith(f"Answering Kissinger’s recorded line, {told} (similarity {percent}%): ")

    # playing the seed conversation through, the student's line against the record's there
    start_roleplay(page, document=SEED)
    say(page, SEED_LINE)
    script = replies[-1]["script"]
    assert script["closeness_word"] in ("close", "very close")
    said = page.locator("#rp-log .closeness").last.text_content()
    percent = similarity_percent(script["closeness"])
    assert said == f"Your line: {SWAPPED[script['closeness_word']]} (similarity {percent}%)."


def _swapping_reads(page) -> None:
    """The instructor page's reads of a transcript and of the live history answered with the
    server's answer, its words swapped."""

    def fulfil(route) -> None:
        answer = route.fetch()
        if answer.status != 200:  # a refusal or an error, as the server gave it
            route.fulfill(response=answer)
        else:  # without its ETag: the page keeps no tag, so never asks "unchanged?"
            route.fulfill(status=200, json=_swap(answer.json()))

    page.route(re.compile(r"/api/sessions/[^/?]+(\?.*)?$"), fulfil)
    page.route(re.compile(r"/api/classes/[^/]+/live(\?.*)?$"), fulfil)


def test_the_transcript_and_the_live_feed_say_the_word_the_server_sent(classroom):
    token = classroom.teacher("Prof. Word-Card", "WORDCARD")
    classroom.student("Walter Wordcard", "WORDCARD", SEED_LINE, LOOSE_LINE)
    page = classroom.open_page(1366, 768).page
    _swapping_reads(page)
    open_class(page, classroom.server.url, token, "WORDCARD")

    page.locator('#live-feed li[data-kind="reply"]', has_text=LOOSE_LINE).wait_for()
    feed = page.locator('#live-feed li[data-kind="reply"]')
    loose_entry, close_entry = feed.nth(0).text_content(), feed.nth(1).text_content()
    assert LOOSE_LINE in loose_entry and "the student was told" not in loose_entry
    assert SEED_LINE in close_entry
    assert re.search(
        r"; the student was told it is (distant from|only loosely related to) theirs\.", close_entry
    )

    page.locator("#sessions tbody tr", has_text="Walter Wordcard").get_by_role("button").click()
    cards = page.locator('#transcript li[data-kind="exchange"]')
    cards.nth(1).wait_for()
    close, loose = cards.nth(0), cards.nth(1)
    assert loose.locator(".told-loose").count() == 0
    told = close.locator(".told-loose").text_content()
    assert re.fullmatch(
        r"The student read, above the reply: “The recorded line Dobrynin answers here is "
        r"(distant from|only loosely related to) yours; it is quoted under his words\.”",
        told,
    ), told
