"""A session's saved state cut off half-written (the sessions table's ``state``): the
instructor's transcript of it answered 500 ("No transcript to show"), and the student's page,
reloaded, was told only "The server failed on this message". Now the transcript shows the
session with the report (which session, what is wrong, how to fix it) and the state as stored,
verbatim; the student is told why the session cannot be resumed and joins anew.

The class is a new instructor's own (UNS190), so the other browser tests' classes are untouched.
"""

from __future__ import annotations

import sqlite3

from tests.web.flows import SEED_LINE, open_class

CLASS = "UNS190"
HALF = '{"activity": {"kind": "roleplay", "as": "kiss'
NOT_JSON = (
    "its data is not valid JSON (Unterminated string starting at: line 1 column 41 (char 40))"
)


def test_a_session_whose_state_is_unreadable_is_shown_and_not_resumed(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Adjoa Sarpong", CLASS)
    student = classroom.student("Esi", CLASS, SEED_LINE)
    with sqlite3.connect(live_server.database) as db:
        (session,) = db.execute(
            "SELECT s.id FROM sessions s JOIN students st ON st.id = s.student_id "
            "WHERE st.class_code = ?",
            (CLASS,),
        ).fetchone()
        db.execute("UPDATE sessions SET state = ? WHERE id = ?", (HALF, session))

    student.reload()
    error = student.locator("#join-error")
    error.wait_for(state="visible")
    assert error.text_content() == (
        f"Your session {session} cannot be resumed: its saved state could not be read "
        f"({NOT_JSON}). Nothing of it was changed: it is kept as stored, and whoever runs this "
        "server can mend it. Start a new session: join again with your name, and your class "
        "code if you have one."
    )
    assert student.evaluate("localStorage.getItem('backchannel.resume')") is None

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    page.locator("#sessions tbody tr", has_text="Esi").get_by_role("button").click()
    report = page.locator('#transcript li[data-kind="unreadable-state"]')
    report.wait_for()
    assert report.locator(".unreadable-message").text_content() == (
        f"The saved state of Esi’s session {session} could not be read: {NOT_JSON}. It is kept "
        "as stored; every event of the session is read, but the session cannot be resumed. To "
        "fix it, restore the state from a backup of the database, or correct it (table "
        f"sessions, column state, id '{session}'): "
        '{"activity": null} resumes the session with nothing in progress.'
    )
    assert report.locator("pre.stored").text_content() == HALF
    shown = page.locator("#transcript > li").evaluate_all(
        "(items) => items.map((li) => li.classList.contains('exchange') ? 'exchange' "
        ": li.dataset.kind)"
    )
    assert shown == ["unreadable-state", "roleplay.start", "exchange"]
    assert page.locator("#transcript li.exchange", has_text=SEED_LINE).count() == 1
    assert watched.errors == []
