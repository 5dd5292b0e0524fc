"""The live feed shows a student's line as typed, its line break kept, in the entry of the line
and in that of the recorded line they then picked: both read "when are you back from
moscow?" on one line, where the student wrote two and the transcript card keeps them (the
feed's words were not drawn pre-wrapped, and the pick's entry took the line as searched); and
in *What the class struggled with*, which listed it on one line too. The class is the test's
own (TYF227)."""

from __future__ import annotations

from tests.web.flows import NEAR_LINE, open_class, say, wait_until

CLASS = "TYF227"
TYPED = NEAR_LINE.replace(" from", "\nfrom")  # refused, with the closest lines offered


def test_the_live_feed_keeps_the_students_line_break(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Oyelaran", CLASS)
    page = open_page().page
    open_class(page, live_server.url, token, CLASS)
    student = classroom.student("Chidi", CLASS)
    say(student, TYPED)
    student.locator("#rp-log > li.no-match").last.locator("button.pick").first.click()
    student.locator("#rp-log > li.picked").wait_for()
    wait_until(page, "document.querySelectorAll('#live-feed li[data-kind=\"reply\"]').length === 2")
    said = page.locator('#live-feed li[data-kind="line"] bdi')
    picked = page.locator('#live-feed li[data-kind="reply"]').first
    assert picked.text_content().split(" → for “")[1].startswith(f"{TYPED}”, picked ")
    for words in (said, picked.locator("bdi")):
        assert words.text_content() == TYPED
        assert words.inner_text() == TYPED  # drawn on two lines, not run together
    # listed among the lines the record could not answer (then picked), as typed
    page.locator("#struggles-view").scroll_into_view_if_needed()
    listed = page.locator("#unanswered q")
    listed.wait_for()
    assert (listed.text_content(), listed.inner_text()) == (TYPED, TYPED)
