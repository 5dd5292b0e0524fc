"""The instructor changes the class's scenario while a student's page is open: the student's
next role-play is answered from the new scope, and the page says so rather than the old one.

It went on showing "Within: Your class: The October 1973 war" and "Your instructor set “The
October 1973 war” for your class" once the instructor had cleared it, while the server
answered from the whole record (lines of Berlin offered); set while the page was open, it
offered "The whole record" that the server no longer answered from.

A student who had narrowed the scenario (a volume inside it) was not followed at all: cleared,
the menus went on offering only the old scenario; changed to another, the next Start was
refused (`outside_class_scenario`) and the page, still offering the old one, stayed stuck
until a reload.
"""

from __future__ import annotations

import json
import urllib.request

from tests.web.flows import join, received, say, start_roleplay, wait_for_seen, wait_until

CLASS = "IR152"
WAR = "topic:war-1973"
SALT = "topic:salt"
CHANNEL = "topic:channel"
V25 = "volume:frus1969-76v25"  # the fixture's one conversation of vol. XXV, inside the 1973 war
V25_TITLE = "FRUS 1969–1976, vol. XXV: Arab-Israeli Crisis and War, 1973"
LINE = "What about the Berlin agreement?"
FREE_PLAY = "say anything Kissinger might have said; Dobrynin answers only with his recorded words."


