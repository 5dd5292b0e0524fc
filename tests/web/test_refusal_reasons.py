"""A refused line tells the student why, in plain words: a name no recorded conversation speaks
of, one of a later time, words that are no line for the other man, or a line in another
language than the record's; the closest recorded
lines are offered as before, and the instructor's transcript card says the same."""

from __future__ import annotations

import json

from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.web.conftest import screenshot
from tests.web.flows import join, received, say, start_roleplay, wait_until
from tests.web.test_review import sign_in

UNHELD = "The Chinese will protest about Cuba."  # the seed's "The Chinese will protest.", and Cuba
LATER = "putin will protest about the conference."
OTHER = "Wann treffen wir uns in Berlin, Anatol?"  # German: the record is in English


def test_a_refusal_says_why_in_the_students_words(live_server, open_page):
    watched = open_page()
    page = watched.page
    replies = received(page, "reply")
    join(page, live_server.url, "Odile", live_server.class_code)
    start_roleplay(page)

    say(page, UNHELD)
    assert (replies[-1]["reason"], replies[-1]["names"]) == ("unheld", ["Cuba"])
    entry = page.locator("#rp-log > li.no-match").last
    verdict = entry.locator(".verdict").text_content()
    assert verdict == "No recorded conversation here speaks of “Cuba”."  # the word as typed
    # the closest recorded lines, offered as before, and what the record holds
    first = entry.locator("button.pick").first.locator(".pick-line")
    assert first.text_content() == "The Chinese will protest."
    # straight to the crises the record does not hold, Cuba among them
    covers = entry.get_by_role("link", name="see what the record covers, and what it does not")
    assert covers.get_attribute("href") == "/record.html#unheld-title"
    assert entry.locator(".scope-note").count() == 0
    screenshot(page, "student-refusal-unheld")

    say(page, LATER)  # typed in lower case: the sentence still starts with a capital
    entry = page.locator("#rp-log > li.no-match").last
    assert entry.locator(".verdict").text_content() == (
        "Putin belongs to a later time: this record ends in 1976."
    )
    assert watched.errors == []

    teacher = open_page().page
    sign_in(teacher, live_server.url, live_server.token)
    teacher.locator("#sessions tbody tr", has_text="Odile").get_by_role("button").click()
    card = teacher.locator('#transcript li[data-status="no_match"]', has_text=UNHELD)
    card.wait_for()
    assert card.locator(".refusal").text_content() == (
        "No close match in the record: nothing was presented as the answer to this line. "
        "The line names “Cuba”, which no recorded conversation here speaks of."
    )


def test_playing_dobrynin_a_line_for_no_one_is_nudged_towards_kissinger(live_server, open_page):
    watched = open_page()
    page = watched.page
    replies = received(page, "reply")
    join(page, live_server.url, "Pavla", live_server.class_code)
    start_roleplay(page, as_="dobrynin")
    say(page, "asdf qwer")
    assert (replies[-1]["reason"], replies[-1]["names"]) == ("chatter", [])
    entry = page.locator("#rp-log > li.no-match").last
    assert (
        entry.locator(".verdict").text_content() == "That does not sound like a line for Kissinger."
    )
    assert entry.locator(".hint").text_content() == (
        "Speak to Kissinger as Dobrynin would: the record holds only what passed between them."
    )
    # nothing recorded comes near it: no line is offered as if one did
    assert entry.locator("button.pick").count() == 0
    assert entry.locator("p.meta:not(.hint)").all_text_contents() == [
        "Nothing in the record comes near this line. Try other words, or see what the record "
        "covers."
    ]
    assert watched.errors == []


