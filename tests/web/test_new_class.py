"""A teacher adds a class on the instructor page and follows it live at once (the page used to
say only "add one with `backchannel instructor add`", a command a teacher given a token may not
have)."""

from __future__ import annotations

from tests.web.flows import join, open_class


def test_a_teacher_adds_a_class_on_the_page_and_follows_it_live(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Adebayo", "GEO100")
    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, "GEO100")

    code = page.get_by_label("Add a class")
    code.fill("GEO 200")
    page.get_by_role("button", name="Add class").click()
    status = page.locator("#new-class-status")
    status.filter(has_text="Not added").wait_for()
    assert status.text_content().startswith(
        "Not added: 'GEO 200' is not a class code: use 1 to 40 letters (A-Z), digits"
    )

    code.fill("GEO200")
    page.get_by_role("button", name="Add class").click()
    page.locator("#class-title", has_text="Class GEO200").wait_for()
    student_page = live_server.url + "/"
    assert status.text_content() == (
        f"Added GEO200. Students join at {student_page} with the class code GEO200, or follow "
        f"{student_page}?class=GEO200, which fills the code in."
    )
    where = page.locator("#class-join")  # said under the class's title too, for the next lesson
    assert where.text_content() == (
        f"Students join at {student_page} with the class code GEO200, or follow "
        f"{student_page}?class=GEO200, which fills the code in."
    )
    links = where.get_by_role("link")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        student_page,
        f"{student_page}?class=GEO200",
    ]
    buttons = page.locator("#classes button")
    assert [b.split(" · ")[0] for b in buttons.all_text_contents()] == ["GEO100", "GEO200"]
    opened = page.locator('#classes button[data-code="GEO200"]')
    assert opened.get_attribute("aria-pressed") == "true"

    # A class the teacher already has is said to be theirs, not "Added" again (found walking)
    code.fill("geo100")
    page.get_by_role("button", name="Add class").click()
    status.filter(has_text="already").wait_for()
    assert status.text_content() == (
        f"You already teach GEO100; it is open. Students join at {student_page} with the class "
        f"code GEO100, or follow {student_page}?class=GEO100, which fills the code in."
    )
    assert [b.split(" · ")[0] for b in buttons.all_text_contents()] == ["GEO100", "GEO200"]
    page.locator('#classes button[data-code="GEO100"][aria-pressed="true"]').wait_for()
    page.locator('#classes button[data-code="GEO200"]').click()
    page.locator("#class-title", has_text="Class GEO200").wait_for()

    # The live view follows the new class: a student joining it shows at once.
    page.locator("#live-state", has_text="following your classes").wait_for()
    join(open_page().page, live_server.url, "Zainab", "geo200")
    page.locator("#live-feed li", has_text="Zainab").first.wait_for()
    # and so do the class's counts, without a reload (they stayed "0 students · 0 sessions",
    # even after Refresh, while the table below listed the student)
    counts = page.locator('#classes button[data-code="GEO200"]')
    counts.filter(has_text="1 session").wait_for()
    assert counts.text_content() == "GEO200 · 1 student · 1 session"
    assert watched.errors == []
