"""A class's link fills its code in: the instructor page gave only the student page's address
and the code, so every student typed the code from the board, and a mistyped one was refused
only after Join. The page now gives a link with the code in it (``/?class=CODE``) to post
where the class reads it, and the join form takes the code from it."""

from __future__ import annotations

from tests.web.flows import open_class


def test_a_student_who_follows_the_class_link_joins_the_class_by_name_alone(classroom):
    token = classroom.teacher("Prof. Link Mbeki", "LINK310")
    teacher = classroom.open_page().page
    open_class(teacher, classroom.server.url, token, "LINK310")
    link = teacher.locator("#class-join a").nth(1)
    address = f"{classroom.server.url}/?class=LINK310"
    assert (link.text_content(), link.get_attribute("href")) == (address, address)

    student = classroom.open_page().page
    student.goto(address)
    assert student.get_by_label("Class code").input_value() == "LINK310"
    assert student.get_by_label("Your name").input_value() == ""
    student.get_by_label("Your name").fill("Kofi")
    student.get_by_role("button", name="Join").click()
    student.locator("#session-who", has_text="Kofi · class LINK310").wait_for()
    teacher.locator("#live-feed li", has_text="Kofi").first.wait_for()


def test_a_link_s_code_is_taken_as_typed_and_checked_by_the_server(classroom):
    classroom.teacher("Prof. Link Osei", "LINK311")
    student = classroom.open_page().page
    student.goto(f"{classroom.server.url}/?class=%20NOSUCH311%20")
    assert student.get_by_label("Class code").input_value() == "NOSUCH311"
    student.get_by_label("Your name").fill("Ama")
    student.get_by_role("button", name="Join").click()
    error = student.locator("#join-error")
    error.filter(has_text="NOSUCH311").wait_for()
    assert student.evaluate("document.activeElement.id") == "join-class"
    # a page opened without the link leaves the field empty, as before
    student.goto(classroom.server.url + "/")
    assert student.get_by_label("Class code").input_value() == ""