def _set_scenario(url: str, token: str, scenario: str | None, code: str = CLASS) -> None:
    """What *Set for the class* does: PUT /api/classes/{code}/scenario."""
    request = urllib.request.Request(
        f"{url}/api/classes/{code}/scenario",
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
    wait_for_seen(page, lambda: len(ready) > before, "the roleplay.ready of the new Start")
    return ready[-1]


def _offered(page) -> list[str]:
    return page.locator("#rp-scenario option").evaluate_all("els => els.map(e => e.textContent)")


def _status(page) -> str:
    return page.locator("#rp-status").text_content()


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
    assert _offered(page)[0] == "Your class: The October 1973 war (our summary)"
    quiz_scope = page.locator("#quiz-scope")
    war_quiz = (
        "Questions from: The October 1973 war (our summary) — the scenario your instructor set "
        "for your class."
    )
    assert quiz_scope.text_content() == war_quiz

    # Cleared: the next role-play answers from the whole record, and the page offers it; the
    # Quiz tab no longer says its questions come from the scenario (they do not).
    _set_scenario(url, token, None)
    assert _restart(page, ready)["scenario"] is None
    wait_until(page, "document.querySelector('#quiz-scope').hidden")
    assert quiz_scope.text_content() == ""
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
    wait_until(page, "!document.querySelector('#quiz-scope').hidden")
    assert quiz_scope.text_content() == war_quiz
    assert _offered(page)[0] == "Your class: The October 1973 war (our summary)"
    assert "The whole record" not in _offered(page)
    assert scope.input_value() == WAR
    assert (
        page.locator("#rp-status")
        .text_content()
        .startswith(
            "Your instructor changed your class’s scenario: free play answers from “The October "
            "1973 war” (our summary) now."
        )
    )


def test_a_narrowed_choice_follows_a_cleared_or_changed_scenario(classroom):
    """(a) Narrowed to a volume inside the class's scenario, then cleared: the next Start offers
    the whole record and keeps the volume; set again, the volume still lies inside and stays."""
    url = classroom.server.url
    token = classroom.teacher("Prof. Ahn", "IR154")
    _set_scenario(url, token, WAR, "IR154")
    watched = classroom.open_page()
    page = watched.page
    ready = received(page, "roleplay.ready")
    join(page, url, "Ines", "IR154")
    wait_until(page, f"document.querySelector('#rp-scenario').value === '{WAR}'")
    assert _offered(page) == ["Your class: The October 1973 war (our summary)", V25_TITLE]
    scope = page.locator("#rp-scenario")
    scope.select_option(V25)
    started = _restart(page, ready)
    assert (started["scenario"]["id"], started["class_scenario"]["id"]) == (V25, WAR)

    _set_scenario(url, token, None, "IR154")
    started = _restart(page, ready)
    assert (started["scenario"]["id"], started["class_scenario"]) == (V25, None)
    assert _offered(page) == [
        "The whole record",
        "The October 1973 war",
        "SALT and arms control",
        "The Middle East, 1970–1971",
        "European security and troop cuts",
        "Spies, sailors and irritants, 1970–1971",
        "The channel itself",
        "FRUS 1969–1976, vol. XII: Soviet Union, January 1969–October 1970",
        "FRUS 1969–1976, vol. XIII: Soviet Union, October 1970–October 1971",
        V25_TITLE,
        "FRUS 1969–1976, vol. XXXII: SALT I, 1969–1972",
        "FRUS 1969–1976, vol. XXXIX: European Security",
    ]
    assert scope.input_value() == V25
    assert _status(page) == (
        "Your instructor cleared your class’s scenario: the whole record is open to you now. "
        f"Free play within “{V25_TITLE}”: {FREE_PLAY}"
    )
    assert "Your instructor set" not in page.locator("#rp-about").text_content()

    # Set again: the volume lies inside it, so it stays chosen among what the class offers.
    _set_scenario(url, token, WAR, "IR154")
    started = _restart(page, ready)
    assert (started["scenario"]["id"], started["class_scenario"]["id"]) == (V25, WAR)
    assert _offered(page) == ["Your class: The October 1973 war (our summary)", V25_TITLE]
    assert scope.input_value() == V25
    assert _status(page) == (
        "Your instructor changed your class’s scenario to “The October 1973 war” (our "
        f"summary); your choice lies within it. Free play within “{V25_TITLE}”: {FREE_PLAY}"
    )

    # Cleared once more: the whole record may be chosen, and is answered from.
    _set_scenario(url, token, None, "IR154")
    assert _restart(page, ready)["class_scenario"] is None
    scope.select_option("")
    started = _restart(page, ready)
    assert (started["scenario"], started["class_scenario"]) == (None, None)
    assert _status(page) == f"Free play: {FREE_PLAY}"
    assert watched.errors == []


def test_a_start_outside_a_changed_scenario_starts_again_within_it(classroom):
    """(b) Narrowed to a topic inside the class's scenario, which then changes to one the topic
    is outside of: Start is refused, and the page starts again within the new one, its menus
    offering it and its status saying why; a line after a quiz does the same and is answered."""
    url = classroom.server.url
    token = classroom.teacher("Prof. Baptiste", "IR155")
    _set_scenario(url, token, CHANNEL, "IR155")
    watched = classroom.open_page()
    page = watched.page
    seen = received(page, "roleplay.ready", "reply", "error")
    ready = received(page, "roleplay.ready")
    join(page, url, "Jonas", "IR155")
    wait_until(page, f"document.querySelector('#rp-scenario').value === '{CHANNEL}'")
    assert _offered(page) == [
        "Your class: The channel itself (our summary)",
        "SALT and arms control",
        "The Middle East, 1970–1971",
        "FRUS 1969–1976, vol. XII: Soviet Union, January 1969–October 1970",
        "FRUS 1969–1976, vol. XXXII: SALT I, 1969–1972",
    ]
    scope = page.locator("#rp-scenario")
    scope.select_option(SALT)
    assert _restart(page, ready)["scenario"]["id"] == SALT

    _set_scenario(url, token, WAR, "IR155")
    before = len(seen)
    started = _restart(page, ready)
    kinds = [(m["type"], m.get("code")) for m in seen[before:]]
    assert kinds == [("error", "outside_class_scenario"), ("roleplay.ready", None)]
    assert (started["scenario"]["id"], started["class_scenario"]["id"]) == (WAR, WAR)
    assert _offered(page) == ["Your class: The October 1973 war (our summary)", V25_TITLE]
    assert scope.input_value() == WAR
    assert _status(page) == (
        "Your instructor changed your class’s scenario: free play answers from “The October "
        "1973 war” (our summary) now. “SALT and arms control” (our summary), which you chose, "
        "is outside your class’s scenario. Free play within “The October 1973 war” (our "
        "summary), the scenario your instructor set: " + FREE_PLAY
    )
    assert page.locator("#rp-line-error").text_content() == ""

    # Narrowed again (the volume inside the war), then changed to SALT while the student takes
    # a quiz: the next line restarts free play outside it, is refused, and goes out again.
    scope.select_option(V25)
    assert _restart(page, ready)["scenario"]["id"] == V25
    _set_scenario(url, token, SALT, "IR155")
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label("Number of questions").fill("1")
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 1").wait_for()
    page.get_by_role("button", name="Role-play").click()
    before = len(seen)
    say(page, "Is there any news on the ABM agreement and the freeze?")
    page.locator("#rp-say button[type=submit]:enabled").wait_for()
    kinds = [(m["type"], m.get("code")) for m in seen[before:]]
    assert kinds == [
        ("error", "outside_class_scenario"),
        ("error", "no_roleplay"),
        ("roleplay.ready", None),
        ("reply", None),
    ]
    reply = seen[-1]
    shown = reply["matches"] + reply["suggestions"]
    assert shown and {m["prompt"]["document"] for m in shown} <= {
        "frus1969-76v13/d161",
        "frus1969-76v32/d143",
    }
    assert _offered(page) == [
        "Your class: SALT and arms control (our summary)",
        "FRUS 1969–1976, vol. XXXII: SALT I, 1969–1972",
    ]
    assert scope.input_value() == SALT
    assert _status(page) == (
        "Your instructor changed your class’s scenario: free play answers from “SALT and arms "
        f"control” (our summary) now. “{V25_TITLE}”, which you chose, is outside your class’s "
        "scenario."
    )
    mine = page.locator("#rp-log > li.mine .words").all_text_contents()
    assert mine[-1] == "Is there any news on the ABM agreement and the freeze?"
    assert mine.count(mine[-1]) == 1
    assert page.locator("#rp-line-error").text_content() == ""
    assert page.locator("#rp-line").input_value() == ""
    assert watched.errors == []


def test_a_link_to_what_the_class_scenario_leaves_out_says_so(live_server, open_page, classroom):
    """The record page's "Play this conversation" (`/?document=ID`) and a topic's link
    (`/?scenario=ID`) lead a student of a class kept within the 1973 war to what the class may
    not play: the page offered the war's conversations instead without a word, as if the link
    had not worked. It now says why."""
    code = "IR153"
    token = classroom.teacher("Prof. Ishikawa", code)
    _set_scenario(live_server.url, token, WAR, code)
    page = open_page().page
    join(page, live_server.url, "Hana", code)
    status = page.locator("#rp-status")
    keeps = (
        "Your instructor keeps your class within “The October 1973 war” (our summary): choose "
        "one of its conversations, or play freely within it."
    )
    for link, chose in [
        (
            "/?document=frus1969-76v39%2Fd107",
            "The conversation you chose (FRUS 1969–1976, vol. XXXIX, doc. 107, date not in our "
            "copy; our summary: European security and troop cuts: talks on MBFR in parallel "
            "with the security conference)",
        ),
        ("/?scenario=topic%3Asalt", "“SALT and arms control” (our summary), which you chose,"),
    ]:
        page.goto(live_server.url + link)
        status.filter(has_text="outside your class").wait_for()
        assert status.text_content().strip() == (
            f"{chose} is outside your class’s scenario. {keeps}"
        )
        assert page.locator("#rp-scenario").input_value() == WAR
        assert page.locator("#rp-document").input_value() == ""
    # A link within it is followed, without a word.
    page.goto(live_server.url + "/?document=frus1969-76v25%2Fd172")
    wait_until(page, "document.querySelector('#rp-document').value === 'frus1969-76v25/d172'")
    assert "outside" not in status.text_content()
