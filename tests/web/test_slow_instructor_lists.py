"""The instructor page's controls work while the lists they draw on are still loading.

Each test holds one list back with a route, acts on the control meanwhile, and only then lets
the list through: a control wired (or set) only once its list had come did nothing, or the
wrong thing, when used before (a loaded machine, a slow network).

The classes are new instructors' own (IR250, IR251), so the other browser tests' are untouched.
"""

from __future__ import annotations

from tests.web.flows import SEED_LINE, first_exchange, open_class, wait_for_seen


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
