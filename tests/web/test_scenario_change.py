"""The instructor changes the class's scenario while a student's page is open: the student's
next role-play is answered from the new scope, and the page says so rather than the old one.

It went on showing "Within: Your class: The October 1973 war" and "Your instructor set “The
October 1973 war” for your class" once the instructor had cleared it, while the server
answered from the whole record (lines of Berlin offered); set while the page was open, it
offered "The whole record" that the server no longer answered from.
"""

from __future__ import annotations

import json
import urllib.request

from tests.web.flows import join, received, say, start_roleplay

CLASS = "IR152"
WAR = "topic:war-1973"
LINE = "What about the Berlin agreement?"


def _set_scenario(url: str, token: str, scenario: str | None) -> None:
    """What *Set for the class* does: PUT /api/classes/{code}/scenario."""
    request = urllib.request.Request(
        f"{url}/api/classes/{CLASS}/scenario",
        data=json.dumps({"scenario": scenario}).encode("utf-8"),
        method="PUT",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        assert resp.status == 200


def _restart(page, ready: list[dict]) -> dict:
    """Start a new free role-play (as Kissinger, the scope on offer): its roleplay.ready."""
    before = len(ready)
    start_roleplay(page)
    page.locator("#rp-say button[type=submit]:enabled").wait_for()
    for _ in range(600):
        if len(ready) > before:
            return ready[-1]
        page.wait_for_timeout(50)
    raise AssertionError("no roleplay.ready within 30 s of Start")


def _offered(page) -> list[str]:
    return page.locator("#rp-scenario option").evaluate_all("els => els.map(e => e.textContent)")


def test_a_changed_class_scenario_shows_on_the_open_page(classroom):
    url = classroom.server.url
    token = classroom.teacher("Prof. Ibsen", CLASS)
    _set_scenario(url, token, WAR)
    page = classroom.open_page().page
    ready = received(page, "roleplay.ready")
    join(page, url, "Oda", CLASS)
    start_roleplay(page)
    say(page, LINE)
    assert ready[-1]["scenario"]["id"] == WAR
    assert _offered(page)[0] == "Your class: The October 1973 war"

    # Cleared: the next role-play answers from the whole record, and the page offers it.
    _set_scenario(url, token, None)
    assert _restart(page, ready)["scenario"] is None
    scope = page.locator("#rp-scenario")
    assert _offered(page)[0] == "The whole record"
    assert scope.input_value() == ""
    assert "Your instructor set" not in page.locator("#rp-about").text_content()
    assert page.locator("#rp-status").text_content() == (
        "Your instructor changed your class’s scenario: free play answers from the whole "
        "record now. Free play: say anything Kissinger might have said; Dobrynin answers only "
        "with his recorded words."
    )

    # Set again: the page offers the class's scenario and what lies inside it, no more.
    _set_scenario(url, token, WAR)
    assert _restart(page, ready)["scenario"]["id"] == WAR
    assert _offered(page)[0] == "Your class: The October 1973 war"
    assert "The whole record" not in _offered(page)
    assert scope.input_value() == WAR
    assert (
        page.locator("#rp-status")
        .text_content()
        .startswith(
            "Your instructor changed your class’s scenario: free play answers from “The October "
            "1973 war” now."
        )
    )
