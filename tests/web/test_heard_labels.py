"""Labels heard as words, and a line's parts heard apart.

The page drew its small labels in capitals with text-transform, and Chromium gives a screen
reader the text transformed: "DOBRYNIN, IN THE RECORD", "OUR SUMMARY", "VOL. XII", which some
read letter by letter. They are now small capitals of their own words (font-variant-caps),
heard in their own case. And the parts of one line, set apart by " · " for the eye, ran on as
one when heard (a screen reader does not read the dot at its usual punctuation level): "p. 580
July 27, 1970, 8:45 a.m. Library of Congress", a line offered "…gone?” July 27, 1970 Dobrynin
leaves for consultations … OUR SUMMARY", the record panel "doc. 107 · May 12, 1972 the line
matched the reply". Now each dot is heard as a pause (a comma), our marks in parentheses, and
the panel's colour key is for the eye alone; every text as shown is unchanged.

The class is a new instructor's own (HEARDL).
"""

from __future__ import annotations

from tests.web.flows import NEAR_LINE, SEED_LINE, say
from tests.web.heard import heard_name, heard_text

_DRAWN = "(e) => [getComputedStyle(e).fontVariantCaps, getComputedStyle(e).textTransform]"


def test_labels_in_capitals_are_heard_as_their_words(live_server, classroom):
    classroom.teacher("Prof. Waweru-Lindgren", "HEARDL")
    page = classroom.student("Ihaia", "HEARDL", SEED_LINE)
    head = page.locator("#rp-log li.reply .entry-head").first
    assert head.evaluate(_DRAWN) == ["all-small-caps", "none"]  # drawn in capitals
    assert heard_text(page, head) == "Dobrynin, in the record"
    assert heard_text(page, page.locator(".kicker")) == "Backchannel"

    # The record panel names the conversation; its colour key is not read after the date.
    page.locator("#context-turns .is-match").wait_for()
    assert page.locator("#context .legend").text_content() == " the line matched the reply"
    assert heard_text(page, page.locator("#context-doc")) == "FRUS 1969–1976, vol. XXXIX, doc. 107"

    say(page, NEAR_LINE)  # refused, two recorded lines offered
    entry = page.locator("#rp-log > li.no-match").last
    for n, offered in enumerate(entry.locator("button.pick").all()):
        line = offered.locator(".pick-line").text_content()
        about = offered.locator(".pick-about").text_content()  # "July 27, 1970 · … our summary"
        assert about.endswith(" our summary") and (" · " in about or n)  # the first is dated
        when_what = about.removesuffix(" our summary").replace(" · ", ", ")
        assert heard_name(page, offered) == (
            f"Kissinger, in the record: “{line}” {when_what} ( our summary )"
        ), n
        citation = entry.locator(".picks > li").nth(n).locator(".citation")
        shown = citation.text_content()
        assert " · " in shown or n  # as the eye reads it
        assert heard_text(page, citation) == shown.replace(" · ", " , ")

    # What the record covers: each conversation's date and people, heard apart.
    page.goto(live_server.url + "/record.html")
    head = page.locator(".conversation-head").first
    head.wait_for()
    assert head.text_content() == "Date not in our copy · Kissinger and Dobrynin"
    assert heard_text(page, head) == "Date not in our copy , Kissinger and Dobrynin"
    title = page.locator(".topic-card h3").first
    assert title.text_content() == "The October 1973 war our summary"
    assert heard_name(page, title) == "The October 1973 war ( our summary )"
