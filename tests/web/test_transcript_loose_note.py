"""The instructor page says what the student read above a loosely matched reply.

The student's page says, above a reply whose recorded line is only loosely related to the
student's ("The Chinese are not our concern in this matter", about 0.5), that it is; the
instructor's transcript card said only "answered, closeness 0.5…", and the live feed only
"matched …" (an ambiguous one "one of several close ones"), so a teacher reviewing the session
took it for a plain answer. Now the card quotes the note the student read and the live entry
says it was told; a close match has neither.

The classes are new instructors' own (WALKLOOSE, WALKLOOSEL).
"""

from __future__ import annotations

from tests.web.flows import SEED_LINE, live_feed, open_class

LOOSE_LINE = "The Chinese are not our concern in this matter"
TOLD = (
    "The recorded line Dobrynin answers here is only loosely related to yours; it is quoted "
    "under his words."
)


def _played(classroom, teacher: str, student: str, code: str):
    """A new class ``code``: its student said a close line, then a loose one (the student's
    page said so above the reply); its teacher's page, the class open."""
    token = classroom.teacher(teacher, code)
    page = classroom.student(student, code, SEED_LINE, LOOSE_LINE)
    assert page.locator("#rp-log > li.reply").last.locator(".weak-match").text_content() == TOLD
    teacher_page = classroom.open_page(1366, 768).page
    open_class(teacher_page, classroom.server.url, token, code)
    return teacher_page


def test_a_loose_answer_card_quotes_what_the_student_was_told(classroom):
    page = _played(classroom, "Prof. Walk-Loose", "Lorenzo Loose", "WALKLOOSE")
    page.locator("#sessions tbody tr", has_text="Lorenzo Loose").get_by_role("button").click()
    cards = page.locator('#transcript li[data-kind="exchange"]')
    cards.nth(1).wait_for()
    close, loose = cards.nth(0), cards.nth(1)
    assert close.locator(".student-line").text_content() == SEED_LINE
    assert loose.locator(".student-line").text_content() == LOOSE_LINE
    assert loose.locator(".tier").text_content() == "answered"
    assert (
        loose.locator(".told-loose").text_content()
        == f"The student read, above the reply: “{TOLD}”"
    )
    # ours, not the record's: outside the row of the reply's verbatim words
    assert loose.locator(".ex-reply .told-loose").count() == 0
    assert close.locator(".told-loose").count() == 0


def test_a_loose_answer_in_the_live_feed_says_the_student_was_told(classroom):
    page = _played(classroom, "Prof. Walk-Loose-Live", "Lucia Loose", "WALKLOOSEL")
    page.locator('#live-feed li[data-kind="reply"]', has_text=LOOSE_LINE).wait_for()
    entries = [text for _, text in live_feed(page) if " matched " in text]
    assert len(entries) == 2, entries
    loose_entry, close_entry = entries  # newest first
    head, _, rest = loose_entry.partition("; the student was told it is only loosely related to")
    assert head.startswith(f"Lucia Loose → “{LOOSE_LINE}” matched Kissinger’s recorded line “")
    assert rest.startswith(" theirs. Dobrynin replied: “")
    assert close_entry.startswith(f"Lucia Loose → “{SEED_LINE}” matched Kissinger’s recorded line")
    assert "the student was told" not in close_entry
