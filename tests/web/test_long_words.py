"""A recorded line holding a word longer than a phone's line at 200% text.

Kissinger's "… Semenov made a proposal for two industrial/administrative centers on both
sites. …" (vol. XIII, doc. 321) is offered for "where do we stand on SALT? Can we limit the ABM
sites to two?": at 200% text on a 360-pixel phone the word "industrial/administrative" (402
px) widened the list of lines offered to 440 px, every line offered with it, and the page
scrolled sideways, each line cut off at the screen's edge (found on the new user's walk). The
recorded line quoted under a reply ("Answering Kissinger’s recorded line …") ran off the
screen too. The fixture index lacks that conversation, so the entry is drawn by the page's own
module (web/js/replies.js, as tests/web/test_long_choices.py does) with the line's words read
from the shipped corpus, into the role-play's log of a real student page.
"""

from __future__ import annotations

from tests.web.flows import join, start_roleplay

DOCUMENT = "frus1969-76v13/d321"
TURN = 2  # Kissinger: "Where things—before things reach an irritation level here. …"

# An ambiguous reply: its best match quoted under the reply, the same line offered to pick.
DRAW = """async ([text, doc, turn]) => {
  const m = await import('/js/replies.js');
  const hooks = { hidden: () => false, pick: () => {}, show: () => {}, about: () => null,
                  scope: () => null };
  const match = {
    prompt: { text, editorial: [], speaker: 'kissinger', document: doc, turn },
    reply: { speaker: 'dobrynin', turns: [] }, citation: null, score: 0.53,
  };
  const reply = { status: 'ambiguous', query: 'q', matches: [match, match] };
  document.querySelector('#rp-log').append(m.freeEntry(reply, hooks));
}"""

# Each drawn element of the log whose box runs past the screen's right edge.
_OFF = """(width) => [...document.querySelectorAll('#rp-log *')]
  .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > width + 0.5)
  .map((e) => e.tagName + '.' + e.className)"""


def _recorded_line() -> str:
    from transcripts import load_corpus, shipped_corpus_dir

    path = shipped_corpus_dir() / "frus-text" / "frus1969-76v13-d321.txt"
    turn = load_corpus([path]).documents[0].turns[TURN]
    assert turn.speaker == "kissinger" and "industrial/administrative" in turn.clean_text
    return turn.clean_text


def test_a_long_recorded_word_wraps_on_a_phone_at_200_percent_text(live_server, open_page):
    page = open_page(360, 740).page
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    join(page, live_server.url, "Okonkwo-Brandt", "")
    start_roleplay(page)
    line = _recorded_line()
    page.evaluate(DRAW, [line, DOCUMENT, TURN])

    pick = page.locator("#rp-log button.pick")
    assert pick.count() == 1
    assert page.evaluate(_OFF, 360) == []
    assert page.evaluate("document.documentElement.scrollWidth") == 360
    # Wrapped, not cut: the whole line is still there to read in each place it is shown.
    assert line[:200] in pick.locator(".pick-line").text_content()
    assert line in page.locator("#rp-log .entry.reply > p.meta").first.text_content()
