"""The Progress chart's days are the learner's own: counted in UTC, an evening's answers in
the Americas fell on the next day, beside that day's own, and a learner who studied on
Monday evening and Tuesday at noon saw one day, "11-24"."""

from __future__ import annotations

import sqlite3

from tests.web.flows import join
from tests.web.test_selfstudy import record_frames, take_who_said_quiz

# Monday 23 November, 7:30 PM, and Tuesday, noon, in Los Angeles
TIMES = ["2026-11-24T03:30:00.000Z", "2026-11-24T20:00:00.000Z"]
DAYS = """[...document.querySelectorAll('#progress-chart svg.chart text.axis')]
  .map((t) => t.textContent).filter((t) => !t.endsWith('%'))"""
POINTS = """[...document.querySelectorAll('#progress-chart svg.chart .point title')]
  .map((t) => t.textContent.split(', ').pop())"""


def test_the_progress_chart_counts_the_learners_own_days(live_server, browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="America/Los_Angeles"
    )
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        questions = record_frames(page, "quiz.question")
        join(page, live_server.url, "Tomas Reyes", live_server.class_code)
        take_who_said_quiz(page, live_server, questions, [True, False])
        with sqlite3.connect(live_server.database) as db:
            rows = db.execute(
                "SELECT rowid FROM answers WHERE learner_id = "
                "(SELECT id FROM students WHERE name = 'Tomas Reyes') ORDER BY rowid"
            ).fetchall()
            assert len(rows) == 2
            for (rowid,), at in zip(rows, TIMES, strict=True):
                db.execute("UPDATE answers SET at = ? WHERE rowid = ?", (at, rowid))

        page.get_by_role("button", name="Progress").click()
        page.locator("#progress-chart svg.chart").wait_for()
        assert page.evaluate(DAYS) == ["Nov. 23", "Nov. 24"]
        assert sorted(page.evaluate(POINTS)) == [
            "2026-11-23: 1 of 1 right",
            "2026-11-24: 0 of 1 right",
        ]
        assert errors == []
    finally:
        context.close()
