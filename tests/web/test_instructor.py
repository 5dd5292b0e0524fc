"""The instructor page in a real browser: sign in, a student's session and lines, sort, export."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from tests.web.conftest import screenshot
from tests.web.flows import SEED, SEED_LINE, XSS_LINE, join, sign_in_at, wait_until
from tests.web.phone import assert_chart_readable
from tests.web.test_token_refused import REFUSED


def _sign_in(page, base_url: str, token: str) -> None:
    sign_in_at(page, base_url + "/instructor.html", token)
    page.locator("#dashboard").wait_for(state="visible")


def test_instructor_sees_student_session_and_lines(live_server, open_page, classroom):
    student = classroom.student("Grace", live_server.class_code, SEED_LINE, XSS_LINE)
    student.get_by_role("button", name="Quiz").click()
    student.get_by_label("Number of questions").fill("2")
    student.get_by_role("button", name="Start quiz").click()
    right = 0
    for number in (1, 2):
        student.locator("#quiz-progress", has_text=f"Question {number} of 2").wait_for()
        student.locator("#quiz-choices button").first.click()
        student.locator("#quiz-next").wait_for(state="visible")
        right += student.locator("#quiz-feedback .verdict").text_content() == "Correct."
        # who said it, as the transcript labels him; where the line is, once, in its
        # citation under it as a reader says it, never the volume's id ("frus1969-76v39")
        explanation = student.locator("#quiz-feedback .explanation").text_content()
        assert re.fullmatch(
            r"(Henry Kissinger|Anatoly Dobrynin) said it \(labelled “[^”]+” "
            r"in the transcript\)\.",
            explanation,
        ), explanation
        cited = student.locator("#quiz-feedback .citation a").all_text_contents()
        assert len(cited) == 1 and re.fullmatch(
            r"FRUS 1969–1976, vol\. [IVXL]+, doc\. \d+(, pp?\. [\d–]+)?", cited[0]
        ), cited
        student.locator("#quiz-next").click()
    student.locator("#quiz-summary").wait_for(state="visible")

    watched = open_page()
    page = watched.page
    _sign_in(page, live_server.url, live_server.token)
    assert page.locator("#who strong").text_content() == "Prof. Ruiz"
    row = page.locator("#sessions tbody tr", has_text="Grace")
    row.wait_for()
    assert row.locator("td").nth(2).text_content() == "2"
    assert row.locator("td").nth(3).text_content() == f"{right} of 2"  # as the progress table

    row.get_by_role("button").click()
    page.locator("#transcript li").first.wait_for()
    assert page.locator("#session-title").text_content() == "Transcript: Grace"
    cards = page.locator('#transcript li[data-kind="exchange"]')
    assert cards.locator(".student-line").all_text_contents() == [SEED_LINE, XSS_LINE]
    first = cards.first
    # the exchange as one unit: the line, the recorded line it matched, the reply and its citation
    assert first.get_attribute("data-status") == "match"
    matched = first.locator(".matched-line").text_content()
    assert matched.startswith("Kissinger: Anatol, two things about our discussions this morning.")
    assert matched.endswith("(vol. XXXIX, doc. 107, line 1)")
    assert "What about the conference" in first.locator(".ex-reply").text_content()
    assert first.locator(".citation a").first.get_attribute("href").endswith(SEED)
    # no connect/disconnect clutter; quiz answers with their texts, never a doubled full stop
    assert page.locator('#transcript li[data-kind="connect"]').count() == 0
    results = page.locator('#transcript li[data-kind="quiz"]')
    assert results.count() == 2
    for i in range(2):
        text = results.nth(i).text_content()
        assert "Question" in text and ".." not in text
        assert "Henry Kissinger" in text and "Anatoly Dobrynin" in text
        assert results.nth(i).locator(".choices li.right").count() == 1
    assert (
        page.locator('#transcript li[data-kind="quiz.summary"]')
        .text_content()
        .endswith(f"Quiz score: {right} of 2")
    )
    # What the class struggled with: every column of the students' table is in the card, at
    # a laptop's width (it was squeezed into the student chart's 560 pixels and scrolled).
    table = page.locator("#progress-table")
    table.wait_for()
    wrap = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert wrap[0] <= wrap[1], f"the students' table scrolls: {wrap}"
    assert page.locator("#progress-table th").last.text_content() == "Last seen"
    assert page.locator("img").count() == 0
    assert watched.dialogs == []
    assert watched.errors == []  # nothing refused by the Content-Security-Policy
    screenshot(page, "instructor")


def test_a_click_anywhere_on_a_row_opens_its_session(live_server, open_page, classroom):
    """Only the name opened a session; a teacher clicks the row. A drag that selects text in
    the row does not open it, and the name stays the one control a keyboard reaches."""
    for name in ("Ottilie", "Pascual"):
        classroom.student(name, live_server.class_code, SEED_LINE)
    page = open_page().page
    _sign_in(page, live_server.url, live_server.token)
    ottilie = page.locator("#sessions tbody tr", has_text="Ottilie")
    pascual = page.locator("#sessions tbody tr", has_text="Pascual")
    pascual.wait_for()
    title = page.locator("#session-title")

    # the keyboard: the row is no stop of its own, its name button is, and Enter opens it
    assert ottilie.get_attribute("tabindex") is None
    ottilie.get_by_role("button").focus()
    page.keyboard.press("Enter")
    page.locator("#session-title", has_text="Transcript: Ottilie").wait_for()

    # selecting the time Pascual started, to copy it, leaves Ottilie's transcript open
    cell = pascual.locator("td").nth(1).locator("time").bounding_box()
    middle = cell["y"] + cell["height"] / 2
    page.mouse.move(cell["x"] + 1, middle)
    page.mouse.down()
    page.mouse.move(cell["x"] + cell["width"] - 1, middle, steps=5)
    page.mouse.up()
    assert page.evaluate("String(window.getSelection())") != ""
    assert title.text_content() == "Transcript: Ottilie"
    assert "is-selected" not in (pascual.get_attribute("class") or "")

    # a click on the row's count of lines opens Pascual's session
    pascual.locator("td").nth(2).click()
    page.locator("#session-title", has_text="Transcript: Pascual").wait_for()
    assert "is-selected" in pascual.get_attribute("class")
    assert page.locator(
        '#transcript li[data-kind="exchange"] .student-line'
    ).all_text_contents() == [SEED_LINE]


def test_sessions_table_sorts_by_student(live_server, open_page):
    for name in ("Zeno", "Abe"):
        join(open_page().page, live_server.url, name, live_server.class_code)
    page = open_page().page
    _sign_in(page, live_server.url, live_server.token)
    page.locator("#sessions tbody tr", has_text="Zeno").wait_for()

    header = page.locator('#sessions th[data-key="student"]')
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    names = page.locator("#sessions tbody tr td:first-child").all_text_contents()
    assert names == sorted(names, key=str.lower)
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    names = page.locator("#sessions tbody tr td:first-child").all_text_contents()
    assert names == sorted(names, key=str.lower, reverse=True)


def test_exports_download_with_token(live_server, open_page, classroom):
    classroom.student("Hypatia", live_server.class_code, SEED_LINE)

    page = open_page().page
    _sign_in(page, live_server.url, live_server.token)
    page.locator("#sessions tbody tr", has_text="Hypatia").wait_for()

    with page.expect_download() as got:
        page.get_by_role("button", name="Export CSV").click()
    download = got.value
    assert download.suggested_filename == f"{live_server.class_code}.csv"
    with Path(download.path()).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    said = [(r["line"], r["status"]) for r in rows if r["student"] == "Hypatia"]
    assert said == [(SEED_LINE, "match")]

    with page.expect_download() as got:
        page.get_by_role("button", name="Export JSON").click()
    exported = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert exported["class"] == live_server.class_code
    assert "Hypatia" in [s["student"] for s in exported["sessions"]]


def test_wrong_token_is_refused_with_a_reason(live_server, open_page):
    page = open_page().page
    page.goto(live_server.url + "/instructor.html")
    page.get_by_label("Instructor token").fill("not-a-token")
    page.get_by_role("button", name="Sign in").click()
    error = page.locator("#sign-in-error")
    error.wait_for(state="visible")
    assert error.text_content() == REFUSED
    assert page.locator("#dashboard").is_hidden()
    assert page.evaluate("sessionStorage.getItem('backchannel.instructor')") is None


def _ax_table(page, name: str) -> tuple[list[str], list[list[str]]]:
    """A table as Chromium's accessibility tree gives it to a screen reader: its column
    headers' names and each row's cells' names (the table found by its accessible name)."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    nodes = {n["nodeId"]: n for n in tree}

    def role(n) -> str:
        return n["role"]["value"]

    def label(n) -> str:
        return n.get("name", {}).get("value", "")

    def below(n):  # the node's descendants that are not ignored, in order
        for child in n.get("childIds", []):
            node = nodes.get(child)
            if node is None:
                continue
            if not node["ignored"]:
                yield node
            yield from below(node)

    tables = [n for n in tree if not n["ignored"] and role(n) == "table" and label(n) == name]
    assert len(tables) == 1, f"no table named {name!r} in the accessibility tree"
    inside = list(below(tables[0]))
    headers = [label(n) for n in inside if role(n) == "columnheader"]
    rows = [
        [label(c) for c in below(r) if role(c) == "cell"]
        for r in inside
        if role(r) == "row" and not any(role(c) == "columnheader" for c in below(r))
    ]
    return headers, rows