def test_a_line_in_another_language_is_asked_for_in_english(live_server, open_page):
    """A line typed in German was told only "Nothing in the record comes near this line";
    now the page says the record is in English and asks for the line in English, and the
    instructor's transcript card says why it was refused."""
    watched = open_page()
    page = watched.page
    replies = received(page, "reply")
    join(page, live_server.url, "Jurgen", live_server.class_code)
    start_roleplay(page)
    say(page, OTHER)
    assert (replies[-1]["reason"], replies[-1]["names"]) == ("language", [])
    entry = page.locator("#rp-log > li.no-match").last
    assert entry.locator(".verdict").text_content() == (
        "The record is in English: type your line in English."
    )
    assert entry.locator(".hint").text_content() == (
        "The recorded conversations are in English, and the search compares your words with "
        "theirs: a line in another language comes near none of them."
    )
    mine = page.locator("#rp-log > li.mine").last  # the student's line, as typed
    assert mine.locator(".words").text_content() == OTHER
    # nothing recorded comes near it: no line is offered as if one did
    assert entry.locator("button.pick").count() == 0
    # the lead says why and what to do; "nothing comes near this line, try other words" repeated it
    assert entry.locator("p.meta:not(.hint)").all_text_contents() == [
        "Or see what the record covers."
    ]
    assert entry.locator(".scope-note").count() == 0  # no wider scope would read it either
    screenshot(page, "student-refusal-language")
    assert watched.errors == []

    teacher = open_page().page
    sign_in(teacher, live_server.url, live_server.token)
    teacher.locator("#sessions tbody tr", has_text="Jurgen").get_by_role("button").click()
    card = teacher.locator('#transcript li[data-status="no_match"]', has_text=OTHER)
    card.wait_for()
    assert card.locator(".refusal").text_content() == (
        "No close match in the record: nothing was presented as the answer to this line. "
        "The line was not in English, the record’s language: the student was asked to type "
        "it in English."
    )


def test_the_teacher_sees_what_the_class_asked_about_that_the_record_does_not_hold(
    live_server, open_page, classroom
):
    """The live feed says why a line was refused; the struggles view gathers the ``unheld``
    refusals by the topic their names belong to, with the words typed (a name no topic of the
    list names now on its own), and the ``anachronism`` ones by name, case aside."""
    token = classroom.teacher("Prof. Haddad", "UNH200")
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    # Tatiana's line of a topic list that named Biafra (this one does not)
    learner = store.create_learner(name="Tatiana", class_code="UNH200", token_hash="unh200-t")
    older = store.create_session(learner=learner.id, token_hash="unh200-t-session")
    store.record(older.id, "line", {"text": "And Biafra?"})
    store.record(
        older.id,
        "reply",
        {"query": "And Biafra?", "status": "no_match", "reason": "unheld", "names": ["Biafra"]},
    )
    store.close()
    watched = open_page()
    teacher = watched.page
    sign_in(teacher, live_server.url, token)
    teacher.locator("#class-title", has_text="Class UNH200").wait_for()
    # the struggle view follows the class while on screen
    teacher.locator("#struggles-view").scroll_into_view_if_needed()
    for name, lines in {
        "Quentin": [UNHELD, "What about Jordan and Cuba?", LATER],
        "Renata": ["the chinese will protest about cuba."],
        "Silvio": ["The fedayeen will protest.", "Putin will protest.", "Ask Putin about Gaza."],
    }.items():
        classroom.student(name, "UNH200", *lines)
    entry = teacher.locator('#live-feed li[data-kind="reply"]', has_text="Renata")
    entry.wait_for()
    assert entry.text_content().endswith(
        "Renata → no match in the record. "
        "The line names “cuba”, which no recorded conversation here speaks of."
    )
    later = "Putin (2 students, 3 lines), Gaza (1 student, 1 line)"
    wait_until(
        teacher, f"document.querySelector('#later-asked').textContent === {json.dumps(later)}"
    )
    assert teacher.locator("#unheld-asked > li").all_text_contents() == [
        "The Cienfuegos submarine base, Cuba (1970) — 2 students, 3 lines (typed: Cuba)",
        "Jordan, September 1970: Syrian tanks and the fedayeen — 2 students, 2 lines "
        "(typed: fedayeen, Jordan)",
        "Biafra — 1 student, 1 line (a name no topic of the list names now)",
    ]
    assert teacher.locator("#unheld-empty").is_hidden()
    assert teacher.locator("#held-now-part").is_hidden()  # the fixture speaks of no topic
    assert teacher.locator("#later-empty").is_hidden()
    teacher.locator("#unheld-asked").scroll_into_view_if_needed()
    screenshot(teacher, "instructor-struggles-unheld")
    assert watched.errors == []
