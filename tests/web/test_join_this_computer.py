"""The instructor page opened at 127.0.0.1 (where `backchannel serve` with no options listens,
and the address it prints) said "Students join at http://127.0.0.1:PORT/ with the class code …"
and nothing more: a first-time teacher read it out to a class, on whose computers 127.0.0.1 is
each their own. serve's line says "this machine only"; the page now says it too, and how to
serve the class, under the join line (which stays as it was, for a teacher trying it alone)."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.web.flows import open_class

ADDRESSES = (
    "async (hosts) => { const m = await import('/js/address-check.js'); "
    "return hosts.map((h) => m.thisComputerOnly(h)); }"
)


def test_at_127_0_0_1_the_page_says_students_elsewhere_cannot_join_there(classroom):
    token = classroom.teacher("Prof. Here534 Okafor", "HERE534")
    page = classroom.open_page().page
    open_class(page, classroom.server.url, token, "HERE534")
    port = urlsplit(classroom.server.url).port
    assert page.locator("#class-join").text_content() == (
        f"Students join at {classroom.server.url}/ with the class code HERE534, or follow "
        f"{classroom.server.url}/?class=HERE534, which fills the code in."
    )
    note = page.locator("#class-join-here")
    assert note.is_visible()
    assert note.text_content() == (
        "127.0.0.1 is this computer’s own address: it opens Backchannel on this computer only. "
        "For students on other computers, start backchannel serve with --host 0.0.0.0 and open "
        f"this page at this computer’s address on your network (like http://192.168.1.5:{port}/): "
        "it then gives them that one."
    )
    # which addresses are this computer's own: not a network address or a name
    hosts = ["127.0.0.1", "127.1.2.3", "localhost", "[::1]", "a.localhost", "192.168.1.5"]
    hosts += ["10.0.0.7", "class.example.edu", "walk-laptop.local", "127.0.0.1.example.org"]
    assert page.evaluate(ADDRESSES, hosts) == [True] * 5 + [False] * 5
