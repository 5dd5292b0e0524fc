"""Scenarios on the student page: what the record covers, the refusal's link to it, and
role-play within a scope chosen by a link or the "Within" picker."""

from __future__ import annotations

from tests.web.flows import SEED, SEED_LINE, heard, received, say, wait_until

SHORT = "frus1969-76v25/d172"


def test_record_page_lists_topics_with_their_conversations_marked_editorial(live_server, open_page):
    scenarios = {s["id"]: s for s in live_server.get_json("/api/scenarios")}
    listing = {d["id"]: d for d in live_server.get_json("/api/documents")}
    page = open_page().page
    page.goto(live_server.url + "/record.html")
    war = page.locator("#topic-war-1973")
    war.wait_for()
    assert war.locator("h3").text_content() == "The October 1973 war our summary"
    assert war.locator(".summary").text_content() == scenarios["topic:war-1973"]["summary"]
    held = war.locator(".conversation")
    assert (
        held.evaluate_all("els => els.map(e => e.dataset.document)")
        == (scenarios["topic:war-1973"]["documents"])
    )
    first = held.first
    assert first.locator(".topic").text_content() == f"{listing[SHORT]['topic']} our summary"
    assert first.locator(".badge.editorial-badge").count() == 1
    assert first.get_by_role("link", name="Play this conversation").get_attribute("href") == (
        f"/?document={SHORT.replace('/', '%2F')}"
    )
    link = war.get_by_role("link", name="Role-play within this topic (1 conversation)")
    assert link.get_attribute("href") == "/?scenario=topic%3Awar-1973"
    # A list of the topics at the top jumps to each (the page is many screens on a phone).
    jump = page.get_by_role("navigation", name="Jump to a topic")
    # the topics' titles there are ours, as their cards' badges say (the list read as the record's)
    assert jump.locator("p").text_content() == (
        "Jump to a topic (the topics’ titles are our summaries):"
    )
    targets = jump.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    topics = [s for s in scenarios.values() if s["kind"] == "topic"]
    assert targets == [f"#{s['id'].replace(':', '-')}" for s in topics] + [
        "#unheld-title",
        "#volumes-title",
    ]
    for target in targets:
        assert page.locator(target).count() == 1


def test_record_page_says_what_the_record_does_not_hold(live_server, open_page):
    """The period's topics no conversation speaks of are listed, in the project's words."""
    unheld = live_server.get_json("/api/unheld")
    page = open_page().page
    page.goto(live_server.url + "/record.html")
    items = page.locator("#unheld li")
    items.first.wait_for()
    assert page.locator("#unheld-section").is_visible()
    assert items.all_text_contents() == [f"{t['title']} our summary" for t in unheld]
    assert items.first.text_content() == "The Cienfuegos submarine base, Cuba (1970) our summary"
    # A refusal's link to the section lands on it (the page draws it after loading).
    page.goto(live_server.url + "/record.html#unheld-title")
    page.locator("#unheld li").first.wait_for()
    top = "document.getElementById('unheld-title').getBoundingClientRect().top"
    wait_until(page, f"Math.abs({top}) < 2")


def test_a_link_to_a_scenario_scopes_the_role_play(live_server, open_page):
    """Before joining, the join form says what the link chose (it said nothing: a student who
    clicked "Play this conversation" met a bare form, as if the choice had been lost)."""
    topic = {d["id"]: d for d in live_server.get_json("/api/documents")}[SHORT]["topic"]
    page = open_page().page
    replies = received(page, "reply", "roleplay.ready")
    page.goto(live_server.url + "/?document=frus1969-76v25%2Fd172")  # "Play this conversation"
    chosen = page.locator("#join-chosen")
    chosen.wait_for()
    waits = "Join, and it is chosen for you under Role-play: press Start to play it."
    assert chosen.text_content() == (
        f"You chose to play vol. XXV, doc. 172 (our summary: {topic}) on What the record "
        f"covers. {waits}"
    )
    page.goto(live_server.url + "/?scenario=volume:frus1969-76v25")
    page.locator("#join-chosen", has_text="to role-play within").wait_for()
    assert chosen.text_content() == (
        "You chose to role-play within “FRUS 1969–1976, vol. XXV: Arab-Israeli Crisis and War, "
        f"1973” on What the record covers. {waits}"
    )
    page.get_by_label("Your name").fill("Xena")
    page.get_by_label("Class code").fill(live_server.class_code)
    page.get_by_role("button", name="Join").click()
    page.locator("#app").wait_for(state="visible")
    assert chosen.is_hidden()
    scope = page.locator("#rp-scenario")
    wait_until(page, "document.querySelector('#rp-scenario').value !== ''")
    assert scope.input_value() == "volume:frus1969-76v25"
    # The conversation picker holds only the scope's conversations.
    options = page.locator("#rp-document option").evaluate_all("els => els.map(e => e.value)")
    assert options == ["", SHORT]
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")
    heard(page, replies, 0)  # the Start's roleplay.ready
    assert replies[-1]["scenario"]["id"] == "volume:frus1969-76v25"
    assert "within “FRUS 1969–1976, vol. XXV" in page.locator("#rp-status").text_content()
    say(page, SEED_LINE)  # words of a conversation outside the scope: refused, the seed named
    reply = replies[-1]
    assert (reply["status"], reply["matches"], reply["suggestions"]) == ("no_match", [], [])
    assert reply["elsewhere"]["document"] == SEED

    # Back to the whole record: the seed's own exchange answers.
    scope.select_option("")
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-status", has_text="Free play:").wait_for()
    say(page, SEED_LINE)
    assert replies[-1]["matches"][0]["prompt"]["document"] == SEED


def test_a_refusal_links_to_what_the_record_covers(live_server, open_page):
    page = open_page().page
    page.goto(live_server.url + "/")
    page.get_by_label("Your name").fill("Yves")
    page.get_by_role("button", name="Join").click()
    page.locator("#app").wait_for(state="visible")
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")
    say(page, "zxqv plorb wug")
    refusal = page.locator("#rp-log > li.no-match").last
    refusal.get_by_role("link", name="see what the record covers").click()
    page.locator("#topics .topic-card").first.wait_for()
    assert page.url.endswith("/record.html")
