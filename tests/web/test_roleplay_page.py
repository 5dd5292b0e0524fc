"""The role-play page as a new user found it: spoilers, scrolling, a quiz in between, labels.

Each test drives the real page against the real server (fixture corpus) and checks what the
student can read, by the record's own texts.
"""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.web.flows import (
    NEAR_LINE,
    NEAR_LINE_2,
    SEED,
    SEED_LINE,
    join,
    received,
    say,
    start_roleplay,
    wait_for_seen,
    wait_until,
)
from tests.web.test_student import _spoken


def _record(live_server, doc: str = SEED) -> dict:
    return live_server.get_json(f"/api/documents/{doc}")


def _text(page) -> str:
    """Everything the page holds, shown or folded away (closed <details> included)."""
    return " ".join(page.locator("main").text_content().split())


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_playing_through_never_shows_a_line_before_the_student_reaches_it(live_server, classroom):
    turns = _record(live_server)["turns"]
    page = classroom.student("Nora", live_server.class_code, document=SEED)
    page.locator("#context-turns .gap").first.wait_for()
    # Kissinger speaks first: nothing of the conversation is on the page yet, not even his line.
    for turn in turns[:4]:
        assert _flat(turn["clean_text"]) not in _text(page)
    assert page.locator("#context-turns [data-turn]").count() == 0
    # "lines", as a student says it: "turns" is the project's word
    assert "56 later lines, shown as you play them" in page.locator("#context-turns").text_content()

    # The student says what Kissinger said three turns later. The page shows his line at this
    # point and Dobrynin's reply (turns 0 and 1), never the later exchange it matched.
    say(page, _spoken(turns[4]))
    page.locator("#context-turns .is-match[data-turn='0']").wait_for()
    shown = _text(page)
    assert _flat(turns[0]["clean_text"]) in shown
    assert _flat(turns[1]["clean_text"]) in shown
    for later in (2, 3, 5):
        assert _flat(turns[later]["clean_text"]) not in shown, f"turn {later} was shown"
    panel = [
        int(t)
        for t in page.locator("#context-turns [data-turn]").evaluate_all(
            "els => els.map(e => e.dataset.turn)"
        )
    ]
    assert panel == [0, 1]
    assert page.get_by_role("button", name="Show the whole conversation").count() == 0
    link = page.locator("#context-more a").first.text_content()
    assert link == "Read it on history.state.gov (the whole conversation, with what comes next)"

    # Every speaker is named, never by the volume's initials ("HK:", "AD:").
    labels = set(page.locator(".record-turn .speaker").all_text_contents())
    assert labels == {"Kissinger:", "Dobrynin:"}
    printed = page.locator("#context-turns .speaker").first.get_attribute("title")
    assert printed == "printed as “HK:”"


def test_a_new_reply_is_scrolled_into_view(live_server, classroom):
    page = classroom.student("Olga", live_server.class_code, width=1280, height=600)
    for line in (SEED_LINE, "The Chinese will protest.", "What about the conference?"):
        say(page, line)
        reply = page.locator("#rp-log > li:not(.mine)").last
        box = reply.bounding_box()  # relative to the window
        assert 0 <= box["y"] < 600, f"the reply to {line!r} starts at y={box['y']}"
    assert page.evaluate("window.scrollY") > 0


def test_role_play_history_survives_a_quiz_and_free_play_goes_on(live_server, classroom):
    page = classroom.student("Pia", live_server.class_code, SEED_LINE)
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label("Number of questions").fill("1")
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 1").wait_for()
    page.get_by_role("button", name="Role-play").click()

    assert page.locator("#rp-log > li.mine .words").all_text_contents() == [SEED_LINE]
    assert page.locator("#rp-log > li.reply").count() == 1
    assert page.locator("#rp-say").is_visible()
    say(page, "What about the conference?")  # no Start needed: free play is taken up again
    assert page.locator("#rp-log > li.reply, #rp-log > li.no-match").count() == 2

    page.reload()
    page.locator("#rp-log > li.mine").nth(1).wait_for()
    mine = page.locator("#rp-log > li.mine .words").all_text_contents()
    assert mine == [SEED_LINE, "What about the conference?"]


def test_play_through_left_for_a_quiz_keeps_its_log_after_a_reload(live_server, classroom):
    page = classroom.student("Quentin", live_server.class_code, SEED_LINE, document=SEED)
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label("Number of questions").fill("1")
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 1").wait_for()
    page.reload()
    page.locator("#quiz-progress", has_text="Question 1 of 1").wait_for()
    page.get_by_role("button", name="Role-play").click()
    assert page.locator("#rp-log > li.mine .words").all_text_contents() == [SEED_LINE]
    assert page.locator("#rp-log .script").count() == 1
    assert page.locator("#rp-say").is_hidden()  # the server ended it: Start plays it again
    assert "You left this conversation for a quiz" in page.locator("#rp-status").text_content()


