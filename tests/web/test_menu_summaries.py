"""The menus that name a conversation by its topic line, or a scope by a title the project
wrote, say so in their words: an option is plain text and cannot carry the "our summary"
badge, and the topic line read there as if it were the record's."""

from __future__ import annotations

from tests.web.flows import first_exchange, join, sign_in_at, wait_until
from tests.web.test_scenario_change import _offered, _set_scenario

SEED = "frus1969-76v39/d107"
CONVERSATION = f"conversation:{SEED}"
GROUP = "Conversations (their topic lines are our summaries)"


def _listing(live_server, document: str) -> dict:
    return next(d for d in live_server.get_json("/api/documents") if d["id"] == document)


def test_the_student_menus_mark_topic_lines_as_ours(live_server, open_page, classroom):
    """Each conversation of the role-play picker was named by the project's topic line after
    its date and speakers, unmarked; a class set to play one conversation was offered as "Your
    class: " and that topic line. (The Progress tab's deck menu: tests/web/test_selfstudy.py.)"""
    seed = _listing(live_server, SEED)
    topic = seed["topic"]
    assert topic and seed["date"] is None
    watched = open_page()
    page = watched.page
    join(page, live_server.url, "Tamar", live_server.class_code)
    menu = page.locator("#rp-document")
    menu.locator(f'option[value="{SEED}"]').wait_for(state="attached")
    assert menu.locator(f'option[value="{SEED}"]').text_content() == (
        f"Kissinger and Dobrynin · our summary: {topic} "
        "(FRUS 1969–1976, vol. XXXIX, doc. 107, 56 lines)"
    )
    assert menu.locator("optgroup").evaluate_all("gs => gs.map(g => g.label)") == [GROUP]
    conversations = menu.locator("optgroup option").evaluate_all("os => os.map(o => o.value)")
    dialogues = [d["id"] for d in live_server.get_json("/api/documents") if d["dialogue"]]
    assert sorted(conversations) == sorted(dialogues)
    assert menu.locator("option").first.text_content() == (
        "Play freely — any conversation in the record"
    )
    assert watched.errors == []

    # A class set to that one conversation: its title is the topic line, marked as ours.
    token = classroom.teacher("Prof. Summerhayes", "HIST457")
    _set_scenario(live_server.url, token, CONVERSATION, "HIST457")
    student = open_page()
    join(student.page, live_server.url, "Uri", "HIST457")
    wait_until(student.page, f"document.querySelector('#rp-scenario').value === '{CONVERSATION}'")
    assert _offered(student.page)[0] == f"Your class: {topic} (our summary)"
    first = student.page.locator("#rp-document option").first
    assert first.text_content() == f"Play freely — any conversation of “{topic}” (our summary)"
    assert student.errors == []


def test_the_instructor_menus_mark_topic_lines_as_ours(live_server, open_page, classroom):
    """The class's scenario menu marked its conversations by their group's label alone (the
    chosen one, shown by itself, read as a title of the record), and the correction form's
    conversation menu named each by its topic line, unmarked."""
    topic = _listing(live_server, SEED)["topic"]
    classroom.student("Fenwick", live_server.class_code, "Anatol, what about the conference?")
    watched = open_page()
    page = watched.page
    sign_in_at(page, live_server.url + "/instructor.html", live_server.token)
    page.locator("#dashboard").wait_for(state="visible")
    scope = page.get_by_label("Role-play within")
    scope.locator(f'option[value="{CONVERSATION}"]').wait_for(state="attached")
    assert scope.locator(f'optgroup[label="{GROUP}"] option[value="{CONVERSATION}"]').count() == 1
    assert scope.locator(f'option[value="{CONVERSATION}"]').text_content() == (
        f"our summary: {topic} (vol. XXXIX, doc. 107)"
    )

    card = first_exchange(page, "Fenwick")
    card.locator(".correct-button").click()
    form = card.locator("form.correction")
    option = form.locator(f'.fix-document option[value="{SEED}"]')
    option.wait_for(state="attached")
    assert option.text_content() == f"vol. XXXIX, doc. 107 — our summary: {topic}"
    assert watched.errors == []
