"""The instructor's transcript card names a reply's speaker once: in the row's label.

The card read "Reply, Dobrynin (verbatim)" and then "Dobrynin: …" (and a pick's "Then Dobrynin
(verbatim):" the same), the page's own label naming him again before the recorded words. The
student's page was fixed the same way (tests/web/test_reply_speaker.py): the words come alone
up to another speaker's turn, which is named, and so is every turn after it. Recorded words
are never changed. The class is a new instructor's own (CARDSPK34C).
"""

from __future__ import annotations

from tests.web.flows import NEAR_LINE_2, SEED_LINE, join, received, say, start_roleplay
from tests.web.test_review import sign_in

CODE = "CARDSPK34C"

# Each reply drawn on the transcript cards: the words naming its speaker just above it (the
# row's label, or a pick's "Then … (verbatim):"), then each turn's own label (null where it has
# none) and its words.
_REPLIES = """() => [...document.querySelectorAll('#transcript .ex-reply')].map((box) => [
  box.querySelector(':scope > p.help')?.textContent
    ?? box.closest('.ex-row').querySelector('.ex-label').textContent,
  [...box.querySelectorAll('.record-turn')].map((t) =>
    [t.querySelector('.speaker')?.textContent ?? null, t.querySelector('.words').textContent])])"""


def _pick(page, n: int) -> None:
    """Pick line ``n`` of the refusal's offer and wait for its reply to be drawn."""
    before = page.locator("#rp-log > li.picked").count()
    page.locator("#rp-log > li.no-match").first.locator(f'button.pick[data-choice="{n}"]').click()
    page.locator("#rp-log > li.picked").nth(before).wait_for()


def test_a_cards_reply_names_its_speaker_once(classroom):
    """A line answered, then two lines picked from one offer: each reply under its head, words
    alone and as recorded."""
    token = classroom.teacher("Prof. Cardspk34C Lindqvist", CODE)
    base = classroom.server.url
    student = classroom.open_page().page
    replies = received(student, "reply")
    join(student, base, "Cardspk34C Amara", CODE)
    start_roleplay(student)
    say(student, SEED_LINE)
    say(student, NEAR_LINE_2)
    offered = replies[-1]["suggestions"]
    assert len(offered) == 3, "the line no longer gets three did-you-mean lines"
    _pick(student, 1)
    _pick(student, 2)
    answered = replies[0]["matches"][0]["reply"]

    watched = classroom.open_page()
    teacher = watched.page
    sign_in(teacher, base, token)
    teacher.locator("#sessions tbody tr", has_text="Cardspk34C Amara").get_by_role("button").click()
    teacher.locator("#transcript .picks-row li.pick-made").nth(1).wait_for()
    drawn = teacher.evaluate(_REPLIES)
    expected = [
        ("Reply, Dobrynin (verbatim)", answered["turns"]),
        ("Then Dobrynin (verbatim):", offered[1]["reply"]["turns"]),
        ("Then Dobrynin (verbatim):", offered[2]["reply"]["turns"]),
    ]
    assert [head for head, _ in drawn] == [head for head, _ in expected]
    for (head, turns), (_, recorded) in zip(drawn, expected, strict=True):
        assert all(t["speaker"] == "dobrynin" for t in recorded), head
        # before: [['Dobrynin:', …]], the label naming him again under the head
        assert turns == [[None, t["clean_text"]] for t in recorded], head
    assert watched.errors == []


# A card's exchange as the session API gives it, a reply with a turn of Nixon's inside it.
_CARD = """async ([reply, picks]) => {
  const { exchangeCard } = await import('/js/transcript.js');
  const said = { document: 'frus1969-76v39/d107', turn: 0, speaker: 'kissinger',
    text: 'Hello.', editorial: [] };
  const at = '2026-12-05T19:00:00Z';
  const card = exchangeCard({
    seq: 1, at, as: 'kissinger', activity: 'free', status: picks.length ? 'no_match' : 'match',
    line: 'Hello Anatol', score: 0.9, matched: said, reply, citation: null, suggestions: [],
    picks: picks.map((picked, i) =>
      ({ seq: i + 2, at, picked, matched: said, reply, citation: null })),
  });
  return [...card.querySelectorAll('.ex-reply')].map((box) =>
    [...box.querySelectorAll('.record-turn')].map((t) =>
      [t.querySelector('.speaker')?.textContent ?? null, t.querySelector('.words').textContent]));
}"""


# A play-through's card whose student's words the search matched elsewhere: the lines under
# "The search’s own closest line:", the citation last (the student read it under that reply).
_SEARCHED = """async (search) => {
  const { exchangeCard } = await import('/js/transcript.js');
  const said = { document: 'frus1969-76v39/d107', turn: 0, speaker: 'kissinger', text: 'Hello.' };
  const card = exchangeCard({
    seq: 1, at: '2026-12-05T19:00:00Z', as: 'kissinger', activity: 'play', status: 'match',
    line: 'Hello Anatol', score: 0.9, matched: said, reply: null, citation: null, search,
  });
  const found = [...card.querySelectorAll('p.help')]
    .find((p) => p.textContent.startsWith('The search'));
  return [found.textContent, found.nextElementSibling.textContent.split(/\\s+/).join(' '),
    found.nextElementSibling.querySelector('a').href];
}"""


def test_a_turn_of_someone_elses_and_those_after_it_keep_their_names(live_server, open_page):
    """Inside a reply, another man's turn is named, and every turn after it (unnamed,
    Dobrynin's next line would read as Nixon's); the card's reply and each pick's alike. (The
    page open, a play-through's card cites the search's own closest line as the student read
    it: it gave "(vol. XII, doc. 188, line 14)" alone.)"""
    turns = [
        {"index": 1, "speaker": "dobrynin", "clean_text": "Dobrynin: as printed.", "editorial": []},
        {"index": 2, "speaker": "nixon", "clean_text": "Hello.", "editorial": []},
        {"index": 3, "speaker": "dobrynin", "clean_text": "Yes.", "editorial": []},
    ]
    reply = {"speaker": "dobrynin", "turns": turns}
    expected = [[None, "Dobrynin: as printed."], ["Nixon:", "Hello."], ["Dobrynin:", "Yes."]]
    watched = open_page()
    page = watched.page
    page.goto(live_server.url + "/instructor.html")
    assert page.evaluate(_CARD, [reply, []]) == [expected]
    assert page.evaluate(_CARD, [reply, [0, 1]]) == [expected, expected]
    url = "https://history.state.gov/historicaldocuments/frus1969-76v12/d188"
    prompt = {"speaker": "kissinger", "text": "How long?", "document": "frus1969-76v12/d188"}
    citation = {
        "document": "frus1969-76v12/d188",
        "number": 188,
        "pages": [580],
        "url": url,
        "date": "1970-07-27T08:45:00",
        "source": "Library of Congress, Kissinger Papers.",
    }
    search = {
        "prompt": {**prompt, "turn": 13},
        "score": 0.47,
        "closeness_word": "loosely related",
        "citation": citation,
    }
    assert page.evaluate(_SEARCHED, search) == [
        "The search’s own closest line: Kissinger: “How long?” (vol. XII, doc. 188, line 14) — "
        "loosely related (similarity 47%)",
        "FRUS 1969–1976, vol. XII, doc. 188, p. 580 · July 27, 1970, 8:45 a.m. · Library of "
        "Congress, Kissinger Papers.",
        url,
    ]
    assert watched.errors == []
