"""What a screen reader is given: an element as Chromium's own accessibility tree has it.

Playwright's ``aria_snapshot`` computes names in the test's own script; these read the tree
Chromium builds for assistive technology (the DevTools protocol's Accessibility domain), CSS
generated text and its alternative included.
"""

from __future__ import annotations

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
