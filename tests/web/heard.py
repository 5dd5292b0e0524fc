"""What a screen reader is given: an element as Chromium's own accessibility tree has it.

Playwright's ``aria_snapshot`` computes names in the test's own script; these read the tree
Chromium builds for assistive technology (the DevTools protocol's Accessibility domain), CSS
generated text and its alternative included.
"""

from __future__ import annotations

import json
import re


def _node(page, locator) -> tuple[dict, dict[str, dict]]:
    """The accessibility node of ``locator``'s element, and every node of the page by id."""
    cdp = page.context.new_cdp_session(page)
    try:
        locator.evaluate("(node) => node.setAttribute('data-heard', '')")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-heard]"})
        backend = cdp.send("DOM.describeNode", {"nodeId": found["nodeId"]})["node"]["backendNodeId"]
        tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        locator.evaluate("(node) => node.removeAttribute('data-heard')")
        cdp.detach()
    nodes = {n["nodeId"]: n for n in tree}
    mine = [n for n in tree if n.get("backendDOMNodeId") == backend]
    assert len(mine) == 1, f"{len(mine)} accessibility nodes for {locator}"
    return mine[0], nodes


def heard_name(page, locator) -> str:
    """The accessible name Chromium gives ``locator``'s element (a button's, a heading's)."""
    node, _ = _node(page, locator)
    return str(node.get("name", {}).get("value", ""))


def heard_role(page, locator) -> str:
    """The role Chromium gives ``locator``'s element ("figure", "generic", "status")."""
    node, _ = _node(page, locator)
    return str(node.get("role", {}).get("value", ""))


def heard_text(page, locator) -> str:
    """The text a screen reader reads inside ``locator``'s element, in order: each piece of
    text Chromium exposes in it, one space between them."""
    node, nodes = _node(page, locator)
    pieces: list[str] = []

    def walk(n: dict) -> None:
        for child_id in n.get("childIds", []):
            child = nodes.get(child_id)
            if child is None:
                continue
            if child["role"]["value"] == "StaticText" and not child["ignored"]:
                pieces.append(str(child.get("name", {}).get("value", "")))
            else:
                walk(child)

    walk(node)
    return re.sub(r"\s+", " ", " ".join(p.strip() for p in pieces if p.strip()))


def heard_description(page, locator) -> str:
    """The accessible description Chromium gives ``locator``'s element: what a screen reader
    says after its name and role when it is focused."""
    node, _ = _node(page, locator)
    return str(node.get("description", {}).get("value", ""))


# Each line the announcer gives a live region, in order, kept in window.heard.
_WATCH = """(region) => {
  window.heard = [];
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.id !== region) continue;
      for (const node of r.addedNodes) window.heard.push(node.textContent);
    }
  }).observe(document, { subtree: true, childList: true });
}"""


def watch_announced(page, region: str, *, from_next_load: bool = False) -> None:
    """From now on, keep each line the page's announcer puts in the live region ``region`` (an
    element id: "rp-heard", "quiz-heard"); :func:`announced` lists them. ``from_next_load``:
    watch each page loaded from now on instead, from before its own scripts run (what a
    reload says)."""
    if from_next_load:
        page.add_init_script(f"({_WATCH})({json.dumps(region)});")
    else:
        page.evaluate(_WATCH, region)


def announced(page) -> list[str]:
    """The lines given the watched live region so far, in order."""
    return page.evaluate("window.heard")
