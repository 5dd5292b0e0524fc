"""A play-through's card where the student's own words found nothing: the record's own line and
reply at this point were shown (the card shows them), and the card said beneath them "Refusal:
No close match in the record: nothing was presented as the answer to this line.", untrue of a
line whose reply was on the student's screen, and, within a scenario, of the whole record,
where only the scenario's conversations were searched (found by the teacher's walk). It now
says what the search of the student's words found, as the student's page does.

The class is a new instructor's own (PLY172), so the other browser tests' classes are
untouched.
"""

from __future__ import annotations

from tests.served import _cli
from tests.web.flows import SEED, open_class, say, start_roleplay

CLASS = "PLY172"
SHORT = "frus1969-76v25/d172"  # the fixture's one conversation of the 1973 war
LINE = "What is the capital of Australia?"  # nothing recorded fits it, in any scope
SHOWN = "the record’s own line and reply at this point were shown, above."


def test_a_play_through_line_nothing_answers_is_not_called_a_refusal(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Quaye", CLASS)
    student = classroom.student("Kwesi", CLASS, LINE, document=SEED)
    where = ("--data", str(live_server.data))
    scenario = ("instructor", "scenario", CLASS, "topic:war-1973", *where)
    assert _cli(*scenario, env=live_server.env).returncode == 0
    start_roleplay(student, document=SHORT)  # the class's scenario holds from this one
    say(student, LINE)

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    page.locator("#sessions tbody tr", has_text="Kwesi").get_by_role("button").click()
    cards = page.locator('#transcript li[data-kind="exchange"]')
    cards.nth(1).wait_for()
    assert cards.locator(".refusal").all_text_contents() == [
        f"No line elsewhere in the record answers them: {SHOWN}",
        f"No line in “The October 1973 war” (our summary) answers them: {SHOWN}",
    ]
    assert cards.nth(1).locator(".outside-note").text_content() == (
        "Nothing outside it was found to answer it either."
    )
    assert cards.nth(0).locator(".outside-note").count() == 0
    assert page.locator("#transcript .ex-label", has_text="Refusal").count() == 0
    assert watched.errors == []
