"""Self-study in a real browser: the review screen, the due count, progress, Anki decks."""

from __future__ import annotations

import html
import re
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from tests.web.conftest import screenshot
from tests.web.flows import heard, join, received
from tests.web.heard import heard_name, heard_role
from tests.web.phone import assert_chart_readable

SEED_URL = "https://history.state.gov/historicaldocuments/frus1969-76v39/d107"


def record_frames(page, kind: str) -> list[dict]:
    """Every frame of one type the server sends this page, in order."""
    return received(page, kind)


def speaker_of(live_server, prompt: dict) -> str:
    record = live_server.get_json(f"/api/documents/{prompt['document']}")
    return record["turns"][prompt["turn"]]["speaker"]


def take_who_said_quiz(page, live_server, questions: list[dict], plan: list[bool]) -> None:
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label("Who said it?").check()
    page.get_by_label("Number of questions").fill(str(len(plan)))
    asked = len(questions)  # every earlier question heard: the last was read from the list
    page.get_by_role("button", name="Start quiz").click()
    for number, right in enumerate(plan, start=1):
        page.locator("#quiz-progress", has_text=f"Question {number} of {len(plan)}").wait_for()
        heard(page, questions, asked + number - 1)
        # the line's difficulty in the form's words: "· Subtle" alone meant nothing
        level = {"clear": "Clear cue", "subtle": "Subtle"}[questions[-1]["level"]]
        assert page.locator("#quiz-progress").text_content() == (
            f"Question {number} of {len(plan)} · Difficulty: {level}"
        )
        truth = speaker_of(live_server, questions[-1]["prompt"])
        selector = f'[data-choice="{truth}"]' if right else f':not([data-choice="{truth}"])'
        page.locator(f"#quiz-choices button{selector}").first.click()
        page.locator("#quiz-feedback .verdict").wait_for()
        page.locator("#quiz-next").click()
    page.locator("#quiz-summary").wait_for(state="visible")


def test_review_screen_due_count_and_review(live_server, open_page):
    watched = open_page()
    page = watched.page
    questions = record_frames(page, "quiz.question")
    summaries = record_frames(page, "quiz.summary")
    join(page, live_server.url, "Esme", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [True, False, True])

    # The review screen: every question, the answer given, the right one, the source.
    items = page.locator("#quiz-review > li")
    assert items.count() == 3
    assert [items.nth(i).get_attribute("class") for i in range(3)] == [
        "review-item is-right",
        "review-item is-wrong",
        "review-item is-right",
    ]
    missed = questions[1]
    truth = speaker_of(live_server, missed["prompt"])
    names = {"kissinger": "Henry Kissinger", "dobrynin": "Anatoly Dobrynin"}
    wrong = items.nth(1)
    assert missed["prompt"]["text"] in wrong.locator("q").text_content()
    assert wrong.locator(".answer-line").nth(1).text_content() == f"Right answer: {names[truth]}"
    other = ({"kissinger", "dobrynin"} - {truth}).pop()
    assert wrong.locator(".answer-line").first.text_content() == (
        f"✗ Wrong. Your answer: {names[other]}"  # "Wrong." heard, not seen
    )
    link = wrong.locator(".citation a")
    assert link.get_attribute("href").endswith(missed["prompt"]["document"])
    assert wrong.get_attribute("data-item") == missed["item"]
    # The miss is due at once: the badge on the Quiz tab and the Review choice say so.
    assert page.locator("#due-badge").text_content() == "1 due"
    assert page.locator("#due-count").text_content() == "1"
    assert page.locator("#quiz-due-after").text_content() == (
        "1 item due for review — under “Take another quiz”, choose “Review” to go over it."
    )
    screenshot(page, "student-quiz-review")

    # A review asks the missed item; answered right, nothing is due any more.
    page.get_by_role("button", name="Take another quiz").click()
    page.get_by_label("Review").check()
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 1").wait_for()
    heard(page, questions, 3)  # the quiz's three, then the review's one
    assert questions[-1]["item"] == missed["item"]
    page.locator(f'#quiz-choices button[data-choice="{truth}"]').click()
    page.locator("#quiz-next").click()
    page.locator("#quiz-summary-title", has_text="Review — complete").wait_for()
    assert page.locator("#due-badge").is_hidden()
    # Nothing is due now, but the items answered right once are due again 10 minutes after
    # their answers: the summary says when ("Nothing is due" alone read as done for the day),
    # and so does Review started before then.
    next_due = heard(page, summaries, 1)["next_due"]  # the review's, after the quiz's
    wait = (datetime.fromisoformat(next_due) - datetime.now(UTC)).total_seconds() / 60
    assert 9 < wait <= 10  # the first quiz's right answers, seconds ago
    minutes = ("in 9 minutes", "in 10 minutes")
    assert page.locator("#quiz-due-after").text_content() in [
        f"Nothing is due for review right now; the next review is due {m}." for m in minutes
    ]
    page.get_by_role("button", name="Take another quiz").click()
    page.get_by_label("Review").check()
    page.get_by_role("button", name="Start quiz").click()
    error = page.locator("#quiz-error", has_text="Nothing is due")
    error.wait_for()
    assert error.text_content() in [
        f"Nothing is due for review yet: the next review is due {m}. Review asks again the "
        "items you missed and those whose review date has come; until then, a “Who said it?” "
        "or “What came next?” quiz asks you more lines."
        for m in minutes
    ]
    # Progress counts 4 answers (the chart's key too) on 3 items, and says which is which.
    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-chart .legend li").first.wait_for()
    assert page.locator("#progress-status").text_content() == (
        "3 of 4 answers right so far, on 3 items: an item asked again counts as an answer "
        "each time."
    )
    assert page.locator("#progress-seen").text_content() == "3"
    legend = page.locator("#progress-chart .legend li").all_text_contents()
    tallies = [re.search(r": (\d+) of (\d+) right \(\d+%\)$", text) for text in legend]
    assert sum(int(t[2]) for t in tallies) == 4 and sum(int(t[1]) for t in tallies) == 3
    assert watched.errors == []


