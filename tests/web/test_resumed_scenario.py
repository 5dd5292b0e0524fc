"""A reload of free play within a scenario names the scenario, even when the page's lists come
after the server's welcome.

The status was written once, on welcome: when the saved log held no start to take the
scenario's title from (a browser whose storage was full or cleared keeps none) and
/api/scenarios had not answered yet, it said "Session resumed: you are playing Kissinger; 1
line so far." of a play the server searched within the October 1973 war alone. The class is
the test's own (RESUME35S).
"""

from __future__ import annotations

from tests.web.flows import join, say, wait_for_seen, wait_until

CODE = "RESUME35S"
WAR = "topic:war-1973"
_LISTED = "document.querySelectorAll('#rp-scenario option').length > 1"


def test_a_resumed_play_names_its_scenario_once_the_list_comes(live_server, classroom):
    title = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[WAR]["title"]
    classroom.teacher("Prof. Resume 35S", CODE)
    page = classroom.open_page().page
    join(page, live_server.url, "Resume35S Ines", CODE)
    wait_until(page, _LISTED)
    page.locator("#rp-scenario").select_option(WAR)
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")
    say(page, "What about the ceasefire?")
    # the saved log gone (storage full or cleared): only the server knows the play's scope
    page.evaluate("""Object.keys(localStorage).filter((k) => k.startsWith('backchannel.log.'))
      .forEach((k) => localStorage.removeItem(k))""")

    held = []
    page.route("**/api/scenarios", lambda route: held.append(route))
    page.reload()
    status = page.locator("#rp-status")
    status.filter(has_text="Session resumed").wait_for()
    wait_for_seen(page, lambda: held, "the page's request for the scenarios")
    # written before the list came: no title to name it by yet
    assert status.text_content() == "Session resumed: you are playing Kissinger; 1 line so far."
    for route in held:
        route.continue_()
    wait_until(page, _LISTED)
    # before: it stayed "…playing Kissinger; 1 line so far."
    assert status.text_content() == (
        f"Session resumed: you are playing Kissinger within “{title}” (our summary); 1 line so far."
    )
