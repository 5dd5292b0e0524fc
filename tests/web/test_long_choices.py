"""Lines offered to pick (web/js/replies.js) on a phone: a message read aloud runs to ~900
characters, and each one offered filled the screen."""

from __future__ import annotations

DRAW = """async ([text, width]) => {
  const m = await import('/js/replies.js');
  const hooks = { hidden: () => false, pick: () => {}, about: () => null, scope: () => null };
  const match = (line) => ({
    prompt: { text: line, speaker: 'kissinger', document: 'frus1969-76v13/d284', turn: 3 },
    reply: { speaker: 'dobrynin', turns: [] }, citation: null, score: 0.3,
  });
  const offer = { status: 'no_match', query: 'q', suggestions: [match(text), match('Hello.')] };
  const entry = m.freeEntry(offer, hooks);
  const log = document.createElement('ul');
  log.style.width = width + 'px';
  log.append(entry);
  document.body.append(log);
  const picks = [...entry.querySelectorAll('button.pick')];
  return picks.map((b) => ({
    height: b.getBoundingClientRect().height,
    line: b.querySelector('.pick-line').textContent,
    title: b.querySelector('.pick-line').getAttribute('title'),
    note: b.querySelector('.pick-shortened')?.textContent ?? null,
  }));
}"""

SENTENCE = "I will read you the message the President has just approved, word for word."
LONG = " ".join([SENTENCE] * 12)


def test_a_long_line_offered_is_drawn_short_and_kept_whole(live_server, open_page):
    page = open_page(width=390, height=844).page
    page.goto(live_server.url + "/")
    long, short = page.evaluate(DRAW, [LONG, 340])
    assert len(LONG) > 900
    # Four lines of the serif face and the labels, not the ~25 lines the whole text takes.
    assert long["height"] < 220, long
    assert long["line"] == LONG and long["title"] == LONG
    assert long["note"] == "Shortened here: picking it shows the whole line."
    assert short == {"height": short["height"], "line": "Hello.", "title": None, "note": None}