def test_the_learner_is_remembered_by_the_page(live_server, open_page):
    page = open_page().page
    questions = record_frames(page, "quiz.question")
    welcomes = record_frames(page, "welcome")
    join(page, live_server.url, "Farid", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [False, False])
    page.get_by_role("button", name="Leave session").click()
    join(page, live_server.url, "Farid", live_server.class_code)  # a new session, same learner
    page.locator("#due-badge", has_text="2 due").wait_for()
    heard(page, welcomes, 1)  # the second join's
    assert welcomes[-1]["session"] != welcomes[0]["session"]
    assert welcomes[-1]["student"] == "Farid" and welcomes[-1]["due"] == 2


def test_progress_chart_and_anki_decks(live_server, open_page, tmp_path: Path):
    watched = open_page()
    page = watched.page
    questions = record_frames(page, "quiz.question")
    join(page, live_server.url, "Gita", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [False, True, False, True])

    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-chart svg.chart").wait_for()
    # a figure named for what it charts (with nothing to chart it is none: test_progress_tab)
    chart = page.locator("#progress-chart")
    assert heard_role(page, chart) == "figure"
    assert heard_name(page, chart) == "Accuracy by volume over time"
    assert page.locator("#progress-status").text_content() == "2 of 4 answers right so far."
    assert page.locator("#progress-seen").text_content() == "4"
    assert page.locator("#progress-due").text_content() == "2"
    volumes = {q["prompt"]["document"].split("/")[0] for q in questions}
    series = page.locator("#progress-chart polyline.series")
    assert series.count() == len(volumes)
    assert {series.nth(i).get_attribute("data-volume") for i in range(series.count())} == volumes
    assert page.locator("#progress-chart .point").count() == len(volumes)  # one day
    assert page.locator("#progress-chart .legend li").count() == len(volumes)
    screenshot(page, "student-progress")

    # The missed items as an Anki deck: a zip holding a collection with one note per miss.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my missed items").click()
    notes = anki_notes(download.value.path(), tmp_path / "missed")
    assert len(notes) == 2
    for question in (questions[0], questions[2]):  # the two missed
        quoted = carded(question["prompt"]["text"], question["prompt"]["editorial"])
        # the line before, unattributed, where the question showed it
        before = "".join(
            '<p class="before"><span class="ask">The line before:</span> '
            f"“{carded(line['clean_text'], line['editorial'])}”</p>"
            for line in question["context"]
        )
        front = f'<p class="ask">Who said this?</p>{before}<p>“{quoted}”</p>'
        (fields,) = [f for f in notes if f[0] == front]
        assert fields[3].endswith(question["prompt"]["document"])
        number = question["prompt"]["document"].split("/d")[1]
        assert f", doc. {number}" in fields[2]  # the citation (pages, when printed; source)

    # The conversations to take away in the record's order, by volume then document number
    # ("doc. 63" before "doc. 161"), under each volume's name.
    listing = [d for d in live_server.get_json("/api/documents") if d["dialogue"]]
    menu = page.locator("#progress-deck-doc")
    assert menu.locator("option").evaluate_all("os => os.map(o => o.value)") == [
        "frus1969-76v12/d188",
        "frus1969-76v13/d63",
        "frus1969-76v13/d161",
        "frus1969-76v25/d172",
        "frus1969-76v32/d143",
        "frus1969-76v39/d107",
    ]
    titles = {d["id"].split("/")[0]: d["volume_title"] for d in listing}
    groups = menu.locator("optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert groups == [
        f"vol. {roman}, {titles[volume]}"
        for roman, volume in [
            ("XII", "frus1969-76v12"),
            ("XIII", "frus1969-76v13"),
            ("XXV", "frus1969-76v25"),
            ("XXXII", "frus1969-76v32"),
            ("XXXIX", "frus1969-76v39"),
        ]
    ]
    # Each option ends with the conversation's topic line, the project's words: the menu says
    # so (it said nothing, and an option cannot carry the "our summary" badge).
    assert menu.get_attribute("aria-describedby") == "progress-deck-help"
    assert " ".join(page.locator("#progress-deck-help").text_content().split()) == (
        "After each document’s number and date, the topic line marked “our summary” is ours, "
        "not words of the record; the deck’s cards hold the record’s own words, cited."
    )
    seed = next(d for d in listing if d["id"] == "frus1969-76v39/d107")
    assert seed["date"] is None  # as most of the record: no dateline printed
    assert menu.locator('option[value="frus1969-76v39/d107"]').text_content() == (
        f"vol. XXXIX, doc. 107 · our summary: {seed['topic']} (56 lines)"
    )

    # A whole conversation: one card per exchange, each with its citation and link.
    menu.select_option("frus1969-76v39/d107")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this conversation").click()
    notes = anki_notes(download.value.path(), tmp_path / "conversation")
    record = live_server.get_json("/api/documents/frus1969-76v39/d107")
    assert len(notes) > 20
    opening = html.escape(record["turns"][0]["clean_text"])
    assert any(fields[0].endswith(f"{opening}</p>") for fields in notes)
    assert all(fields[3] == SEED_URL for fields in notes)
    assert watched.errors == []


