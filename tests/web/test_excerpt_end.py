"""A conversation played through to the end of a copy that is an excerpt: the page says the copy
stops there, never that the conversation or the record does.

Most shipped copies stop before their document does (`excerpt`: 48 of the 66). Played through
as Kissinger, vol. XXXII, doc. 143 (an excerpt, 15 turns) ends on his line: the page said "The
record has no reply after this line." under it and "End of the conversation in the record."
after it, where the document goes on at history.state.gov. A complete copy (vol. XXV, doc. 172)
still ends "in the record".
"""

from __future__ import annotations

from tests.web.flows import say
from tests.web.test_student import _spoken

EXCERPT = "frus1969-76v32/d143"
COMPLETE = "frus1969-76v25/d172"


def _play_to_the_end(page, record: dict, side: str) -> None:
    for turn in record["turns"]:
        if turn["speaker"] == side and page.locator("#rp-say").is_visible():
            say(page, _spoken(turn))
    page.locator("#rp-log > li.cue .verdict", has_text="End of").wait_for()


def test_an_excerpt_played_to_its_end_says_the_copy_stops_there(live_server, classroom):
    record = live_server.get_json(f"/api/documents/{EXCERPT}")
    assert record["excerpt"] and record["turns"][-1]["speaker"] == "kissinger"
    page = classroom.student("Quinn", live_server.class_code, document=EXCERPT)
    _play_to_the_end(page, record, "kissinger")

    last = page.locator("#rp-log > li .script").last
    assert last.locator(".record-turn .words").text_content() == record["turns"][-1]["clean_text"]
    assert last.locator("p.meta").last.text_content() == (
        "The copy in Backchannel stops after this line; the document goes on (the link below "
        "has the full text)."
    )
    end = page.locator("#rp-log > li.cue").last
    assert end.locator(".verdict").text_content() == (
        "End of the copy in Backchannel: it stops before the document does; the link below has "
        "the full text."
    )
    assert end.locator(".citation a").get_attribute("href") == record["url"]
    assert page.locator("#rp-status").text_content() == (
        "The copy in Backchannel ends here; the document goes on. Start another, or play freely."
    )
    # and so after a reload, from the saved log
    page.reload()
    end = page.locator("#rp-log > li.cue .verdict", has_text="End of")
    end.wait_for()
    assert end.text_content().startswith("End of the copy in Backchannel: it stops before")


def test_a_complete_copy_played_to_its_end_ends_in_the_record(live_server, classroom):
    record = live_server.get_json(f"/api/documents/{COMPLETE}")
    assert not record["excerpt"]
    page = classroom.student("Rhea", live_server.class_code, as_="dobrynin", document=COMPLETE)
    _play_to_the_end(page, record, "dobrynin")
    end = page.locator("#rp-log > li.cue").last
    assert end.locator(".verdict").text_content() == "End of the conversation in the record."
    assert page.locator("#rp-status").text_content() == (
        "The conversation is over. Start another, or play freely."
    )


def test_the_editors_note_after_the_students_last_recorded_line_is_shown(live_server, classroom):
    """Played as Dobrynin, vol. XXXIX, doc. 107 ends on his line, followed by the editors'
    "[Omitted here is …]": the page left the note out and said "The record has no reply after
    this line." as if the call had ended there."""
    record = live_server.get_json("/api/documents/frus1969-76v39/d107")
    last = record["turns"][-1]
    note = last["editorial_after"]
    assert last["speaker"] == "dobrynin" and note[0].startswith("[Omitted here is discussion")
    page = classroom.student("Sven", live_server.class_code, as_="dobrynin", document=record["id"])
    _play_to_the_end(page, record, "dobrynin")

    box = page.locator("#rp-log > li .script").last
    assert box.locator(".record-turn .words").text_content() == last["clean_text"]
    assert box.locator(".record-note .editorial").all_text_contents() == note
    assert box.locator("p.meta").last.text_content() == (
        "The record prints no reply after this line: the editors’ note above says what they "
        "left out."
    )
