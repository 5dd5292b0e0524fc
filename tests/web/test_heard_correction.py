"""The correction form read with a screen reader: each recorded line offered is said with the
reply that followed it, what the teacher chooses by. The reply was printed under each line, but
a radio button is read by its label alone: moving through the lines with the arrow keys, a
blind teacher heard each recorded line and none of the replies the class would get.

The class is a new instructor's own (HEARDC).
"""

from __future__ import annotations

import re

from tests.web.flows import SEED, SEED_LINE, first_exchange, open_class
from tests.web.heard import heard_description, heard_text

CLASS = "HEARDC"
LABEL = "Recorded reply (verbatim), as your class would get it:"


def _bare(text: str) -> str:
    """``text`` without its spaces: a description and the text it is made of are spaced apart
    differently around quotation marks."""
    return re.sub(r"\s", "", text)


def test_each_line_offered_is_said_with_its_reply(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Nakashima", CLASS)
    classroom.student("Lautaro", CLASS, SEED_LINE)
    page = open_page().page
    open_class(page, live_server.url, token, CLASS)
    card = first_exchange(page, "Lautaro")
    card.locator(".correct-button").click()
    form = card.locator("form.correction")
    form.locator(".fix-document option").nth(1).wait_for(state="attached")

    choices = form.locator(".fix-choice")
    assert choices.count() >= 1
    for choice in choices.all():
        reply = choice.locator(".fix-reply")
        said = heard_description(page, choice.get_by_role("radio"))
        assert _bare(said) == _bare(heard_text(page, reply))
        words = reply.locator(".record-turn").first.text_content()
        assert said.startswith(f"{LABEL} {words} FRUS 1969–1976, vol. ")
    none = form.get_by_role("radio", name="None: nothing in the record answers this line")
    assert heard_description(page, none) == (
        "Your class is then told that you found nothing in the record that answers it, and "
        "offered the closest recorded lines to pick."
    )

    # Another line, chosen from a conversation's list: said with the line and its reply too.
    form.locator(".fix-document").select_option(SEED)
    form.locator('.fix-turn option[value="2"]').wait_for(state="attached")
    form.locator(".fix-turn").select_option("2")
    preview = form.locator(".fix-preview")
    preview.locator(".fix-reply").wait_for()
    said = heard_description(page, form.locator(".fix-turn"))
    assert _bare(said) == _bare(heard_text(page, preview))
    assert said.startswith("Kissinger’s recorded line (vol. XXXIX, doc. 107, line 3): “Well, ")
    assert f"” {LABEL} Dobrynin: " in said
    other = form.get_by_role("radio", name="Another recorded line:")
    assert heard_description(page, other) == said