def carded(text: str, spans: list[dict]) -> str:
    """A quiz line as its card quotes it: escaped, each editors' mark the question frame sent
    beside it wrapped as theirs (the quiz draws its lines at random, so some hold one)."""
    out, at = [], 0
    for span in spans:
        out += [html.escape(text[at : span["start"]]), '<span class="editorial">']
        out += [html.escape(span["text"]), "</span>"]
        at = span["end"]
    return "".join([*out, html.escape(text[at:])])


def anki_notes(apkg: Path, where: Path) -> list[list[str]]:
    where.mkdir()
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", where)
    db = sqlite3.connect(where / "collection.anki2")
    try:
        return [row[0].split("\x1f") for row in db.execute("SELECT flds FROM notes ORDER BY id")]
    finally:
        db.close()


def _draw_accuracy_chart(page, base_url: str, days: list, *, answered: int, correct: int):
    """The learner's accuracy chart and its legend for two volumes with the same ``days``,
    drawn by the page's own module on an otherwise empty page."""
    volumes = [
        {"volume": v, "title": t, "answered": answered, "correct": correct, "days": days}
        for v, t in (("frus1969-76v12", "Soviet Union, 1969–1970"), ("frus1969-76v39", "MBFR"))
    ]
    page.goto(base_url + "/")
    page.evaluate(
        """async (volumes) => {
          const { accuracyChart, chartLegend } = await import("/js/progress.js");
          document.querySelector("#main").prepend(accuracyChart(volumes), chartLegend(volumes));
        }""",
        volumes,
    )
    return page


