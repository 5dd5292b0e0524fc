"""What the student page says when a button cannot do what it offers: in the page's words,
never the protocol frame the server's message names for API clients."""

from __future__ import annotations

from tests.web.flows import NEAR_LINE, NEAR_LINE_2, join, say


def test_review_with_nothing_due_says_what_to_do_on_the_page(live_server, open_page):
    watched = open_page(width=390, height=844)
    page = watched.page
    join(page, live_server.url, "Priya", live_server.class_code)
    page.get_by_role("button", name="Quiz").click()
    review = page.locator("#quiz-setup label", has=page.locator('input[value="review"]'))
    assert review.inner_text() == "Review (0 due)"  # the count was set apart: "Review ( 0 due)"
    page.get_by_label("Review").check()
    page.get_by_role("button", name="Start quiz").click()
    error = page.locator("#quiz-error")
    error.filter(has_text="Nothing is due").wait_for()
    assert error.text_content() == (
        "Nothing is due for review yet. Review asks again the items you missed and those whose "
        "review date has come: take a “Who said it?” or “What came next?” quiz first."
    )
    assert error.is_visible()
    # another type chosen: the refusal of Review is not about it, and goes
    page.get_by_label("What came next?").check()
    assert error.text_content() == ""
    # the difficulty of the "who said" lines is not one of "What came next?": off, until asked
    level = page.get_by_role("group", name="Difficulty of the “who said” lines")
    assert [level.get_by_label(n).is_disabled() for n in ("Mixed", "Clear cue")] == [True, True]
    page.get_by_label("Who said it?").check()
    assert level.get_by_label("Subtle").is_enabled()
    assert watched.errors == []


def test_lines_offered_before_a_quiz_cannot_be_picked_after_it(live_server, classroom):
    """A quiz ends the role-play on the server, and its offer with it: a pick of an older line
    was refused with '{"type": "roleplay.start", ...}' shown to the student."""
    page = classroom.student("Pavel", live_server.class_code, NEAR_LINE)
    offer = page.locator("#rp-log > li.no-match").last
    assert offer.locator("button.pick").first.is_enabled()

    page.get_by_role("button", name="Quiz").click()
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-question").wait_for(state="visible")
    page.get_by_role("button", name="Role-play").click()
    # the card shows on Start ("Choosing questions…"), before the question ends the role-play
    offer.locator(".picks-expired").wait_for()
    buttons = offer.locator("button.pick")
    assert buttons.count() and all(buttons.nth(i).is_disabled() for i in range(buttons.count()))
    assert offer.locator(".picks-expired").text_content() == (
        "These lines can no longer be picked: the role-play they were offered in has ended."
    )
    # Free play carries on with the next line, and its reply offers lines to pick again.
    say(page, NEAR_LINE_2)
    assert page.locator("#rp-log > li.no-match").last.locator("button.pick").first.is_enabled()


def test_a_name_taken_in_the_class_is_said_on_joining(live_server, classroom):
    """A second "Wren" in the class is "Wren (2)" to the instructor: the page said nothing of
    it, and the student read someone else's name in the bar. The first Wren, and Wren (2)
    joining again from the same browser, read no such note."""
    code = "WALK-21"
    classroom.teacher("Ms. Rivera", code)
    first = classroom.student("Wren", code)
    assert first.locator("#renamed").is_hidden()
    # on a phone, as most students join: the note wraps inside the page
    second = classroom.student("wren", code, width=390, height=844)
    note = second.locator("#renamed")
    assert note.is_visible()
    assert note.text_content() == (
        f"Someone already joined {code} as “wren” from another browser or device, so your "
        "instructor sees you as “wren (2)”. Join from this browser each time to stay one "
        "student, with your quiz progress."
    )
    assert second.locator("#session-who").text_content() == f"wren (2) · class {code}"
    assert second.evaluate("document.documentElement.scrollWidth") == 390
    second.get_by_role("button", name="Leave session").click()
    assert note.is_hidden()
    join(second, live_server.url, "wren", code)
    assert second.locator("#session-who").text_content() == f"wren (2) · class {code}"
    assert note.is_hidden()


def test_a_name_taken_in_solo_practice_is_said_on_joining(live_server, open_page):
    """Solo practice numbers a name already practised alone ("Tamsin (2)") as a class does: the
    page said nothing of it. The note names no instructor (none sees solo practice) and says
    where each Tamsin's progress is; the first Tamsin, and Tamsin (2) again, read none."""
    first = open_page().page
    join(first, live_server.url, "Tamsin", "")
    assert first.locator("#session-who").text_content() == "Tamsin · solo practice"
    assert first.locator("#renamed").is_hidden()
    for width, height, name in ((390, 844, "Tamsin (2)"), (1280, 900, "Tamsin (3)")):
        page = open_page(width, height).page
        join(page, live_server.url, "Tamsin", "")
        note = page.locator("#renamed")
        assert note.is_visible()
        assert note.text_content() == (
            "Someone already practised alone as “Tamsin” from another browser or device, so you "
            f"practise here as “{name}”. Practise from this browser each time to stay one "
            "learner, with your quiz progress; if that “Tamsin” was you, your earlier progress "
            "is in that browser."
        )
        assert page.locator("#session-who").text_content() == f"{name} · solo practice"
        assert page.evaluate("document.documentElement.scrollWidth") == width
    page.get_by_role("button", name="Leave session").click()
    join(page, live_server.url, "Tamsin", "")
    assert page.locator("#session-who").text_content() == "Tamsin (3) · solo practice"
    assert note.is_hidden()


def test_the_numbered_name_finds_the_same_learner_again(live_server, open_page):
    """Told they practise as “Xan (2)”, and shown it in the bar, a learner who came back on
    this browser typing "Xan (2)" became yet another learner, “Xan (2) (2)”, with no answers
    and the note of a name taken said again. Both names now find them."""
    join(open_page().page, live_server.url, "Xan", "")
    page = open_page(390, 844).page
    join(page, live_server.url, "Xan", "")
    assert page.locator("#session-who").text_content() == "Xan (2) · solo practice"
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label("Number of questions").fill("1")
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 1").wait_for()
    page.locator("#quiz-choices button").first.click()
    page.locator("#quiz-feedback .verdict").wait_for()
    page.get_by_role("button", name="Leave session").click()
    join(page, live_server.url, "Xan (2)", "")
    assert page.locator("#session-who").text_content() == "Xan (2) · solo practice"
    assert page.locator("#renamed").is_hidden()
    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-status", has_text="answers right so far").wait_for()
    assert page.locator("#progress-seen").text_content() == "1"  # the answer before Leave
