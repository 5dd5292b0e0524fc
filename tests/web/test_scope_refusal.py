"""Free play within a scenario, as a new student meets it: a refusal says which conversations
were searched and can ask the line of the whole record, and a scope chosen in the middle of
free play applies to the next line (a changed menu used to do nothing, without a word)."""

from __future__ import annotations

from tests.web.flows import SEED, SEED_LINE, received, say, wait_for_seen, wait_until

V25 = "volume:frus1969-76v25"
WAR = "topic:war-1973"
SHORT = "frus1969-76v25/d172"


def _frames(page) -> list[dict]:
    return received(page, "reply", "roleplay.ready")


def _join_alone(page, base_url: str, name: str) -> None:
    """Practising alone: no class, so no instructor's scenario binds the student."""
    page.goto(base_url + "/")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    page.locator("#app").wait_for(state="visible")
    wait_until(page, "document.querySelectorAll('#rp-scenario option').length > 1")


def _start_in_volume(page, base_url: str, name: str) -> None:
    """Practising alone, free play within vol. XXV (the student's own choice of scenario)."""
    _join_alone(page, base_url, name)
    page.locator("#rp-scenario").select_option(V25)
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")


def test_a_refusal_within_a_scenario_names_it_and_asks_the_whole_record(live_server, open_page):
    title = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[V25]["title"]
    watched = open_page()
    page = watched.page
    frames = _frames(page)
    _start_in_volume(page, live_server.url, "Wren")
    say(page, SEED_LINE)  # the seed's words: its conversation lies outside the volume
    assert frames[-1]["status"] == "no_match"
    refusal = page.locator("#rp-log > li.no-match").last
    assert refusal.locator(".verdict").text_content() == f"Nothing in “{title}” answers this."
    note = refusal.locator(".scope-note")
    assert note.text_content() == (
        "Only its conversations were searched. Ask the whole record instead"
    )

    asked = len(frames)
    note.get_by_role("button", name="Ask the whole record instead").click()
    page.locator("#rp-log > li.reply").last.wait_for()
    wait_for_seen(
        page,
        lambda: any(f["type"] == "reply" for f in frames[asked:]),
        "the answer from the whole record",
    )
    ready = [f for f in frames if f["type"] == "roleplay.ready"]
    assert ready[-1]["scenario"] is None and ready[-1]["document"] is None
    answer = frames[-1]
    assert answer["type"] == "reply" and answer["status"] in ("match", "ambiguous")
    assert answer["matches"][0]["prompt"]["document"] == SEED
    # The log goes on: the refusal, then the same line asked again, then its answer.
    mine = page.locator("#rp-log > li.mine .words").all_text_contents()
    assert mine == [SEED_LINE, SEED_LINE]
    assert page.locator("#rp-log > li.no-match").count() == 1
    assert page.locator("#rp-scenario").input_value() == ""
    assert watched.errors == []


def test_a_refusal_within_a_scenario_with_nothing_near_says_so_of_the_scenario(
    live_server, open_page
):
    """Only the scenario's conversations were searched: with no line near the student's to
    offer, the refusal says nothing in the scenario comes near, not nothing in the record."""
    title = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[V25]["title"]
    page = open_page().page
    frames = _frames(page)
    _start_in_volume(page, live_server.url, "Zeno")
    say(page, "What is the capital of Australia?")
    assert (frames[-1]["status"], frames[-1]["suggestions"]) == ("no_match", [])
    refusal = page.locator("#rp-log > li.no-match").last
    assert refusal.locator(".verdict").text_content() == f"Nothing in “{title}” answers this."
    assert refusal.locator("p.meta:not(.scope-note)").all_text_contents() == [
        "Nothing in it comes near this line. Try other words, or see what the record covers."
    ]
    assert refusal.locator("button.pick").count() == 0


def test_a_refusal_within_a_topic_leads_to_the_topics_own_card(live_server, open_page):
    """Within a topic the refusal's link went to the whole record's list, which a class its
    instructor keeps within the topic cannot use: it leads to the topic's own card now, its
    summary and conversations."""
    title = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[WAR]["title"]
    page = open_page().page
    _join_alone(page, live_server.url, "Zora")
    page.locator("#rp-scenario").select_option(WAR)
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")
    say(page, "What is the capital of Australia?")
    refusal = page.locator("#rp-log > li.no-match").last
    assert refusal.locator("p.meta:not(.scope-note)").all_text_contents() == [
        "Nothing in it comes near this line. Try other words, or see what this topic holds."
    ]
    refusal.get_by_role("link", name="see what this topic holds").click()
    card = page.locator("#topic-war-1973")
    card.locator("h3").wait_for()
    assert page.url.endswith("/record.html#topic-war-1973")
    assert card.locator("h3").text_content().startswith(title)
    top = card.bounding_box()["y"]
    assert -1 <= top < page.viewport_size["height"] / 2, f"the topic’s card is at {top}"


