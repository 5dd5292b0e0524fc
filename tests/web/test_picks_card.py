"""The teacher's transcript card of a line a student picked from twice: every pick, in order.

A student may pick several lines of one reply's offer in turn (the page marks the one picked,
and a later pick moves the mark); each reply was heard, but the card showed only the last, as
if the student had picked once.
"""

from __future__ import annotations

import json
import urllib.request

from tests.web.audit import assert_accessible
from tests.web.flows import NEAR_LINE_2, join, received, say, start_roleplay
from tests.web.test_review import sign_in

CODE = "PICKS34CARD"
TEACHER = "Prof. Pickwell34 Adeyemi"
STUDENT = "Pickwell34 Ona"


def _api(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


def _pick(page, n: int) -> None:
    """Pick line ``n`` of the refusal's offer and wait for its reply to be drawn."""
    before = page.locator("#rp-log > li.picked").count()
    offer = page.locator("#rp-log > li.no-match").first
    offer.locator(f'button.pick[data-choice="{n}"]').click()
    page.locator("#rp-log > li.picked").nth(before).wait_for()


def test_two_picks_from_one_offer_are_listed_in_order_with_what_followed(classroom):
    token = classroom.teacher(TEACHER, CODE)
    base = classroom.server.url
    student = classroom.open_page().page
    replies = received(student, "reply")
    join(student, base, STUDENT, CODE)
    start_roleplay(student)
    say(student, NEAR_LINE_2)
    offered = replies[-1]["suggestions"]
    assert len(offered) == 3, "the line no longer gets three did-you-mean lines"
    _pick(student, 1)
    _pick(student, 2)
    assert [r["picked"] for r in replies[-2:]] == [1, 2]

    [session] = _api(f"{base}/api/classes/{CODE}/sessions", token)
    events = _api(f"{base}/api/sessions/{session['id']}", token)["events"]
    picked_at = [e["at"] for e in events if e["kind"] == "pick"]

    watched = classroom.open_page()
    teacher = watched.page
    sign_in(teacher, base, token)
    teacher.locator("#sessions tbody tr", has_text=STUDENT).get_by_role("button").click()
    card = teacher.locator('#transcript li[data-status="picked"]')
    card.wait_for()
    labels = card.locator(".ex-label").all_text_contents()
    assert "Picks, in order" in labels
    assert "Recorded line the student picked" not in labels  # the last pick is in the list

    picks = card.locator(".picks-row li.pick-made")
    assert picks.count() == 2
    for i, n in enumerate((1, 2)):
        pick, line = picks.nth(i), offered[n]
        prompt, reply = line["prompt"], line["reply"]
        assert pick.get_attribute("data-picked") == str(n)
        assert pick.locator("time").get_attribute("datetime") == picked_at[i]
        head = pick.locator(".pick-head").text_content()
        assert head.endswith(
            f"{('1st', '2nd')[i]} pick: Kissinger: “{prompt['text']}” "
            f"(vol. {_volume(prompt['document'])}, doc. {prompt['document'].split('/d')[1]}, "
            f"line {prompt['turn'] + 1})"
        )
        # what followed it, verbatim: each turn of the recorded reply, and its citation
        words = pick.locator(".ex-reply .record-turn .words").all_text_contents()
        assert words == [t["clean_text"] for t in reply["turns"]]
        link = pick.locator(".ex-reply .citation a").first.get_attribute("href")
        assert link == line["citation"]["url"]

    # the lines offered say which pick took each
    marks = card.locator(".suggestions > li").evaluate_all(
        "lis => lis.map((li) => li.querySelector('.picked')?.textContent ?? null)"
    )
    assert marks == [None, " — picked 1st", " — picked 2nd"]
    assert_accessible(teacher, "a transcript card of two picks")
    assert watched.errors == []


def _volume(document: str) -> str:
    """The Roman numeral the page gives a FRUS volume id's number (``frus1969-76v12`` → XII)."""
    number = int(document.split("/")[0].rsplit("v", 1)[1])
    out = ""
    for value, numeral in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + numeral, number - value
    return out
