"""The Progress tab's missed-items deck says what it holds and why it cannot be downloaded:
the button was greyed out with no word, which read as broken to a learner who had missed
items and answered them right in a review since (the deck holds only those not answered
right since)."""

from __future__ import annotations

from tests.web.flows import join
from tests.web.test_selfstudy import record_frames, speaker_of, take_who_said_quiz

NONE_MISSED = (
    "Nothing to download now: the deck holds the items you answered wrong and have not "
    "answered right since, and there are none."
)


def test_the_missed_deck_says_what_it_holds(live_server, open_page):
    watched = open_page()
    page = watched.page
    questions = record_frames(page, "quiz.question")
    join(page, live_server.url, "Ilse Marchetti", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [False, True])

    page.get_by_role("button", name="Progress").click()
    note = page.locator("#progress-missed-help")
    note.filter(has_text="The deck").wait_for()
    assert note.text_content() == (
        "The deck holds the item you answered wrong and have not answered right since, each "
        "card cited."
    )
    button = page.locator("#progress-missed")
    assert button.is_enabled()
    assert button.get_attribute("aria-describedby") == "progress-missed-help"

    # the miss answered right in a review: the deck is empty, and the note says why
    page.get_by_role("button", name="Quiz").first.click()
    page.locator("#quiz-again").click()
    page.get_by_label("Review").check()
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 1").wait_for()
    truth = speaker_of(live_server, questions[-1]["prompt"])
    page.locator(f'#quiz-choices button[data-choice="{truth}"]').click()
    page.locator("#quiz-next").click()
    page.locator("#quiz-summary-title", has_text="Review — complete").wait_for()
    page.get_by_role("button", name="Progress").click()
    note.filter(has_text="Nothing to download").wait_for()
    assert note.text_content() == NONE_MISSED
    assert button.is_disabled()
    assert watched.errors == []
