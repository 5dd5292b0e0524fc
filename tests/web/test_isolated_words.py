"""A student's line is isolated from the instructor page's own words around it: a right-to-left
override typed in it (U+202E, with no end) turned the page's words after it around, "— Rtl, as
Kissinger, 8:18 PM, within …" drawn as "… MP 81:8 ,regnissiK sa ,ltR —" in *What the class
struggled with*, and the live feed's closing quote drawn before the line."""

from __future__ import annotations

from tests.web.flows import open_class

LINE = "\u202eplease help me"
# Where the first and the last character of a text node are drawn, left to right.
_ENDS = """(node) => {
  const text = [...node.childNodes].find((n) => n.nodeType === 3 && n.textContent.trim());
  const at = (i) => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
    return r.getBoundingClientRect().left; };
  return [at(0), at(text.textContent.length - 1)];
}"""


def test_a_students_right_to_left_mark_turns_no_words_of_the_page(
    live_server, classroom, open_page
):
    token = classroom.teacher("Prof. Amari", "HIST260")
    classroom.student("Rtl", "HIST260", LINE)
    page = open_page().page
    open_class(page, live_server.url, token, "HIST260")

    # the struggled list: the words after the line read left to right
    after = page.locator("#unanswered li", has_text="please").locator(".help").first
    after.wait_for()
    first, last = after.evaluate(_ENDS)
    assert first < last, (first, last)
    # the live feed: the closing quote after the line, not before it
    entry = page.locator('#live-feed li[data-kind="line"]', has_text="please").first
    entry.wait_for()
    line_right, quote_left = entry.evaluate(
        """(li) => {
          const last = li.lastChild, r = document.createRange();
          r.setStart(last, last.textContent.length - 1); r.setEnd(last, last.textContent.length);
          const bdi = li.querySelector("bdi");
          const right = bdi ? bdi.getBoundingClientRect().right : Infinity;
          return [right, r.getBoundingClientRect().left];
        }"""
    )
    assert quote_left >= line_right - 1, (line_right, quote_left)
    assert entry.text_content().endswith(f"Rtl said “{LINE}”")
