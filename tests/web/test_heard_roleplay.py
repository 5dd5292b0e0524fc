"""What a screen reader says as a role-play goes: who replied and the recorded words, short.

The log was itself a live region, and each new entry was read out whole: Dobrynin's recorded
reply to the seed line came with the head over it, its citation and archival source, the
recorded line it answered (about 400 characters) and how close, and the button under it, about
900 characters a reply; a refusal offering two lines read both with their citations. Now the
log is no live region, and a polite region of its own (#rp-heard) says who replied and the
recorded words, verbatim, the editors' mark inside them heard as theirs, and how a refused line
was answered; the rest is read by moving into the log.

The classes are new instructors' own (HEARDR, HEARDS).
"""

from __future__ import annotations

import re

from tests.web.flows import (
    MARK,
    NEAR_LINE,
    SEED,
    SEED_LINE,
    join,
    say,
    start_roleplay,
    wait_until,
)
from tests.web.heard import announced, heard_text, watch_announced

SPOKEN_WITH_MARK = f"What about the conference—this was a multilateral {MARK} conference."
HEARD_WITH_MARK = (
    "What about the conference—this was a multilateral editorial note: "
    f"{MARK} end of note conference."
)


def test_a_reply_is_said_short_with_the_recorded_words(classroom):
    classroom.teacher("Prof. Oyelaran-Haugen", "HEARDR")
    page = classroom.student("Mateus", "HEARDR")
    watch_announced(page, "rp-heard")
    log = page.locator("#rp-log")
    region = page.locator("#rp-heard")
    assert log.get_attribute("aria-live") is None
    assert region.get_attribute("aria-live") == "polite"

    say(page, SEED_LINE)
    reply = log.locator("li.reply").last
    # the record's words as they were, the editors' mark heard as theirs
    assert announced(page) == [f"Dobrynin replied: {SPOKEN_WITH_MARK}"]
    assert heard_text(page, region) == f"Dobrynin replied: {HEARD_WITH_MARK}"
    assert len(heard_text(page, reply)) > 800  # what the log held, read out whole before

    # Refused, two recorded lines offered: the refusal's lead and how many, not the lines.
    say(page, NEAR_LINE)
    refused = "No line in the record answers this. 2 recorded lines offered to pick."
    assert announced(page)[1:] == [refused]

    # A line picked: the reply that followed it, as the log prints it.
    page.locator("#rp-log > li.no-match").last.locator("button.pick").first.click()
    picked = log.locator("li.picked").last
    picked.wait_for()
    words = picked.locator(".record-turn .words").first.text_content()
    assert announced(page)[2:] == [f"Dobrynin replied to the line you picked: {words}"]

    # The same reply again is said again (a new line in the region, not the same words kept).
    say(page, SEED_LINE)
    assert announced(page)[3:] == [f"Dobrynin replied: {SPOKEN_WITH_MARK}"]

    # A reload puts the log back without a word: none of it is news.
    watch_announced(page, "rp-heard", from_next_load=True)
    page.reload()
    page.locator("#rp-log > li.reply").nth(2).wait_for()
    page.locator("#rp-status", has_text="Restored your conversation").wait_for()
    assert announced(page) == []
    assert heard_text(page, region) == ""


def test_a_line_of_a_conversation_played_through_is_said_with_its_closeness(classroom):
    classroom.teacher("Prof. Ilunga-Berg", "HEARDS")
    page = classroom.student("Tupaq", "HEARDS", document=SEED)
    watch_announced(page, "rp-heard")
    say(page, SEED_LINE)
    wait_until(page, "window.heard.length === 1")
    closeness = page.locator("#rp-log > li.reply .closeness").last.text_content()
    assert re.fullmatch(r"Your line: very close \(similarity \d+%\)\.", closeness)
    assert announced(page) == [f"{closeness} Dobrynin replied: {SPOKEN_WITH_MARK}"]


def test_a_line_the_rest_of_the_record_answers_is_said_to_be_answered_there(live_server, open_page):
    """Refused within the 1973 war, "What about the MBFR talks?" is answered outside it, and
    the log names the conversation that answers it; a screen reader heard only "Nothing in “The
    October 1973 war” (our summary) answers this. No recorded line comes near it.", as of a line
    the record does not answer at all (found on the new user's walk)."""
    page = open_page().page
    join(page, live_server.url, "Haugland-Mbeki", "")
    wait_until(page, "document.querySelectorAll('#rp-scenario option').length > 1")
    page.locator("#rp-scenario").select_option("topic:war-1973")
    start_roleplay(page)
    watch_announced(page, "rp-heard")
    say(page, "What about the MBFR talks?")
    refusal = page.locator("#rp-log > li.no-match").last
    assert refusal.locator(".elsewhere-note").count() == 1
    assert announced(page) == [
        "Nothing in “The October 1973 war” (our summary) answers this. Outside it, the record "
        "has a conversation that answers this."
    ]