def test_two_volumes_equal_on_a_day_are_both_seen(live_server, open_page):
    # Two volumes with the same figures on both days, as GET /api/learner gives them.
    days = [
        {"date": "2026-11-30", "answered": 4, "correct": 2},
        {"date": "2026-12-01", "answered": 2, "correct": 2},
    ]
    page = _draw_accuracy_chart(open_page().page, live_server.url, days, answered=6, correct=4)
    points = page.locator("svg.chart .point")
    assert points.count() == 4
    boxes = [points.nth(i).bounding_box() for i in range(4)]
    for day in range(2):
        first, second = boxes[day], boxes[day + 2]
        assert first != second, f"day {day}: one volume's dot lies exactly over the other's"
        apart = abs(first["x"] - second["x"])
        assert apart >= first["width"], f"day {day}: the dots overlap ({apart:.1f} px apart)"
    # Each dot is the topmost thing at its own centre (seen, not covered), and says what it is.
    for i, box in enumerate(boxes):
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert page.evaluate(
            "([i, x, y]) => document.elementFromPoint(x, y) ==="
            " document.querySelectorAll('svg.chart .point')[i]",
            [i, *centre],
        ), f"dot {i} is covered"
    titles = [points.nth(i).locator("title").text_content() for i in range(4)]
    assert titles == [
        "Soviet Union, 1969–1970, 2026-11-30: 2 of 4 right",
        "Soviet Union, 1969–1970, 2026-12-01: 2 of 2 right",
        "MBFR, 2026-11-30: 2 of 4 right",
        "MBFR, 2026-12-01: 2 of 2 right",
    ]
    # Told apart without colour too: each volume's dots have their own shape, as in the legend.
    shapes = [points.nth(i).get_attribute("data-shape") for i in range(4)]
    assert shapes[0] == shapes[1] != shapes[2] == shapes[3]
    keys = page.locator(".legend li [data-shape]")
    assert [keys.nth(i).get_attribute("data-shape") for i in range(2)] == [shapes[0], shapes[2]]
    # Each volume named by its number first, as the citations give it.
    assert page.locator(".legend li").all_text_contents() == [
        "vol. XII, Soviet Union, 1969–1970: 4 of 6 right (67%)",
        "vol. XXXIX, MBFR: 4 of 6 right (67%)",
    ]


def test_accuracy_chart_is_readable_on_a_phone(live_server, open_page):
    # Three weeks of quizzes in two volumes, as GET /api/learner gives them.
    days = [
        {"date": f"2026-11-{day:02d}", "answered": 4, "correct": day % 5} for day in range(10, 31)
    ]
    page = _draw_accuracy_chart(
        open_page(width=390, height=844).page, live_server.url, days, answered=84, correct=40
    )
    drawn = assert_chart_readable(page, "svg.chart")
    days_shown = [t["text"] for t in drawn["texts"] if "%" not in t["text"]]
    assert days_shown[0] == "Nov. 10" and days_shown[-1] == "Nov. 30"  # the first and the last day
    assert page.locator("svg.chart .point").count() == 2 * len(days)  # every day still drawn
    screenshot(page, "student-progress-phone", full_page=False)


