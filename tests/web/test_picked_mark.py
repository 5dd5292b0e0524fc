"""After a did-you-mean pick, the list the line was picked from says which one it was.

A student's walk found the list unchanged by a pick: with three lines offered, neither the
student nor a screen-reader user could tell which one they had picked, and the same one could
be picked again (the same reply, twice). The line picked is now marked in words and for
assistive tech; the others stay open (a student may try another), and the mark moves with the
next pick and is put back by a reload, which redraws the log from the stored exchanges.
"""

from __future__ import annotations

from tests.web.audit import assert_accessible
from tests.web.flows import NEAR_LINE_2, SEED_LINE, join, received, say, start_roleplay

CODE = "PICKMARK33"
PICKED = "You picked this line: what followed it is below."
AMBIGUOUS = "Yes."  # said many times over in the record: answered, with other lines shown beside

# Each line offered in the entry: its index in the reply, aria-current, whether it can still be
# picked, and the words it says of being picked (null: none).
_OFFERED = """(entry) => [...entry.querySelectorAll('button.pick')].map((b) => [
  Number(b.dataset.choice), b.getAttribute('aria-current'), !b.disabled,
  b.querySelector('.pick-picked')?.textContent ?? null])"""


def _offered(entry) -> list[list]:
    return entry.evaluate(_OFFERED)


def _marked(picked: int, count: int) -> list[list]:
    """What the entry's ``count`` lines should say with line ``picked`` the one picked."""
    return [
        [n, "true", False, PICKED] if n == picked else [n, None, True, None] for n in range(count)
    ]


def _pick(page, entry, n: int) -> None:
    """Pick line ``n`` of ``entry`` and wait for the reply to be drawn."""
    before = page.locator("#rp-log > li.picked").count()
    entry.locator(f'button.pick[data-choice="{n}"]').click()
    page.locator("#rp-log > li.picked").nth(before).wait_for()


def test_the_line_picked_is_marked_the_mark_moves_and_a_reload_keeps_it(classroom):
    classroom.teacher("Prof. Marsh", CODE)
    page = classroom.open_page().page
    replies = received(page, "reply")
    join(page, classroom.server.url, "Mara", CODE)
    start_roleplay(page)
    say(page, NEAR_LINE_2)
    refused = replies[-1]
    assert refused["status"] == "no_match"
    offered = refused["suggestions"]
    assert len(offered) == 3, "the line no longer gets three did-you-mean lines"
    entry = page.locator("#rp-log > li.no-match").first
    assert _offered(entry) == [[n, None, True, None] for n in range(3)]

    _pick(page, entry, 1)
    assert replies[-1]["status"] == "picked" and replies[-1]["picked"] == 1
    assert _offered(entry) == _marked(1, 3)
    # seen: its own words, shown; heard: they begin the button's name, which says the line
    mark = entry.locator("button.pick.is-picked .pick-picked")
    assert mark.is_visible()
    named = entry.get_by_role("button", name=PICKED)
    assert named.count() == 1
    assert named.get_attribute("data-choice") == "1"
    assert offered[1]["prompt"]["text"] in named.text_content()
    assert_accessible(page, "a did-you-mean line picked")

    # another line: the mark moves, and the line picked first may be picked again
    _pick(page, entry, 2)
    assert replies[-1]["picked"] == 2
    assert _offered(entry) == _marked(2, 3)
    assert page.locator("#rp-log > li.picked").last.locator(".meta").first.text_content() == (
        f"Following Kissinger’s recorded line you picked: {offered[2]['prompt']['text']}"
    )

    # A reload redraws the log from what was kept: both picks' replies, the mark where it was.
    page.reload()
    page.locator("#rp-log > li.picked").nth(1).wait_for()
    entry = page.locator("#rp-log > li.no-match").first
    assert _offered(entry) == _marked(2, 3)
    # the server's offer stands across the reload, so the others can still be picked
    _pick(page, entry, 0)
    assert replies[-1]["picked"] == 0
    assert _offered(entry) == _marked(0, 3)

    # The next line ends the offer: no line can be picked, the last one picked still marked.
    say(page, SEED_LINE)
    assert [line[:2] + line[3:] for line in _offered(entry)] == [
        [0, "true", PICKED],
        [1, None, None],
        [2, None, None],
    ]
    assert not any(line[2] for line in _offered(entry))


def test_a_line_picked_beside_an_answer_is_marked_by_its_place_in_the_reply(classroom):
    """An ambiguous reply lists the lines beside its answer (the answer, line 0, is not among
    them): the mark goes to the line the reply's index names, not to the list's second item."""
    classroom.teacher("Prof. Marsh B", CODE + "B")
    page = classroom.open_page().page
    replies = received(page, "reply")
    join(page, classroom.server.url, "Milo", CODE + "B")
    start_roleplay(page)
    say(page, AMBIGUOUS)
    shown = replies[-1]
    assert shown["status"] == "ambiguous", "the server no longer finds 'Yes.' ambiguous"
    entry = page.locator("#rp-log > li.ambiguous").last
    others = len(shown["matches"]) - 1
    assert [line[0] for line in _offered(entry)] == list(range(1, others + 1))

    _pick(page, entry, 1)
    assert replies[-1]["picked"] == 1
    assert _offered(entry) == _marked(1, others + 1)[1:]
