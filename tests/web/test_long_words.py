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

from tests.web.flows import join, start_roleplay, wait_until

DOCUMENT = "frus1969-76v13/d321"
TURN = 2  # Kissinger: "Where things—before things reach an irritation level here. …"
REPLY = 7  # Dobrynin: "Now we propose two and two. We propose two industrial/military centers."

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

# A quiz's score screen (web/js/quiz-review.js) with one "What came next?" answered: after
# Kissinger's line, Dobrynin's, both verbatim from the conversation.
SUMMARY = """async ([asked, answer, doc]) => {
  const m = await import('/js/quiz-review.js');
  const line = { text: answer, editorial: [], speaker: 'dobrynin' };
  m.drawSummary({ mode: 'what_next', score: 1, total: 1, due: 0, next_due: null, questions: [{
    item: doc + '#2', mode: 'what_next', correct: true, context: [],
    prompt: { text: asked, editorial: [], speaker: 'kissinger' },
    given: line, answer: line, citation: null,
  }] });
  document.querySelector('#quiz-setup').hidden = true;
  document.querySelector('#quiz-summary').hidden = false;
}"""

# Each drawn element under the selector whose box runs past the screen's right edge.
_OFF = """([width, under]) => [...document.querySelectorAll(under + ' *')]
  .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > width + 0.5)
  .map((e) => e.tagName + '.' + e.className)"""


def _recorded_line(index: int = TURN) -> str:
    from transcripts import load_corpus, shipped_corpus_dir

    path = shipped_corpus_dir() / "frus-text" / "frus1969-76v13-d321.txt"
    turn = load_corpus([path]).documents[0].turns[index]
    assert "industrial/" in turn.clean_text
    return turn.clean_text


def _large_text_phone(open_page):
    page = open_page(360, 740).page
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    return page


def test_a_long_recorded_word_wraps_on_a_phone_at_200_percent_text(live_server, open_page):
    page = _large_text_phone(open_page)
    join(page, live_server.url, "Okonkwo-Brandt", "")
    start_roleplay(page)
    line = _recorded_line()
    page.evaluate(DRAW, [line, DOCUMENT, TURN])

    pick = page.locator("#rp-log button.pick")
    assert pick.count() == 1
    assert page.evaluate(_OFF, [360, "#rp-log"]) == []
    assert page.evaluate("document.documentElement.scrollWidth") == 360
    # Wrapped, not cut: the whole line is still there to read in each place it is shown.
    assert line[:200] in pick.locator(".pick-line").text_content()
    assert line in page.locator("#rp-log .entry.reply > p.meta").first.text_content()


def test_a_long_recorded_word_wraps_in_a_quiz_on_a_phone_at_200_percent_text(
    live_server, open_page
):
    """The quiz draws recorded lines too: a score screen holding the same words ran off the
    screen, and so did a choice holding Dobrynin's "industrial/military" (vol. XIII, doc. 321,
    514 px wide on the screen of 360; the choice measured by hand, its card wraps as this one)."""
    page = _large_text_phone(open_page)
    join(page, live_server.url, "Szczepanska-Ode", "")
    page.get_by_role("button", name="Quiz").click()
    wait_until(page, "!document.querySelector('#quiz-setup').hidden")
    page.evaluate(SUMMARY, [_recorded_line(), _recorded_line(REPLY), DOCUMENT])

    review = page.locator("#quiz-review > li")
    assert review.count() == 1
    assert page.evaluate(_OFF, [360, "#quiz-summary"]) == []
    assert page.evaluate("document.documentElement.scrollWidth") == 360
    assert _recorded_line(REPLY) in review.locator(".answer-line").first.text_content()
