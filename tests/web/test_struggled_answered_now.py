"""*What the class struggled with* asks the teacher to give an unanswered line an answer from
its transcript; given one, the line went on being listed as before, nothing beside it, so a
teacher could not tell that the correction had taken (found by the teacher's walk). It stays
listed, since its student was refused, and says the correction that answers it now.

The class is a new instructor's own (ANS188), so the other browser tests' classes are
untouched.
"""

from __future__ import annotations

import json
import urllib.request

from tests.web.flows import NEAR_LINE, open_class

CLASS = "ANS188"


def test_a_line_given_an_answer_says_so_in_what_the_class_struggled_with(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Mensah", CLASS)
    classroom.student("Abena", CLASS, NEAR_LINE)  # refused, with recorded lines offered

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    entry = page.locator("#unanswered li", has_text=NEAR_LINE).locator(".help")
    entry.wait_for()
    assert entry.text_content().startswith("Abena, as Kissinger, ")
    assert "answers it now" not in entry.text_content()

    page.locator("#sessions tbody tr", has_text="Abena").get_by_role("button").click()
    card = page.locator("#transcript li.exchange", has_text=NEAR_LINE)
    card.get_by_role("button", name="Give this line an answer").click()
    card.locator("input[type=radio]").first.check()
    card.get_by_role("button", name="Save correction").click()
    card.get_by_text("Saved.").wait_for()
    request = urllib.request.Request(
        f"{live_server.url}/api/classes/{CLASS}/corrections",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        [made] = json.loads(response.read().decode("utf-8"))

    page.get_by_role("button", name="Refresh").click()
    page.locator("#unanswered li .help", has_text="answers it now").wait_for()
    assert entry.text_content().endswith(f"; your correction {made['id']} answers it now")
    assert watched.errors == []
