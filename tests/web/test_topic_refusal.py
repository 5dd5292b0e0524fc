"""A line that names a topic the record holds, refused with no recorded line near it to offer:
the page said "Nothing in the record comes near this line" above a link to the very topic (a
walk-through's "I want to talk about Berlin", six Berlin conversations in the shipped record).
It now says the record holds the topic and that it is the student's line no recorded line
comes near, and where to go: the topic's card, whose conversations may be played through.
(test_student.py's test of the card's link said the old words.)

The instructor's transcript card and live feed said only "No lines were offered." and "no
match in the record": a teacher could not tell the student had been pointed to the topic. They
now say which topics the line named and that the student was pointed to them."""

from __future__ import annotations

from tests.web.flows import join, live_feed, received, say, start_roleplay
from tests.web.test_review import sign_in

# The fixture record holds the Middle East (v12 d188; the 1973 war, v25 d172) and no turn that
# answers this line.
TOPICAL = "What about the war in the Middle East?"
CARD = "/record.html#topic-middle-east"


def test_a_refusal_on_a_held_topic_says_the_record_holds_it_and_leads_to_its_card(
    live_server, open_page
):
    watched = open_page()
    page = watched.page
    replies = received(page, "reply")
    join(page, live_server.url, "Ottavia", live_server.class_code)
    start_roleplay(page)
    say(page, TOPICAL)
    sent = replies[-1]
    assert (sent["status"], sent["reason"], sent["suggestions"]) == ("no_match", "weak", [])
    assert [t["id"] for t in sent["topics"]] == ["topic:war-1973", "topic:middle-east"]
    entry = page.locator("#rp-log > li.no-match").last
    assert entry.locator(".verdict").text_content() == "No line in the record answers this."
    assert entry.locator("p.meta").all_text_contents() == [
        "The record holds “The October 1973 war” (our summary) and “The Middle East, "
        "1970–1971” (our summary), but none of Kissinger’s recorded lines comes near this one. "
        "Say what you would tell Dobrynin about them, or open a topic to play one of its "
        "conversations through."
    ]
    link = entry.get_by_role("link", name="“The Middle East, 1970–1971” (our summary)")
    assert link.get_attribute("href") == CARD
    # heard as it reads, not "No recorded line comes near it" as of a line on nothing held
    assert (
        page.locator("#rp-heard")
        .text_content()
        .endswith(
            "but none of Kissinger’s recorded lines comes near this one. Say what you would tell "
            "Dobrynin about them, or open a topic to play one of its conversations through."
        )
    )

    link.click()  # the card lists the topic's conversations, each to play through
    page.locator("#topic-middle-east").wait_for()
    play = page.locator("#topic-middle-east").get_by_role("link", name="Play this conversation")
    assert play.get_attribute("href") == "/?document=frus1969-76v12%2Fd188"
    assert watched.errors == []

    teacher = open_page().page
    sign_in(teacher, live_server.url, live_server.token)
    told = (
        "The line names “The October 1973 war” (our summary) and “The Middle East, 1970–1971” "
        "(our summary), topics the record holds: the student was pointed to their conversations."
    )
    entry = teacher.locator('#live-feed li[data-kind="reply"]', has_text="Ottavia")
    entry.wait_for()
    assert ("reply", f"Ottavia → no match in the record. {told}") in live_feed(teacher)
    teacher.locator("#sessions tbody tr", has_text="Ottavia").get_by_role("button").click()
    card = teacher.locator('#transcript li[data-status="no_match"]', has_text=TOPICAL)
    card.wait_for()
    assert card.locator(".ex-body").nth(1).locator("p").all_text_contents() == [
        "No close match in the record: nothing was presented as the answer to this line.",
        told,
        "No lines were offered.",
    ]


def test_playing_dobrynin_the_note_names_his_lines(live_server, open_page):
    watched = open_page()
    page = watched.page
    join(page, live_server.url, "Oleksandr", live_server.class_code)
    start_roleplay(page, as_="dobrynin")
    say(page, "tell me about SALT")  # the fixture holds SALT (v13 d25), no line of his near it
    entry = page.locator("#rp-log > li.no-match").last
    assert entry.locator(".topic-note").text_content() == (
        "The record holds “SALT and arms control” (our summary), but none of Dobrynin’s "
        "recorded lines comes near this one. Say what you would tell Kissinger about it, or "
        "open the topic to play one of its conversations through."
    )
    assert watched.errors == []
