"""A reply to a recorded line only loosely like the student's says so before the reply.

The server answers a line whose recorded line is only loosely related to it (or distant), and
the page said so only under the partner's words and their citation ("Answering Kissinger's
recorded line, distant (similarity 39%): …"): on the shipped corpus, "ur side keeps stalling
on the ABM sites" drew "Dobrynin, in the record — Simultaneously concluded on separate
agreement and freezing at the same time." as if it were his answer to the student's words, and
a screen reader heard only "Dobrynin replied: …". Now a note above the reply says the recorded
line it answers is only loosely related to the student's, or distant from it, and the live
region says it first. A close match has no note.

The classes are new instructors' own (WALKWEAK, WALKWEAKD).
"""

from __future__ import annotations

from tests.web.flows import SEED_LINE, join, received, say, start_roleplay
from tests.web.heard import announced, watch_announced


def _student(classroom, name: str, code: str, *, as_: str, width: int, height: int):
    """A new student's page in class ``code``, a role-play started as ``as_``, and the list
    the server's replies to it go into (watched from before its socket opens)."""
    page = classroom.open_page(width, height).page
    replies = received(page, "reply")
    join(page, classroom.server.url, name, code)
    start_roleplay(page, as_=as_)
    return page, replies


def _reply_note(page, replies: list[dict], line: str) -> tuple[dict, str | None]:
    """Say ``line``: the server's reply to it, and the note drawn above the reply (None: none)."""
    say(page, line)
    msg = replies[-1]
    entry = page.locator("#rp-log > li.reply").last
    note = entry.locator(".weak-match")
    return msg, note.text_content() if note.count() else None


def test_a_loose_match_is_said_to_be_loose_before_the_reply(classroom):
    classroom.teacher("Prof. Walk-Weakly", "WALKWEAK")
    page, replies = _student(
        classroom, "Wanjiru Weak", "WALKWEAK", as_="kissinger", width=1280, height=800
    )
    watch_announced(page, "rp-heard")

    msg, note = _reply_note(page, replies, "The Chinese are not our concern in this matter")
    match = msg["matches"][0]
    assert msg["status"] == "match" and 0.4 <= match["score"] < 0.55, (msg["status"], match)
    assert note == (
        "The recorded line Dobrynin answers here is only loosely related to yours; it is quoted "
        "under his words."
    )
    entry = page.locator("#rp-log > li.reply").last
    # said first: above who replied and his words
    order = entry.evaluate("(li) => [...li.children].map((c) => c.className).slice(0, 2).join(' ')")
    assert order == "weak-match entry-head"
    words = match["reply"]["turns"][0]["clean_text"]
    assert announced(page)[-1] == f"{note} Dobrynin replied: {words}"

    # A close match: no note, and heard as before.
    msg, note = _reply_note(page, replies, SEED_LINE)
    assert msg["status"] == "match" and msg["matches"][0]["score"] >= 0.55
    assert note is None
    assert announced(page)[-1].startswith("Dobrynin replied: ")


def test_a_distant_match_as_dobrynin_on_a_phone(classroom):
    classroom.teacher("Prof. Walk-Loosely", "WALKWEAKD")
    page, replies = _student(
        classroom, "Wendell Weak", "WALKWEAKD", as_="dobrynin", width=390, height=844
    )
    # "what about the freeze" was answered, at similarity 0.38, from "What about the
    # conference …": the frame alone (docs/quality.md, "What about X?"); now it is refused.
    # Answered at fit 0.80 from "Then it is better for you." (v12 d188 turn 6), at similarity
    # 0.33; "i have a message for you" was until the tier model's refit, and is now refused.
    msg, note = _reply_note(page, replies, "that is ok with us")
    score = msg["matches"][0]["score"]
    assert msg["status"] == "match" and score < 0.4, (msg["status"], score)
    assert note == (
        "The recorded line Kissinger answers here is distant from yours; it is quoted under his "
        "words."
    )
    # on a phone, read before the reply: above it on the screen, not beside it
    entry = page.locator("#rp-log > li.reply").last
    note_box = entry.locator(".weak-match").bounding_box()
    words_box = entry.locator(".record-turn").first.bounding_box()
    assert note_box["y"] + note_box["height"] <= words_box["y"]