def _assert_fits_a_phone(
    page, table_id: str, row, headers: list[str], unlabelled: tuple[int, ...] = ()
) -> None:
    """At a phone's width neither the page nor the table scrolls sideways, and every cell of
    ``row`` is on the screen with its column's heading drawn beside it, but the cells
    ``unlabelled`` (by index), whose words say what they are, drawn with none."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width, "the page scrolls"
    table = page.locator(f"#{table_id}").evaluate(
        "t => [t.scrollWidth, t.getBoundingClientRect().right,"
        " t.parentElement.clientWidth, t.parentElement.getBoundingClientRect().right]"
    )
    assert table[0] <= table[2] and table[1] <= table[3], f"the table scrolls: {table}"
    cells = row.locator("td")
    assert cells.count() == len(headers)
    for i, heading in enumerate(headers):
        box = cells.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        drawn = cells.nth(i).evaluate("td => getComputedStyle(td, '::before').content")
        if i in unlabelled:
            assert drawn == "none", f"cell {i} is labelled: {drawn}"
        else:
            assert heading in drawn, f"cell {i} is not labelled {heading!r}: {drawn}"


def _instructor_on_a_phone(live_server, open_page, student: str):
    """``student`` joins the class on a laptop; the instructor signs in on a 390x844 phone."""
    join(open_page().page, live_server.url, student, live_server.class_code)
    page = open_page(width=390, height=844).page
    _sign_in(page, live_server.url, live_server.token)
    return page


def test_sessions_table_fits_a_phone(live_server, open_page):
    student = "Maximiliana Wojciechowska"  # a long name, as a class list has
    page = _instructor_on_a_phone(live_server, open_page, student)
    row = page.locator("#sessions tbody tr", has_text=student)
    row.wait_for()

    headers = page.locator("#sessions thead th").all_text_contents()
    assert headers == ["Student", "Started", "Lines", "Quiz score", "Status"]
    # Every piece of the session is on the screen, each count with the heading that says what
    # it is (the student, the start and "connected" or "ended …" say it themselves).
    _assert_fits_a_phone(page, "sessions", row, headers, unlabelled=(0, 1, 4))
    cells = row.locator("td")
    # A card of three lines, not five: the student; the start and the status; the counts.
    tops = [round(cells.nth(i).bounding_box()["y"]) for i in range(5)]
    assert tops[1] == tops[4] and tops[2] == tops[3], tops
    assert tops[0] < tops[1] < tops[2], tops
    assert cells.nth(0).get_by_role("button").text_content() == student
    assert cells.nth(2).text_content() == "0"  # lines
    # Still a table to a screen reader (Chromium's own accessibility tree), each cell named by
    # its value alone: the drawn label is for the eye, the column header names it once.
    named, rows = _ax_table(page, "Sessions of this class")
    # in the words' own case (small capitals drawn), the sort's triangle seen, not heard
    assert named == headers
    mine = [r for r in rows if r and r[0].startswith(f"Transcript of {student}")]
    assert len(mine) == 1 and mine[0][2:] == ["0", "—", "connected"], mine
    # Above the cards, the headings that sort stand after "Sort by" as outlined buttons, and
    # the one that does not (Status) is not drawn there: the row does not read as a card.
    sort_row = page.locator("#sessions thead tr")
    assert "Sort by" in sort_row.evaluate("tr => getComputedStyle(tr, '::before').content")
    drawn = sort_row.evaluate(
        """tr => [...tr.cells].filter(th => th.getBoundingClientRect().width > 1)
            .map(th => [th.textContent, getComputedStyle(th.querySelector('button') || th)
              .borderTopStyle])"""
    )
    assert drawn == [[h, "solid"] for h in headers[:4]], drawn
    screenshot(page, "instructor-phone")


def test_students_progress_table_fits_a_phone(live_server, open_page):
    student = "Bartholomew Featherstonehaugh"  # a long name, as a class list has
    page = _instructor_on_a_phone(live_server, open_page, student)
    row = page.locator("#progress-table tbody tr", has_text=student)
    row.wait_for()

    headers = page.locator("#progress-table thead th").all_text_contents()
    assert headers == [
        "Student", "Sessions", "Lines", "Answered", "No match", "Quiz", "Closeness", "Last seen",
    ]  # fmt: skip
    _assert_fits_a_phone(page, "progress-table", row, headers)
    # Still a table to a screen reader, each cell named by its value alone.
    named, rows = _ax_table(page, "Each student’s progress")
    assert [n.lower() for n in named] == [h.lower() for h in headers]  # drawn in capitals
    mine = [r for r in rows if r and r[0] == student]
    assert len(mine) == 1 and mine[0][1:7] == ["1", "0", "0", "0", "—", "—"], mine
    assert row.locator("td").last.text_content() == mine[0][7] != "—"  # last seen
    page.locator("#struggles-view").scroll_into_view_if_needed()
    screenshot(page, "instructor-struggles-phone")


def test_progress_chart_is_readable_on_a_phone(live_server, open_page):
    student = "Wilhelmina Montgomery-Fairweather"  # a long name, as a class list has
    page = _instructor_on_a_phone(live_server, open_page, student)
    chart = page.locator("#progress-chart svg")
    page.locator(f'#progress-chart svg [data-student="{student}"]').wait_for()
    drawn = assert_chart_readable(page, "#progress-chart svg")
    words = [t["text"] for t in drawn["texts"]]
    assert student in words and "Lines answered, of all lines" in words
    chart.scroll_into_view_if_needed()
    screenshot(page, "instructor-chart-phone", full_page=False)
    # A phone turned sideways (wider than a phone) gets the wide chart, still readable.
    page.set_viewport_size({"width": 844, "height": 390})
    wide = "document.querySelector('#progress-chart svg').viewBox.baseVal.width > 600"
    wait_until(page, wide)
    assert_chart_readable(page, "#progress-chart svg")
    assert chart.locator("title").first.text_content() == (
        "Each student’s lines (answered by the record, refused) and quiz answers (right, wrong)"
    )


_VIEWBOX = "document.querySelector('#progress-chart svg').viewBox.baseVal.width"


def test_progress_chart_words_follow_the_text_size(live_server, open_page):
    """The chart's words were 12 px whatever the reader's text size: at 200% text (32 px) every
    other word of the page doubled and the chart's stayed at 12, on a phone and on a laptop.
    Now each is drawn 24 px high there, the chart still on the screen, no word over another."""
    student = "Wilhelmina Montgomery-Fairweather"
    join(open_page().page, live_server.url, student, live_server.class_code)
    for width, height in ((360, 740), (390, 844), (1280, 900), (1600, 900)):
        page = open_page(width=width, height=height).page
        cdp = page.context.new_cdp_session(page)
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        _sign_in(page, live_server.url, live_server.token)
        page.locator(f'#progress-chart svg [data-student="{student}"]').wait_for()
        drawn = assert_chart_readable(page, "#progress-chart svg")
        sizes = sorted({round(t["px"], 1) for t in drawn["texts"]})
        assert sizes == [24.0], (width, sizes)
        chart = page.locator("#progress-chart svg")
        headings = " ".join(
            chart.evaluate(
                "(s) => [...s.querySelectorAll(':scope > text')].map((t) => t.textContent)"
            )
        )  # a line each, or two
        assert headings == "Lines answered, of all lines Quiz answers right, of all", width
        if width == 360:
            page.locator("#progress-chart svg").scroll_into_view_if_needed()
            screenshot(page, "instructor-chart-phone-200-percent", full_page=False)
        page.close()


def test_progress_chart_shortens_a_name_too_long_for_it(live_server, open_page):
    """A name may be 80 characters: drawn whole, it ran off the chart, its start cut away on a
    laptop and its end on a phone. Now it is cut short with "…" inside the chart; the table
    beside it gives it whole."""
    student = "Maximiliana-Konstantina Wolkonskaja-Rimsky-Korsakowa Oppenheimer-Vanderbilt"
    page = _instructor_on_a_phone(live_server, open_page, student)
    label = page.locator(f'#progress-chart svg [data-student="{student}"] text').first
    label.wait_for()
    for width, height, form in ((390, 844, "<"), (1280, 900, ">")):
        page.set_viewport_size({"width": width, "height": height})
        wait_until(page, f"{_VIEWBOX} {form} 600")
        assert_chart_readable(page, "#progress-chart svg")
        shown = label.text_content()
        assert shown.endswith("…") and student.startswith(shown[:-1]), shown
    assert page.locator("#progress-table tbody tr", has_text=student).count() == 1


AGREE = """async (students) => {
  const { progressChart, progressTable } = await import("/js/instructor-struggles.js");
  const chart = progressChart(students, false);
  const [table] = progressTable(students); // the table (in its wrapper), then its legend
  const rows = [...table.querySelectorAll("tbody tr")].map(
    (tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent));
  return {
    headings: [...chart.querySelectorAll(":scope > text")].map((t) => t.textContent),
    counts: [...chart.querySelectorAll("g")].map(
      (g) => [...g.querySelectorAll("text.bar-count")].map((t) => t.textContent)),
    rows: rows.map((r) => r.slice(0, 6)),
  };
}"""


def test_the_progress_chart_says_the_tables_figures(live_server, open_page):
    """The chart beside the table counts the same things in the same words: it said "3/2" and
    "1/3" (the two parts of each bar) where the table said 3 answered of 5 lines and "1 / 4"."""
    page = open_page().page
    page.goto(live_server.url + "/instructor.html")
    students = [
        {"student": "Ada", "sessions": 2, "lines": 5, "answered": 3, "refused": 2,
         "quiz_right": 1, "quiz_total": 4, "closeness_mean": None, "last_seen": None},
        {"student": "Kim", "sessions": 1, "lines": 12, "answered": 12, "refused": 0,
         "quiz_right": 0, "quiz_total": 0, "closeness_mean": 0.8125, "last_seen": None},
    ]  # fmt: skip
    drawn = page.evaluate(AGREE, students)
    assert drawn["headings"] == ["Lines answered, of all lines", "Quiz answers right, of all"]
    assert drawn["counts"] == [["3 of 5", "1 of 4"], ["12 of 12", "—"]]
    assert drawn["rows"] == [
        ["Ada", "2", "5", "3", "2", "1 of 4"],
        ["Kim", "1", "12", "12", "0", "—"],
    ]


BARS = """async (students) => {
  const { progressChart } = await import("/js/instructor-struggles.js");
  const chart = progressChart(students);
  return [[...chart.querySelectorAll("rect")].map((r) => Number(r.getAttribute("width"))),
    [...chart.querySelectorAll("text.bar-count")].map((t) => t.textContent)];
}"""


def test_the_progress_chart_draws_no_negative_bar_in_a_box_too_narrow_for_bars(
    live_server, open_page
):
    """A chart box narrower than its names and counts (under 108 units: a window made that
    narrow, or a large text size in a narrow one, and headless Chromium's page for a moment
    while another page of the walk drew) drew each bar with a negative width, which the
    browser refuses with an error on the console ("<rect> attribute width: A negative value is
    not valid"), once for each bar (found walking the instructor page, session 31). Now the
    bars are empty there; the counts are said as before."""
    page = open_page(100, 600).page
    page.goto(live_server.url + "/instructor.html")
    students = [
        {"student": "Ada", "sessions": 1, "lines": 4, "answered": 3, "refused": 1,
         "quiz_right": 2, "quiz_total": 3, "closeness_mean": None, "last_seen": None},
    ]  # fmt: skip
    widths, counts = page.evaluate(BARS, students)
    assert widths == [0, 0, 0, 0]
    assert counts == ["3 of 4", "2 of 3"]


# A student pastes a web address into their line: one unbroken word of 91 characters.
PASTED = (
    "https://history.state.gov/historicaldocuments/frus1969-76v25/d111#fn:1.4.2.2.4.8.17.13.7.16"
)
WIDTHS = "[document.documentElement.scrollWidth, innerWidth]"


def test_a_pasted_address_wraps_on_the_instructor_page(live_server, open_page, classroom):
    """Unbroken, it widened the whole page to its length (a 390-pixel phone's to 484 pixels; a
    line of 1,200 characters, a laptop's to 11,500): the feed, the lines the record could not
    answer and the transcript now wrap it, as the student's own page does."""
    line = f"Anatol, read this: {PASTED}"
    classroom.student("Wren", live_server.class_code, line)
    page = open_page(width=390, height=844).page
    _sign_in(page, live_server.url, live_server.token)
    feed = page.locator('#live-feed li[data-kind="line"]', has_text=PASTED)
    feed.wait_for()
    assert feed.text_content().endswith(f"Wren said “{line}”")
    page.locator("#unanswered li", has_text=PASTED).wait_for()
    assert page.evaluate(WIDTHS) == [390, 390]
    assert page.locator("#live-feed").evaluate("(f) => f.scrollWidth - f.clientWidth") == 0

    page.locator("#sessions tbody tr", has_text="Wren").first.get_by_role("button").click()
    page.locator("#transcript .student-line", has_text=PASTED).wait_for()
    assert page.evaluate(WIDTHS) == [390, 390]
