"""Strict answers in the browser: the instructor ticks them on the instructor page, and a student
of the class gets an honest refusal, with the closest recorded lines to pick, for a loose line a
student of another class gets answered; unticked, the student's next line is answered again.

The class is a new instructor's own (IR160), so the other browser tests' class is untouched.
"""

from __future__ import annotations

from tests.server.test_class_strict import LOOSE
from tests.web.conftest import add_instructor, screenshot
from tests.web.flows import join, open_class, received, say, start_roleplay

CLASS = "IR160"
LABEL = (
    "Answer only when the record clearly answers (more lines refused, with closest lines offered)"
)


def test_the_instructor_sets_strict_answers_and_a_students_loose_line_is_refused(
    live_server, open_page
):
    token = add_instructor("Prof. Abara", CLASS, live_server.data, live_server.env)
    teacher = open_page()
    page = teacher.page
    open_class(page, live_server.url, token, CLASS)
    box = page.get_by_label(LABEL)
    assert not box.is_checked()
    help_text = " ".join(page.locator("#class-strict-help").text_content().split())
    assert help_text == (
        "For a class that would rather see an honest refusal than a recorded reply "
        "that may not answer its line."
    )

    box.check()
    page.locator("#class-strict-status", has_text="On.").wait_for()
    assert page.locator("#class-strict-status").text_content() == (
        "On. From their next line, your students get a reply only when the record clearly "
        "answers it."
    )
    button = page.locator(f'#classes button[data-code="{CLASS}"]')
    assert button.text_content().endswith("· strict answers")
    screenshot(page, "instructor-class-strict", full_page=False)
    page.reload()  # kept by the server, shown from GET /api/classes
    page.locator("#class-title", has_text=f"Class {CLASS}").wait_for()
    assert page.get_by_label(LABEL).is_checked()

    # A student of another class is answered ...
    other = open_page()
    answers = received(other.page, "reply")
    join(other.page, live_server.url, "Rahel", live_server.class_code)
    start_roleplay(other.page)
    say(other.page, LOOSE)
    assert answers[-1]["status"] == "match"
    best = answers[-1]["matches"][0]["prompt"]

    # ... where a student of the strict class is refused, with that line offered first.
    student = open_page()
    replies = received(student.page, "reply")
    join(student.page, live_server.url, "Tomas", CLASS)
    start_roleplay(student.page)
    say(student.page, LOOSE)
    assert (replies[-1]["status"], replies[-1]["reason"]) == ("no_match", "weak")
    refusal = student.page.locator("#rp-log > li.no-match").last
    assert refusal.locator(".verdict").text_content() == "No line in the record answers this."
    picks = refusal.locator("button.pick")
    assert 1 <= picks.count() <= 3
    assert picks.first.locator(".pick-line").text_content() == best["text"]

    # Unticked: the same role-play's next line is answered.
    page.get_by_label(LABEL).uncheck()
    page.locator("#class-strict-status", has_text="Off.").wait_for()
    assert not button.text_content().endswith("strict answers")
    say(student.page, LOOSE)
    assert replies[-1]["status"] == "match"
    assert replies[-1]["matches"][0]["prompt"] == best
    assert (teacher.errors, student.errors, other.errors) == ([], [], [])
