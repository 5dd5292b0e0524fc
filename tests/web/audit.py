"""axe-core, Deque's accessibility engine, run on a page as it stands in the browser.

The engine is the ``axe.min.js`` that the PyPI package ``axe-playwright-python`` ships: it is
evaluated in the page through the DevTools protocol (the pages' Content Security Policy allows
no script of another origin, and this needs none), so nothing is fetched, at install or at run
time. A test calls ``violations`` in each state a student or instructor reaches, since most of
what is checked (names, contrast, live regions) exists only once the page has drawn it.
"""

from __future__ import annotations

import json

from axe_playwright_python.sync_playwright import Axe

# What schools must meet (WCAG 2.1 A and AA), and axe's best practices, where its rules on
# landmarks, heading order and regions live (they are not WCAG success criteria of their own).
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

_AXE = Axe()
_OPTIONS = {"runOnly": {"type": "tag", "values": RULE_TAGS}, "resultTypes": ["violations"]}


def violations(page) -> list[str]:
    """Each node that breaks a rule, as ``rule-id (impact) TARGET: HTML — what to fix``.

    One line per node, so a failing test names every element to fix, not only the rule.
    The engine is evaluated in a document once (a reload or a new page needs it again), not
    before each audit as ``Axe.run`` does: 550 KB of script sent and compiled again for
    each state of the same page.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_AXE.axe_script)
    found = page.evaluate(f"axe.run({json.dumps(_OPTIONS)})")["violations"]
    return [
        f"{rule['id']} ({rule['impact']}) {' '.join(node['target'])}: {node['html'][:200]}"
        f" — {' '.join(node['failureSummary'].split())}"
        for rule in found
        for node in rule["nodes"]
    ]


def assert_accessible(page, state: str) -> None:
    """No node of the page in ``state`` (what the person has just done) breaks a rule."""
    found = violations(page)
    assert found == [], f"{state}: {len(found)} violation(s)\n" + "\n".join(found)


# Each stacked bar's drawn parts in the chart ``selector`` (two rects per bar, in order): its
# class, its computed fill, the colour of the first ancestor with a background (what shows
# around the bar) and the fill of the other part of its bar when that one is drawn too.
_BAR_PARTS = """(selector) => {
  const chart = document.querySelector(selector);
  let box = chart.parentElement;
  while (getComputedStyle(box).backgroundColor === "rgba(0, 0, 0, 0)") box = box.parentElement;
  const background = getComputedStyle(box).backgroundColor;
  const rects = [...chart.querySelectorAll("rect")];
  const drawn = (r) => Number(r.getAttribute("width")) > 0;
  return rects.flatMap((r, i) => {
    if (!drawn(r)) return [];
    const other = rects[i % 2 ? i - 1 : i + 1];
    return [{ part: r.getAttribute("class"), fill: getComputedStyle(r).fill, background,
              beside: drawn(other) ? getComputedStyle(other).fill : null }];
  });
}"""


def _luminance(rgb: str) -> float:
    """WCAG's relative luminance of a computed colour, ``rgb(22, 54, 86)``."""
    channels = [int(part) / 255 for part in rgb.removeprefix("rgb(").rstrip(")").split(",")]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two computed colours (1 to 21)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def bar_contrasts(page, selector: str) -> list[tuple[str, str, float, float | None]]:
    """Each drawn part of the chart's stacked bars: its class, its fill, its contrast against
    the background around it and against the other part of its bar (None when that one is not
    drawn), rounded to 0.01. axe-core checks text only; WCAG 1.4.11 asks 3:1 of both for a
    mark that carries meaning."""
    return [
        (
            p["part"],
            p["fill"],
            round(contrast(p["fill"], p["background"]), 2),
            round(contrast(p["fill"], p["beside"]), 2) if p["beside"] else None,
        )
        for p in page.evaluate(_BAR_PARTS, selector)
    ]
