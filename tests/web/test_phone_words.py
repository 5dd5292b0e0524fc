"""The student page's words on a phone: none smaller than 12 px at the usual text size, each
following the browser's text size, and a tab's name never broken in two."""

from __future__ import annotations

import sqlite3

from tests.web.flows import NEAR_LINE, join, say, start_quiz, start_roleplay
from tests.web.test_phone_zoom import PHONE, _phone

# Each drawn element with words of its own under `least` px (SVG charts aside: drawn in pixels,
# charts.js): its tag and classes, size and words.
_SMALL = """(least) => [...document.querySelectorAll("body *")]
  .filter((e) => e.getClientRects().length && !e.closest("svg")
    && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
  .map((e) => [e.tagName + "." + [...e.classList].join("."),
               parseFloat(getComputedStyle(e).fontSize), e.textContent.trim().slice(0, 30)])
  .filter(([, px]) => px < least)"""


def test_no_word_on_the_student_pages_is_under_12_pixels(live_server, open_page):
    """The "OUR SUMMARY" and "EXCERPT" badges were 0.7rem: 11.2 px at the usual text size."""
    for large, name in ((False, "Hallgerd-Mbeki"), (True, "Hallgerd-Mbeki-Large")):
        least = 24 if large else 12  # 0.75rem, doubled with the text
        page = _phone(open_page, PHONE, large_text=large)
        join(page, live_server.url, name, "")
        start_roleplay(page)
        say(page, NEAR_LINE)  # refused, with recorded lines offered: their topics badged
        badges = page.locator("#rp-log .badge.editorial-badge")
        assert badges.first.text_content() == "our summary"
        assert page.evaluate(_SMALL, least) == [], large
        page.goto(live_server.url + "/record.html")
        page.locator(".badge.excerpt").first.wait_for()
        assert page.locator(".badge.excerpt").first.text_content() == "excerpt"
        assert page.evaluate(_SMALL, least) == [], large
    # the progress chart's labels, drawn in pixels about as wide as shown: 11 px, now 12
    page = _phone(open_page, PHONE)
    join(page, live_server.url, "Hallgerd-Mbeki-Chart", "")
    start_quiz(page, "Who said it?", 1)
    page.locator("#quiz-choices .choice").first.click()
    page.locator("#quiz-feedback .verdict").wait_for()
    page.get_by_role("button", name="Progress").click()
    axis = page.locator("svg.chart text.axis")
    axis.first.wait_for()
    sizes = axis.evaluate_all("(ts) => ts.map((t) => getComputedStyle(t).fontSize)")
    assert set(sizes) == {"12px"}, sizes


# The tabs' words: how many lines each is drawn on, and the page's width.
_TAB_LINES = """() => [[...document.querySelectorAll(".mode")].map((b) => {
  const words = document.createRange();
  words.selectNodeContents(b.firstChild);
  return [b.firstChild.textContent.trim(), words.getClientRects().length];
}), document.documentElement.scrollWidth]"""


def test_role_play_is_never_broken_at_its_hyphen(live_server, open_page):
    """On a phone of 360 px with "1 due" beside "Quiz", the tabs shrank to one row and "Role-play"
    broke after its hyphen: "Role-" over "play"."""
    student = "Torvald-Nwachukwu"
    page = _phone(open_page, PHONE)
    join(page, live_server.url, student, "")
    start_quiz(page, "Who said it?", 1)
    page.locator("#quiz-choices .choice").first.click()
    page.locator("#quiz-feedback .verdict").wait_for()
    with sqlite3.connect(live_server.database) as db:  # its review come due
        db.execute(
            "UPDATE cards SET due = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 second') "
            "WHERE learner_id = (SELECT id FROM students WHERE name = ?)",
            (student,),
        )
    page.reload()
    page.locator("#due-badge", has_text="1 due").wait_for()
    for width in (340, 360, 380):
        page.set_viewport_size({"width": width, "height": PHONE[1]})
        tabs, page_width = page.evaluate(_TAB_LINES)
        assert tabs == [["Role-play", 1], ["Quiz", 1], ["Progress", 1]], width
        assert page_width == width


# The left and right edges of each drawn element matching the selector.
_SIDES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((e) => e.getClientRects().length)
  .map((e) => e.getBoundingClientRect())
  .map((r) => [Math.round(r.left), Math.round(r.right)])"""


WIDE = 240  # of 360 px: the words' column inside a card, an entry or a choice at 200% text


def test_at_200_percent_text_the_words_keep_the_width_of_a_phone(live_server, open_page):
    """At 200% text on a phone of 360 px the sides of the page, the card and the feedback,
    each in rem, doubled: the quiz's verdict was set in a column of 200 px, from 80 to 280."""
    page = _phone(open_page, PHONE, large_text=True)
    join(page, live_server.url, "Ragnhild-Oduya", "")
    start_roleplay(page)
    say(page, NEAR_LINE)
    for left, right in page.evaluate(_SIDES, "#rp-log .no-match .verdict, #rp-log .pick-line"):
        assert right - left >= WIDE, (left, right)
    start_quiz(page, "Who said it?", 1)
    page.locator("#quiz-choices .choice").first.click()
    page.locator("#quiz-feedback .verdict").wait_for()
    for selector in ("#quiz-feedback .verdict", "#quiz-prompt", "#quiz-choices .choice"):
        for left, right in page.evaluate(_SIDES, selector):
            assert right - left >= WIDE, (selector, left, right)
    assert page.evaluate("document.documentElement.scrollWidth") == 360


# Each quiz choice marked after the answer: its note, the width of its words and of the choice.
_MARKED = """() => [...document.querySelectorAll("#quiz-choices .choice")]
  .filter((b) => b.querySelector(".note").textContent)
  .map((b) => [b.querySelector(".note").textContent,
               Math.round(b.querySelector(".text").getBoundingClientRect().width),
               Math.round(b.getBoundingClientRect().width)])"""


def test_a_quiz_choice_s_words_keep_its_width_once_marked_on_a_phone(live_server, open_page):
    """On a phone of 360 px "✓ Correct answer" and "✗ Your answer" stood beside the recorded
    line, which was squeezed into 130 to 150 of the choice's 312 px ("the next / two /
    months.")."""
    page = _phone(open_page, PHONE)
    join(page, live_server.url, "Wiebke-Anyanwu", "")
    start_quiz(page, "What came next?", 1)
    page.locator("#quiz-choices .choice").first.click()
    page.locator("#quiz-feedback .verdict").wait_for()
    marked = page.evaluate(_MARKED)
    notes = {note for note, _, _ in marked}
    assert notes in ({"✓ Your answer — correct"}, {"✗ Your answer", "✓ Correct answer"})
    for note, words, choice in marked:
        assert words >= choice - 60, (note, words, choice)  # all but the letter and the sides
