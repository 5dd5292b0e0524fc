"""A reload (or Back) keeps the Quiz form's choices: the type of question, the difficulty and
the number of questions came back as "Who said it?", Mixed and 5, whatever the student had
chosen. They are kept for this browser tab, as the tab shown is (test_tab_reload.py); a quiz in
progress still resumes, its type chosen in the form behind it; another session begun in the
tab starts from the form as it stands, not from the choices kept for the one before."""

from __future__ import annotations

from tests.web.flows import join

FORM = """() => [
  document.querySelector('#quiz-setup input[name="mode"]:checked').value,
  document.querySelector('#quiz-setup input[name="level"]:checked').value,
  document.querySelector('#quiz-count').value,
]"""


def _form(page) -> list[str]:
    """The form's type, difficulty and count, once the resumed session is drawn on the Quiz."""
    page.locator("#quiz-setup").wait_for(state="visible")
    return page.evaluate(FORM)


def test_a_reload_keeps_the_quiz_forms_choices(live_server, open_page):
    watched = open_page()
    page = watched.page
    join(page, live_server.url, "Anaximander", live_server.class_code)
    page.get_by_role("button", name="Quiz").click()
    assert _form(page) == ["who_said", "", "5"]

    page.get_by_label("Subtle").check()
    page.get_by_label("Number of questions").fill("3")
    page.reload()
    assert _form(page) == ["who_said", "subtle", "3"]  # was ["who_said", "", "5"]

    page.get_by_label("What came next?").check()
    page.get_by_label("Number of questions").fill("7")
    page.get_by_role("link", name="What the record covers").first.click()
    page.go_back()
    assert _form(page) == ["what_next", "subtle", "7"]
    # the difficulty is of "Who said it?" lines: off for this type, as when chosen
    assert page.evaluate("document.querySelector('#quiz-level').disabled") is True

    # a quiz in progress resumes as before, the form behind it as it was started
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 7").wait_for()
    page.reload()
    page.locator("#quiz-progress", has_text="Question 1 of 7").wait_for()
    assert page.locator("#quiz-setup").is_hidden()
    assert page.evaluate(FORM) == ["what_next", "subtle", "7"]
    assert watched.errors == []


def test_another_session_in_the_tab_starts_from_the_forms_own_choices(live_server, open_page):
    page = open_page().page
    join(page, live_server.url, "Anaximenes", live_server.class_code)
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label("What came next?").check()
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Leave session").click()
    join(page, live_server.url, "Xenophanes", live_server.class_code)  # the page opened anew
    page.get_by_role("button", name="Quiz").click()
    assert _form(page) == ["who_said", "", "5"]
