"""axe-core, Deque's accessibility engine, run on a page as it stands in the browser.

The engine is the ``axe.min.js`` that the PyPI package ``axe-playwright-python`` ships: it is
evaluated in the page through the DevTools protocol (the pages' Content Security Policy allows
no script of another origin, and this needs none), so nothing is fetched, at install or at run
time. A test calls ``violations`` in each state a student or instructor reaches, since most of
what is checked (names, contrast, live regions) exists only once the page has drawn it.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

# What schools must meet (WCAG 2.1 A and AA), and axe's best practices, where its rules on
# landmarks, heading order and regions live (they are not WCAG success criteria of their own).
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

_AXE = Axe()
_OPTIONS = {"runOnly": {"type": "tag", "values": RULE_TAGS}, "resultTypes": ["violations"]}


def violations(page) -> list[str]:
    """Each node that breaks a rule, as ``rule-id (impact) TARGET: HTML — what to fix``.

    One line per node, so a failing test names every element to fix, not only the rule.
    """
    found = _AXE.run(page, options=_OPTIONS).response["violations"]
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
