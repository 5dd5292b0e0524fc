"""What a chart must be at a phone's width: on the screen, and its words big enough to read."""

from __future__ import annotations

SMALLEST = 10  # CSS pixels: the smallest text a chart may draw

# Each of the chart's words as drawn: its font size times the chart's scale on the screen, and
# its box (an SVG 640 units wide shown 342 pixels wide draws 12 px labels at 6 px).
_DRAWN = """svg => {
  const box = svg.getBoundingClientRect();
  return {
    chart: [box.left, box.right],
    viewBox: svg.viewBox.baseVal.width,
    page: document.scrollingElement.scrollWidth,
    texts: [...svg.querySelectorAll("text")].map((t) => {
      const r = t.getBoundingClientRect();
      return {
        text: t.textContent,
        px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
        box: [r.left, r.top, r.right, r.bottom],
      };
    }),
  };
}"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def assert_chart_readable(page, selector: str) -> dict:
    """The chart fits the viewport, each of its words is drawn at least SMALLEST pixels high,
    inside the chart and over no other word. Returns what was measured."""
    width = page.viewport_size["width"]
    drawn = page.locator(selector).evaluate(_DRAWN)
    assert drawn["page"] <= width, f"the page scrolls sideways: {drawn['page']} > {width}"
    left, right = drawn["chart"]
    assert left >= 0 and right <= width, f"the chart is off the screen: {drawn['chart']}"
    texts = drawn["texts"]
    assert texts, "the chart has no words"
    for t in texts:
        assert t["px"] >= SMALLEST, f"{t['text']!r} is drawn at {t['px']:.1f} px"
        assert left - 0.5 <= t["box"][0] and t["box"][2] <= right + 0.5, f"{t['text']!r} is cut off"
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            assert not _overlap(a["box"], b["box"]), f"{a['text']!r} overlaps {b['text']!r}"
    return drawn
