"""axe-core's WCAG 2.1 A/AA rules (and its best practices) on every page, in the states a
student and an instructor really reach: a state that is only drawn after a reply (did-you-mean
choices, quiz feedback, a transcript, the correction form) is audited once drawn.

Each test's class is its own (A11Y1, A11Y2), so the other browser tests' classes are untouched.
"""

from __future__ import annotations

from tests.web.audit import assert_accessible, bar_contrasts
from tests.web.flows import (
    NEAR_LINE,
    SEED_LINE,
    join,
    open_class,
    received,
    say,
    start_roleplay,
    wait_until,
)

# Whether an element's content overflows it, so it scrolls inside the page.
SCROLLS = "(box) => box.scrollHeight > box.clientHeight"


def _quiz_one_question(page) -> None:
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label("Number of questions").fill("1")
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 1").wait_for()


def test_the_student_page_is_accessible_in_each_state(live_server, open_page, classroom):
    classroom.teacher("Prof. Brennan", "A11Y1")
    watched = open_page()
    page = watched.page
    replies = received(page, "reply")
    page.goto(live_server.url + "/")
    assert_accessible(page, "join form")
    join(page, live_server.url, "Ines", "A11Y1")
    assert_accessible(page, "joined, role-play not started")

    start_roleplay(page)
    say(page, SEED_LINE)
    turns = page.locator("#context-turns")
    turns.locator(".is-reply").first.wait_for()
    # The record panel's exchange scrolls beside the log at this size: a keyboard reaches it.
    assert turns.evaluate(SCROLLS)
    assert turns.get_attribute("tabindex") == "0"
    assert_accessible(page, "role-play with a matched reply and the record panel")

    say(page, NEAR_LINE)
    refusal = page.locator("#rp-log > li.no-match").last
    assert refusal.locator(".verdict").text_content() == "No line in the record answers this."
    offered = [m["prompt"]["text"] for m in replies[-1]["suggestions"] or replies[-1]["matches"]]
    assert refusal.locator(".pick-line").all_text_contents() == offered != []
    assert_accessible(page, "no_match reply with its did-you-mean lines")
    refusal.locator("button.pick").first.click()
    page.locator("#rp-log > li.picked").wait_for()
    assert_accessible(page, "a did-you-mean line picked")

    _quiz_one_question(page)
    assert_accessible(page, "quiz question")
    page.locator("#quiz-choices button").first.click()
    page.locator("#quiz-feedback .verdict").wait_for()
    assert_accessible(page, "quiz feedback")
    page.locator("#quiz-next").click()
    page.locator("#quiz-summary").wait_for(state="visible")
    assert_accessible(page, "quiz summary and review list")

    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-chart svg.chart").wait_for()
    assert page.locator("#progress-seen").text_content() == "1"
    assert_accessible(page, "progress with its chart")
    assert watched.errors == []


def test_the_instructor_page_is_accessible_in_each_state(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Castellanos", "A11Y2")
    lines = (SEED_LINE, "What about the conference?", "zxqv plorb wug", "Yes.")
    student = classroom.student("Jonas", "A11Y2", *lines)
    _quiz_one_question(student)
    student.locator("#quiz-choices button").first.click()
    student.locator("#quiz-feedback .verdict").wait_for()

    watched = open_page()
    page = watched.page
    page.goto(live_server.url + "/instructor.html")
    assert_accessible(page, "sign-in form")
    open_class(page, live_server.url, token, "A11Y2")
    page.locator("#sessions tbody tr", has_text="Jonas").wait_for()
    page.locator("#progress-table").wait_for()
    # joined, role-play started, four lines and replies, quiz started, answered, finished
    wait_until(page, "document.querySelectorAll('#live-feed li').length === 13")
    feed = page.locator("#live-feed")
    assert feed.evaluate(SCROLLS)  # longer than its 16rem: a keyboard reaches it to scroll
    assert feed.get_attribute("tabindex") == "0"
    assert_accessible(page, "class with its sessions, live feed and struggles")
    # Jonas's bars as drawn: "zxqv plorb wug" had no match, so its part is among them.
    drawn = bar_contrasts(page, "#progress-chart svg")
    assert "bar-refused" in [part for part, *_ in drawn]
    assert [d for d in drawn if d[2] < 3 or (d[3] is not None and d[3] < 3)] == [], drawn

    page.locator("#sessions tbody tr", has_text="Jonas").get_by_role("button").click()
    cards = page.locator('#transcript li[data-kind="exchange"]')
    cards.nth(3).wait_for()
    assert cards.locator(".student-line").first.text_content() == SEED_LINE
    assert_accessible(page, "an open transcript")

    cards.first.locator(".correct-button").click()
    form = cards.first.locator("form.correction")
    form.locator(".fix-document option").nth(1).wait_for(state="attached")
    assert form.locator(".fix-choice").count() >= 1
    assert_accessible(page, "the correction form")
    assert watched.errors == []


def test_the_record_page_is_accessible(live_server, open_page):
    watched = open_page()
    page = watched.page
    page.goto(live_server.url + "/record.html")
    page.locator("#topics-toc li").first.wait_for()
    page.locator("#volumes li").first.wait_for()
    assert_accessible(page, "what the record covers")
    assert watched.errors == []


DRAW_CHART = """async (students) => {
  const { progressChart } = await import("/js/instructor-struggles.js");
  document.querySelector("#progress-chart").replaceChildren(progressChart(students, false));
}"""


def test_each_part_of_the_progress_bars_stands_out_at_3_to_1(live_server, open_page):
    """WCAG 1.4.11 (non-text contrast), which axe-core does not check: each part of a student's
    bars is 3:1 or more against the card around it and against the part beside it. The "no
    match" part was #b9a98c, 2.3:1 on the card; "right" beside "wrong" was 1.2:1."""
    page = open_page().page
    page.goto(live_server.url + "/instructor.html")
    students = [
        {"student": "Ada", "sessions": 1, "lines": 5, "answered": 3, "refused": 2,
         "quiz_right": 1, "quiz_total": 4, "closeness_mean": None, "last_seen": None},
    ]  # fmt: skip
    page.evaluate(DRAW_CHART, students)
    assert bar_contrasts(page, "#progress-chart svg") == [
        ("bar-answered", "rgb(22, 54, 86)", 12.18, 3.68),
        ("bar-refused", "rgb(156, 138, 102)", 3.31, 3.68),
        ("bar-right", "rgb(18, 61, 32)", 12.05, 3.45),
        ("bar-wrong", "rgb(208, 106, 96)", 3.49, 3.45),
    ]
