"""The Progress chart's values reach a screen reader: the chart is one image to it, named
"Share of answers right, per day, for each volume of the record", and each day's share stood
only in its dots' tooltips, inside the image; the key under it gives each volume's share
overall, not by day. A table under the chart, hidden from sight, says each day's.

The learner's class is a new instructor's own (HEARDP).
"""

from __future__ import annotations

import re
from datetime import date

from tests.web.flows import join, start_quiz
from tests.web.heard import heard_name, heard_text

CAPTION = "Answers right, per day, for each volume of the record"


def test_the_progress_chart_is_read_as_a_table_of_days(live_server, open_page, classroom):
    classroom.teacher("Prof. Ekwueme-Baptiste", "HEARDP")
    page = open_page().page
    join(page, live_server.url, "Nalani", "HEARDP")
    start_quiz(page, "Who said it?", 3)
    for number in (1, 2, 3):
        page.locator("#quiz-progress", has_text=f"Question {number} of 3").wait_for()
        page.locator("#quiz-choices button").first.click()
        page.locator("#quiz-feedback .verdict").wait_for()
        page.locator("#quiz-next").click()
    page.locator("#quiz-summary").wait_for(state="visible")
    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-chart .legend li").first.wait_for()

    # The key: "vol. XII, Soviet Union, January 1969–October 1970: 0 of 1 right (0%)", each
    # volume's name and share; all answered today, each volume's share today is the same.
    key = [
        li.rsplit(": ", 1) for li in page.locator("#progress-chart .legend li").all_text_contents()
    ]
    title = page.locator("#progress-chart .point title").first.text_content()
    day = date.fromisoformat(re.search(r"(\d{4}-\d{2}-\d{2}): ", title)[1])
    table = page.locator("#progress-chart table")
    assert heard_name(page, table) == CAPTION
    rows = table.locator("tr")
    assert rows.count() == 2
    # the headers (the day's too) in their own case, though drawn in small capitals (style.css)
    headers = " ".join(["Day", *(name for name, _ in key)])
    assert heard_text(page, rows.nth(0)) == headers
    spoken = f"{day:%B} {day.day}, {day.year}"
    assert heard_text(page, rows.nth(1)) == " ".join([spoken, *(share for _, share in key)])
    # out of sight (the chart and its key show the same), and the page no wider for it
    assert table.evaluate("(t) => t.parentElement.getBoundingClientRect().width") <= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
