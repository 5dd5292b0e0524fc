"""The instructor page's controls work while the lists they draw on are still loading.

Each test holds one list back with a route, acts on the control meanwhile, and only then lets
the list through: a control wired (or set) only once its list had come did nothing, or the
wrong thing, when used before (a loaded machine, a slow network).

The classes are new instructors' own (IR250, IR251), so the other browser tests' are untouched.
"""

from __future__ import annotations

import json
import urllib.request

from tests.served import _cli
from tests.web.flows import SEED_LINE, first_exchange, open_class, wait_for_seen

WAR = "topic:war-1973"
WAR_TITLE = "The October 1973 war"


def _classes(live_server, token: str) -> list[dict]:
    """GET /api/classes as the instructor: their classes as the server keeps them."""
    request = urllib.request.Request(
        live_server.url + "/api/classes", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as resp:
        return json.loads(resp.read().decode("utf-8"))


def test_a_correction_saves_while_the_conversations_are_still_loading(
    live_server, open_page, classroom
):
    """The form's Save was wired only once every conversation had been fetched (for "Another
    recorded line"): pressed before, it submitted the form as a page does, reloading the page."""
    token = classroom.teacher("Prof. Sato-Berg", "IR250")
    classroom.student("Ilse", "IR250", SEED_LINE)
    watched = open_page()
    page = watched.page
    held = []
    page.route("**/api/documents", lambda route: held.append(route))
    open_class(page, live_server.url, token, "IR250")
    card = first_exchange(page, "Ilse")
    card.locator(".correct-button").click()
    form = card.locator("form.correction")
    wait_for_seen(page, lambda: held, "the form's request for the conversations")

    form.get_by_label("None: nothing in the record answers this line").check()
    form.get_by_role("button", name="Save correction").click()  # the conversations held back
    saved = form.locator(".saved")
    saved.wait_for()
    assert saved.text_content().startswith(f"Saved. From now on, “{SEED_LINE}” ")
    listed = page.locator("#corrections li")
    listed.first.wait_for()
    assert listed.first.text_content() == (
        f"{SEED_LINE} → nothing in the record answers it (refused, as Kissinger) Undo"
    )
    held[0].continue_()
    assert watched.errors == []


def test_set_for_the_class_waits_for_the_scenarios_before_it_can_clear_one(
    live_server, open_page, classroom
):
    """Before the scenarios came, the menu showed "The whole record" whatever the class had,
    and *Set for the class* pressed then cleared the class's scenario without a word."""
    token = classroom.teacher("Prof. Halvorsen-Ito", "IR251")
    where = ("--data", str(live_server.data))
    assert _cli("instructor", "scenario", "IR251", WAR, *where, env=live_server.env).returncode == 0
    watched = open_page()
    page = watched.page
    held = []
    page.route("**/api/scenarios", lambda route: held.append(route))
    open_class(page, live_server.url, token, "IR251")
    wait_for_seen(page, lambda: held, "the page's request for the scenarios")

    # a click that reaches the button whether or not it is enabled (a disabled one does nothing)
    page.get_by_role("button", name="Set for the class").click(force=True)
    for route in held:
        route.continue_()
    page.locator("#class-scenario-now strong", has_text=WAR_TITLE).wait_for()
    page.locator("#class-scenario-form button:enabled").wait_for()
    assert page.get_by_label("Role-play within").input_value() == WAR
    assert page.locator("#class-scenario-status").text_content() == ""
    [klass] = [c for c in _classes(live_server, token) if c["code"] == "IR251"]
    assert klass["scenario"]["id"] == WAR
    assert watched.errors == []
