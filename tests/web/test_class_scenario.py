"""A class's scenario in the browser: the instructor sets it on the instructor page, and a
student of the class finds the role-play within it and answered only from its conversations.

The class is a new instructor's own (IR150), so the other browser tests' class is untouched.
"""

from __future__ import annotations

from tests.web.conftest import screenshot
from tests.web.flows import SEED, SEED_LINE, heard, join, open_class, received, say, wait_until

CLASS = "IR150"
WAR = "topic:war-1973"
REFUSED = "What is the capital of Australia?"  # nothing recorded fits it, in any scope
LATER = "Putin will not like this"  # refused for a name of a later time, in any scope
TOPIC = "European security and troop cuts: talks on MBFR in parallel with the security conference"
CITED = "FRUS 1969–1976, vol. XXXIX, doc. 107, p. 327"


def assert_names_the_mbfr_talks(note, words: str) -> None:
    """``note`` reads ``words`` and names vol. XXXIX, doc. 107 as the page names a conversation
    outside the scenario: its topic line badged as ours, its citation linked."""
    assert note.text_content() == words
    assert note.locator(".editorial-badge").text_content() == "our summary"
    assert note.get_by_role("link").get_attribute("href") == (
        "https://history.state.gov/historicaldocuments/frus1969-76v39/d107"
    )


