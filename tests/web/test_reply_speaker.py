"""A recorded reply names its speaker once: in its head ("Dobrynin, in the record").

A self-study walk-through (session 33) read "Dobrynin, in the record" and then "Dobrynin:
Tomorrow night.": the page's own label before the words named him again (so did a play-through's
"In the record, Kissinger said here" and "Dobrynin replied, in the record", and "Dobrynin
opens:"). The recorded words are shown as printed; only the page's second name goes. The
students' class is a new instructor's own (SPKR…).
"""

from __future__ import annotations

from tests.web.flows import SEED, SEED_LINE, join, say, start_roleplay
from tests.web.heard import heard_text

# Each turn drawn right under an entry's head in the role-play log: the head's words, the
# turn's own label (null where it has none) and its words.
_UNDER_HEADS = """() => [...document.querySelectorAll('#rp-log .record-turn')]
  .filter((t) => t.previousElementSibling?.classList.contains('entry-head'))
  .map((t) => [t.previousElementSibling.textContent,
    t.querySelector('.speaker')?.textContent ?? null, t.querySelector('.words').textContent])"""


def test_a_reply_names_its_speaker_once(live_server, classroom):
    classroom.teacher("Prof. Spkr521 Valtonen", "SPKR521")
    page = classroom.student("Spkr521 Noor", "SPKR521", SEED_LINE)
    reply = page.locator("#rp-log > li.reply").last
    turn = reply.locator(".record-turn").first
    assert reply.locator(".entry-head").first.text_content() == "Dobrynin, in the record"
    assert turn.locator(".speaker").count() == 0
    words = turn.locator(".words").text_content()
    assert turn.text_content() == words  # the recorded words alone, as printed
    assert heard_text(page, reply).startswith(f"Dobrynin, in the record {heard_text(page, turn)}")
    for head, label, _ in page.evaluate(_UNDER_HEADS):
        assert label is None, head


def test_a_play_through_names_each_speaker_once(live_server, open_page):
    """Played through as Dobrynin: "Kissinger opens:", then "In the record, Dobrynin said
    here" and "Kissinger replied, in the record", none followed by the same name again."""
    page = open_page().page
    join(page, live_server.url, "Spkr522 Oda", live_server.class_code)
    start_roleplay(page, as_="dobrynin", document=SEED)
    say(page, "Hello Henry, how are you?")
    drawn = page.evaluate(_UNDER_HEADS)
    heads = [head for head, _, _ in drawn]
    assert heads[0] == "Kissinger opens:"
    assert "In the record, Dobrynin said here" in heads
    assert "Kissinger replied, in the record" in heads
    assert [label for _, label, _ in drawn] == [None] * len(drawn)
    record = live_server.get_json(f"/api/documents/{SEED}")
    assert drawn[0][2] == record["turns"][0]["clean_text"]  # verbatim
