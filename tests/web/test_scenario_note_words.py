"""The instructor's note under *Role-play within* reads as the page's other words do: the
typographic apostrophe ("students’"), not the typewriter one ("students'") it alone printed."""

from __future__ import annotations

from tests.web.flows import open_class

CLASS = "APOS41"
WAR = "topic:war-1973"


def test_the_scenario_note_sets_its_apostrophe(live_server, classroom):
    war = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[WAR]
    token = classroom.teacher("Prof. Apostrophe 41", CLASS)
    page = classroom.open_page().page
    open_class(page, live_server.url, token, CLASS)
    page.locator("#class-scenario-now").filter(has_text="Now: the whole record").wait_for()
    page.get_by_label("Role-play within").select_option(WAR)
    page.get_by_role("button", name="Set for the class").click()
    page.locator("#class-scenario-status", has_text="Set.").wait_for()

    n = len(war["documents"])
    held = f"{n} conversation{'' if n == 1 else 's'}"
    note = page.locator("#class-scenario-now").text_content()
    assert note.startswith(
        f"Now: The October 1973 war our summary · {held}. Your students’ role-plays "
        "answer only from these; they may narrow it, not leave it."
    )