def test_conversation_picker_names_people_and_the_chosen_conversation(live_server, open_page):
    page = open_page().page
    join(page, live_server.url, "Rosa", live_server.class_code)
    option = page.locator(f'#rp-document option[value="{SEED}"]')
    option.wait_for(state="attached")
    text = option.text_content()
    assert text.startswith("Kissinger and Dobrynin")
    assert text.endswith("(FRUS 1969–1976, vol. XXXIX, doc. 107, 56 lines)")
    page.locator("#rp-document").select_option(SEED)
    about = page.locator("#rp-about").text_content()
    assert "Kissinger and Dobrynin" in about
    assert _record(live_server)["title"] in about


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_side_panel_legend_is_readable_and_its_last_line_in_view(live_server, classroom):
    page = classroom.student("Sami", live_server.class_code, SEED_LINE, width=1280, height=700)
    legend = page.locator("#context .legend")
    legend.wait_for()
    assert legend.text_content() == " the line matched the reply"
    card = page.locator("#context").evaluate("e => getComputedStyle(e).backgroundColor")
    ink = legend.evaluate("e => getComputedStyle(e).color")
    assert _contrast(ink, card) >= 4.5
    size = legend.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 14
    # The panel's last line (its links) lies inside the panel and inside the window.
    page.get_by_role("button", name="Show the whole conversation").click()
    panel = page.locator("#context").bounding_box()
    last = page.locator("#context-more").bounding_box()
    assert last["y"] + last["height"] <= panel["y"] + panel["height"] + 0.5
    assert panel["y"] + panel["height"] <= 700


def test_session_moved_notice_is_in_view_on_a_phone(live_server, classroom):
    first = classroom.student("Tove", live_server.class_code, SEED_LINE, width=390, height=844)
    first.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    second = first.context.new_page()
    second.goto(live_server.url + "/")
    second.locator("#rp-log > li.mine").first.wait_for()
    notice = first.locator("#notice")
    notice.wait_for(state="visible")
    assert notice.text_content().startswith("This session is now open in another tab")
    box = notice.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844
    assert first.evaluate("window.scrollY") > 0  # in view although the page is scrolled down


def test_did_you_mean_pick_shows_what_followed_the_picked_line(live_server, open_page):
    page = open_page().page
    replies = received(page, "reply")
    join(page, live_server.url, "Ugo", live_server.class_code)
    start_roleplay(page)
    say(page, NEAR_LINE)
    refused = replies[-1]
    offered = refused["suggestions"] or refused["matches"]
    entry = page.locator("#rp-log > li.no-match").last
    choice = entry.locator("button.pick").nth(1)
    assert choice.locator(".pick-line").text_content() == offered[1]["prompt"]["text"]
    # Each line offered says which conversation it is from (lines like "Hello." recur): its
    # topic line, marked as the project's words.
    listing = {d["id"]: d for d in live_server.get_json("/api/documents")}
    for n, match in enumerate(offered):
        about = entry.locator("button.pick").nth(n).locator(".pick-about")
        topic = listing[match["prompt"]["document"]]["topic"]
        assert about.text_content().endswith(f"{topic} our summary")
    choice.click()

    picked = page.locator("#rp-log > li.picked").last
    picked.wait_for()
    assert replies[-1]["status"] == "picked" and replies[-1]["picked"] == 1
    assert picked.locator(".verdict").text_content() == (
        "You picked a recorded line; this is what followed it."
    )
    words = picked.locator(".record-turn .words").first.text_content()
    assert words == offered[1]["reply"]["turns"][0]["clean_text"]
    # The line is the student's choice: not said to answer their words "distant (similarity 9%)".
    assert picked.locator(".meta").first.text_content() == (
        f"Following Kissinger’s recorded line you picked: {offered[1]['prompt']['text']}"
    )
    href = picked.locator(".citation a").first.get_attribute("href")
    assert href == offered[1]["citation"]["url"]
    # The pick is kept with the exchange: the instructor's record of the session shows it.
    session = page.evaluate("JSON.parse(localStorage.getItem('backchannel.student')).session")
    events = _instructor_json(live_server, f"/api/sessions/{session}")["events"]
    kinds = [e["kind"] for e in events]
    assert kinds[-2:] == ["pick", "reply"]
    assert events[-2]["data"]["suggestion"] == 1
    assert events[-1]["data"]["matches"] == [offered[1]]

    # After the next line, the old offer cannot be picked any more.
    say(page, SEED_LINE)
    assert entry.locator("button.pick").first.is_disabled()
    assert entry.locator(".picks-expired").text_content() == (
        "These lines were offered for an earlier line of yours; only the latest reply’s can be "
        "picked."
    )


