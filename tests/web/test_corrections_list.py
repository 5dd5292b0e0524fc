"""The corrections list: each correction's recorded line with the editors' marks inside it shown
as theirs, and under it the reply the class now gets, verbatim and cited (found by the
teacher's walk: the list printed "[omission in the source text]" as the speaker's words, and
named the corrected line's place but not the reply the students are now answered with).

The class is a new instructor's own (IR241), so the other browser tests' class is untouched.
"""

from __future__ import annotations

import json
import urllib.request

from tests.web.conftest import screenshot
from tests.web.flows import MARK, SEED, SPOKEN_JS, open_class

CLASS = "IR241"
AS_DOBRYNIN = "What about the conference? It is multilateral."
AS_KISSINGER = "Anatol, about the MBFR talks: an exploratory meeting in Geneva?"


def correct(url: str, token: str, line: str, turn: int, class_code: str = CLASS) -> int:
    """An instructor's correction of ``line`` to turn ``turn`` of the seed conversation,
    posted to ``class_code``: its id."""
    body = json.dumps({"line": line, "document": SEED, "turn": turn}).encode()
    request = urllib.request.Request(
        f"{url}/api/classes/{class_code}/corrections",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as resp:
        assert resp.status == 201
        return int(json.load(resp)["id"])


def test_the_corrections_list_marks_the_editors_words_and_gives_the_reply(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Adeyemi", CLASS)
    turns = live_server.get_json(f"/api/documents/{SEED}")["turns"]
    # Dobrynin's line 2 holds the mark; Kissinger's line 1 is answered by it
    first = correct(live_server.url, token, AS_DOBRYNIN, 1)
    second = correct(live_server.url, token, AS_KISSINGER, 0)

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    items = page.locator("#corrections li")
    items.nth(1).wait_for()
    assert items.count() == 2
    newest, oldest = items.nth(0), items.nth(1)  # newest first
    # each numbered by its id, as the CSV export's `correction` column names it
    assert items.evaluate_all("lis => lis.map((li) => li.value)") == [second, first]

    # the recorded line chosen: the mark inside it is the editors', not Dobrynin's
    line = oldest.locator(".record-line")
    assert line.evaluate(SPOKEN_JS) == (
        "Dobrynin: “What about the conference—this was a multilateral  conference.” "
        "(vol. XXXIX, doc. 107, line 2)"
    )
    assert line.locator(".editorial").all_text_contents() == [MARK]
    # and what the class now gets for it: Kissinger's reply, verbatim and cited
    reply = oldest.locator(".fix-reply")
    assert reply.locator(".fix-reply-label").text_content() == "Your class now gets (verbatim):"
    assert reply.locator(".record-turn .words").all_text_contents() == [turns[2]["clean_text"]]
    assert reply.locator(".citation a").first.get_attribute("href") == (
        f"https://history.state.gov/historicaldocuments/{SEED}"
    )

    # a reply with the mark inside it: shown as the editors' there too
    assert newest.locator(".record-line").evaluate(SPOKEN_JS) == (
        f"Kissinger: “{turns[0]['clean_text']}” (vol. XXXIX, doc. 107, line 1)"
    )
    words = newest.locator(".fix-reply .record-turn .words")
    assert words.evaluate_all(f"ws => ws.map({SPOKEN_JS})") == [
        "What about the conference—this was a multilateral  conference."
    ]
    assert words.locator(".editorial").all_text_contents() == [MARK]
    assert newest.locator("q").text_content() == AS_KISSINGER
    page.locator("#corrections-view").scroll_into_view_if_needed()
    screenshot(page, "instructor-corrections-list")

    # Undo still takes one away, the other kept as it was
    newest.get_by_role("button", name="Undo").click()
    page.locator("#corrections li", has_text=AS_KISSINGER).wait_for(state="detached")
    assert page.locator("#corrections li .fix-reply .record-turn .words").all_text_contents() == [
        turns[2]["clean_text"]
    ]
    assert watched.errors == []
