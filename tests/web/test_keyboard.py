"""Pages used with no mouse, with Tab, Shift+Tab, Enter, Space and typing alone: a student
joins, starts a role-play, says a line, picks a did-you-mean line and answers a quiz question,
reading the record's exact words each time; an instructor opens a transcript and corrects a
match. axe checks names and roles, not that a flow can be done, nor where focus goes.
"""

from __future__ import annotations

from tests.web.flows import (
    NEAR_LINE,
    SEED,
    SEED_LINE,
    heard,
    received,
    tab_to,
    wait_for_seen,
    wait_until,
)

FOCUSED_ID = "document.activeElement.id"


def test_a_student_plays_and_answers_a_quiz_with_the_keyboard_alone(live_server, open_page):
    watched = open_page()
    page = watched.page
    replies = received(page, "reply")
    questions = received(page, "quiz.question")
    results = received(page, "quiz.result")

    page.goto(live_server.url + "/")
    assert page.evaluate(FOCUSED_ID) == "join-name"  # the page opens on the first field
    page.keyboard.type("Kai")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_ID) == "join-class"
    page.keyboard.type(live_server.class_code)
    page.keyboard.press("Enter")
    page.locator("#app").wait_for(state="visible")

    # Start a free role-play as Kissinger (the choice checked): Tab to Start, Enter.
    tab_to(page, "#rp-setup button[type=submit]")
    page.keyboard.press("Enter")
    page.locator("#rp-say").wait_for(state="visible")
    assert page.evaluate(FOCUSED_ID) == "rp-line"  # the box for the first line, ready to type

    page.keyboard.type(SEED_LINE)
    page.keyboard.press("Enter")
    reply = page.locator("#rp-log > li.reply").first
    reply.wait_for()
    dobrynin = live_server.get_json(f"/api/documents/{SEED}")["turns"][1]
    assert reply.locator(".record-turn .words").first.text_content() == dobrynin["clean_text"]
    assert page.evaluate(FOCUSED_ID) == "rp-line"  # back in the box for the next line

    # A line the record does not answer, near two recorded lines: back up from the box to the
    # second line offered.
    page.keyboard.type(NEAR_LINE)
    page.keyboard.press("Enter")
    refusal = page.locator("#rp-log > li.no-match")
    refusal.wait_for()
    assert refusal.locator(".verdict").text_content() == "No line in the record answers this."
    refused = heard(page, replies, 1)  # the second line's reply
    offered = refused["suggestions"] or refused["matches"]
    tab_to(page, '#rp-log > li.no-match button.pick[data-choice="1"]', back=True)
    focused_line = "document.activeElement.querySelector('.pick-line').textContent"
    assert page.evaluate(focused_line) == offered[1]["prompt"]["text"]
    page.keyboard.press("Space")
    picked = page.locator("#rp-log > li.picked")
    picked.wait_for()
    assert picked.locator(".verdict").text_content() == (
        "You picked a recorded line; this is what followed it."
    )
    words = picked.locator(".record-turn .words").all_text_contents()
    assert words == [t["clean_text"] for t in offered[1]["reply"]["turns"]]
    assert (
        picked.locator(".citation a").first.get_attribute("href") == (offered[1]["citation"]["url"])
    )

    # The quiz: back up to its tab, Enter; Tab to the number of questions, 1, Enter.
    tab_to(page, '.mode[data-mode="quiz"]', back=True)
    page.keyboard.press("Enter")
    assert page.locator(".mode[data-mode='quiz']").get_attribute("aria-pressed") == "true"
    tab_to(page, "#quiz-count")
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    page.locator("#quiz-progress", has_text="Question 1 of 1").wait_for()
    assert page.evaluate(FOCUSED_ID) == "quiz-ask"  # read from the question down

    # "Who said it?": Tab to the man who said it in the record, Space.
    prompt = heard(page, questions, 0)["prompt"]
    record = live_server.get_json(f"/api/documents/{prompt['document']}")
    speaker = record["turns"][prompt["turn"]]["speaker"]
    assert (
        page.locator("#quiz-prompt .record-turn:not(.context-line)").text_content()
        == (prompt["text"])
    )
    tab_to(page, f'#quiz-choices button[data-choice="{speaker}"]')
    page.keyboard.press("Space")
    feedback = page.locator("#quiz-feedback")
    feedback.locator(".verdict").wait_for()
    assert feedback.locator(".verdict").text_content() == "Correct."
    assert feedback.locator(".explanation").text_content() == heard(page, results, 0)["explanation"]
    chosen = page.locator(f'#quiz-choices button[data-choice="{speaker}"] .note')
    assert chosen.text_content() == "✓ Your answer — correct"
    assert page.evaluate(FOCUSED_ID) == "quiz-next"  # the next step, under the feedback
    page.keyboard.press("Enter")
    page.locator("#quiz-summary").wait_for(state="visible")
    assert page.locator("#quiz-score").text_content() == "1 of 1 correct"
    assert watched.errors == []


