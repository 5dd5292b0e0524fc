"""A token the server refuses says what to do about it: "Check it and sign in again" left a
teacher who had lost the token, or whose token had been replaced by `backchannel instructor
token`, with nothing to check and no way back in."""

from __future__ import annotations

from tests.served import _cli
from tests.web.flows import open_class

REFUSED = (
    "The token was not accepted. Paste it whole, as it was printed; if it is lost or a newer "
    'one was printed since, `backchannel instructor token "YOUR NAME"` on the server prints a '
    "new one."
)


def test_a_token_replaced_since_signing_in_is_refused_saying_how_to_get_a_new_one(
    live_server, classroom, open_page
):
    token = classroom.teacher("Dr. Vega", "GEO150")
    page = open_page().page
    open_class(page, live_server.url, token, "GEO150")

    replaced = _cli(
        "instructor", "token", "Dr. Vega", "--data", str(live_server.data), env=live_server.env
    )
    assert replaced.returncode == 0, replaced.stderr
    # Refresh reads with the old token; a read the page made by itself may have been refused
    # first (the page then signed out): clicked from the script, whether shown or not
    page.evaluate("document.querySelector('#refresh').click()")

    error = page.locator("#sign-in-error")
    error.wait_for(state="visible")
    assert error.text_content() == REFUSED  # was "… Check it and sign in again."
    assert page.locator("#dashboard").is_hidden()
    assert page.evaluate("document.activeElement.id") == "token"