def _instructor_json(live_server, path: str) -> dict:
    request = urllib.request.Request(
        live_server.url + path, headers={"Authorization": f"Bearer {live_server.token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


# Every batch of entries put into the role-play log, and every line the page says of them (its
# short announcer, #rp-heard), in the order they happened (installed before the page's own
# scripts run). The log itself is no live region: it was read out whole, entry by entry.
_WATCH_LOG = """
window.logEvents = [];
new MutationObserver((records) => {
  for (const r of records) {
    if (r.target.id === "rp-log" && r.addedNodes.length) {
      window.logEvents.push({ kind: "add", n: r.addedNodes.length });
    }
    if (r.target.id !== "rp-heard") continue;
    for (const node of r.addedNodes) window.logEvents.push({ kind: "said", n: node.textContent });
  }
}).observe(document, { subtree: true, childList: true });
"""


def _events(page) -> list[tuple[str, int | str]]:
    """Each batch added to the log ("add", how many) and each line said ("said", its words)."""
    assert page.locator("#rp-log").get_attribute("aria-live") is None
    return [(e["kind"], e["n"]) for e in page.evaluate("window.logEvents")]


def test_a_restored_log_is_not_read_out_but_a_new_reply_is(live_server, classroom):
    page = classroom.student(
        "Ulla", live_server.class_code, SEED_LINE, "What about the conference?"
    )
    page.add_init_script(_WATCH_LOG)
    page.reload()
    page.locator("#rp-log > li.mine").nth(1).wait_for()

    # The four entries went in without a word said of them; one short status says so.
    restored = _events(page)
    assert sum(n for _, n in restored) == page.locator("#rp-log > li").count() == 4
    assert {kind for kind, _ in restored} == {"add"}, restored
    status = page.locator("#rp-status")
    assert status.get_attribute("role") == "status"
    assert status.text_content().startswith("Restored your conversation: 2 lines and 2 replies.")

    # A new reply after the restore is said, short (the student's own line is not read back).
    say(page, "The Chinese will protest.")
    later = _events(page)[len(restored) :]
    assert [kind for kind, _ in later] == ["add", "add", "said"], later


def test_start_keeps_the_earlier_play_above_a_divider_and_a_reload_too(live_server, classroom):
    """Start wiped the log of everything the student had done in the session, without a word;
    now each new role-play begins below a divider that names it."""
    # NEAR_LINE is refused, with lines to pick
    page = classroom.student("Valborg", live_server.class_code, SEED_LINE, NEAR_LINE)
    page.add_init_script(_WATCH_LOG)
    page.evaluate(_WATCH_LOG)

    start_roleplay(page, document=SEED)
    dividers = page.locator("#rp-log > li.divider")
    dividers.first.wait_for()
    assert page.locator("#rp-log > li.mine .words").all_text_contents() == [SEED_LINE, NEAR_LINE]
    # The refusal's lines went with its role-play: they say so rather than do nothing.
    refusal = page.locator("#rp-log > li.no-match")
    assert refusal.locator("button.pick").first.is_disabled()
    assert refusal.locator(".picks-expired").text_content() == (
        "These lines can no longer be picked: the role-play they were offered in has ended."
    )
    first = (
        "New role-play: playing Kissinger in the conversation FRUS 1969–1976, vol. XXXIX, doc. 107"
    )
    assert dividers.first.text_content() == first
    # below it, the conversation's opening; the status line says the start (the student opens
    # this conversation: no line of the partner's to say)
    assert page.locator("#rp-log > li.divider + li.cue").count() == 1
    assert _events(page) == [("add", 1), ("add", 1)]
    say(page, SEED_LINE)

    page.locator('#rp-setup input[name="as"][value="dobrynin"]').check()
    start_roleplay(page, as_="dobrynin")
    dividers.nth(1).wait_for()
    second = "New role-play: playing Dobrynin in free play, the whole record"
    assert dividers.all_text_contents() == [first, second]
    say(page, "Those were my own words, not yours.")
    # what each entry is, and the words of the lines, dividers and recorded lines offered (a
    # line offered names its conversation's topic only once the picker's list has loaded,
    # which a reload may outrun)
    shown = (
        "els => els.map(e => [e.className, [...e.querySelectorAll("
        "'.words, .verdict, p:only-child, .pick-line, .picks-expired'"
        ")].map(w => w.textContent)])"
    )
    before = page.locator("#rp-log > li").evaluate_all(shown)
    mine = [SEED_LINE, NEAR_LINE, SEED_LINE, "Those were my own words, not yours."]
    assert page.locator("#rp-log > li.mine .words").all_text_contents() == mine

    # A reload puts all three role-plays back, dividers and all, without reading them out.
    page.reload()
    page.locator("#rp-log > li.mine").nth(3).wait_for()
    assert page.locator("#rp-log > li").evaluate_all(shown) == before
    restored = _events(page)
    assert sum(n for _, n in restored) == len(before)
    assert {kind for kind, _ in restored} == {"add"}, restored
    status = page.locator("#rp-status").text_content()
    assert status.startswith("Restored your 3 role-plays: 4 lines and 4 replies.")


SAVE = """async ([limit, count]) => {
  const { SavedLog } = await import('/js/saved-log.js');
  const log = new SavedLog(limit);
  const line = (n) => ({ t: 'mine', text: `line ${n}`, as: 'kissinger' });
  const lines = [...Array(count).keys()].map(line);
  log.write('probe', lines);
  const once = log.read('probe');
  log.write('probe', [...once, { t: 'mine', text: 'one more', as: 'kissinger' }]);
  const twice = log.read('probe');
  log.remove('probe');
  return [once, twice].map((kept) => kept.map((e) => e.t === 'earlier' ? 'earlier' : e.text));
}"""


def test_a_long_sessions_saved_log_says_its_earlier_lines_are_not_shown(live_server, open_page):
    """The page keeps a session's last entries for a reload; those it lets go are said to be
    missing here (the server keeps them), not left out without a word."""
    page = open_page().page
    join(page, live_server.url, "Wendelin", live_server.class_code)
    once, twice = page.evaluate(SAVE, [3, 5])
    assert once == ["earlier", "line 2", "line 3", "line 4"]
    assert twice == ["earlier", "line 3", "line 4", "one more"]
    assert page.evaluate(SAVE, [3, 3])[0] == ["line 0", "line 1", "line 2"]

    start_roleplay(page)
    say(page, SEED_LINE)
    # As a long session's log is saved: the oldest let go, the note first in their place.
    page.evaluate(
        """() => {
          const key = Object.keys(localStorage).find((k) => k.startsWith('backchannel.log.'));
          const kept = JSON.parse(localStorage.getItem(key));
          localStorage.setItem(key, JSON.stringify([{ t: 'earlier' }, ...kept]));
        }"""
    )
    page.reload()
    page.locator("#rp-log > li.mine").first.wait_for()
    assert page.locator("#rp-log > li").first.text_content() == (
        "Earlier lines of this session are not shown here (this page keeps the last 60 "
        "entries); none is lost: the server keeps every line."
    )
    assert page.locator("#rp-log > li.mine .words").all_text_contents() == [SEED_LINE]


# Safari has no scroll anchoring: the page is drawn as there, with it turned off.
_NO_ANCHORING = (
    "document.addEventListener('DOMContentLoaded', () => "
    "{ document.documentElement.style.overflowAnchor = 'none'; })"
)


@pytest.mark.parametrize("anchoring", ["auto", "none"])
def test_a_reload_that_outruns_the_list_of_conversations_still_names_each_line_offered(
    live_server, open_page, anchoring
):
    """After a reload the log was redrawn at once, before the list of conversations came: its
    lines offered lacked their conversation's date and topic, which the same lines drawn live
    show. Now they get them when the list comes, without reading the log out again and without
    moving the last reply on screen, in a browser with scroll anchoring or without."""
    page = open_page(390, 844).page  # a phone: the log is longer than the screen
    if anchoring == "none":
        page.add_init_script(_NO_ANCHORING)
    join(page, live_server.url, "Ines", live_server.class_code)
    start_roleplay(page)
    say(page, NEAR_LINE)  # refused, with lines to pick
    say(page, NEAR_LINE_2)
    about = page.locator("#rp-log button.pick .pick-about")
    named = about.all_text_contents()
    assert len(named) == page.locator("#rp-log button.pick").count() > 2
    assert all(text.endswith(" our summary") for text in named)

    # The list of conversations is held back until the log has been put back.
    held = []
    page.route("**/api/documents", lambda route: held.append(route))
    page.add_init_script(_WATCH_LOG)
    page.reload()
    page.locator("#rp-log > li.no-match").nth(1).wait_for()
    wait_until(page, "window.scrollY > 0")  # at the last reply, the log above it
    wait_for_seen(page, lambda: held, "the page's request for the conversations")
    assert len(held) == 1 and about.count() == 0
    last = page.locator("#rp-log > li").last
    top = last.bounding_box()["y"]
    held[0].continue_()

    count = "document.querySelectorAll('#rp-log .pick-about').length"
    wait_until(page, f"{count} === {len(named)}")
    assert about.all_text_contents() == named
    assert {kind for kind, _ in _events(page)} == {"add"}  # nothing said of it
    assert abs(last.bounding_box()["y"] - top) < 1  # though the lines offered above it grew
