"""Pages opened at a name the server was not started to answer to (``--allowed-host``) say so.

The sockets refuse such a page before a word is said (server.guard), so the browser saw only a
failed connection: a student at a laptop's ``.local`` name read "Connection lost —
reconnecting…" with no reason, and the instructor page, opened there too, told the class
"Students join at http://walk-laptop.local:PORT/", an address none of them could join at.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.web.flows import join, sign_in_at, wait_until

NAME = "walk-laptop.local"  # no --allowed-host names it: the shared live server has none
CODE = "WALKHOST1"


@pytest.fixture
def named_browser(browser):
    """A second chromium whose resolver sends ``NAME`` to this machine, as a school's network
    sends a laptop's name."""
    named = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {NAME} 127.0.0.1"],
    )
    try:
        yield named
    finally:
        named.close()


def test_pages_at_a_refused_name_say_students_cannot_connect_there(
    live_server, classroom, named_browser
):
    port = urlsplit(live_server.url).port
    at_name = f"http://{NAME}:{port}"
    token = classroom.teacher("Ms. Walker", CODE)
    context = named_browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        student = context.new_page()
        student.goto(at_name + "/")
        notice = student.locator("#notice")
        notice.wait_for(state="visible")
        assert notice.text_content() == (
            f"This page was opened at “{NAME}”, a name this server does not take connections "
            "for, so it cannot connect. Ask your instructor for the address to open it at."
        )
        teacher = context.new_page()
        sign_in_at(teacher, at_name + "/instructor.html", token)
        teacher.locator("#class-title", has_text=f"Class {CODE}").wait_for()
        wait_until(teacher, "!document.querySelector('#class-join a')")
        assert teacher.locator("#class-join").text_content() == (
            f"Students cannot join at {at_name}/: this server does not take connections for "
            f"the name “{NAME}”, so a page opened there loads but cannot connect (this page "
            "cannot follow the class live either). Start backchannel serve with --allowed-host "
            f"{NAME}, or open this page at the address serve printed and give students that one."
        )
    finally:
        context.close()


def test_pages_at_the_address_serve_printed_say_nothing_of_it(live_server, classroom, open_page):
    """At the IP address serve prints, the student page joins with no notice and the
    instructor page gives that address to join at."""
    token = classroom.teacher("Ms. Walker 2", "WALKHOST2")
    page = open_page().page
    join(page, live_server.url, "Walk Ida", "WALKHOST2")
    page.locator("#connection", has_text="Connected").wait_for()
    assert page.locator("#notice").is_hidden()
    teacher = open_page().page
    sign_in_at(teacher, live_server.url + "/instructor.html", token)
    teacher.locator("#class-title", has_text="Class WALKHOST2").wait_for()
    assert teacher.locator("#class-join").text_content() == (
        f"Students join at {live_server.url}/ with the class code WALKHOST2, or follow "
        f"{live_server.url}/?class=WALKHOST2, which fills the code in."
    )