def test_a_refusal_the_rest_of_the_record_answers_does_not_say_try_other_words(
    live_server, open_page
):
    """Within the 1973 war, "What about the MBFR talks?" was refused with the conversation
    outside the war that answers it named, and a button to ask the whole record; the refusal
    then ended "Nothing in “The October 1973 war” (our summary) comes near this line. Try
    other words, or see what …", the war's title said a fourth time and other words the wrong
    advice (found on the new user's walk). It ends with the topic's card now."""
    page = open_page().page
    frames = _frames(page)
    _join_alone(page, live_server.url, "Zelenko-Amari")
    page.locator("#rp-scenario").select_option(WAR)
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")
    say(page, "What about the MBFR talks?")
    assert (frames[-1]["status"], frames[-1]["suggestions"]) == ("no_match", [])
    assert frames[-1]["elsewhere"]["document"] == SEED
    refusal = page.locator("#rp-log > li.no-match").last
    assert refusal.locator("button.widen").text_content() == "Ask the whole record instead"
    assert refusal.locator("p.meta:not(.scope-note)").all_text_contents() == [
        "Outside it, the record has a conversation that answers this: European security and "
        "troop cuts: talks on MBFR in parallel with the security conference our summary, date "
        "not in our copy, FRUS 1969–1976, vol. XXXIX, doc. 107, p. 328.",
        "Or see what this topic holds.",
    ]


def test_a_refusal_within_a_scenario_names_it_once(live_server, open_page):
    """A refusal within a scenario said its title three times: "Nothing in “X” answers
    this.", "Only the conversations of “X” were searched." and "The record outside “X” has a
    conversation that answers this: …". The lead names it; the sentences after it say "its"
    and "it", every fact kept (the button to ask the whole record, the conversation outside)."""
    title = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[WAR]["title"]
    page = open_page().page
    frames = _frames(page)
    _join_alone(page, live_server.url, "Oyelaran-Voss")
    page.locator("#rp-scenario").select_option(WAR)
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")
    say(page, "What about the MBFR talks?")
    assert frames[-1]["elsewhere"]["document"] == SEED
    refusal = page.locator("#rp-log > li.no-match").last
    assert [p.text_content() for p in refusal.locator("p").all()] == [
        f"Nothing in “{title}” (our summary) answers this.",
        "Only its conversations were searched. Ask the whole record instead",
        "Outside it, the record has a conversation that answers this: European security and "
        "troop cuts: talks on MBFR in parallel with the security conference our summary, date "
        "not in our copy, FRUS 1969–1976, vol. XXXIX, doc. 107, p. 328.",
        "Or see what this topic holds.",
    ]
    assert refusal.text_content().count(title) == 1


def test_a_scope_chosen_during_free_play_answers_the_next_line(live_server, open_page):
    title = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[V25]["title"]
    page = open_page(width=390, height=844).page
    frames = _frames(page)
    _join_alone(page, live_server.url, "Yara")
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")
    say(page, SEED_LINE)
    assert frames[-1]["matches"][0]["prompt"]["document"] == SEED

    page.locator("#rp-scenario").select_option(V25)
    status = page.locator("#rp-status")
    assert status.text_content() == (
        f"Your next line will be answered from “{title}”; Start begins afresh with an empty log."
    )
    assert status.is_visible()
    say(page, SEED_LINE)
    ready = [f for f in frames if f["type"] == "roleplay.ready"]
    assert ready[-1]["scenario"]["id"] == V25
    # refused within vol. XXV, nothing of it near enough to offer, the seed named outside it
    reply = frames[-1]
    assert (reply["status"], reply["matches"], reply["suggestions"]) == ("no_match", [], [])
    assert reply["elsewhere"]["document"] == SEED
    assert page.locator("#rp-log > li.mine").count() == 2  # the log was kept

    # A conversation chosen does nothing until Start, and the page says so.
    page.locator("#rp-document").select_option(SHORT)
    assert status.text_content().startswith("Press Start to play the conversation you chose")


