"""A correction to the very line a student's line is answered with already is not saved, and
the form says why. Found by a first-use audit: choosing, under "Another recorded line", the
line the search had matched said "Saved." and nothing else; the server stored it as a
correction, listed it ("How was your vacation?" → "Did you have a good time?"), pinned the
line's paraphrases to that turn, and told the students "your instructor chose" a line the
search had called only loosely related: changes the teacher never meant."""

from __future__ import annotations

import json
import urllib.request

from tests.web.flows import SEED_LINE, first_exchange, open_class

CLASS = "SAME52"
PLACE = "vol. XXXIX, doc. 107, line 1"  # the seed line's match, turn 0


def _as_instructor(live_server, token: str, path: str):
    request = urllib.request.Request(
        live_server.url + path, headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


def _choose(form, document: str, turn: int) -> None:
    form.locator(".fix-document").select_option(document)
    form.locator(f'.fix-turn option[value="{turn}"]').wait_for(state="attached")
    form.locator(".fix-turn").select_option(str(turn))
    form.locator(".fix-preview .fix-reply").wait_for()


def test_correcting_a_match_to_the_same_line_says_so_and_saves_nothing(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Same52 Haddad", CLASS)
    classroom.student("Sunniva", CLASS, SEED_LINE)
    session = _as_instructor(live_server, token, f"/api/classes/{CLASS}/sessions")[0]["id"]
    exchange = _as_instructor(live_server, token, f"/api/sessions/{session}")["exchanges"][0]
    assert (exchange["status"], exchange["chosen_by"]) == ("match", "search")
    document, turn = exchange["matched"]["document"], exchange["matched"]["turn"]

    page = open_page().page
    open_class(page, live_server.url, token, CLASS)
    card = first_exchange(page, "Sunniva")
    card.locator(".correct-button").click()
    form = card.locator("form.correction")
    form.locator(".fix-document option").nth(1).wait_for(state="attached")
    _choose(form, document, turn)
    form.get_by_role("button", name="Save correction").click()
    status = form.locator('[role="status"]')
    status.filter(has_text="Not saved").wait_for()
    assert status.text_content() == (
        "Not saved: that is the recorded line the search already answers this line with "
        f"({PLACE}), so your class gets its reply already. Choose another line, or None if "
        "nothing in the record answers it."
    )
    assert "is-saved" not in form.get_attribute("class")  # the form stays, to choose again
    assert _as_instructor(live_server, token, f"/api/classes/{CLASS}/corrections") == []
    assert page.locator("#corrections li").count() == 0

    # another line of the conversation is a correction, saved as before
    other = next(
        e["prompt"]["turn"]
        for e in live_server.get_json(f"/api/documents/{document}/exchanges?as=kissinger")
        if e["prompt"]["turn"] != turn
    )
    _choose(form, document, other)
    form.get_by_role("button", name="Save correction").click()
    form.locator(".saved").wait_for()
    stored = _as_instructor(live_server, token, f"/api/classes/{CLASS}/corrections")
    assert [(c["line"], c["document"], c["turn"]) for c in stored] == [(SEED_LINE, document, other)]
