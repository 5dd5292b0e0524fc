"""A reload of the role-play page puts back what the student had: the status says once what
was restored and names the scenario the play is within, and the side panel shows the last
reply's place in the record, as it did before the reload, never a line not yet played.

Found on a walk through the student page: the status said the count twice ("… 2 lines and 2
replies. Session resumed: …; 2 lines so far.") without the scenario, and the panel went back
to its empty hint (after a quiz) or lost the reply's place (a conversation played through).
"""

from __future__ import annotations

from tests.web.flows import SEED, SEED_LINE, join, say, start_quiz, wait_until
from tests.web.test_student import _spoken

CODE = "RELOAD34R"
WAR = "topic:war-1973"
_PANEL = "els => els.map(e => Number(e.dataset.turn))"


def _panel(page) -> list[int]:
    return page.locator("#context-turns [data-turn]").evaluate_all(_PANEL)


def test_a_reload_says_the_count_once_and_names_the_scenario(live_server, classroom):
    title = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[WAR]["title"]
    classroom.teacher("Prof. Reload 34R", CODE)
    page = classroom.open_page().page
    join(page, live_server.url, "Rhea 34R", CODE)
    wait_until(page, "document.querySelectorAll('#rp-scenario option').length > 1")
    page.locator("#rp-scenario").select_option(WAR)
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")
    say(page, "What about the ceasefire?")
    say(page, "What is the capital of Australia?")

    page.reload()
    page.locator("#rp-log > li.mine").nth(1).wait_for()
    status = page.locator("#rp-status")
    status.filter(has_text="Session resumed").wait_for()
    assert status.text_content() == (
        "Restored your conversation: 2 lines and 2 replies. "
        f"Session resumed: you are playing Kissinger within “{title}” (our summary)."
    )


def test_a_reload_after_a_quiz_keeps_the_last_reply_in_the_panel(live_server, classroom):
    page = classroom.student("Rosa 34R", live_server.class_code, SEED_LINE)
    page.locator("#context-turns .is-match").wait_for()
    before = _panel(page)
    match = page.locator("#context-turns .is-match").get_attribute("data-turn")
    start_quiz(page, "Who said it?", 1)
    page.locator("#quiz-progress", has_text="Question 1 of 1").wait_for()

    page.reload()
    page.get_by_role("button", name="Role-play").click()
    page.locator("#rp-log > li.mine").first.wait_for()
    page.locator("#context-turns .is-match").wait_for()
    assert page.locator("#context-hint").is_hidden()
    assert _panel(page) == before
    assert page.locator("#context-turns .is-match").get_attribute("data-turn") == match
    assert page.locator("#context-turns .is-reply").count() >= 1


def test_a_reload_playing_through_shows_the_reply_and_no_later_line(live_server, classroom):
    turns = live_server.get_json(f"/api/documents/{SEED}")["turns"]
    page = classroom.student("Runa 34R", live_server.class_code, document=SEED)
    say(page, _spoken(turns[4]))
    page.locator("#context-turns .is-match[data-turn='0']").wait_for()

    page.reload()
    page.locator("#rp-log > li.mine").first.wait_for()
    page.locator("#context-turns .is-match[data-turn='0']").wait_for()
    assert _panel(page) == [0, 1]
    assert page.locator("#context-turns .is-reply").evaluate_all(_PANEL) == [1]
    shown = " ".join(page.locator("main").text_content().split())
    for later in (2, 3, 5):
        assert " ".join(turns[later]["clean_text"].split()) not in shown, f"turn {later} shown"