def test_a_conversation_played_within_a_scenario_says_what_its_refusal_searched(
    live_server, open_page
):
    """Playing a conversation of the 1973 war through, with the war chosen, the student's own
    words are searched within the war only. A line refused there read "No line elsewhere in
    the record answers your words" and "Nothing elsewhere answers it.", untrue: only the war
    was searched, and the seed's line is answered outside it. It now says what was searched
    and names the conversation outside it that answers, as free play does; after a reload
    too."""
    title = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[WAR]["title"]
    quoted = f"“{title}” (our summary)"  # a topic's title is ours, and says so
    page = open_page().page
    frames = _frames(page)
    _join_alone(page, live_server.url, "Ines")
    page.locator("#rp-scenario").select_option(WAR)
    page.locator("#rp-document").select_option(SHORT)
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")
    say(page, SEED_LINE)
    assert (frames[-1]["status"], frames[-1]["script"]["document"]) == ("no_match", SHORT)

    def check() -> None:
        details = page.locator("#rp-log > li.reply").last.locator("details.elsewhere")
        summary = details.locator("summary")
        assert summary.text_content() == f"No line in {quoted} answers your words"
        summary.click()
        assert details.locator(".verdict").text_content() == "Nothing in this scenario answers it."
        # Chosen by the student, not the instructor; and nothing wider is offered in the
        # middle of a conversation.
        scoped = details.locator(".scope-note")
        assert scoped.text_content() == "Only its conversations were searched. "
        assert details.locator("button.widen").count() == 0
        note = details.locator(".elsewhere-note")
        assert note.text_content() == (
            "Outside it, the record has a conversation that answers this: European security and "
            "troop cuts: talks on MBFR in parallel with the security conference our summary, date "
            "not in our copy, FRUS 1969–1976, vol. XXXIX, doc. 107, p. 327."
        )
        assert note.locator(".editorial-badge").text_content() == "our summary"
        # named once, in the summary: the refusal inside says "this scenario", "its", "it"
        assert details.text_content().count(title) == 1

    check()
    page.reload()
    page.locator("#rp-log > li.reply").last.wait_for()
    check()


# The log as the page saves a long session's (saved-log.js at a limit of 2 entries, where the
# page keeps 60): the line and its reply kept, the role-play's start let go with the older.
KEEP_TWO = """async () => {
  const { SavedLog } = await import('/js/saved-log.js');
  const key = Object.keys(localStorage).find((k) => k.startsWith('backchannel.log.'));
  const session = key.slice('backchannel.log.'.length);
  const log = new SavedLog(2);
  log.write(session, log.read(session));
  const kinds = () => log.read(session).map((e) => e.quiet ? 'ready (quiet)' : e.t);
  const once = kinds();
  log.write(session, log.read(session));  // as the page writes it again after the reload
  return [once, kinds()];
}"""


def test_a_long_role_play_reloaded_still_says_its_refusals_searched_the_scenario(
    live_server, open_page
):
    """The page keeps a session's last 60 log entries for a reload; a longer role-play within
    a scenario lost its start with the older ones, and after the reload its refusals read "No
    line in the record answers this." (the one restored and every new one), untrue: only the
    scenario's conversations were searched. The start is kept, drawn as nothing."""
    title = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[V25]["title"]
    page = open_page().page
    frames = _frames(page)
    _start_in_volume(page, live_server.url, "Tomas")
    say(page, "What is the capital of Australia?")
    assert frames[-1]["status"] == "no_match"
    saved = page.evaluate(KEEP_TWO)
    assert saved == [["earlier", "ready (quiet)", "mine", "reply"]] * 2

    page.reload()
    refusals = page.locator("#rp-log > li.no-match")
    refusals.first.wait_for()
    log = page.locator("#rp-log > li")
    assert log.first.text_content().startswith("Earlier lines of this session are not shown here")
    assert log.count() == 3  # the note, the line and its refusal: the start is not drawn
    say(page, "What is the capital of Australia?")
    assert refusals.count() == 2
    for refusal in refusals.all():
        assert refusal.locator(".verdict").text_content() == f"Nothing in “{title}” answers this."
        # the rest of the record was searched too (issue #11): no "Ask the whole record"
        assert refusal.locator(".scope-note").text_content() == (
            "The rest of the record was searched too: nothing there answers this either."
        )
