"""What a screen reader hears of a reply names every turn after a third man's, as the log does.

The live region named another man's turn inside a reply, and not the turns after it: a reply
of Dobrynin's, then Nixon's "Hello.", then Dobrynin's "Yes." was heard "Dobrynin replied: …
Nixon: Hello. Yes.", Dobrynin's words as Nixon's. The log (render.js replyTurns) names that
turn and every turn after it. The shipped corpus holds Kissinger's and Dobrynin's turns only,
so the reply is made here, and said by the page's own module.
"""

from __future__ import annotations

# A free play's reply as the server sends it, said by announcer.js as the page says it.
_HEARD = """async (turns) => {
  const { entryHeard } = await import('/js/announcer.js');
  const prompt = { speaker: 'kissinger', text: 'Hello.', document: 'frus1969-76v39/d107',
    turn: 0, editorial: [] };
  const msg = { status: 'match', query: 'Hello Anatol', suggestions: [],
    matches: [{ prompt, score: 0.9, reply: { speaker: 'dobrynin', turns }, citation: null }] };
  const parts = entryHeard({ t: 'reply', msg }, document.createElement('li'), {
    hidden: () => false });
  return parts.map((p) => (typeof p === 'string' ? p : p.textContent)).join('');
}"""


def test_a_turn_after_a_third_mans_is_heard_with_its_speaker(live_server, open_page):
    turns = [
        {"index": 1, "speaker": "dobrynin", "clean_text": "As printed.", "editorial": []},
        {"index": 2, "speaker": "nixon", "clean_text": "Hello.", "editorial": []},
        {"index": 3, "speaker": "dobrynin", "clean_text": "Yes.", "editorial": []},
    ]
    watched = open_page()
    page = watched.page
    page.goto(live_server.url + "/")
    # before: "Dobrynin replied: As printed. Nixon: Hello. Yes."
    assert page.evaluate(_HEARD, turns) == (
        "Dobrynin replied: As printed. Nixon: Hello. Dobrynin: Yes."
    )
    # his own turns before another man's come unnamed, as before
    assert page.evaluate(_HEARD, [turns[0], {**turns[2], "index": 2}]) == (
        "Dobrynin replied: As printed. Yes."
    )
    assert watched.errors == []
