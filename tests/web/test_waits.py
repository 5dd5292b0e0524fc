"""The browser tests' ``wait_for`` (tests/web/waits.py): made of 2 s waits, it still waits its
whole timeout for what comes late, and still fails, naming that timeout, on what never comes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Shown 2.3 s after the page is given it: after the first 2 s wait of a longer one has ended.
LATE = """setTimeout(() => {
  const late = document.createElement("p");
  late.id = "late";
  late.textContent = "late";
  document.body.append(late);
}, 2300)"""


def test_a_wait_goes_on_past_its_first_slice_for_what_comes_late(open_page) -> None:
    assert Locator.wait_for.__module__ == "tests.web.waits"  # the one every browser test calls
    page = open_page().page
    page.set_content("<p id='here'>here</p>")
    page.locator("#here").wait_for()
    page.evaluate(LATE)
    page.locator("#late").wait_for(timeout=10_000)
    assert page.locator("#late").text_content() == "late"


def test_a_wait_for_what_never_comes_fails_after_its_whole_timeout(open_page) -> None:
    page = open_page().page
    page.set_content("<p id='here'>here</p>")
    with pytest.raises(PlaywrightTimeout, match=r"^Locator.wait_for: Timeout 2300ms exceeded"):
        page.locator("#never").wait_for(timeout=2_300)
    with pytest.raises(PlaywrightTimeout, match="Timeout 2300ms exceeded"):
        page.locator("#here").wait_for(state="detached", timeout=2_300)
