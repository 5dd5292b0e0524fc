"""The pages' scripts keep the house's module size, so each can be read whole."""

from __future__ import annotations

from pathlib import Path

WEB_JS = Path(__file__).resolve().parents[1] / "web" / "js"


def test_every_page_script_is_under_400_lines():
    sizes = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in WEB_JS.glob("*.js")
    }
    assert sizes, f"no scripts found in {WEB_JS}"
    assert {name: n for name, n in sizes.items() if n >= 400} == {}
