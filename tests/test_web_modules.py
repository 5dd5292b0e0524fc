"""The pages' scripts and stylesheets keep the house's module size, so each can be read whole."""

from __future__ import annotations

import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[1] / "web"
WEB_JS = WEB / "js"


def test_every_page_script_is_under_400_lines():
    sizes = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in WEB_JS.glob("*.js")
    }
    assert sizes, f"no scripts found in {WEB_JS}"
    assert {name: n for name, n in sizes.items() if n >= 400} == {}


def test_every_stylesheet_is_under_400_lines_and_linked_by_every_page_in_one_order():
    sheets = sorted(p.name for p in (WEB / "css").glob("*.css"))
    sizes = {
        name: len((WEB / "css" / name).read_text(encoding="utf-8").splitlines()) for name in sheets
    }
    assert {name: n for name, n in sizes.items() if n >= 400} == {}
    shared = ["style", "roleplay", "quiz", "tables", "progress", "phones"]
    for page, own in (("index.html", []), ("record.html", []), ("instructor.html", ["instructor"])):
        html = (WEB / page).read_text(encoding="utf-8")
        linked = re.findall(r'<link rel="stylesheet" href="css/([\w-]+)\.css">', html)
        assert linked == shared + own, page
    assert sheets == sorted(f"{name}.css" for name in [*shared, "instructor"])