def test_the_instructor_sets_the_class_scenario_and_students_play_within_it(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Okafor", CLASS)
    war = {s["id"]: s for s in live_server.get_json("/api/scenarios")}[WAR]
    assert SEED not in war["documents"]

    teacher = open_page()
    page = teacher.page
    open_class(page, live_server.url, token, CLASS)
    now = page.locator("#class-scenario-now")
    now.filter(has_text="Now: the whole record").wait_for()
    menu = page.get_by_label("Role-play within")
    groups = menu.locator("optgroup").evaluate_all("els => els.map(e => e.label)")
    assert groups == [
        "Topics and crises (our grouping)",
        "Volumes",
        "Conversations (their topic lines are our summaries)",
    ]
    menu.select_option(WAR)
    page.get_by_role("button", name="Set for the class").click()
    page.locator("#class-scenario-status", has_text="Set.").wait_for()
    assert now.locator("strong").text_content() == "The October 1973 war"
    assert now.locator(".editorial-badge").text_content() == "our summary"
    button = page.locator(f'#classes button[data-code="{CLASS}"]')
    assert button.text_content().endswith("within “The October 1973 war” (our summary)")
    screenshot(page, "instructor-class-scenario", full_page=False)

    # A reload shows the scenario in force, from GET /api/classes.
    page.reload()
    page.locator("#class-scenario-now strong", has_text="The October 1973 war").wait_for()
    assert menu.input_value() == WAR
    assert teacher.errors == []

    student = open_page()
    replies = received(student.page, "roleplay.ready", "reply")
    join(student.page, live_server.url, "Noor", CLASS)
    scope = student.page.locator("#rp-scenario")
    wait_until(student.page, f"document.querySelector('#rp-scenario').value === '{WAR}'")
    offered = scope.locator("option").evaluate_all("els => els.map(e => e.textContent)")
    assert offered[0] == "Your class: The October 1973 war (our summary)"
    assert "The whole record" not in offered
    student.page.locator("#rp-setup").get_by_role("button", name="Start").click()
    student.page.locator("#rp-say").wait_for(state="visible")
    heard(student.page, replies, 0)
    assert replies[-1]["type"] == "roleplay.ready"
    assert replies[-1]["scenario"]["id"] == WAR
    status = student.page.locator("#rp-status").text_content()
    assert "within “The October 1973 war” (our summary), the scenario your instructor set" in status

    say(student.page, SEED_LINE)  # the seed's own words: outside the scenario
    # nothing of the scenario is near enough to show or offer (the scenario's own tier model)
    assert (replies[-1]["matches"], replies[-1]["suggestions"]) == ([], [])
    # Refused within the scenario, answered outside it: the refusal names the conversation
    # that answers it (its topic line marked as ours, its date, its citation), not its words.
    assert replies[-1]["status"] == "no_match"
    elsewhere = student.page.locator("#rp-log > li.no-match").last.locator(".elsewhere-note")
    assert_names_the_mbfr_talks(
        elsewhere,
        f"Outside it, the record has a conversation that answers this: {TOPIC} our summary, "
        f"date not in our copy, {CITED}.",
    )
    say(student.page, REFUSED)
    assert replies[-1]["status"] == "no_match"
    # Bound by the instructor: the refusal names the scenario and offers no way out of it; the
    # rest of the record was searched too, and nothing there answers the line (issue #11).
    refusal = student.page.locator("#rp-log > li.no-match").last
    verdict = refusal.locator(".verdict").text_content()
    assert verdict == "Nothing in “The October 1973 war” (our summary) answers this."
    assert refusal.locator(".scope-note").text_content() == (
        "Your instructor set this scenario for your class, so the rest of the record is not open "
        "here. It was searched too: nothing there answers this either."
    )
    # named once, in the lead: the sentences after it say "its", not the title again
    assert refusal.text_content().count("The October 1973 war") == 1
    assert refusal.locator("button.widen").count() == 0
    assert refusal.locator(".elsewhere-note").count() == 0  # nothing in the record answers it
    say(student.page, LATER)
    assert (replies[-1]["status"], replies[-1]["reason"]) == ("no_match", "anachronism")
    assert student.errors == []

    # The live feed says where the student plays, and where nothing answered.
    feed = page.locator("#live-feed li", has_text="Noor")
    feed.filter(has_text="started a role-play").first.wait_for()
    assert "Noor started a role-play as Kissinger within “The October 1973 war” (our summary)" in (
        feed.filter(has_text="started a role-play").first.text_content()
    )
    feed.filter(has_text="→ no match within “The October 1973 war” (our summary)").first.wait_for()
    # each refusal with what the rest of the record holds for it, as the student was told
    within = "Noor → no match within “The October 1973 war” (our summary)"
    nothing = feed.filter(has_text=REFUSED).locator("xpath=preceding-sibling::li[1]")
    wait_until(page, "document.querySelectorAll('#live-feed li[data-kind=reply]').length >= 3")
    assert nothing.text_content().endswith(f"{within}; nothing outside it was found to answer it")
    answers = feed.filter(has_text=SEED_LINE).locator("xpath=preceding-sibling::li[1]")
    assert answers.text_content().endswith(
        f"{within}; the record outside it answers it: {TOPIC} our summary, {CITED}"
    )
    assert answers.get_by_role("link").get_attribute("href").endswith("frus1969-76v39/d107")

    # What the class struggled with: the refused line, said to be refused within the scenario.
    page.get_by_role("button", name="Refresh").click()
    # What the rest of the record holds for each, as the student was told: nothing for the
    # one, the conversation that answers it (topic line ours, citation linked) for the other.
    struggled = page.locator("#unanswered li", has_text=REFUSED)
    struggled.filter(has_text="within “The October 1973 war” (our summary)").wait_for()
    assert (
        struggled.locator(".help")
        .text_content()
        .endswith(
            ", within “The October 1973 war” (our summary); nothing outside it was found to "
            "answer it"
        )
    )
    seed = page.locator("#unanswered li", has_text=SEED_LINE).locator(".help")
    assert_names_the_mbfr_talks(
        seed.locator(".elsewhere"),
        f"; the record outside it answers it: {TOPIC} our summary, {CITED}",
    )
    assert seed.text_content().startswith("Noor, as Kissinger, ")
    outside = ", within “The October 1973 war” (our summary); the record outside it"
    assert outside in seed.text_content()
    # A line refused for what it names is counted once, under what it names (it was listed
    # among the unanswered lines too). The view may have drawn before the Refresh, when the
    # refused line was in and Putin's not yet: wait for the Refresh's drawing.
    page.locator("#later-asked", has_text="Putin").wait_for()
    assert page.locator("#later-asked").text_content() == "Putin (1 student, 1 line)"
    assert page.locator("#unanswered li", has_text=LATER).count() == 0

    # The transcript tells the instructor which scope the student's role-play answered from.
    page.get_by_role("button", name="Refresh").click()
    page.locator("#sessions tbody button", has_text="Noor").click()
    marker = page.locator('#transcript li.marker[data-kind="roleplay.start"]')
    marker.first.wait_for()
    assert marker.first.text_content().endswith(
        "Role-play as Kissinger: free play, within “The October 1973 war” (our summary)"
    )
    # Its refusal says where nothing answered: the scenario, not the whole record.
    refused = page.locator('#transcript li[data-status="no_match"]', has_text=REFUSED)
    assert refused.locator(".refusal").text_content() == (
        "No close match within “The October 1973 war” (our summary): nothing was presented as "
        "the answer to this line."
    )
    # and what the rest of the record holds for it, as the student was told (it said nothing)
    outside = "#transcript li[data-status='no_match'] .outside-note"
    assert refused.locator(".outside-note").text_content() == (
        "Nothing outside it was found to answer it either."
    )
    assert_names_the_mbfr_talks(
        page.locator(outside).filter(has_text="answers this"),
        "The student was told that outside it, the record has a conversation that answers this: "
        f"{TOPIC} our summary, {CITED}.",
    )

    # Cleared: the next student's page offers the whole record again.
    page.get_by_label("Role-play within").select_option("")
    page.get_by_role("button", name="Set for the class").click()
    page.locator("#class-scenario-status", has_text="Cleared.").wait_for()
    assert now.text_content().startswith("Now: the whole record")
    other = open_page()
    join(other.page, live_server.url, "Omar", CLASS)
    wait_until(other.page, "[...document.querySelectorAll('#rp-scenario option')].length > 1")
    assert other.page.locator("#rp-scenario").input_value() == ""
    assert other.page.locator("#rp-scenario option").first.text_content() == "The whole record"
