"""The Progress chart's days say their year when it is not plain: labelled "12-30" then
"01-02", a learner's days over New Year read as a week running backwards, and "11-30" of last
year as this year's. Now, over more than one year or in another year than this one, each label
is the whole date, and the last still lies inside the chart. A day is written as the pages
write dates ("Dec. 5"): "12-05" read as 12 May to a learner who writes the day first."""

from __future__ import annotations

from itertools import pairwise

from tests.web.test_selfstudy import _draw_accuracy_chart

LABELS = """[...document.querySelectorAll('svg.chart text.axis')]
  .map((t) => t.textContent).filter((t) => !t.endsWith('%'))"""
# how far each day's label reaches past the chart's right edge (px; 0 or less: inside it)
OVER = """(() => {
  const chart = document.querySelector('svg.chart').getBoundingClientRect();
  return Math.max(...[...document.querySelectorAll('svg.chart text.axis')]
    .map((t) => t.getBoundingClientRect().right - chart.right));
})()"""


def _days(*dates: str) -> list[dict]:
    return [{"date": d, "answered": 2, "correct": 1} for d in dates]


def test_the_chart_s_days_say_their_year_when_it_is_not_this_one(live_server, open_page):
    page = open_page().page
    page.clock.set_fixed_time("2026-12-05T12:00:00Z")  # "this year" is 2026 whenever it runs
    cases = [
        (_days("2026-11-30", "2026-12-01"), ["Nov. 30", "Dec. 1"]),
        (_days("2025-12-30", "2026-01-02"), ["Dec. 30, 2025", "Jan. 2, 2026"]),
        (_days("2025-11-30", "2025-12-01"), ["Nov. 30, 2025", "Dec. 1, 2025"]),
    ]
    for days, labels in cases:
        _draw_accuracy_chart(page, live_server.url, days, answered=4, correct=2)
        assert page.evaluate(LABELS) == labels
        assert page.evaluate(OVER) <= 0
    # many days over two years: as many whole dates as fit, none over another
    many = [f"2025-12-{d:02d}" for d in range(10, 32)] + [f"2026-01-{d:02d}" for d in range(1, 9)]
    _draw_accuracy_chart(page, live_server.url, _days(*many), answered=60, correct=30)
    shown = page.evaluate(LABELS)
    assert shown[0] == "Dec. 10, 2025" and shown[-1] == "Jan. 8, 2026" and len(shown) >= 4
    boxes = page.evaluate(
        """[...document.querySelectorAll('svg.chart text.axis')]
          .filter((t) => !t.textContent.endsWith('%'))
          .map((t) => [t.getBoundingClientRect().left, t.getBoundingClientRect().right])"""
    )
    assert all(a[1] <= b[0] for a, b in pairwise(boxes))
    assert page.evaluate(OVER) <= 0
