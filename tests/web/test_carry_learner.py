"""A self-study learner who practised on one computer and opened Backchannel on another became
a new learner there ("Marisol (2)"), their progress and reviews left behind, with no way to take
them along: the learner token lived in the first browser's storage only (found by the
self-study learner's walk, session 27). Now the Progress tab gives a link that carries the
learner (its token in the fragment, never sent to a server), and joining after opening it
goes on as the same learner."""

from __future__ import annotations

from tests.web.flows import join
from tests.web.test_selfstudy import record_frames, take_who_said_quiz

RIGHT = "1 of 2 answers right so far."


def _progress_link(live_server, open_page, name: str):
    """A learner ``name`` who answered 1 of 2 right, on their Progress tab: their page and the
    link to go on on another computer."""
    home = open_page()
    page = home.page
    questions = record_frames(page, "quiz.question")
    join(page, live_server.url, name, live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [True, False])
    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-status", has_text=RIGHT).wait_for()
    return home, page.locator("#progress-carry").input_value()


def test_a_learner_goes_on_with_their_progress_on_another_computer(live_server, open_page):
    home, link = _progress_link(live_server, open_page, "Marisol")
    page = home.page
    token = page.evaluate(
        "() => Object.values(JSON.parse(localStorage['backchannel.learners']))[0]"
    )
    assert link == f"{live_server.url}/#learner={token}"

    school = open_page()  # another browser: nothing of the first one's storage
    other = school.page
    welcomes = record_frames(other, "welcome")
    other.goto(link)
    other.locator("#join-carried").wait_for()
    assert other.evaluate("() => location.hash") == ""  # the token leaves the address bar
    other.get_by_label("Your name").fill("Marisol")
    other.get_by_label("Class code").fill(live_server.class_code)
    other.get_by_role("button", name="Join").click()
    other.locator("#app").wait_for(state="visible")
    assert (welcomes[-1]["student"], welcomes[-1]["due"]) == ("Marisol", 1)  # the one missed
    assert other.locator("#join-carried").is_hidden()
    other.get_by_role("button", name="Progress").click()
    other.locator("#progress-status", has_text=RIGHT).wait_for()
    assert home.errors == [] and school.errors == []


def test_the_link_pasted_into_a_tab_already_on_the_page_carries_the_learner(live_server, open_page):
    """A link that changes only the fragment of the page open in the tab does not reload it:
    the page went on at the join form as if it had not been opened, the token stayed in the
    address bar, and joining made "Nadia (2)" with none of her progress (the new user's walk,
    session 33)."""
    home, link = _progress_link(live_server, open_page, "Nadia")

    school = open_page()
    other = school.page
    welcomes = record_frames(other, "welcome")
    other.goto(live_server.url)  # the page opened first, at its join form
    other.get_by_label("Your name").wait_for()
    assert other.locator("#join-carried").is_hidden()
    other.goto(link)  # then the link, pasted into the same tab
    other.locator("#join-carried").wait_for()
    assert other.evaluate("() => location.hash") == ""
    other.get_by_label("Your name").fill("Nadia")
    other.get_by_label("Class code").fill(live_server.class_code)
    other.get_by_role("button", name="Join").click()
    other.locator("#app").wait_for(state="visible")
    assert (welcomes[-1]["student"], welcomes[-1]["due"]) == ("Nadia", 1)
    other.get_by_role("button", name="Progress").click()
    other.locator("#progress-status", has_text=RIGHT).wait_for()
    # the skip link's fragment is not a learner's: the address bar keeps it
    other.get_by_role("link", name="Skip to content").focus()
    other.keyboard.press("Enter")
    assert other.evaluate("() => location.hash") == "#main"
    assert home.errors == [] and school.errors == []
