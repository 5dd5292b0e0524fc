"""The correction form in the browser: each recorded line it offers shows the reply that followed
it (verbatim, editorial marks as such, cited), and in a class with a scenario it keeps to the
scenario's conversations until the teacher asks for the whole record.

The class is a new instructor's own (IR170), so the other browser tests' class is untouched.
"""

from __future__ import annotations

import json
import re
import urllib.request

from server.items import record_order
from tests.web.conftest import screenshot
from tests.web.flows import SEED_LINE, first_exchange, open_class

CLASS = "IR170"
SALT = "topic:salt"
SALT_TITLE = "SALT and arms control"


def _as_instructor(live_server, token: str, path: str) -> dict:
    request = urllib.request.Request(
        live_server.url + path, headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


def _replies(live_server, document: str) -> dict[int, dict]:
    """Each answered Kissinger line of ``document`` (by turn) with its reply, from the API."""
    found = live_server.get_json(f"/api/documents/{document}/exchanges?as=kissinger")
    return {e["prompt"]["turn"]: e for e in found}


def _shown(box) -> tuple[list[str], str]:
    """A reply box as read: each reply turn's words, and the citation's link."""
    words = box.locator(".record-turn .words").all_text_contents()
    return words, box.locator(".citation a").first.get_attribute("href")


def test_the_correction_form_shows_replies_and_keeps_to_the_class_scenario(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Hale", CLASS)
    # before the scenario: the search offers lines of the whole record
    classroom.student("Hana", CLASS, SEED_LINE)

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    page.get_by_label("Role-play within").select_option(SALT)
    page.get_by_role("button", name="Set for the class").click()
    page.locator("#class-scenario-status", has_text="Set.").wait_for()
    salt = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[SALT]["documents"]

    session = _as_instructor(live_server, token, f"/api/classes/{CLASS}/sessions")[0]["id"]
    exchange = _as_instructor(live_server, token, f"/api/sessions/{session}")["exchanges"][0]
    given = (exchange["matched"]["document"], exchange["matched"]["turn"])
    offered = []
    for m in [*exchange["candidates"], *exchange["suggestions"]]:
        key = (m["prompt"]["document"], m["prompt"]["turn"])
        if key != given and key not in offered:
            offered.append(key)
    outside = [k for k in offered if k[0] not in salt]
    assert outside  # the seed's line is answered from the seed, outside the scenario

    card = first_exchange(page, "Hana")
    card.locator(".correct-button").click()
    form = card.locator("form.correction")
    form.locator(".fix-document option").nth(1).wait_for(state="attached")
    # within the scenario: only its conversations, and the search's lines outside it held back
    visible = form.locator(".fix-choice:not([hidden])")
    assert visible.count() == len(offered) - len(outside)
    n = len(outside)
    assert form.locator(".fix-outside-note").text_content() == (
        f"{n} of the lines the search offered {'lies' if n == 1 else 'lie'} outside "
        f"“{SALT_TITLE}” (our summary), not shown."
    )
    conversations = form.locator(".fix-document option").evaluate_all("os => os.map(o => o.value)")
    assert conversations == ["", *sorted(salt, key=record_order)]

    # the line list says what to do first, and the placeholder can never be chosen as a line
    shown = form.locator(".fix-turn")
    placeholder = "s => [s.value, s.selectedOptions[0].text, s.selectedOptions[0].disabled]"
    assert shown.evaluate(placeholder) == ["", "Choose a conversation first", True]

    # a conversation's lines, each with the reply that followed it, shown on choosing one
    document = conversations[1]
    replies = _replies(live_server, document)
    form.locator(".fix-document").select_option(document)
    turn = next(iter(replies))
    form.locator(f'.fix-turn option[value="{turn}"]').wait_for(state="attached")
    lines = form.locator(".fix-turn option").evaluate_all("os => os.map(o => o.value)")
    assert lines == ["", *[str(t) for t in replies]]
    assert shown.evaluate(placeholder) == ["", "Choose Kissinger’s recorded line", True]
    form.locator(".fix-turn").select_option(str(turn))
    preview = form.locator(".fix-preview .fix-reply")
    preview.wait_for()
    reply = replies[turn]
    assert _shown(preview) == (
        [t["clean_text"] for t in reply["reply"]["turns"]],
        reply["citation"]["url"],
    )

    # the whole record on request: every conversation, and every line the search offered,
    # each with its recorded reply (an editorial mark shown as the editor's)
    form.get_by_label(re.compile(f"^ ?Show the whole record, not only “{SALT_TITLE}”")).check()
    everything = [d["id"] for d in live_server.get_json("/api/documents") if d["dialogue"]]
    conversations = form.locator(".fix-document option").evaluate_all("os => os.map(o => o.value)")
    assert conversations == ["", *sorted(everything, key=record_order)]
    assert form.locator(".fix-document").input_value() == document  # the choice is kept
    assert form.locator(".fix-outside-note").text_content() == ""
    choices = form.locator(".fix-choice")
    assert choices.count() == len(offered)
    for i, (doc, at) in enumerate(offered):
        recorded = _replies(live_server, doc)[at]
        choice = choices.nth(i)
        assert choice.locator("label").text_content().startswith(f" “{recorded['prompt']['text']}”")
        box = choice.locator(".fix-reply")
        assert _shown(box) == (
            [t["clean_text"] for t in recorded["reply"]["turns"]],
            recorded["citation"]["url"],
        )
        spans = [s["text"] for t in recorded["reply"]["turns"] for s in t["editorial"]]
        assert box.locator(".words .editorial").all_text_contents() == spans
    screenshot(page, "instructor-correction-form")

    # a line chosen from a conversation is shown whole under the list, an editors' mark inside
    # it as theirs (the list's options can hold no markup): v25 d172 turn 1, "Hume [Home]"
    marked = "frus1969-76v25/d172"
    form.locator(".fix-document").select_option(marked)
    form.locator('.fix-turn option[value="1"]').wait_for(state="attached")
    form.locator(".fix-turn").select_option("1")
    line = form.locator(".fix-preview .fix-chosen")
    line.wait_for()
    said = _replies(live_server, marked)[1]["prompt"]
    assert line.text_content() == (
        f"Kissinger’s recorded line (vol. XXV, doc. 172, line 2): “{said['text']}”"
    )
    assert line.locator(".editorial").all_text_contents() == ["[Home]"]
    form.locator(".fix-document").select_option(document)
    form.locator(f'.fix-turn option[value="{turn}"]').wait_for(state="attached")
    form.locator(".fix-turn").select_option(str(turn))

    form.get_by_role("button", name="Save correction").click()
    form.locator(".saved").wait_for()
    # what the class will get, in words: the reply itself, not only where it is printed
    saved = form.locator(".saved").text_content()
    assert saved.startswith(
        f"Saved. From now on, “{SEED_LINE}” and close paraphrases of it, said in {CLASS} as "
        f"Kissinger, are answered with Dobrynin’s reply to Kissinger’s recorded line "
        f"“{reply['prompt']['text']}” (vol. "
    )
    assert saved.endswith(f", doc. {document.split('/d')[1]}, line {turn + 1}), below.")
    box = form.locator(".fix-reply")
    assert box.locator(".fix-reply-label").text_content() == (
        "The reply your class will get (verbatim):"
    )
    assert _shown(box) == (
        [t["clean_text"] for t in reply["reply"]["turns"]],
        reply["citation"]["url"],
    )
    assert watched.errors == []
