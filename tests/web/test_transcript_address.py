"""A transcript has an address of its own (``instructor.html#session=ID``): a teacher can
reload it, bookmark it or open it on another computer and land on the same transcript, and the
back button steps through the transcripts read (a teacher found every reload went back to the
class's first screen, and a transcript could not be sent to anyone)."""

from __future__ import annotations

from tests.web.flows import SEED_LINE, open_class, sign_in_at, wait_until

OTHER_LINE = "Anatol, is Moscow still ready for the summit in May?"


def test_a_transcript_has_an_address_that_reload_back_and_a_new_browser_follow(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Lindqvist", "HIS420")
    colleague = classroom.teacher("Prof. Moreau", "HIS421")
    for name, line in (("Greta", SEED_LINE), ("Hamid", OTHER_LINE)):
        classroom.student(name, "HIS420", line)

    watched = open_page()
    teacher = watched.page
    open_class(teacher, live_server.url, token, "HIS420")
    page_address = live_server.url + "/instructor.html"
    assert teacher.url == page_address  # no transcript chosen yet
    rows = {
        name: teacher.locator("#sessions tbody tr", has_text=name) for name in ("Greta", "Hamid")
    }
    greta, hamid = (rows[n].get_attribute("data-session") for n in ("Greta", "Hamid"))
    title = teacher.locator("#session-title")
    cards = teacher.locator('#transcript li[data-kind="exchange"] .student-line')

    rows["Greta"].get_by_role("button").click()
    title.filter(has_text="Transcript: Greta").wait_for()
    assert teacher.url == f"{page_address}#session={greta}"
    rows["Hamid"].get_by_role("button").click()
    title.filter(has_text="Transcript: Hamid").wait_for()
    assert teacher.url == f"{page_address}#session={hamid}"

    teacher.go_back()  # to Greta's transcript, then to the class without one
    title.filter(has_text="Transcript: Greta").wait_for()
    assert teacher.url == f"{page_address}#session={greta}"
    assert rows["Greta"].get_attribute("class") == "is-selected"
    teacher.go_back()
    teacher.locator("#session-view").wait_for(state="hidden")
    assert teacher.url == page_address
    assert teacher.locator("#sessions tbody tr.is-selected").count() == 0
    teacher.go_forward()
    title.filter(has_text="Transcript: Greta").wait_for()

    teacher.reload()  # signed in still (the token is kept for the tab): the same transcript
    title.filter(has_text="Transcript: Greta").wait_for()
    assert teacher.locator("#class-title").text_content() == "Class HIS420"
    cards.first.wait_for()
    assert SEED_LINE in cards.all_text_contents()[0]
    assert rows["Greta"].get_attribute("class") == "is-selected"
    assert watched.errors == []

    # The address opened in another browser (no token kept there): sign in, and it is there.
    elsewhere = open_page().page
    sign_in_at(elsewhere, f"{page_address}#session={hamid}", token)
    elsewhere.locator("#session-title", has_text="Transcript: Hamid").wait_for()
    assert OTHER_LINE in elsewhere.locator("#transcript .student-line").first.text_content()

    # Another instructor's token reads only their own classes: told so, their class open.
    other = open_page().page
    sign_in_at(other, f"{page_address}#session={greta}", colleague)
    other.locator("#class-title", has_text="Class HIS421").wait_for()
    refused = other.locator("#session-title")
    refused.filter(has_text="No transcript").wait_for()
    assert refused.text_content() == (
        "No transcript to show: You do not teach this class; one of its instructors can share "
        "it with you."
    )
    assert other.locator("#transcript li").count() == 0


def test_the_skip_link_keeps_the_open_transcript(live_server, open_page, classroom):
    """The skip link ("Skip to content") goes to ``#main``: following it changed the address's
    fragment, which the page read as an address naming no transcript, and closed the one open."""
    token = classroom.teacher("Prof. Skip436 Nwachukwu", "HIS436")
    classroom.student("Skip436 Ines", "HIS436", SEED_LINE)
    teacher = open_page().page
    open_class(teacher, live_server.url, token, "HIS436")
    teacher.locator("#sessions tbody tr", has_text="Skip436 Ines").get_by_role("button").click()
    title = teacher.locator("#session-title")
    title.filter(has_text="Transcript: Skip436 Ines").wait_for()

    teacher.locator(".skip-link").focus()
    teacher.keyboard.press("Enter")
    wait_until(teacher, "location.hash === '#main'")
    assert teacher.locator("#session-view").is_visible()
    assert title.text_content() == "Transcript: Skip436 Ines"
    teacher.go_back()  # before the skip link: the transcript's own address
    wait_until(teacher, "location.hash.startsWith('#session=')")
    assert teacher.locator("#session-view").is_visible()
    assert title.text_content() == "Transcript: Skip436 Ines"
    teacher.go_forward()
    wait_until(teacher, "location.hash === '#main'")
    assert teacher.locator("#session-view").is_visible()
    assert title.text_content() == "Transcript: Skip436 Ines"
