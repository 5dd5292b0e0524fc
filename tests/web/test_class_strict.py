"""Strict answers in the browser: the instructor ticks them on the instructor page, and a student
of the class gets an honest refusal, with the closest recorded lines to pick, for a loose line a
student of another class gets answered; unticked, the student's next line is answered again.
The live feed says a refusal was under strict answers as the transcript card does, as it comes
and in the history a reloaded page reads.

The class is a new instructor's own (IR160), so the other browser tests' class is untouched.
"""

from __future__ import annotations

from tests.served import _cli
from tests.server.test_class_strict import LOOSE
from tests.web.conftest import screenshot
from tests.web.flows import (
    heard,
    join,
    live_feed,
    open_class,
    received,
    say,
    start_roleplay,
    wait_until,
)

CLASS = "IR160"
STUDENT_LINE = (
    "Your class asks for strict answers: a line the record answers only loosely is refused, "
    "with the closest lines offered."
)
LABEL = (
    "Answer only when the record clearly answers (more lines refused, with closest lines offered)"
)


def test_the_instructor_sets_strict_answers_and_a_students_loose_line_is_refused(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Abara", CLASS)
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
    assert other.page.locator("#rp-strict").is_hidden()
    say(other.page, LOOSE)
    assert answers[-1]["status"] == "match"
    best = answers[-1]["matches"][0]["prompt"]

    # ... where a student of the strict class is refused, with that line offered first.
    student = open_page()
    replies = received(student.page, "reply")
    join(student.page, live_server.url, "Tomas", CLASS)
    line = student.page.locator("#rp-strict")
    line.wait_for()  # said from the start, before any line is refused
    assert " ".join(line.text_content().split()) == STUDENT_LINE
    start_roleplay(student.page)
    assert line.is_visible()
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
    start_roleplay(student.page)  # the next role-play's roleplay.ready says it is off
    line.wait_for(state="hidden")

    # The transcript's refusal says the strict bar it fell below; the answered line says none.
    page.get_by_role("button", name="Refresh").click()
    page.locator("#sessions tbody button", has_text="Tomas").click()
    refused = page.locator('#transcript li[data-status="no_match"]')
    refused.first.wait_for()
    assert refused.count() == 1
    assert refused.locator(".refusal-bar").text_content() == (
        " Strict answers: a reply needed a fit probability of 0.8."
    )
    assert page.locator("#transcript .refusal-bar").count() == 1
    assert (teacher.errors, student.errors, other.errors) == ([], [], [])


def test_the_live_feed_says_a_refusal_was_under_strict_answers(live_server, open_page, classroom):
    """The bar a strict class's loose line fell below, in the feed as it comes, after a reload
    (from the history) and on the transcript card, in the same words; a line refused for what
    it names says that, not the bar."""
    token = classroom.teacher("Prof. Eze", "IRS165")
    strict = ("instructor", "strict", "IRS165", "--on", "--data", str(live_server.data))
    assert _cli(*strict, env=live_server.env).returncode == 0
    teacher = open_page()
    page = teacher.page
    open_class(page, live_server.url, token, "IRS165")
    page.locator("#live-state", has_text="following your classes").wait_for()

    student = open_page()
    join(student.page, live_server.url, "Ines", "IRS165")
    start_roleplay(student.page)
    say(student.page, LOOSE)
    say(student.page, "Putin will not like this")
    bar = "Strict answers: a reply needed a fit probability of 0.8."
    # the topic the line names, which the student's page linked under the lines offered, then
    # the bar
    topic = (
        "The line names “The October 1973 war” (our summary), a topic the record holds: the "
        "student was pointed to its conversations."
    )
    expected = [
        f"Ines → no match in the record. {topic} {bar}",
        "Ines → no match in the record. The line names Putin, of a time after the record "
        "(1969–1976).",
    ]
    replies = """document.querySelectorAll('#live-feed li[data-kind="reply"]').length === 2"""
    wait_until(page, replies)
    assert [text for kind, text in live_feed(page) if kind == "reply"] == expected[::-1]

    page.reload()  # the history tells them the same (newest on top)
    page.locator("#live-state", has_text="following your classes").wait_for()
    wait_until(page, replies)
    assert [text for kind, text in live_feed(page) if kind == "reply"] == expected[::-1]

    page.locator("#sessions tbody button", has_text="Ines").click()
    refused = page.locator('#transcript li[data-status="no_match"]')
    refused.first.wait_for()
    assert refused.locator(".refusal-bar").all_text_contents() == [f" {bar}"]
    assert (teacher.errors, student.errors) == ([], [])


def test_an_open_students_page_says_so_the_moment_strict_answers_change(
    live_server, open_page, classroom
):
    """The bar applies from the student's next line, and the note beside the role-play now
    follows at once: it showed only at the next role-play's start (found by the teacher's
    walk), so a student in the middle of one was refused with no word of why."""
    token = classroom.teacher("Prof. Nakamura", "IRS170")
    teacher = open_page()
    page = teacher.page
    open_class(page, live_server.url, token, "IRS170")
    student = open_page()
    pushed = received(student.page, "class.strict", "roleplay.ready")
    join(student.page, live_server.url, "Yusuf", "IRS170")
    start_roleplay(student.page)
    note = student.page.locator("#rp-strict")
    assert note.is_hidden()

    page.get_by_label(LABEL).check()
    page.locator("#class-strict-status", has_text="On.").wait_for()
    note.wait_for()  # no line said, no new start
    heard(student.page, pushed, 1)
    assert " ".join(note.text_content().split()) == STUDENT_LINE
    assert [(m["type"], m["strict"]) for m in pushed] == [
        ("roleplay.ready", False),
        ("class.strict", True),
    ]
    assert pushed[-1] == {"type": "class.strict", "class": "IRS170", "strict": True}

    page.get_by_label(LABEL).uncheck()
    note.wait_for(state="hidden")
    heard(student.page, pushed, 2)
    assert pushed[-1] == {"type": "class.strict", "class": "IRS170", "strict": False}
    assert (teacher.errors, student.errors) == ([], [])