def test_a_short_review_and_learned_are_said_truthfully(live_server, open_page):
    """Practising alone, on a phone and a laptop: a review of the one item due said "you asked
    for 5" when the learner had left the field's 5 alone, and "Learned 0" after a right answer
    said nothing of why. Learned is FSRS's (server/review.py learned): a new item answered
    right once is still in its learning steps, due again 10 minutes later."""
    for width, height, name in ((390, 844, "Ines"), (1280, 900, "Joss")):
        watched = open_page(width, height)
        page = watched.page
        questions = record_frames(page, "quiz.question")
        join(page, live_server.url, name, "")
        # five questions, as the field comes (take_who_said_quiz types the 5 it holds)
        take_who_said_quiz(page, live_server, questions, [False, True, True, True, True])
        page.get_by_role("button", name="Take another quiz").click()
        page.get_by_label("Review").check()
        assert page.get_by_label("Number of questions").input_value() == "1"  # the one due
        page.get_by_role("button", name="Start quiz").click()
        page.locator("#quiz-progress", has_text="Question 1 of 1").wait_for()
        assert page.locator("#quiz-short").is_hidden()
        heard(page, questions, 5)  # the quiz's five, then the review's one
        truth = speaker_of(live_server, questions[-1]["prompt"])
        page.locator(f'#quiz-choices button[data-choice="{truth}"]').click()
        page.locator("#quiz-next").click()
        page.locator("#quiz-summary").wait_for(state="visible")

        # Five items answered right once each (one after its miss): none learned yet.
        page.get_by_role("button", name="Progress").click()
        page.locator("#progress-chart svg.chart").wait_for()
        assert page.locator("#progress-learned").text_content() == "0"
        # none due, and when the next review is: "Due for review 0" read as done for the day
        assert page.locator("#progress-due").text_content() == "0"
        assert page.locator("#progress-next").text_content() in [
            f"Nothing is due for review now; the next review is due in {m} minutes."
            for m in (9, 10)
        ]
        hint = page.locator("#progress-learned-help")
        assert hint.is_visible()
        assert hint.inner_text() == (
            "Learned counts the items you have answered right twice in a row (or, for one "
            "learned before and then missed, right once since). A new item answered right once "
            "is still being learned: it is due for review again 10 minutes later."
        )
        assert page.evaluate("document.documentElement.scrollWidth") == width
        assert watched.errors == []


def test_review_asks_as_many_as_are_due(live_server, open_page):
    """After a quiz of 3 with 2 missed, choosing Review left the field at the quiz's 3: the
    review then said "Only 2 items are due for review; you asked for 3." of a number the
    learner had typed for another quiz (and after a quiz of fewer than were due, asked only
    that many of them). Review's count is the number due; the quizzes get theirs back."""
    watched = open_page(390, 844)
    page = watched.page
    questions = record_frames(page, "quiz.question")
    join(page, live_server.url, "Kit", "")
    take_who_said_quiz(page, live_server, questions, [False, False, True])
    page.get_by_role("button", name="Take another quiz").click()
    field = page.get_by_label("Number of questions")
    assert field.input_value() == "3"
    page.get_by_label("Review").check()
    assert field.input_value() == "2"
    page.get_by_label("Who said it?").check()
    assert field.input_value() == "3"  # the quiz's count, as the learner typed it
    page.get_by_label("Review").check()
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 2").wait_for()
    # no difficulty in a review: none was chosen ("· Subtle" there meant nothing)
    assert page.locator("#quiz-progress").text_content() == "Question 1 of 2"
    assert page.locator("#quiz-short").is_hidden()
    heard(page, questions, 3)  # the quiz's three, then the review's first
    assert [q["item"] for q in questions[-1:]] == [questions[1]["item"]]  # the latest miss first
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    assert watched.errors == []


def test_leaving_says_the_progress_stays_and_how_to_come_back(live_server, open_page):
    """Leave emptied the page back to the join form with not a word: a learner practising
    alone read it as the end of their quizzes and reviews, and came back under another
    spelling (a new learner, nothing due). The form says what stays and what to type; a
    class's student is told their class code."""
    for width, height, name, code in ((390, 844, "Uma", ""), (1280, 900, "Vera", None)):
        code = live_server.class_code if code is None else code
        page = open_page(width, height).page
        questions = record_frames(page, "quiz.question")
        join(page, live_server.url, name, code)
        assert page.locator("#join-left").is_hidden()
        take_who_said_quiz(page, live_server, questions, [False])
        page.get_by_role("button", name="Leave session").click()
        left = page.locator("#join-left")
        assert left.is_visible()
        where = f"the class code {code}." if code else "no class code."
        assert left.text_content() == (
            "You left the session; your quiz progress and reviews are kept. To carry on with "
            f"them, join again from this browser with the same name and {where}"
        )
        assert page.locator("#join-name-help").inner_text() == (
            "Use the same name each time: this browser finds your progress again by it."
        )
        assert page.evaluate("document.documentElement.scrollWidth") == width
        join(page, live_server.url, name.lower(), code)  # as they said: the same learner
        page.locator("#due-badge", has_text="1 due").wait_for()
        assert left.is_hidden()