def test_an_instructor_corrects_a_match_with_the_keyboard_alone(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Tanaka", "A11Y3")
    classroom.student("Lea", "A11Y3", SEED_LINE)

    watched = open_page()
    page = watched.page
    page.goto(live_server.url + "/instructor.html")
    assert page.evaluate(FOCUSED_ID) == "token"
    page.keyboard.type(token)
    page.keyboard.press("Enter")
    page.locator("#sessions tbody tr", has_text="Lea").wait_for()

    tab_to(page, "#sessions tbody button")
    page.keyboard.press("Enter")
    card = page.locator('#transcript li[data-kind="exchange"]')
    card.wait_for()
    assert page.evaluate(FOCUSED_ID) == "session-title"  # the transcript is read from its title

    tab_to(page, "#transcript .correct-button")
    page.keyboard.press("Enter")
    # focused as the form opens: on the first line the search offered
    wait_until(page, "document.activeElement.closest('.fix-choice') !== null")
    first = card.locator(".fix-choice input").first
    page.keyboard.press("Space")
    assert first.is_checked()
    tab_to(page, "form.correction button[type=submit]")
    page.keyboard.press("Enter")
    saved = card.locator(".saved")
    saved.wait_for()
    # The Save button is gone: focus is on what was saved, so a screen reader reads it out.
    assert page.evaluate("document.activeElement.className") == "saved"
    assert saved.text_content().startswith(f"Saved. From now on, “{SEED_LINE}” and close")

    # the saved correction is listed before it is undone: "no corrections" shows again only then
    page.locator("#corrections-empty").wait_for(state="hidden")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Undo"
    page.keyboard.press("Enter")
    page.locator("#corrections-empty").wait_for(state="visible")
    card.locator("form.correction").wait_for(state="detached")
    # back on the button that opened the form, not at the top of the page
    assert page.evaluate("document.activeElement.classList.contains('correct-button')")
    assert watched.errors == []


def test_escape_closes_the_correction_form(live_server, open_page, classroom):
    """Escape is Cancel, as in a dialog: only Tab past every line offered to Cancel closed the
    form. Focus goes back to the button that opened it."""
    token = classroom.teacher("Prof. Ndiaye", "A11Y5")
    classroom.student("Rui", "A11Y5", SEED_LINE)
    page = open_page().page
    page.goto(live_server.url + "/instructor.html")
    page.keyboard.type(token)
    page.keyboard.press("Enter")
    page.locator("#sessions tbody tr", has_text="Rui").wait_for()
    tab_to(page, "#sessions tbody button")
    page.keyboard.press("Enter")
    card = page.locator('#transcript li[data-kind="exchange"]')
    card.wait_for()
    tab_to(page, "#transcript .correct-button")
    page.keyboard.press("Enter")
    wait_until(page, "document.activeElement.closest('.fix-choice') !== null")
    page.keyboard.press("Escape")
    card.locator("form.correction").wait_for(state="detached")
    assert page.evaluate("document.activeElement.textContent") == "Mark this match wrong"
    assert page.evaluate("document.activeElement.closest('#transcript') !== null")


def test_signing_in_with_the_keyboard_lands_on_the_class(live_server, open_page, classroom):
    """The sign-in form goes with its button: focus fell to the page's body, a screen reader
    said nothing of the sign-in, and the next Tab began after the hidden form."""
    token = classroom.teacher("Prof. Halloran", "A11Y4")
    page = open_page().page
    page.goto(live_server.url + "/instructor.html")
    page.keyboard.type(token)
    page.keyboard.press("Enter")
    page.locator("#class-title", has_text="Class A11Y4").wait_for()
    wait_until(page, "document.activeElement.id === 'class-title'")
    assert page.evaluate("document.activeElement.textContent") == "Class A11Y4"
    page.keyboard.press("Tab")  # on into the class: its students' address first
    assert page.evaluate("document.activeElement.closest('#class-view') !== null")


def test_signing_in_never_takes_the_focus_from_a_row(live_server, open_page, classroom):
    """The class's title was focused once the whole class had loaded, its struggles last: a
    teacher who had tabbed to a session's row meanwhile had the focus taken from it, and Enter
    opened nothing (tests/web/test_instructor.py's row test failed so, now and then)."""
    token = classroom.teacher("Prof. Okonjo", "A11Y6")
    classroom.student("Saoirse", "A11Y6", SEED_LINE)
    page = open_page().page
    held = []
    page.route("**/api/classes/A11Y6/struggles", lambda route: held.append(route))
    page.goto(live_server.url + "/instructor.html")
    page.keyboard.type(token)
    page.keyboard.press("Enter")
    row = page.locator("#sessions tbody button", has_text="Saoirse")
    row.wait_for()
    wait_until(page, "document.activeElement.id === 'class-title'")  # as the class opened
    row.focus()
    wait_until(page, "document.activeElement.textContent === 'Saoirse'")
    # the struggles are asked for just after the rows are drawn
    wait_for_seen(page, lambda: held, "the page's request for the class's struggles")
    held[0].continue_()  # the class's last part loads: the focus stays on the row
    page.locator("#struggles-view table, #unanswered li, #unanswered-empty").first.wait_for()
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement.textContent") == "Saoirse"
    page.keyboard.press("Enter")
    page.locator("#session-title", has_text="Transcript: Saoirse").wait_for()


def test_showing_the_whole_conversation_keeps_the_keyboard_in_the_panel(live_server, classroom):
    """The button goes with the re-drawn panel: focus fell to the page's body, and the next Tab
    began again at the top of the page, above the log."""
    page = classroom.student("Koa", live_server.class_code, SEED_LINE)
    tab_to(page, "#context-more button")
    assert page.evaluate("document.activeElement.textContent") == "Show the whole conversation"
    page.keyboard.press("Enter")
    page.locator("#context-more button").wait_for(state="detached")
    record = live_server.get_json(f"/api/documents/{SEED}")
    # on the line matched, read with its words, the whole conversation around it
    assert page.evaluate("document.activeElement.matches('#context-turns > li.is-match')")
    focused = page.evaluate("document.activeElement.querySelector('.words').textContent")
    assert focused == record["turns"][0]["clean_text"]
    assert page.locator("#context-turns > li.record-turn").count() == len(record["turns"])
    page.keyboard.press("Tab")  # on to the panel's link to the conversation, not the page's top
    assert page.evaluate("document.activeElement.closest('#context-more') !== null")
    assert page.evaluate("document.activeElement.textContent") == "Read it on history.state.gov"
