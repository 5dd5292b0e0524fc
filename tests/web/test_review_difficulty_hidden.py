"""The Quiz tab's "Difficulty of the “who said” lines" is not shown while Review is chosen: a
review asks its items again at the difficulty they were first asked, and the control stood
there (off) as if a review had one. With "What came next?" it stays shown, off (the difficulty
of the other type); with "Who said it?" it is shown and on."""

from __future__ import annotations

from tests.web.flows import join


def test_review_shows_no_difficulty(live_server, open_page):
    watched = open_page()
    page = watched.page
    join(page, live_server.url, "Revi Nolevel", "")  # practising alone
    page.get_by_role("button", name="Quiz").click()
    level = page.locator("#quiz-level")

    def shown() -> tuple[bool, bool, bool]:
        subtle = page.locator('#quiz-level input[value="subtle"]')
        return level.is_visible(), subtle.is_visible(), subtle.is_enabled()

    assert shown() == (True, True, True)  # "Who said it?", the type chosen at first
    page.get_by_label("Review").check()
    assert shown() == (False, False, False)
    assert page.get_by_label("Number of questions").is_visible()
    page.get_by_label("What came next?").check()
    assert shown() == (True, True, False)
    page.get_by_label("Review").check()
    assert shown() == (False, False, False)
    page.get_by_label("Who said it?").check()
    assert shown() == (True, True, True)
    assert watched.errors == []
