"""What *What the class struggled with* says when it lists no line the record could not answer.
Found by a teacher's walk: a class no student had typed a line in read "Every line so far had an
answer in the record.", and so did a class whose one refused line named Putin, listed under
"Asked about a later time" below it and never answered."""

from __future__ import annotations

from tests.web.flows import join, open_class, say, start_roleplay

NONE_TYPED = "No student has typed a line yet."
NAMED_ONLY = (
    "Every line refused so far was refused for what it named: see “Asked about what the record "
    "does not hold” and “Asked about a later time” below."
)


def _empty_says(page, words: str) -> None:
    page.locator("#struggles-view").scroll_into_view_if_needed()
    page.locator("#unanswered-empty", has_text=words).wait_for()
    assert page.locator("#unanswered-empty").text_content() == words
    assert page.locator("#unanswered li").count() == 0


def test_the_empty_list_says_whether_any_line_was_typed_or_refused_only_for_what_it_named(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Haldane-T43", "EMPTYU1")
    page = open_page().page
    open_class(page, live_server.url, token, "EMPTYU1")
    student = open_page().page
    join(student, live_server.url, "Petra T43", "EMPTYU1")
    _empty_says(page, NONE_TYPED)

    start_roleplay(student)
    say(student, "What about Putin?")
    _empty_says(page, NAMED_ONLY)
    assert "Putin (1 student, 1 line)" in page.locator("#later-asked").text_content()
