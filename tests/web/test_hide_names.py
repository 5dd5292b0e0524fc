"""Names hidden for a projector: a teacher showing the live feed or the struggle view to the
class showed every student's name beside their refused lines, quiz misses and scores. "Hide
names" blurs every name the page draws, and this browser keeps the choice."""

from __future__ import annotations

from tests.web.flows import first_exchange, open_class, say

NAME = "Quintessa Hidename"
OFF_TOPIC = "whats for lunch today, quintessa here"

# Every visible text on the page (HTML or SVG) that holds NAME, with whether an element around
# it is blurred: what a class would read off the screen.
_SHOWN = """name => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.includes(name.split(" ")[0])) continue;
    const parent = node.parentElement;
    if (parent.closest("title, script, [hidden]")) continue;  // tooltips are not on the screen
    const box = parent.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(parent).visibility === "hidden") continue;
    let blurred = false;
    for (let at = parent; at; at = at.parentElement) {
      if (getComputedStyle(at).filter.includes("blur")) blurred = true;
    }
    found.push([parent.closest("[id]").id, blurred]);
  }
  return found;
}"""


def test_hide_names_blurs_every_name_the_instructor_page_shows(classroom):
    token = classroom.teacher("Prof. Hidename Okoye", "HIDE551")
    student = classroom.student(NAME, "HIDE551")
    say(student, OFF_TOPIC)
    teacher = classroom.open_page().page
    open_class(teacher, classroom.server.url, token, "HIDE551")
    teacher.locator("#unanswered li", has_text=OFF_TOPIC).first.wait_for()
    teacher.locator(f'#progress-chart svg g[data-student="{NAME}"]').wait_for()
    first_exchange(teacher, NAME).wait_for()
    teacher.locator("#live-feed li", has_text=NAME).first.wait_for()

    shown = teacher.evaluate(_SHOWN, NAME)
    places = sorted({place for place, _ in shown})
    # the sessions table, the transcript's title, the feed, the struggle view's chart, table
    # and unanswered lines
    assert places == [
        "live-feed",
        "progress-chart",
        "progress-table",
        "session-title",
        "sessions",
        "unanswered",
    ]
    assert not any(blurred for _, blurred in shown)

    toggle = teacher.get_by_role("button", name="Hide names")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    shown = teacher.evaluate(_SHOWN, NAME)
    assert sorted({place for place, _ in shown}) == places
    assert [place for place, blurred in shown if not blurred] == []

    # kept in this browser: a reload opens with the names hidden; pressed again, shown
    teacher.reload()
    teacher.locator(f'#progress-chart svg g[data-student="{NAME}"]').wait_for()
    toggle = teacher.get_by_role("button", name="Hide names")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert all(blurred for _, blurred in teacher.evaluate(_SHOWN, NAME))
    toggle.click()
    assert not any(blurred for _, blurred in teacher.evaluate(_SHOWN, NAME))
