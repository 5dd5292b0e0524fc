"""A line refused within a scenario that nothing in the rest of the record answers either is
said to be so, and the page no longer offers to ask the whole record (issue #11).

The server searches the whole record again for a line refused as weak within a scenario. When
nothing outside answers, the page still said "Only its conversations were searched. [Ask the
whole record instead]": the student clicked and got the same refusal a second time, from a
search the server had already made. The reply now says it was made (`searched_outside`), and
the page says "The rest of the record was searched too: nothing there answers this either.",
the did-you-mean lines kept; a screen reader hears it too. A line the rest of the record does
answer keeps its note and its button (asking there answers). In a class whose instructor set
the scenario, the sentence saying the rest of the record is not open no longer leaves the
student to think it might answer.

The students and the class (NOUT11) are this file's own.
"""

from __future__ import annotations

from tests.web.flows import SEED_LINE, join, received, say, start_roleplay, wait_until
from tests.web.heard import announced, watch_announced
from tests.web.test_scenario_change import _set_scenario

WAR = "topic:war-1973"
LEAD = "Nothing in “The October 1973 war” (our summary) answers this."
NOTHING_OUTSIDE = "The rest of the record was searched too: nothing there answers this either."
NOWHERE = "What is the capital of Australia?"  # no recorded line fits it, in any scope
# refused in the war, one line of it offered (v25 d172 turn 11, at fit 0.46); "Sadat is moving his
# tanks." was offered turn 7 until a search within a scenario had a tier model of its own, which
# answers it with that turn
NEAR = "Egypt is moving troops."
MBFR = "What about the MBFR talks?"  # refused in the war, answered outside it
BOUND = (
    "Your instructor set this scenario for your class, so the rest of the record is not open here."
)


def _paragraphs(refusal) -> list[str]:
    """The refusal's own sentences, in order (not the citation under each line offered)."""
    return [p.text_content() for p in refusal.locator(":scope > p").all()]


def test_a_refusal_nothing_outside_answers_offers_no_wider_ask(live_server, open_page):
    watched = open_page()
    page = watched.page
    replies = received(page, "reply")
    join(page, live_server.url, "Outsider-Ngata", "")  # practising alone: the whole record open
    wait_until(page, "document.querySelectorAll('#rp-scenario option').length > 1")
    page.locator("#rp-scenario").select_option(WAR)
    start_roleplay(page)
    watch_announced(page, "rp-heard")
    log = page.locator("#rp-log > li.no-match")

    say(page, NOWHERE)
    assert (replies[-1]["searched_outside"], "elsewhere" in replies[-1]) == (True, False)
    refusal = log.last
    assert _paragraphs(refusal) == [
        LEAD,
        NOTHING_OUTSIDE,
        "Nothing in it comes near this line. Try other words, or see what this topic holds.",
    ]
    assert refusal.locator("button.widen").count() == 0
    assert "instead" not in refusal.text_content()

    # The did-you-mean line is offered as before, after the same sentence.
    say(page, NEAR)
    refusal = log.last
    assert _paragraphs(refusal) == [
        LEAD,
        NOTHING_OUTSIDE,
        "Did you mean one of these recorded lines? Pick one to hear what followed it in the "
        "record.",
        "Or see what this topic holds.",
    ]
    assert refusal.locator("button.pick").count() == 1
    assert refusal.locator("button.widen").count() == 0

    # Answered outside the scenario: named, and asking the whole record there answers.
    say(page, MBFR)
    refusal = log.last
    assert refusal.locator(".elsewhere-note").count() == 1
    assert refusal.locator(".scope-note").text_content() == (
        "Only its conversations were searched. Ask the whole record instead"
    )
    assert announced(page) == [
        f"{LEAD} {NOTHING_OUTSIDE} No recorded line comes near it.",
        f"{LEAD} {NOTHING_OUTSIDE} 1 recorded line offered to pick.",
        f"{LEAD} Outside it, the record has a conversation that answers this.",
    ]

    page.reload()  # the log put back reads the same
    log.nth(2).wait_for()
    assert [n.locator(".scope-note").text_content() for n in log.all()] == [
        NOTHING_OUTSIDE,
        NOTHING_OUTSIDE,
        "Only its conversations were searched. Ask the whole record instead",
    ]
    assert watched.errors == []


def test_a_class_kept_in_its_scenario_is_told_nothing_outside_answers(
    live_server, open_page, classroom
):
    code = "NOUT11"
    token = classroom.teacher("Prof. Outram-Achebe", code)
    _set_scenario(live_server.url, token, WAR, code)
    page = classroom.open_page().page
    join(page, live_server.url, "Outsider-Halvorsen", code)
    wait_until(page, f"document.querySelector('#rp-scenario').value === '{WAR}'")
    start_roleplay(page)
    log = page.locator("#rp-log > li.no-match")

    say(page, NOWHERE)
    refusal = log.last
    assert _paragraphs(refusal)[:2] == [
        LEAD,
        f"{BOUND} It was searched too: nothing there answers this either.",
    ]
    assert refusal.locator("button.widen").count() == 0

    # Answered outside: the class is kept within the scenario, and the note says where.
    say(page, SEED_LINE)
    refusal = log.last
    assert refusal.locator(".scope-note").text_content() == (
        f"Only its conversations were searched. {BOUND}"
    )
    assert refusal.locator(".elsewhere-note").count() == 1
    assert refusal.locator("button.widen").count() == 0
